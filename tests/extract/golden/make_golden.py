"""Generate the multilingual golden invoices: NAME.pdf and NAME.expected.json from one spec each.

Run from the project root: python tests/extract/golden/make_golden.py
The expected values come from the spec that drew the PDF, never from running the extractor.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@dataclass
class Lang:
    code: str
    title: str
    credit_title: str
    number: str
    date: str
    due: str
    vendor_vat: str
    customer: str
    head: tuple[str, str, str, str]  # description, quantity, unit price, amount
    subtotal: str
    tax: str
    total: str
    months: tuple[str, ...] = ()
    thousands: str = "."
    decimal: str = ","
    date_style: str = "numeric"  # numeric | name
    terms: str | None = None  # payment terms with {days}


LANGS = {
    "en": Lang("en", "INVOICE", "CREDIT NOTE", "Invoice No.", "Invoice Date", "Due Date", "VAT No.", "Bill To:",
               ("Description", "Qty", "Unit Price", "Amount"), "Subtotal", "VAT 20%", "Total",
               ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"), ",", ".", "name", "Payment terms: {days} days net"),
    "de": Lang("de", "RECHNUNG", "GUTSCHRIFT", "Rechnungsnummer", "Rechnungsdatum", "Fällig am", "USt-IdNr.",
               "Rechnungsempfänger:", ("Beschreibung", "Menge", "Einzelpreis", "Betrag"), "Zwischensumme",
               "MwSt. 19 %", "Gesamtbetrag", terms="Zahlbar innerhalb {days} Tagen netto"),
    "fr": Lang("fr", "FACTURE", "AVOIR", "Facture N°", "Date de facture", "Date d'échéance", "N° TVA",
               "Client :", ("Désignation", "Quantité", "Prix unitaire", "Montant"), "Total HT", "TVA 20 %",
               "Total TTC", thousands=" ", terms="Paiement à {days} jours"),
    "es": Lang("es", "FACTURA", "NOTA DE CRÉDITO", "Número de factura", "Fecha de factura", "Fecha de vencimiento",
               "NIF-IVA", "Cliente:", ("Descripción", "Cantidad", "Precio unitario", "Importe"), "Base imponible",
               "IVA 21 %", "Total",
               ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
                "noviembre", "diciembre"), date_style="name"),
    "it": Lang("it", "FATTURA", "NOTA DI CREDITO", "Numero fattura", "Data fattura", "Scadenza", "P.IVA",
               "Cliente:", ("Descrizione", "Quantità", "Prezzo unitario", "Importo"), "Imponibile", "IVA 22%",
               "Totale"),
    "nl": Lang("nl", "FACTUUR", "CREDITNOTA", "Factuurnummer", "Factuurdatum", "Vervaldatum", "BTW-nummer",
               "Klant:", ("Omschrijving", "Aantal", "Prijs", "Bedrag"), "Subtotaal", "BTW 21%", "Totaal",
               terms="Te betalen binnen {days} dagen"),
    "pt": Lang("pt", "FATURA", "NOTA DE CRÉDITO", "Fatura n.º", "Data da fatura", "Data de vencimento", "NIF",
               "Cliente:", ("Descrição", "Quantidade", "Preço unitário", "Valor"), "Total sem IVA", "IVA 23%",
               "Total"),
}
RATES = {"en": "20", "de": "19", "fr": "20", "es": "21", "it": "22", "nl": "21", "pt": "23"}
# valid check digits, so the checksum checks pass
VAT_IDS = {"en": "GB980780684", "de": "DE136695976", "fr": "FR40303265045", "es": "ESA28015865",
           "it": "IT00743110157", "nl": "NL004495445B01", "pt": "PT501964843"}
IBANS = {"en": "GB33BUKB20201555555555", "de": "DE89370400440532013000", "fr": "FR1420041010050500013M02606",
         "es": "ES9121000418450200051332", "it": "IT60X0542811101000000123456", "nl": "NL91ABNA0417164300",
         "pt": "PT50000201231234567890154"}
CURRENCY = {"en": ("GBP", "£"), "de": ("EUR", "€"), "fr": ("EUR", "€"), "es": ("EUR", "€"), "it": ("EUR", "€"),
            "nl": ("EUR", "€"), "pt": ("EUR", "€")}


@dataclass
class Spec:
    name: str
    lang: str
    layout: str  # "classic" (labels left of values) | "stacked" (labels above values) | "receipt"
    vendor: str
    vendor_address: str
    customer: str | None
    number: str
    issued: dt.date
    items: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)  # description, qty, unit price
    credit: bool = False
    terms_days: int | None = None
    net: Decimal | None = None  # for documents without line items

    @property
    def subtotal(self) -> Decimal:
        if self.items:
            return sum((q * p).quantize(Decimal("0.01")) for _, q, p in self.items)
        return self.net or Decimal(0)

    @property
    def tax(self) -> Decimal:
        return (self.subtotal * Decimal(RATES[self.lang]) / 100).quantize(Decimal("0.01"))

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax

    @property
    def due(self) -> dt.date:
        return self.issued + dt.timedelta(days=self.terms_days or 30)


def money(value: Decimal, lang: Lang) -> str:
    whole, frac = f"{value:.2f}".split(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + lang.thousands.join(groups) + lang.decimal + frac


def date_text(d: dt.date, lang: Lang) -> str:
    if lang.date_style == "name" and lang.code == "en":
        return f"{lang.months[d.month - 1]} {d.day}, {d.year}"
    if lang.date_style == "name":
        return f"{d.day} de {lang.months[d.month - 1]} de {d.year}"
    sep = "." if lang.code in ("de", "nl") else "/" if lang.code in ("fr", "it", "pt") else "-"
    return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"


def qty_text(q: Decimal, lang: Lang) -> str:
    return str(q) if q == q.to_integral() else money(q, lang)


def draw(spec: Spec) -> FPDF:
    lang = LANGS[spec.lang]
    code, sym = CURRENCY[spec.lang]
    pdf = FPDF(format=(80, 200) if spec.layout == "receipt" else "A4", unit="mm")
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_font("DejaVu", "B", FONT_BOLD)
    pdf.add_page()
    if spec.layout == "receipt":
        return _receipt(pdf, spec, lang, sym)
    pdf.set_font("DejaVu", "B", 16)
    pdf.set_xy(15, 15)
    pdf.cell(100, 8, spec.vendor)
    pdf.set_font("DejaVu", "", 9)
    for i, part in enumerate(spec.vendor_address.split(", ")):
        pdf.set_xy(15, 25 + 5 * i)
        pdf.cell(100, 5, part)
    pdf.set_xy(15, 42)
    pdf.cell(100, 5, f"{lang.vendor_vat}: {VAT_IDS[spec.lang]}")
    pdf.set_font("DejaVu", "B", 20)
    pdf.set_xy(130, 15)
    pdf.cell(60, 10, lang.credit_title if spec.credit else lang.title)
    pdf.set_font("DejaVu", "", 10)
    fields = [(lang.number, spec.number), (lang.date, date_text(spec.issued, lang))]
    if not spec.terms_days:
        fields.append((lang.due, date_text(spec.due, lang)))
    for i, (label, value) in enumerate(fields):
        if spec.layout == "classic":
            pdf.set_xy(120, 30 + 6 * i)
            pdf.cell(40, 5, label)
            pdf.set_xy(162, 30 + 6 * i)
            pdf.cell(35, 5, value)
        else:  # stacked: label above its value, side by side
            pdf.set_xy(100 + 35 * i, 30)
            pdf.cell(33, 5, label)
            pdf.set_xy(100 + 35 * i, 36)
            pdf.cell(33, 5, value)
    if spec.customer:
        pdf.set_xy(15, 60)
        pdf.cell(80, 5, lang.customer)
        pdf.set_font("DejaVu", "B", 10)
        pdf.set_xy(15, 66)
        pdf.cell(80, 5, spec.customer)
        pdf.set_font("DejaVu", "", 10)
    y = 95
    sign = Decimal(-1) if spec.credit and spec.layout == "stacked" else Decimal(1)
    if spec.items:
        cols = (15, 110, 135, 170)
        pdf.set_font("DejaVu", "B", 10)
        for x, text in zip(cols, lang.head, strict=True):
            pdf.set_xy(x, y)
            pdf.cell(30, 6, text)
        pdf.set_font("DejaVu", "", 10)
        y += 10
        for desc, q, p in spec.items:
            lines = desc.split("\n")
            pdf.set_xy(cols[0], y)
            pdf.cell(90, 5, lines[0])
            pdf.set_xy(cols[1], y)
            pdf.cell(20, 5, qty_text(q, lang))
            pdf.set_xy(cols[2], y)
            pdf.cell(30, 5, money(p, lang), align="R")
            pdf.set_xy(cols[3], y)
            pdf.cell(25, 5, money(sign * (q * p).quantize(Decimal("0.01")), lang), align="R")
            for extra in lines[1:]:
                y += 5
                pdf.set_xy(cols[0], y)
                pdf.cell(90, 5, extra)
            y += 8
    y += 6
    rows = [(lang.subtotal, spec.subtotal), (lang.tax, spec.tax), (lang.total, spec.total)]
    for i, (label, value) in enumerate(rows):
        pdf.set_font("DejaVu", "B" if i == 2 else "", 10)
        pdf.set_xy(120, y + 7 * i)
        pdf.cell(45, 6, label)
        pdf.set_xy(165, y + 7 * i)
        pdf.cell(30, 6, f"{money(sign * value, lang)} {sym}" if sym != "£" else f"£{money(sign * value, lang)}",
                 align="R")
    pdf.set_font("DejaVu", "", 9)
    if spec.terms_days and lang.terms:
        pdf.set_xy(15, y + 30)
        pdf.cell(150, 5, lang.terms.format(days=spec.terms_days))
    pdf.set_xy(15, 270)
    pdf.cell(180, 5, f"IBAN {IBANS[spec.lang]}   ·   {code}")
    return pdf


def _receipt(pdf: FPDF, spec: Spec, lang: Lang, sym: str) -> FPDF:
    pdf.set_font("DejaVu", "B", 12)
    pdf.set_xy(5, 8)
    pdf.cell(70, 6, spec.vendor, align="C")
    pdf.set_font("DejaVu", "", 8)
    pdf.set_xy(5, 15)
    pdf.cell(70, 4, spec.vendor_address, align="C")
    pdf.set_xy(5, 22)
    pdf.cell(70, 4, f"{lang.date}: {date_text(spec.issued, lang)}")
    pdf.set_xy(5, 27)
    pdf.cell(70, 4, f"{lang.number}: {spec.number}")
    y = 36
    for desc, q, p in spec.items:
        pdf.set_xy(5, y)
        pdf.cell(45, 4, f"{qty_text(q, lang)} x {desc}")
        pdf.set_xy(50, y)
        pdf.cell(25, 4, money((q * p).quantize(Decimal("0.01")), lang), align="R")
        y += 5
    y += 4
    paid = (spec.total / 10).to_integral_value() * 10 + 10
    for label, value in ((lang.total, spec.total), ("Cash", paid), ("Change", paid - spec.total)):
        pdf.set_xy(5, y)
        pdf.cell(40, 5, label)
        pdf.set_xy(45, y)
        pdf.cell(30, 5, f"{money(value, lang)} {sym}", align="R")
        y += 6
    pdf.set_xy(5, y + 4)
    pdf.cell(70, 4, f"{lang.tax}: {money(spec.tax, lang)}   {lang.subtotal}: {money(spec.subtotal, lang)}")
    return pdf


def expected(spec: Spec) -> dict:
    code, _ = CURRENCY[spec.lang]
    out = {
        "document_type": "receipt" if spec.layout == "receipt" else "credit_note" if spec.credit else "invoice",
        "language": spec.lang,
        "fields": {
            "vendor_name": spec.vendor, "invoice_number": spec.number, "invoice_date": spec.issued.isoformat(),
            "currency": code, "subtotal": f"{spec.subtotal:.2f}", "tax_total": f"{spec.tax:.2f}",
            "total": f"{spec.total:.2f}",
        },
        "line_items": [{"description": d.replace("\n", " "), "line_total": f"{(q * p).quantize(Decimal('0.01')):.2f}"}
                       for d, q, p in spec.items],
    }
    if spec.layout == "receipt":
        for name in ("subtotal", "tax_total"):
            del out["fields"][name]
    else:
        out["fields"].update({"due_date": spec.due.isoformat(), "vendor_vat_id": VAT_IDS[spec.lang],
                              "iban": IBANS[spec.lang]})
        if spec.customer:
            out["fields"]["customer_name"] = spec.customer
    return out


D = Decimal
SPECS = [
    Spec("en_classic", "en", "classic", "Northwind Traders Ltd", "12 Harbour Road, Leeds LS1 4AB",
         "Contoso Retail Ltd", "INV-2024-0042", dt.date(2024, 3, 5),
         [("Consulting services\nMarch 2024", D(10), D("95.00")), ("Travel expenses", D(1), D("1240.50"))],
         terms_days=30),
    Spec("de_classic", "de", "classic", "Müller Maschinenbau GmbH", "Hauptstraße 5, 80331 München",
         "Schmidt & Söhne KG", "RE-2024-117", dt.date(2024, 5, 17),
         [("Schrauben M8 verzinkt", D(250), D("0.12")), ("Montage vor Ort", D("3.5"), D("68.00")),
          ("Anfahrtspauschale", D(1), D("45.00"))], terms_days=14),
    Spec("fr_stacked", "fr", "stacked", "Boulangerie Dupont SARL", "8 rue de la Paix, 75002 Paris",
         "Café des Arts", "F2024-0815", dt.date(2024, 2, 29),
         [("Pain de campagne", D(40), D("3.20")), ("Croissants au beurre", D(120), D("1.10"))], terms_days=30),
    Spec("es_classic", "es", "classic", "Distribuciones Ibéricas S.L.", "Calle Mayor 10, 28013 Madrid",
         "Hotel Sol y Mar", "FAC-000731", dt.date(2024, 11, 8),
         [("Aceite de oliva virgen extra 5 l", D(12), D("38.75")), ("Transporte", D(1), D("25.00"))]),
    Spec("it_stacked", "it", "stacked", "Ferramenta Rossi S.r.l.", "Via Roma 21, 20121 Milano",
         "Costruzioni Bianchi S.p.A.", "2024/318", dt.date(2024, 7, 1),
         [("Trapano a percussione", D(2), D("129.90")), ("Punte per cemento (set)", D(5), D("14.50"))]),
    Spec("nl_classic", "nl", "classic", "De Vries Installatietechniek B.V.", "Kerkstraat 3, 1012 AB Amsterdam",
         "Bakkerij Jansen", "2024-0099", dt.date(2024, 9, 30),
         [("Onderhoud cv-ketel", D(1), D("145.00")), ("Thermostaat", D(1), D("89.95"))], terms_days=30),
    Spec("pt_classic", "pt", "classic", "Têxteis Atlântico Lda", "Rua Augusta 100, 1100-053 Lisboa",
         "Loja Central", "FT 2024/512", dt.date(2024, 4, 12),
         [("Toalhas de banho", D(30), D("7.45")), ("Lençóis de algodão", D(10), D("24.90"))]),
    Spec("de_no_items", "de", "classic", "Kanzlei Weber GmbH", "Marktplatz 1, 50667 Köln", "Becker Bau GmbH",
         "2024-R-0007", dt.date(2024, 1, 15), net=D("1500.00")),
    Spec("fr_credit_note", "fr", "stacked", "Au Bon Marché SAS", "2 place Bellecour, 69002 Lyon",
         "Épicerie Fine Martin", "AV-2024-0003", dt.date(2024, 6, 20),
         [("Retour marchandise défectueuse", D(3), D("19.90"))], credit=True),
    Spec("en_credit_note", "en", "classic", "Bluebird Software Ltd", "4 Market Street, Bristol BS1 3AA",
         "Acme Widgets Ltd", "CN-1007", dt.date(2024, 10, 2),
         [("Licence refund (annual plan)", D(1), D("480.00"))], credit=True),
    Spec("es_receipt", "es", "receipt", "Cafetería La Plaza", "Plaza Mayor 1, Salamanca", None, "T-5521",
         dt.date(2024, 8, 14), [("Café con leche", D(2), D("1.80")), ("Tostada", D(1), D("2.50"))]),
    Spec("it_receipt", "it", "receipt", "Bar Centrale", "Piazza Duomo 3, Firenze", None, "S-0042",
         dt.date(2024, 12, 23), [("Cappuccino", D(3), D("1.60")), ("Cornetto", D(3), D("1.30"))]),
]


def main() -> None:
    for spec in SPECS:
        pdf = draw(spec)
        # fixed metadata so the files do not change from one run to the next
        pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
        pdf.output(str(HERE / f"{spec.name}.pdf"))
        (HERE / f"{spec.name}.expected.json").write_text(json.dumps(expected(spec), indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
