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
