"""The summary reply: short, in the user's language, amounts and dates written the local way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot import render
from core.models import Extraction


@pytest.mark.parametrize("language, money, day", [
    ("en", "1,234.50", "2024-05-03"), ("de", "1.234,50", "03.05.2024"),
    ("fr", "1\u202f234,50", "03/05/2024"), ("es", "1.234,50", "03/05/2024"), (None, "1,234.50", "2024-05-03"),
])
def test_numbers_and_dates_by_language(language, money, day):
    assert render.money(Decimal("1234.5"), language) == money
    assert render.day(dt.date(2024, 5, 3), language) == day


def test_summary_fits_a_phone_and_lists_flags_with_reasons():
    ex = Extraction.empty()
    f = ex.fields
    f["vendor_name"].value, f["invoice_number"].value, f["currency"].value = "ACME\x07 GmbH", "RE-1", "EUR"
    f["total"].value, f["invoice_date"].value = Decimal("119"), dt.date(2024, 5, 3)
    f["total"].flagged, f["total"].reasons = True, ["printed 191.00"]
    text = render.summary(ex, "fr", (dt.datetime(2024, 5, 10, 9, 0), "ACME GmbH", "RE-1"))
    lines = text.splitlines()
    assert lines[0] == "Facture RE-1 de ACME  GmbH"
    assert lines[1] == "Date 03/05/2024 · échéance –"
    assert lines[2] == "HT – · TVA – · TTC 119,00 EUR ⚠"
    assert lines[3] == "0 lignes"
    assert lines[4:6] == ["À vérifier :", "• total: printed 191.00"]
    assert lines[6].startswith("⚠ Déjà enregistrée le 10/05/2024 : ACME GmbH RE-1.")
    assert len(lines) <= 10 and max(len(x) for x in lines) <= 120


def test_header_names_the_document_type():
    ex = Extraction.empty()
    ex.document_type = "credit_note"
    assert render.summary(ex, "de").splitlines()[0] == "Gutschrift – von –"
    ex.document_type = "receipt"
    assert render.summary(ex, "en").splitlines()[0] == "Receipt – from –"
