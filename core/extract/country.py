"""The issuing country's evidence on a page (the IBAN's, else a VAT ID's prefix), and what it settles:
a currency sign shared by several currencies ('kr', '$') is the one of that country."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from .cells import Sheet
from .find import Candidate
from .ids import vat_ids

# signs that several currencies use; where the page names no country, the first stands
SHARED_SIGNS = {"kr": ("SEK", "DKK", "NOK", "ISK"), "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN")}
VAT_PREFIX_COUNTRY = {"EL": "GR"}  # VAT prefixes that are not the ISO country code


def country_of(sheet: Sheet, found: Candidate | None) -> str | None:
    """ISO 3166 country of the page's IBAN (`found`, when checked), else of its first valid VAT ID; asked only
    where a shared sign needs it."""
    if found is not None and found.how == "checked":
        return found.value[:2]
    for cand in vat_ids(sheet):
        if cand.how != "bad-checksum":
            prefix = cand.value[:2]
            return VAT_PREFIX_COUNTRY.get(prefix, prefix)
    return None


def currency_for_sign(sign: str, default: str, country: Callable[[], str | None]) -> str:
    """The currency a shared sign stands for in the issuer's country (asked only for such a sign);
    `default` where that does not settle it."""
    options = SHARED_SIGNS.get(sign)
    where = country() if options else None
    if where is None:
        return default
    local = _territory_currencies(where)
    return next((code for code in local if code in options), default)


@functools.cache
def _territory_currencies(country: str) -> tuple[str, ...]:
    from babel.numbers import get_territory_currencies  # CLDR's list of each country's legal tender

    try:
        return tuple(get_territory_currencies(country, dt.date.today()))
    except Exception:  # a prefix that names no territory
        return ()
