"""Grounding: numbers and dates normalised before they are looked up; arithmetic; the schema check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.llm.ground import Grounder, follows, parse_answer

TEXT_DE = """Müller Bürobedarf GmbH
Hauptstraße 5, 10115 Berlin
Rechnungsdatum: 03.05.2024   Fällig am 2. Juni 2024
Zwischensumme 1.234,56 €
MwSt. 19 % 234,57 €
IBAN DE89 3704 0044 0532 0130 00"""


def test_amounts_match_after_normalising():
    g = Grounder(TEXT_DE, "de")
    assert g.check("subtotal", "1234.56").accepted
    assert g.check("subtotal", "1.234,56").value == Decimal("1234.56")
    assert g.check("tax_total", "234.57").accepted
    wrong = g.check("total", "1469.13")
    assert not wrong.accepted and "not printed" in wrong.why
    assert not g.check("total", "twelve").accepted


def test_dates_match_in_any_printed_form():
    g = Grounder(TEXT_DE, "de")
    assert g.check("invoice_date", "2024-05-03").accepted
    assert g.check("due_date", "2024-06-02").value == dt.date(2024, 6, 2)
    assert g.check("due_date", "2024-06-02").accepted
    assert not g.check("invoice_date", "2024-03-05").accepted  # day first in German


def test_text_matches_ignoring_case_spacing_and_punctuation():
    g = Grounder(TEXT_DE, "de")
    assert g.check("vendor_name", "MÜLLER Bürobedarf GmbH").accepted
    assert g.check("vendor_address", "Hauptstraße 5\n10115 Berlin").accepted
    assert g.check("iban", "DE89370400440532013000").accepted
    assert not g.check("customer_name", "Schmidt AG").accepted


def test_currency_from_its_code_or_symbol():
    g = Grounder(TEXT_DE, "de")
    assert g.check("currency", "eur").value == "EUR" and g.check("currency", "EUR").accepted
    assert not g.check("currency", "USD").accepted
    assert not g.check("currency", "Euro").accepted


def test_amounts_that_follow_from_accepted_ones():
    known = {"subtotal": Decimal("100.00"), "tax_total": Decimal("19.00")}
    assert follows("total", Decimal("119.00"), known) == "follows from subtotal + tax"
    assert follows("total", Decimal("120.00"), known) is None
    assert follows("amount_due", Decimal("119"), {"total": Decimal("119.00")}) == "follows from the total"


def test_answers_outside_the_schema_are_refused():
    fields = ["total", "vendor_name"]
    assert parse_answer('{"total": "1.00", "vendor_name": null}', fields) == {"total": "1.00", "vendor_name": None}
    assert parse_answer('{"total": 12.5}', fields) == {"total": "12.5"}
    assert parse_answer('{"iban": "DE"}', fields) is None
    assert parse_answer('["total"]', fields) is None
    assert parse_answer('{"total": {"value": 1}}', fields) is None
    assert parse_answer("```json\n{}\n```", fields) is None
