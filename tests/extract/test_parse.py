"""Parsers for amounts, dates and currencies, with property-based round trips."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.extract.parse import MONTHS, parse_amount, parse_currency, parse_date


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("1.234,56 €", "de", "1234.56"),
    ("1 234,56", "fr", "1234.56"),
    ("1,234.56", "en", "1234.56"),
    ("1'234.56 CHF", "de", "1234.56"),
    ("€ 12,50", "nl", "12.50"),
    ("(12.50)", "en", "-12.50"),
    ("-198,00 €", "fr", "-198.00"),
    ("1.234", "de", "1234"),
    ("1,234", "en", "1234"),
    ("RM 31.00", "en", "31.00"),
    ("Total: 1.005,55", "de", "1005.55"),
])
def test_amount_formats(text, lang, value):
    assert parse_amount(text, lang) == Decimal(value)


def test_amount_none_without_digits():
    assert parse_amount("no amount here", "en") is None
    assert parse_amount("", "de") is None


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("05.03.2018", "de", dt.date(2018, 3, 5)),
    ("16/11/2017", "fr", dt.date(2017, 11, 16)),
    ("2024-02-29", "en", dt.date(2024, 2, 29)),
    ("11. Juli 2014", "de", dt.date(2014, 7, 11)),
    ("8 de noviembre de 2024", "es", dt.date(2024, 11, 8)),
    ("1 luglio 2024", "it", dt.date(2024, 7, 1)),
    ("30 september 2024", "nl", dt.date(2024, 9, 30)),
    ("12 de abril de 2024", "pt", dt.date(2024, 4, 12)),
    ("March 5, 2024", "en", dt.date(2024, 3, 5)),
    ("3 mars 2024", "fr", dt.date(2024, 3, 3)),
    ("03/05/2024", "en-US", dt.date(2024, 3, 5)),
    ("13/05/2024", "en-US", dt.date(2024, 5, 13)),  # no month 13: the day comes first after all
])
def test_date_formats(text, lang, value):
    assert parse_date(text, lang) == value


def test_date_rejects_impossible_days():
    assert parse_date("31.02.2024", "de") is None


@pytest.mark.parametrize(("text", "code"), [
    ("Total 12,00 €", "EUR"), ("USD 100", "USD"), ("£5.00", "GBP"), ("RM 31.00", "MYR"), ("CHF 10", "CHF"),
    ("Währung: EUR", "EUR"),
])
def test_currency(text, code):
    assert parse_currency(text) == code


def test_currency_none():
    assert parse_currency("no money") is None


def _fmt(value: Decimal, thousands: str, decimal: str) -> str:
    whole, frac = f"{abs(value):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ("-" if value < 0 else "") + thousands.join(groups) + decimal + frac


STYLES = [(".", ",", "de"), (" ", ",", "fr"), (",", ".", "en"), ("'", ".", "de"), ("", ",", "it"), ("", ".", "en")]


@given(st.decimals(min_value=Decimal("-999999999.99"), max_value=Decimal("999999999.99"), places=2),
       st.sampled_from(STYLES))
def test_amount_round_trip(value, style):
    thousands, decimal, lang = style
    assert parse_amount(_fmt(value, thousands, decimal), lang) == value


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["{d:02d}.{m:02d}.{y}", "{d}/{m}/{y}", "{y}-{m:02d}-{d:02d}", "{d:02d}-{m:02d}-{y}"]))
def test_date_round_trip_day_first(day, pattern):
    text = pattern.format(d=day.day, m=day.month, y=day.year)
    assert parse_date(text, "de") == day


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(sorted({n for n in MONTHS if len(n) > 4})))
def test_date_with_month_names(day, name):
    if MONTHS[name] != day.month:
        name = next(n for n, m in MONTHS.items() if m == day.month and len(n) > 4)
    assert parse_date(f"{day.day} {name} {day.year}", "fr") == day


@given(st.text(max_size=40))
def test_parsers_never_raise(text):
    parse_amount(text, "de")
    parse_date(text, "en")
    parse_currency(text)


def test_every_detected_currency_is_iso_4217():
    from core.extract.parse import CURRENCY_SYMBOLS, ISO_4217, ISO_CURRENCIES
    assert ISO_CURRENCIES <= ISO_4217
    assert set(CURRENCY_SYMBOLS.values()) <= ISO_4217
