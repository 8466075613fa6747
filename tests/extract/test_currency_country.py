"""A currency sign that several currencies share ('kr', '$') is read as the currency of the issuer's
country, which the page's IBAN or VAT ID names."""

from __future__ import annotations

import pytest
from schwifty import IBAN

from core.extract import extract

from .builder import document


def invoice(*extra: str) -> list[list[tuple[float, str]]]:
    lines = ["Fjordline Consulting AS", "Invoice 2024-118", "Date 03.05.2024", "Consulting 1 200,00 kr",
             "Net 1 200,00 kr", "VAT 25 % 300,00 kr", "Total 1 500,00 kr", *extra]
    return [[(40, line)] for line in lines]


@pytest.mark.parametrize(("country", "bank", "account", "code"), [
    ("NO", "8601", "111794", "NOK"), ("DK", "0040", "0440116243", "DKK"), ("SE", "500", "1234567", "SEK")])
def test_kr_is_the_currency_of_the_ibans_country(country, bank, account, code):
    iban = IBAN.generate(country, bank_code=bank, account_code=account).formatted
    ex = extract(document(invoice(f"IBAN {iban}")))
    assert ex.fields["currency"].value == code


def test_kr_is_the_currency_of_the_vat_ids_country_without_an_iban():
    ex = extract(document(invoice("VAT DK13585628")))  # a Danish CVR/VAT number with a valid check digit
    assert ex.fields["currency"].value == "DKK"


def test_kr_without_a_country_stays_swedish_krona_and_a_named_code_wins():
    assert extract(document(invoice())).fields["currency"].value == "SEK"
    named = [[(40, "Total NOK 1 500,00")], [(40, "Date 03.05.2024")], [(40, "Invoice 7")]]
    assert extract(document(named)).fields["currency"].value == "NOK"
