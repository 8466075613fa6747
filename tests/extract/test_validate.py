"""Checks and flags: arithmetic, dates, checksums, required fields, payment terms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.extract import extract
from core.models import Extraction, FieldValue
from core.validate import Thresholds, validate

from .builder import document


def _invoice(total: str, subtotal: str = "100,00", tax: str = "19,00", extra=()) -> Extraction:
    rows = [
        [(40, "Muster GmbH")],
        [(40, "Hauptstraße 1, 10115 Berlin")],
        [(40, "USt-IdNr.: DE136695976")],
        [(350, "Rechnungsnummer:"), (470, "RE-2024-17")],
        [(350, "Rechnungsdatum:"), (470, "03.05.2024")],
        *extra,
        [(300, "Zwischensumme"), (480, f"{subtotal} €")],
        [(300, "MwSt. 19 %"), (480, f"{tax} €")],
        [(300, "Gesamtbetrag"), (480, f"{total} €")],
        [(40, "IBAN DE89 3704 0044 0532 0130 00")],
    ]
    return extract(document(rows))


def test_consistent_amounts_are_confident():
    ex = _invoice("119,00")
    assert ex.fields["total"].value == Decimal("119.00")
    assert ex.fields["total"].confidence >= 0.95
    assert not ex.fields["total"].flagged
    assert ex.language == "de"


def test_misread_total_is_flagged_with_the_arithmetic():
    ex = _invoice("191,00")
    f = ex.fields["total"]
    assert f.flagged
    assert any("100.00" in r and "19.00" in r for r in f.reasons)


def test_vat_id_and_iban_pass_their_checksums():
    ex = _invoice("119,00")
    assert ex.fields["vendor_vat_id"].value == "DE136695976"
    assert ex.fields["iban"].value == "DE89370400440532013000"
    assert not ex.fields["iban"].flagged


def test_payment_terms_give_the_due_date():
    ex = _invoice("119,00", extra=[[(40, "Zahlbar innerhalb 14 Tagen netto")]])
    assert ex.fields["due_date"].value == dt.date(2024, 5, 17)


def test_english_terms_give_the_due_date():
    rows = [[(40, "ACME Ltd")], [(350, "Invoice No:"), (450, "A-1")], [(350, "Invoice Date:"), (450, "2024-03-01")],
            [(40, "Payment terms: 30 days net")], [(300, "Total"), (450, "$ 50.00")]]
    ex = extract(document(rows))
    assert ex.fields["due_date"].value == dt.date(2024, 3, 31)
    assert ex.fields["currency"].value == "USD"


def test_missing_required_fields_are_flagged():
    ex = extract(document([[(40, "hello world")]]))
    for name in ("invoice_number", "total", "invoice_date"):
        assert ex.fields[name].value is None
        assert ex.fields[name].flagged
        assert ex.fields[name].reasons


def test_due_date_before_invoice_date_is_flagged():
    ex = Extraction.empty()
    ex.fields["invoice_date"] = FieldValue(dt.date(2024, 5, 3), 0.9)
    ex.fields["due_date"] = FieldValue(dt.date(2024, 4, 1), 0.9)
    validate(ex, Thresholds(), today=dt.date(2024, 6, 1))
    assert ex.fields["due_date"].flagged
    assert "before" in ex.fields["due_date"].reasons[0]


def test_absurd_dates_are_flagged():
    ex = Extraction.empty()
    ex.fields["invoice_date"] = FieldValue(dt.date(1991, 5, 3), 0.9)
    validate(ex, Thresholds(), today=dt.date(2024, 6, 1))
    assert ex.fields["invoice_date"].flagged


def test_threshold_is_a_parameter():
    ex = Extraction.empty()
    ex.fields["invoice_number"] = FieldValue("X-1", 0.7)
    validate(ex, Thresholds(flag_below=0.8))
    assert ex.fields["invoice_number"].flagged
    ex2 = Extraction.empty()
    ex2.fields["invoice_number"] = FieldValue("X-1", 0.7)
    validate(ex2, Thresholds(flag_below=0.6))
    assert not ex2.fields["invoice_number"].flagged


def test_a_confidence_just_under_the_threshold_is_not_shown_as_the_threshold():
    ex = Extraction.empty()
    ex.fields["invoice_number"] = FieldValue("X-1", 0.599)
    validate(ex, Thresholds(flag_below=0.6))
    assert ex.fields["invoice_number"].reasons == ["uncertain (confidence 0.59)"]


def test_unknown_currency_is_flagged():
    ex = Extraction.empty()
    ex.fields["currency"] = FieldValue("XYZ", 0.9)
    validate(ex)
    assert ex.fields["currency"].flagged


def test_low_ocr_confidence_lowers_confidence():
    rows = [[(40, "ACME Ltd")], [(350, "Invoice No:"), (450, "A-1")], [(300, "Total"), (450, "$ 50.00")]]
    clean = extract(document(rows, source="ocr", conf=0.96)).fields["invoice_number"]
    smudged = extract(document(rows, source="ocr", conf=0.4)).fields["invoice_number"]
    assert clean.value == smudged.value == "A-1"
    assert smudged.confidence < clean.confidence
    assert smudged.source == "ocr"


def test_missing_tax_is_proposed_from_total_and_subtotal():
    ex = Extraction.empty()
    ex.fields["subtotal"] = FieldValue(Decimal("100.00"), 0.9)
    ex.fields["total"] = FieldValue(Decimal("121.00"), 0.9)
    validate(ex)
    assert ex.fields["tax_total"].value == Decimal("21.00")
    assert "computed" in ex.fields["tax_total"].reasons[0]
    # a derived amount does not vouch for the ones it came from
    assert ex.fields["total"].confidence == 0.9


def test_vat_breakdown_must_add_up_to_the_tax_total():
    breakdown = [
        [(60, "USt. Satz"), (200, "Netto"), (300, "Steuer")],
        [(60, "7%"), (200, "160,00 €"), (300, "11,20 €")],
        [(60, "19%"), (200, "336,00 €"), (300, "63,84 €")],
    ]
    good = _invoice("571,04", subtotal="496,00", tax="75,04", extra=breakdown)
    assert good.fields["tax_total"].value == Decimal("75.04")
    assert not good.fields["tax_total"].flagged
    # a misread tax total is corrected from the breakdown, and flagged with the reason
    misread = _invoice("571,04", subtotal="496,00", tax="57,04", extra=breakdown)
    assert misread.fields["tax_total"].value == Decimal("75.04")
    assert misread.fields["tax_total"].flagged
    assert any("57.04" in r for r in misread.fields["tax_total"].reasons)
    # when nothing makes it fit, the mismatch itself is flagged
    odd = _invoice("600,00", subtotal="496,00", tax="57,04", extra=breakdown)
    assert odd.fields["tax_total"].flagged
    assert any("breakdown adds up to 75.04" in r for r in odd.fields["tax_total"].reasons)


def test_amounts_of_one_rate_give_way_to_the_breakdown_sums_printed_as_the_total():
    rows = [[(40, "Muster GmbH")], [(350, "Rechnungsnummer:"), (470, "RK-1")],
            [(60, "Warenwert"), (140, "Nettobetrag"), (230, "MwSt-Betrag"), (320, "MwSt-%"), (400, "Endbetrag")],
            [(60, "-5,00"), (140, "-4,85"), (230, "-0,92"), (320, "19,0"), (400, "-5,77")],
            [(60, "-2,90"), (140, "-2,82"), (230, "-0,20"), (320, "7,0"), (400, "-3,02")],
            [(60, "-7,90"), (140, "=7,67"), (230, "-1,12"), (320, "EUR"), (400, "-8,79")]]  # '-' read as '='
    f = extract(document(rows, source="ocr", conf=0.9)).fields
    assert (f["subtotal"].value, f["tax_total"].value, f["total"].value) == \
        (Decimal("-7.67"), Decimal("-1.12"), Decimal("-8.79"))
    assert f["total"].flagged and "read were -4.85, -0.92 and -5.77" in f["total"].reasons[0]
    assert f["amount_due"].value == Decimal("-8.79")
