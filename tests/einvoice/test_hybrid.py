"""Hybrid PDFs: the embedded XML wins; where the visible page says otherwise, the field is flagged."""

from __future__ import annotations

from core.pipeline import process, result_record
from tests.einvoice import xmlgen
from tests.einvoice.xmlgen import Sample


def _record(pdf: bytes, ocr) -> dict:
    document, extraction = process(pdf, ocr)
    assert document.media_type == "application/pdf" and document.pages  # the page was read too
    return result_record("x.pdf", extraction)


def test_matching_page_and_xml_give_the_xml_unflagged(ocr):
    rec = _record(xmlgen.hybrid_pdf(Sample(), xmlgen.cii(Sample())), ocr)
    for name in ("invoice_number", "invoice_date", "subtotal", "tax_total", "total", "vendor_name"):
        f = rec["fields"][name]
        assert (f["source"], f["flagged"]) == ("xml", False), (name, f)
    assert rec["fields"]["customer_name"]["value"] == "Kunde & Söhne AG"
    assert len(rec["line_items"]) == 2


def test_a_disagreement_between_page_and_xml_is_flagged(ocr):
    other = Sample(number="INV-2024-018", subtotal="160.50", tax="30.50", total="191.00", due_amount="191.00")
    rec = _record(xmlgen.hybrid_pdf(Sample(), xmlgen.cii(other)), ocr)
    total = rec["fields"]["total"]
    assert total["value"] == "191.00" and total["source"] == "xml" and total["flagged"]
    assert "the page shows 142.21 but the embedded XML says 191.00" in total["reasons"]
    number = rec["fields"]["invoice_number"]
    assert number["flagged"]
    assert "the page shows INV-2024-017 but the embedded XML says INV-2024-018" in number["reasons"]
    assert not rec["fields"]["invoice_date"]["flagged"]  # the date agrees


def test_zugferd_attachment_name_and_ubl_payload_are_found(ocr):
    rec = _record(xmlgen.hybrid_pdf(Sample(), xmlgen.ubl(Sample()), name="xrechnung.xml"), ocr)
    assert rec["fields"]["iban"] == {**rec["fields"]["iban"], "value": "DE02120300000000202051", "source": "xml"}


def test_a_broken_embedded_xml_leaves_the_page_reading(ocr):
    rec = _record(xmlgen.hybrid_pdf(Sample(), b"<?xml version='1.0'?><rsm:CrossIndustryInvoice>"), ocr)
    assert rec["error"] is None
    assert rec["fields"]["total"]["value"] == "142.21"
    assert rec["fields"]["total"]["source"] == "text"


def test_a_pdf_without_attachment_is_read_from_the_page(ocr):
    rec = _record(xmlgen.hybrid_pdf(Sample(), None), ocr)
    assert rec["fields"]["invoice_number"] == {**rec["fields"]["invoice_number"], "value": "INV-2024-017",
                                               "source": "text"}


def test_what_a_minimum_profile_leaves_out_comes_from_the_page(ocr):
    rec = _record(xmlgen.hybrid_pdf(Sample(), xmlgen.cii(Sample(lines=[]))), ocr)
    assert [li["line_total"] for li in rec["line_items"]] == ["100.00", "19.50"]  # read on the page
    assert rec["fields"]["total"]["source"] == "xml"


def test_a_blank_page_with_an_embedded_einvoice_is_read_from_the_xml(ocr):
    from tests import docgen

    pdf = docgen._pdf()
    pdf.add_page()
    pdf.embed_file(bytes=xmlgen.cii(Sample()), basename="factur-x.xml")
    _, ex = process(bytes(pdf.output()), ocr)
    assert ex.fields["total"].value is not None and ex.fields["total"].source == "xml"
    assert format(ex.fields["total"].value, "f") == "142.21"
