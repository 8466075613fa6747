"""Correction lines: aliases in several languages, values parsed like extraction, helpful errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.corrections import Edit, parse_corrections


@pytest.mark.parametrize("text, language, expected", [
    ("total 137.50", "en", Edit("total", Decimal("137.50"), "137.50")),
    ("total 1.234,56", "de", Edit("total", Decimal("1234.56"), "1.234,56")),
    ("Betrag: 1.234,56 €", "de", Edit("total", Decimal("1234.56"), "1.234,56 €")),
    ("date: 03.05.2024", "de", Edit("invoice_date", dt.date(2024, 5, 3), "03.05.2024")),
    ("due 2024-06-01", "en", Edit("due_date", dt.date(2024, 6, 1), "2024-06-01")),
    ("vendor ACME GmbH", "en", Edit("vendor_name", "ACME GmbH", "ACME GmbH")),
    ("fournisseur: Dupont SARL", "fr", Edit("vendor_name", "Dupont SARL", "Dupont SARL")),
    ("échéance 15/06/2024", "fr", Edit("due_date", dt.date(2024, 6, 15), "15/06/2024")),
    ("fecha de vencimiento 1 de junio de 2024", "es", Edit("due_date", dt.date(2024, 6, 1), "1 de junio de 2024")),
    ("importe 99,90", "es", Edit("total", Decimal("99.90"), "99,90")),
    ("MwSt 19,00", "de", Edit("tax_total", Decimal("19.00"), "19,00")),
    ("Netto = 100", "de", Edit("subtotal", Decimal("100"), "100")),
    ("amount due 50.00", "en", Edit("amount_due", Decimal("50.00"), "50.00")),
    ("currency €", "en", Edit("currency", "EUR", "€")),
    ("iban DE89 3704 0044 0532 0130 00", "en", Edit("iban", "DE89370400440532013000", "DE89 3704 0044 0532 0130 00")),
    ("type credit note", "en", Edit("document_type", "credit_note", "credit note")),
    ("Rechnungsnummer RE-2024-17", "de", Edit("invoice_number", "RE-2024-17", "RE-2024-17")),
    ("line 2 total 40.00", "en", Edit("line_total", Decimal("40.00"), "40.00", 2)),
    ("Zeile 1 Menge 3", "de", Edit("quantity", Decimal("3"), "3", 1)),
    ("ligne 3 prix 12,50", "fr", Edit("unit_price", Decimal("12.50"), "12,50", 3)),
    ("line 1 description Widget, blue", "en", Edit("description", "Widget, blue", "Widget, blue", 1)),
])
def test_one_correction(text, language, expected):
    assert parse_corrections(text, language) == ([expected], [])


def test_several_per_message_and_errors_listed():
    edits, errors = parse_corrections("total 10\nfoo bar\ndate soon; vat DE 136.695.976\niban DE00 1234", "en")
    assert edits == [Edit("total", Decimal("10"), "10"), Edit("vendor_vat_id", "DE136695976", "DE 136.695.976")]
    assert errors[0].startswith("I don't know the field 'foo'. Fields: vendor_name, vendor_address")
    assert errors[1] == "'soon' is not a valid date for invoice_date. Example: 2024-05-03."
    assert errors[2].startswith("'DE00 1234' is not a valid IBAN for iban.")


@pytest.mark.parametrize(("typed", "stored"), [
    ("CHE-116.281.710 MWST", "CHE116281710MWST"), ("NO 974 760 673 MVA", "NO974760673MVA"),
    ("gb 980 7806 84", "GB980780684"), ("EL 094259216", "EL094259216"), ("ATU13585627", "ATU13585627"),
])
def test_vat_ids_of_any_country_stdnum_knows_are_taken(typed, stored):
    assert parse_corrections(f"vat {typed}", "en") == ([Edit("vendor_vat_id", stored, typed)], [])


@pytest.mark.parametrize("typed", ["DE 123.456.789", "CHE-116.281.711 MWST", "NO 974 760 674 MVA", "GB 980 7806 85",
                                   "ZZ123456789", "123456789"])
def test_a_vat_id_failing_its_country_rules_is_refused(typed):
    edits, errors = parse_corrections(f"vat {typed}", "en")
    assert edits == []
    assert errors == [f"'{typed}' is not a valid VAT ID (with its country code) for vendor_vat_id. "
                      "Example: DE136695976, CHE-116.281.710 MWST."]


def test_errors_in_the_users_language():
    _, errors = parse_corrections("Betrag abc", "de")
    assert errors == ["'abc' ist kein gültiger Wert (Betrag) für total. Beispiel: 137.50."]
