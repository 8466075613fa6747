"""A vendor whose layout the rules cannot read: its own labels, figures in a side column, no title words."""

from __future__ import annotations

from pathlib import Path

from tests import docgen


def quirky_pdf(path: Path, number: str, day: str, net: str, tax: str, total: str) -> Path:
    pdf = docgen._pdf()
    pdf.add_page()
    pdf.set_font_size(9)
    pdf.text(150, 15, "Werkstatt Quirinus")
    pdf.text(150, 20, "Am Kanal 3, 20457 Hamburg")
    pdf.text(150, 25, "USt-IdNr. DE136695976")
    pdf.set_font_size(11)
    pdf.text(20, 40, "Rechnung")
    pdf.text(20, 50, "An: Kunde Beispiel")
    pdf.text(20, 56, "Lindenweg 2, 50667 Köln")
    pdf.text(20, 80, "Vorgang")
    pdf.text(60, 80, number)
    pdf.text(20, 86, "Leistungstag")
    pdf.text(60, 86, day)
    pdf.text(20, 110, "Reparatur Hydraulik")
    pdf.text(150, 110, net)
    pdf.text(20, 130, "Anteil Staat 19")
    pdf.text(150, 130, tax)
    pdf.text(20, 140, "Schlussbetrag")
    pdf.text(150, 140, total)
    pdf.text(20, 200, "Konto DE02 1203 0000 0000 2020 51")
    path.write_bytes(bytes(pdf.output()))
    return path
