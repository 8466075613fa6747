"""Standalone e-invoices (CII, ZUGFeRD 1.0, UBL Invoice and CreditNote) through the same intake as PDFs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.codec import from_json, to_json
from core.pipeline import process, result_record
from core.sniff import XML, sniff
from tests.einvoice import xmlgen
from tests.einvoice.xmlgen import Sample

FIELDS = {
    "invoice_number": "INV-2024-017", "invoice_date": "2024-05-03", "due_date": "2024-06-02", "currency": "EUR",
    "vendor_name": "Müller Bürobedarf GmbH", "vendor_vat_id": "DE136695976", "customer_name": "Kunde & Söhne AG",
    "subtotal": "119.50", "tax_total": "22.71", "total": "142.21", "amount_due": "142.21",
    "iban": "DE02120300000000202051", "document_type": "invoice",
}
LINES = [{"description": "Widget", "quantity": "2", "unit_price": "50.00", "line_total": "100.00"},
         {"description": "Gadget Überprüfung", "quantity": "1", "unit_price": "19.50", "line_total": "19.50"}]


def _record(data: bytes, ocr) -> dict:
    document, extraction = process(data, ocr)
    assert document.media_type == XML and document.pages == ()
    return result_record("x.xml", extraction)


def _values(rec: dict) -> dict:
    return {k: rec["fields"][k]["value"] for k in FIELDS}


@pytest.mark.parametrize("make", [xmlgen.cii, xmlgen.ubl], ids=["cii", "ubl"])
def test_every_field_is_read_exactly_with_full_confidence(make, ocr):
    rec = _record(make(Sample()), ocr)
    assert _values(rec) == FIELDS
    assert rec["line_items"] == LINES
    assert rec["vat_breakdown"] == [{"rate": "19", "basis": "119.50", "tax": "22.71", "category": "S"}]
    assert rec["payment_terms"] == "Zahlbar innerhalb 30 Tagen netto"
    assert rec["language"] == "de"
    for name in FIELDS:
        f = rec["fields"][name]
        assert (f["source"], f["confidence"], f["flagged"]) == ("xml", 1.0, False), name
    assert rec["error"] is None


def test_address_is_composed_from_its_parts(ocr):
    rec = _record(xmlgen.cii(Sample()), ocr)
    assert rec["fields"]["vendor_address"]["value"] == "Hauptstraße 5, 10115 Berlin, DE"


def test_zugferd_1_document_reads_like_cii(ocr):
    rec = _record(xmlgen.zugferd1(Sample()), ocr)
    expected = dict(FIELDS, due_date=None, iban=None)
    assert _values(rec) == expected
    # ZUGFeRD 1.0 states no amount due: the total is due, and the reason says it was computed
    assert rec["fields"]["amount_due"]["reasons"] == ["the e-invoice gives no amount due; computed from its total"]
    assert [li["line_total"] for li in rec["line_items"]] == ["100.00", "19.50"]


@pytest.mark.parametrize(("make", "code"), [(xmlgen.cii, "381"), (lambda s: xmlgen.ubl(s, credit=True), "381")],
                         ids=["cii-381", "ubl-creditnote"])
def test_credit_notes_are_typed_from_the_type_code(make, code, ocr):
    rec = _record(make(Sample(type_code=code)), ocr)
    assert rec["document_type"] == "credit_note"
    assert rec["fields"]["document_type"]["value"] == "credit_note"
    assert rec["fields"]["total"]["value"] == "142.21"
    assert rec["fields"]["due_date"]["value"] == "2024-06-02"


def test_negative_amounts_stay_as_the_xml_states_them(ocr):
    s = Sample(lines=[("Gutschrift", "-1", "7.67", "-7.67")], subtotal="-7.67", tax="-1.12", total="-8.79",
               due_amount="-8.79")
    rec = _record(xmlgen.cii(s), ocr)
    assert [rec["fields"][k]["value"] for k in ("subtotal", "tax_total", "total")] == ["-7.67", "-1.12", "-8.79"]
    assert rec["document_type"] == "invoice"


def test_inconsistent_amounts_in_the_xml_are_flagged(ocr):
    rec = _record(xmlgen.cii(Sample(total="150.00")), ocr)
    for name in ("subtotal", "tax_total"):
        assert rec["fields"][name]["flagged"]
        assert "subtotal 119.50 + tax 22.71 = 142.21 but total reads 150.00" in rec["fields"][name]["reasons"]


def test_missing_required_fields_are_flagged(ocr):
    data = xmlgen.cii(Sample()).replace(b"<ram:ID>INV-2024-017</ram:ID>", b"")
    rec = _record(data, ocr)
    assert rec["fields"]["invoice_number"]["value"] is None
    assert rec["fields"]["invoice_number"]["flagged"]


def test_sniff_accepts_einvoices_after_a_long_comment():
    data = b"<?xml version='1.0'?>\n<!--" + b"licence text " * 2000 + b"-->\n" + xmlgen.cii(Sample()).split(b"?>", 1)[1]
    assert sniff(data) == XML


def test_the_extraction_crosses_the_worker_boundary_intact(ocr):
    _, ex = process(xmlgen.ubl(Sample()), ocr)
    back = from_json(to_json(ex))
    assert back.vat_breakdown == ex.vat_breakdown
    assert back.payment_terms == ex.payment_terms
    assert back.fields["total"].value == Decimal("142.21")
    assert back.fields["due_date"].value == dt.date(2024, 6, 2)
