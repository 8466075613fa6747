"""A letter whose letterhead is only a logo names its issuer in the footer's legal block: the first line
with a legal form there is the vendor, with the address under it; a bank's column is not."""

from __future__ import annotations

from core.extract import extract

from .builder import document

BODY = [
    [(60, "Invoice")],
    [(60, "Brightwater Deli Ltd"), (360, "Invoice No.:"), (440, "2024-0117")],
    [(60, "14 Harbour Lane"), (360, "Date:"), (440, "03.05.2024")],
    [(60, "Bristol BS1 4QA")],
    [],
    [(60, "Description"), (360, "Qty"), (420, "Price"), (480, "Amount")],
    [(60, "Espresso machine service"), (360, "1"), (420, "240.00"), (480, "240.00")],
    [(360, "Net"), (480, "240.00")],
    [(360, "VAT 20 %"), (480, "48.00")],
    [(360, "Total"), (480, "288.00")],
]


def with_footer(*columns_rows: list[tuple[float, str]]) -> list[list[tuple[float, str]]]:
    filler = [[] for _ in range(48 - len(BODY))]  # down to the bottom fifth of an A4 page
    return BODY + filler + list(columns_rows)


def test_the_vendor_of_a_logo_letterhead_is_read_from_the_footers_legal_block():
    rows = with_footer([(60, "Kettle & Crumb Supplies Ltd"), (250, "Director: Jo Hale"), (420, "Bank: Northway Bank plc")],
                       [(60, "7 Mill Road"), (250, "Registered in England 0712345"), (420, "Sort code 20-00-00")],
                       [(60, "Leeds LS2 8AA"), (250, "VAT GB 123 4567 89")])
    ex = extract(document(rows))
    assert ex.fields["vendor_name"].value == "Kettle & Crumb Supplies Ltd"
    assert ex.fields["vendor_address"].value and "Mill Road" in ex.fields["vendor_address"].value


def test_a_bank_in_the_footers_first_column_is_not_the_vendor():
    rows = with_footer([(60, "Bankverbindung"), (250, "Kettle & Crumb Supplies Ltd")],
                       [(60, "Northway Bank plc"), (250, "7 Mill Road")],
                       [(60, "IBAN GB29 NWBK 6016 1331 9268 19"), (250, "Leeds LS2 8AA")])
    assert extract(document(rows)).fields["vendor_name"].value == "Kettle & Crumb Supplies Ltd"


def test_the_letterhead_is_above_the_item_table_and_may_share_its_rows_with_a_meta_block():
    rows = [[(60, "INVOICE")], [(60, "Fernhill Tools"), (360, "Invoice number: FT-88")],
            [(60, "9 Quarry Lane, Keswick"), (360, "Date: 03.05.2024")], [],
            [(60, "Description"), (300, "Qty"), (380, "Price"), (460, "Amount")],
            [(60, "Garden Überholung"), (300, "1"), (380, "19,50"), (460, "19,50")],
            [(360, "Total"), (460, "19,50 €")]]
    ex = extract(document(rows))
    assert ex.fields["vendor_name"].value == "Fernhill Tools"
    assert ex.fields["vendor_address"].value == "9 Quarry Lane, Keswick"


def test_the_bundled_sample_reads_its_vendor_and_address():
    from pathlib import Path

    from core.pipeline import process
    from core.work import build_ocr

    sample = Path(__file__).resolve().parents[2] / "bot" / "samples" / "sample-invoice.pdf"
    _, ex = process(sample.read_bytes(), build_ocr("eng", 30, "cli"))
    assert ex.fields["vendor_name"].value == "Acme Supplies Ltd"
    assert ex.fields["vendor_address"].value == "5 Main Street, Springfield"
