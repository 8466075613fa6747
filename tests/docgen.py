"""Test documents made on the fly: invoices as PDFs in several languages, rendered and degraded."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium
from fpdf import FPDF
from PIL import Image, ImageFilter

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

LABELS = {
    "en": ("INVOICE", "Invoice number", "Date", "Description", "Qty", "Price", "Amount", "Subtotal", "VAT", "Total"),
    "de": ("RECHNUNG", "Rechnungsnummer", "Datum", "Beschreibung", "Menge", "Preis", "Betrag", "Zwischensumme",
           "MwSt.", "Gesamtbetrag"),
    "fr": ("FACTURE", "Numéro de facture", "Date", "Désignation", "Qté", "Prix", "Montant", "Total HT", "TVA",
           "Total TTC"),
    "es": ("FACTURA", "Número de factura", "Fecha", "Descripción", "Cant.", "Precio", "Importe", "Base imponible",
           "IVA", "Total"),
    "it": ("FATTURA", "Numero fattura", "Data", "Descrizione", "Q.tà", "Prezzo", "Importo", "Imponibile", "IVA",
           "Totale"),
    "nl": ("FACTUUR", "Factuurnummer", "Datum", "Omschrijving", "Aantal", "Prijs", "Bedrag", "Subtotaal", "BTW",
           "Totaal"),
    "pt": ("FATURA", "Número da fatura", "Data", "Descrição", "Qtd.", "Preço", "Valor", "Subtotal", "IVA", "Total"),
}
VENDOR = {
    "en": "Acme Supplies Ltd", "de": "Müller Bürobedarf GmbH", "fr": "Société Générale d'Équipement",
    "es": "Suministros Peña S.L.", "it": "Forniture Città S.r.l.", "nl": "Van der Berg Kantoor B.V.",
    "pt": "Papelaria São João Lda",
}


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=11)
    return pdf


def invoice_pdf(lang: str = "en", number: str = "INV-2024-017", pages: int = 1, extra_lines: int = 0) -> bytes:
    """A born-digital invoice in one of seven languages (text layer, Unicode)."""
    title, no_label, date_label, desc, qty, price, amount, sub, vat, total = LABELS[lang]
    pdf = _pdf()
    for p in range(pages):
        pdf.add_page()
        pdf.set_font_size(20)
        pdf.text(20, 25, title if p == 0 else f"{title} ({p + 1})")
        pdf.set_font_size(11)
        pdf.text(20, 40, VENDOR[lang])
        pdf.text(20, 46, "Hauptstraße 5, 10115 Berlin" if lang == "de" else "5 Main Street, Springfield")
        pdf.text(120, 40, f"{no_label}: {number}")
        pdf.text(120, 46, f"{date_label}: 03.05.2024")
        y = 70
        for x, head in ((20, desc), (110, qty), (135, price), (165, amount)):
            pdf.text(x, y, head)
        rows = [("Widget", "2", "50,00", "100,00"), ("Gadget Überprüfung", "1", "19,50", "19,50")]
        rows += [(f"Item {i}", "1", "1,00", "1,00") for i in range(extra_lines)]
        for d, q, u, t in rows:
            y += 8
            for x, v in ((20, d), (110, q), (135, u), (165, t)):
                pdf.text(x, y, v)
        y += 14
        for label, value in ((sub, "119,50 €"), (f"{vat} 19 %", "22,71 €"), (total, "142,21 €")):
            pdf.text(120, y, label)
            pdf.text(165, y, value)
            y += 7
    return bytes(pdf.output())


def landscape_stored_turned(rotation: int = 90) -> bytes:
    """A landscape invoice stored the way many billing systems print it: its content drawn turned back by
    `rotation` degrees on the page, with /Rotate `rotation` to show it upright (90 and 270: a portrait page
    whose text layer runs bottom to top or top to bottom; 180: upside down)."""
    pdf = FPDF(format="A4", orientation="L")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for x, y, text in ((20, 25, "INVOICE"), (20, 40, "Acme Supplies Ltd"), (150, 40, "Invoice number: INV-9"),
                       (150, 46, "Date: 03.05.2024"), (150, 80, "Total"), (200, 80, "142,21 €")):
        pdf.text(x, y, text)
    src = pdfium.PdfDocument(bytes(pdf.output()))
    dst = pdfium.PdfDocument.new()
    width, height = src[0].get_size()
    turned = src.page_as_xobject(0, dst).as_pageobject()
    back = pdfium.PdfMatrix().rotate(rotation, ccw=True)
    shift = {90: (height, 0), 180: (width, height), 270: (0, width)}[rotation]
    turned.set_matrix(back.translate(*shift))
    page = dst.new_page(*((width, height) if rotation == 180 else (height, width)))
    page.insert_obj(turned)
    page.gen_content()
    page.set_rotation(rotation)
    out = BytesIO()
    dst.save(out)
    return out.getvalue()


def receipt_pdf() -> bytes:
    """A till receipt: one narrow column of 9 pt text on an 80 mm roll."""
    pdf = FPDF(format=(80, 200))
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    lines = ["KEDAI MAJU SDN BHD", "NO 5, JALAN BESAR", "81100 JOHOR BAHRU", "Date: 09/01/2019 10:42",
             "TEH TARIK            2.50", "NASI LEMAK           6.50", "ROTI CANAI           1.80",
             "MEE GORENG           7.20", "TOTAL               18.00", "CASH                20.00", "CHANGE               2.00",
             "THANK YOU, PLEASE COME AGAIN"]
    for i, line in enumerate(lines):
        pdf.text(6, 12 + 6 * i, line)
    return bytes(pdf.output())


def blank_pdf(pages: int = 1) -> bytes:
    pdf = _pdf()
    for _ in range(pages):
        pdf.add_page()
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    pdf = _pdf()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.text(20, 20, "Secret invoice")
    return bytes(pdf.output())


def image_only_pdf(img: Image.Image) -> bytes:
    """A scan: one page that is only a picture, no text layer."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(img, x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def render(pdf_bytes: bytes, dpi: int = 200, page: int = 0) -> Image.Image:
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        return doc[page].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()


# HEIC cannot be written here: pi-heif decodes only (the x265 encoder that pillow-heif bundles is GPL).
# render(invoice_pdf("de"), dpi=150) saved as HEIC at quality 50 by a libheif with an encoder.
HEIC_PAGE = Path(__file__).parent / "fixtures" / "invoice-de-150dpi.heic"


def heic_page() -> bytes:
    """The German invoice at 150 dpi as a phone would send it (HEIC)."""
    return HEIC_PAGE.read_bytes()


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    if fmt == "HEIF":
        raise ValueError("HEIC is decoded, never written: use heic_page()")
    buf = BytesIO()
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


def photo_like(img: Image.Image, angle: float = 0.0, blur: float = 0.0, quality: int = 60) -> bytes:
    """Degrade a rendered page like a phone photo: tilt, blur, grey background, JPEG."""
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if angle:
        img = img.rotate(angle, expand=True, fillcolor=(200, 200, 200), resample=Image.Resampling.BICUBIC)
    return encode(img, "JPEG", quality=quality)
