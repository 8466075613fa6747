"""The eight document locales: issuing countries, currencies, VAT rates, date and number styles, and
date printing with month names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Locale:
    code: str                     # de, fr, ..., en-US, en-GB
    lang: str                     # label language: de fr es it nl pt en
    countries: tuple[str, ...]    # issuing countries, the first the most common
    date_styles: tuple[str, ...]
    number_styles: tuple[str, ...]


LOCALES = {
    "de": Locale("de", "de", ("DE", "DE", "AT", "CH"), ("dmy_dot", "dmy_dot", "d_month", "iso"), ("dot_comma", "plain_comma")),
    "fr": Locale("fr", "fr", ("FR", "FR", "BE", "CH"), ("dmy_slash", "dmy_slash", "d_month"), ("space_comma", "plain_comma", "dot_comma")),
    "es": Locale("es", "es", ("ES",), ("dmy_slash", "dmy_dash", "d_de_month"), ("dot_comma", "plain_comma")),
    "it": Locale("it", "it", ("IT",), ("dmy_slash", "dmy_dot", "d_month"), ("dot_comma", "plain_comma")),
    "nl": Locale("nl", "nl", ("NL", "NL", "BE"), ("dmy_dash", "dmy_slash", "d_month"), ("dot_comma", "plain_comma")),
    "pt": Locale("pt", "pt", ("PT",), ("dmy_slash", "iso", "d_de_month"), ("space_comma", "dot_comma")),
    "en-US": Locale("en-US", "en", ("US",), ("mdy_slash", "month_d_y", "mdy_dash"), ("comma_dot",)),
    "en-GB": Locale("en-GB", "en", ("GB", "GB", "IE", "SE", "DK", "NO", "PL"), ("dmy_slash", "d_month", "d_mon_y"),
                    ("comma_dot", "plain_dot")),
}
ORDER = ("de", "fr", "es", "it", "nl", "pt", "en-US", "en-GB")

CURRENCY = {"DE": "EUR", "AT": "EUR", "CH": "CHF", "FR": "EUR", "BE": "EUR", "ES": "EUR", "IT": "EUR", "NL": "EUR",
            "PT": "EUR", "GB": "GBP", "IE": "EUR", "US": "USD", "SE": "SEK", "DK": "DKK", "NO": "NOK", "PL": "PLN"}

# Standard rate first, then reduced rates (percent).
VAT_RATES = {
    "DE": ("19", "7"), "AT": ("20", "10", "13"), "CH": ("8.1", "2.6", "3.8"), "FR": ("20", "10", "5.5"),
    "BE": ("21", "6", "12"), "ES": ("21", "10", "4"), "IT": ("22", "10", "4"), "NL": ("21", "9"), "PT": ("23", "13", "6"),
    "GB": ("20", "5"), "IE": ("23", "13.5"), "SE": ("25", "12", "6"), "DK": ("25",), "NO": ("25", "15", "12"),
    "PL": ("23", "8", "5"), "US": ("8.25", "7", "6.25", "8.875", "6"),
}

# Number styles of the countries whose documents are written in English.
EN_NUMBER = {"SE": ("space_comma", "comma_dot"), "DK": ("dot_comma", "comma_dot"), "NO": ("space_comma", "comma_dot"),
             "PL": ("space_comma", "comma_dot")}
CH_NUMBER = ("apos_dot", "plain_dot")

MONTHS = {
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "en": "January February March April May June July August September October November December",
}


def rates(country: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(r) for r in VAT_RATES[country])


def number_styles(loc: Locale, country: str) -> tuple[str, ...]:
    if country == "CH":
        return CH_NUMBER
    if loc.lang == "en" and country in EN_NUMBER:
        return EN_NUMBER[country]
    return loc.number_styles


def date_text(d: dt.date, style: str, lang: str) -> str:
    """Print a date: dmy_dot 03.05.2024, mdy_slash 05/03/2024, d_month 3. Mai 2024 / 3 mai 2024, ..."""
    month = MONTHS[lang].split()[d.month - 1]
    if style == "dmy_dot":
        return f"{d:%d.%m.%Y}"
    if style == "dmy_slash":
        return f"{d:%d/%m/%Y}"
    if style == "dmy_dash":
        return f"{d:%d-%m-%Y}"
    if style == "mdy_slash":
        return f"{d:%m/%d/%Y}"
    if style == "mdy_dash":
        return f"{d:%m-%d-%Y}"
    if style == "iso":
        return d.isoformat()
    if style == "month_d_y":
        return f"{month} {d.day}, {d.year}"
    if style == "d_mon_y":
        return f"{d.day:02d}-{month[:3]}-{d.year}"
    if style == "d_de_month":
        return f"{d.day} de {month} de {d.year}"
    if style == "d_month":
        return f"{d.day}. {month} {d.year}" if lang == "de" else f"{d.day} {month} {d.year}"
    raise ValueError(style)
