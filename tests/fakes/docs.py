"""Small generated invoice documents for tests (fpdf2 with the DejaVu font)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def invoice_pdf(path: Path, lines: list[str] | None = None, pages: int = 1) -> Path:
    pdf = FPDF()
    pdf.add_font("DejaVu", "", FONT)
    for page in range(pages):
        pdf.add_page()
        pdf.set_font("DejaVu", size=12)
        for line in lines or [
            "ACME GmbH, Hauptstraße 1, 10115 Berlin", f"Rechnung Nr. RE-2024-17 (Seite {page + 1})",
            "Rechnungsdatum: 03.05.2024", "Widget 2 x 50,00 = 100,00 EUR", "Netto 100,00 EUR",
            "MwSt 19 % 19,00 EUR", "Gesamtbetrag 119,00 EUR",
        ]:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def scanned_pdf(path: Path, pages: int = 3) -> Path:
    """An image-only PDF (no text layer), so every page goes through OCR."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 40)
    images = []
    for page in range(pages):
        img = Image.new("L", (1654, 2339), 255)
        draw = ImageDraw.Draw(img)
        for i, line in enumerate(["ACME GmbH", f"Invoice INV-{page + 1}", "Date 2024-05-03", "Total 119.00 EUR"]):
            draw.text((150, 200 + 90 * i), line, font=font, fill=0)
        images.append(img)
    images[0].save(path, save_all=True, append_images=images[1:], resolution=200)
    return path
