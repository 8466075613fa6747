"""Field labels and their synonyms in seven languages (matched on normalised text), and language detection."""

from __future__ import annotations

import re

# Each field: label phrases in normalised form (lower case, no accents). Order = preference.
LABELS: dict[str, tuple[str, ...]] = {
    "invoice_number": (
        "invoice number", "invoice no", "invoice nr", "invoice #", "invoice num", "inv no", "inv #", "inv#",
        "bill no", "receipt no", "receipt #", "document no", "credit note no", "credit note number",
        "rechnungsnummer", "rechnungs-nr", "rechnungsnr", "rechnung nr", "rechnung #", "rechnung-nr",
        "gutschriftsnummer", "gutschrift nr", "beleg-nr", "belegnummer", "handelsrechnung nr",
        "numero de facture", "n° de facture", "no de facture", "facture n°", "facture no", "facture n",
        "avoir n°", "numero d'avoir", "n° facture", "n°facture",
        "numero de factura", "factura n°", "factura no", "factura nº", "n° factura", "no. factura", "num. factura",
        "numero fattura", "fattura n", "fattura nr", "n. fattura", "nr. fattura",
        "factuurnummer", "factuur nr", "factuurnr", "creditnota nr",
        "numero da fatura", "fatura n", "fatura nº", "n.º fatura",
        "invoice", "rechnung", "facture", "factura", "fattura", "factuur", "fatura", "avoir", "gutschrift",
        "rechnungskorrektur", "credit note",
    ),
    "invoice_date": (
        "invoice date", "date of invoice", "date issued", "issue date", "billing date", "bill date",
        "rechnungsdatum", "belegdatum", "ausstellungsdatum", "datum der rechnung",
        "date de facture", "date de facturation", "date d'emission", "date facture",
        "fecha de factura", "fecha de emision", "fecha factura",
        "data fattura", "data della fattura", "data di emissione", "data documento",
        "factuurdatum", "datum factuur",
        "data da fatura", "data de emissao", "data fatura",
        "date", "datum", "fecha", "data", "dated", "vom", "du",
    ),
    "due_date": (
        "due date", "payment due", "due by", "pay by", "payable by", "due on",
        "falligkeitsdatum", "faellig am", "fallig am", "falligkeit", "fallig", "zahlbar bis", "zahlungsziel",
        "date d'echeance", "echeance", "date limite de paiement", "a payer avant le",
        "fecha de vencimiento", "vencimiento", "fecha limite de pago",
        "data di scadenza", "scadenza",
        "vervaldatum", "vervaldag", "te betalen voor",
        "data de vencimento", "vencimento", "bis zum", "bis spatestens", "payable before", "avant le",
    ),
    "total": (
        "grand total", "inclusive of gst", "inclusive gst", "incl. gst", "incl gst", "total inclusive",
        "total amount", "invoice total", "total due", "total incl", "total inc", "total (incl",
        "total gross", "gross amount", "gross total", "total payable", "total amount due", "total sales",
        "total rounded", "rounded total", "nett total", "net total incl",
        "gesamtbetrag", "bruttosumme", "rechnungsbetrag", "endbetrag", "gesamtsumme", "bruttobetrag",
        "rechnungssumme", "summe brutto", "gesamt brutto", "total brutto", "brutto",
        "total ttc", "montant ttc", "total toutes taxes", "montant total",
        "importe total", "total factura", "total a pagar", "total con iva",
        "totale fattura", "totale documento", "totale complessivo", "importo totale", "totale",
        "totaalbedrag", "totaal incl", "te betalen", "totaal",
        "valor total", "total da fatura", "total geral",
        "grand totals", "totals", "total", "summe", "gesamt", "amount",
    ),
    "subtotal": (
        "subtotal", "sub total", "sub-total", "excluding gst", "exclusive of gst", "excl. gst", "excl gst",
        "total sales (excluding", "total (excluding", "net amount", "net total", "total net", "total excl",
        "total before tax", "amount before tax", "total (excl", "taxable amount",
        "zwischensumme", "nettobetrag", "summe netto", "netto summe", "gesamtbetrag netto", "nettosumme",
        "rechnungssumme ohne", "warenwert", "summe positionen", "positionssumme", "netto", "gesamt netto",
        "total ht", "montant ht", "sous-total", "sous total", "total hors taxes",
        "base imponible", "subtotal sin iva", "importe neto",
        "imponibile", "totale imponibile", "totale netto",
        "subtotaal", "totaal excl", "netto bedrag",
        "valor liquido", "total sem iva", "base tributavel",
    ),
    "tax_total": (
        "total tax", "tax amount", "vat amount", "total vat", "sales tax", "gst amount", "total gst",
        "steuerbetrag", "mwst-betrag", "ust-betrag", "ust. gesamt", "mwst gesamt", "umsatzsteuer", "mehrwertsteuer",
        "mwst", "ust", "montant tva", "total tva", "tva", "taxes", "cuota iva", "total iva", "iva", "importo iva",
        "btw bedrag", "totaal btw", "btw", "valor iva", "vat", "tax", "gst",
    ),
    "amount_due": (
        "amount due", "balance due", "amount payable", "total due", "please pay", "to pay", "outstanding",
        "zahlbetrag", "zu zahlender betrag", "zu zahlen", "offener betrag", "restbetrag", "faelliger betrag",
        "net a payer", "reste a payer", "montant du", "a payer",
        "importe a pagar", "a pagar", "saldo",
        "totale da pagare", "netto a pagare", "da pagare",
        "te betalen", "openstaand bedrag",
        "valor a pagar", "montante em divida",
    ),
    # internal: rounding lines on slips (a rounded total or the adjustment)
    "rounding": ("total after rounding", "total rounded", "rounded total", "after rounding", "rounding adjustment",
                 "rounding adj", "round adj", "rounding", "rounded", "rundung", "arrondi", "redondeo", "arrotondamento",
                 "afronding"),
    # internal: document-level allowances and charges, not the total
    "charges": ("gesamtbetrag der zuschlage", "gesamtbetrag der abschlage", "total allowances", "total charges",
                "total discount", "summe zuschlage", "summe abschlage", "total remises", "total frais"),
    # internal: counts printed next to 'total' words, never money
    "count": ("total qty", "total qty.", "total quantity", "total items", "total qt", "total item", "no. of items",
              "anzahl artikel", "total articles", "nombre d'articles"),
    # internal: what a receipt shows paid and given back (cash - change = total)
    "cash_paid": ("cash", "cash tendered", "tendered", "tender", "cash received", "amount tendered", "paid", "tunai",
                  "bar", "bargeld", "gegeben", "especes", "efectivo", "entregado", "contanti", "contant", "dinheiro",
                  "visa", "mastercard", "credit card", "card", "payment"),
    "change": ("change", "change due", "change/balance", "kembali", "baki", "ruckgeld", "wechselgeld", "rendu",
               "monnaie rendue", "cambio", "vuelto", "resto", "wisselgeld", "troco"),
}

VENDOR_LABELS = (
    "verkaufer", "verkaeufer", "seller", "vendor", "supplier", "lieferant", "rechnungssteller", "leistungserbringer",
    "fournisseur", "vendeur", "emetteur", "proveedor", "emisor", "vendedor", "fornitore", "cedente", "venditore",
    "leverancier", "verkoper", "fornecedor", "from", "issued by", "bill from", "payee", "station",
)
CUSTOMER_LABELS = (
    "bill to", "billed to", "invoice to", "sold to", "rechnungsempfanger", "kaufer/leistungsempfanger", "advertiser",
    "customer", "client", "kunde", "kaufer", "kaeufer", "leistungsempfanger", "acheteur", "destinataire", "facture a",
    "adresse de facturation", "cliente", "comprador", "destinatario", "cessionario", "committente", "klant",
    "afnemer", "billing address", "buyer", "customer address", "client address", "kundenadresse",
    "adresse du client", "adresse client", "direccion del cliente", "indirizzo del cliente", "indirizzo cliente",
    "klantadres", "adres klant", "endereco do cliente", "morada do cliente", "an", "to",
)

# where goods go: the customer's name when no billing party is named (often the same, not always)
SHIP_TO_LABELS = (
    "ship to", "shipped to", "deliver to", "delivery address", "shipping address", "lieferadresse", "lieferanschrift",
    "lieferung an", "warenempfanger", "adresse de livraison", "livre a", "direccion de entrega",
    "enviar a", "indirizzo di consegna", "consegna a", "afleveradres", "leveringsadres", "afleveren aan",
    "morada de entrega", "endereco de entrega", "entregar a",
)

_STOP = {
    "en": "the and of for to invoice total date amount due please payment thank you tax from with subtotal qty"
          " description price bill number terms net days",
    "de": "der die das und mit fur für rechnung datum betrag zahlbar bitte steuer netto summe gesamt vom bis wir"
          " rechnungsnummer rechnungsdatum zwischensumme gesamtbetrag mwst ust menge einzelpreis tagen innerhalb",
    "fr": "le la les et des du pour facture montant date total tva merci paiement avec nous votre"
          " quantité prix ht ttc échéance jours client",
    "es": "el la los las y del para factura importe fecha total iva gracias pago con nuestro su"
          " cantidad precio cliente vencimiento días base imponible",
    "it": "il lo gli e di del per fattura importo data totale iva grazie pagamento con"
          " quantità prezzo cliente scadenza giorni imponibile",
    "nl": "het een en van voor factuur bedrag datum totaal btw bedankt betaling met wij uw"
          " aantal prijs klant vervaldatum dagen omschrijving",
    "pt": "o os as do da para fatura valor data total iva obrigado pagamento com"
          " quantidade preço cliente vencimento dias",
}
STOPWORDS = {lang: frozenset(words.split()) for lang, words in _STOP.items()}
_TOKEN = re.compile(r"[a-zäöüßéèêàâçñìíòóùúãõ]+")


def detect_language(text: str) -> str:
    """The language whose common words occur most often in text (English when undecided)."""
    counts = dict.fromkeys(STOPWORDS, 0)
    for tok in _TOKEN.findall(text[:6000].lower()):
        for lang, words in STOPWORDS.items():
            if tok in words:
                counts[lang] += 1
    # tokens shared by many languages count for all of them, so a tie falls to English
    best = max(counts, key=lambda k: (counts[k], k == "en"))
    return best if counts[best] > 0 else "en"


def label_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One regex finding any phrase as whole words (longest first)."""
    alts = sorted({re.escape(p) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alts) + r")(?![a-z])")


LABEL_RE = {name: label_regex(phrases) for name, phrases in LABELS.items()}
RANK = {name: {p: i for i, p in enumerate(phrases)} for name, phrases in LABELS.items()}
VENDOR_RE = label_regex(VENDOR_LABELS)
VENDOR_ORDER = {p: i for i, p in enumerate(VENDOR_LABELS)}
CUSTOMER_ORDER = {p: i for i, p in enumerate(CUSTOMER_LABELS)}
CUSTOMER_RE = label_regex(CUSTOMER_LABELS)
SHIP_TO_ORDER = {p: i for i, p in enumerate(SHIP_TO_LABELS)}
SHIP_TO_RE = label_regex(SHIP_TO_LABELS)

# every word of a label: a value made only of these is another label, not a name
FORM_WORDS = frozenset(
    w for phrases in LABELS.values() for p in phrases for w in re.findall(r"[a-z]+", p)
) | frozenset(
    "agency product brand candidate salesperson estimate contract dates name address phone fax email contact "
    "order type billing calendar cycle code ref reference account executive office region demographic station "
    "market terms remit details information info period flight schedule page of days spots rate time length "
    "week weekdays comments type nummer numero".split()
)


def reads_as_label(text: str) -> bool:
    """Half or more of the longer words are form words ('Billing Calendar', 'Buyer contact name'): a label or a
    form's placeholder, not a name."""
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3]  # not 'le', 'of', 'inc'
    return bool(words) and 2 * sum(w in FORM_WORDS for w in words) >= len(words)
