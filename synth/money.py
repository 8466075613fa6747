"""Decimal arithmetic (ROUND_HALF_UP to cents) and the ways amounts are printed: digit grouping, decimal
mark, currency symbol or code before or after."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

# style -> (thousands separator, decimal mark)
NUMBER_STYLES = {
    "dot_comma": (".", ","),      # 1.234,56
    "comma_dot": (",", "."),      # 1,234.56
    "space_comma": (" ", ","),    # 1 234,56
    "apos_dot": ("'", "."),       # 1'234.56
    "plain_comma": ("", ","),     # 1234,56
    "plain_dot": ("", "."),       # 1234.56
}

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "SEK": "kr", "DKK": "kr.", "NOK": "kr", "PLN": "zł"}
# Symbols written without a space before the number.
TIGHT = {"$", "£"}
PLACEMENTS = ("symbol_before", "symbol_after", "code_before", "code_after")


def cents(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def number(x: Decimal, style: str, places: int = 2) -> str:
    """1234.5 -> '1.234,50' in style dot_comma; the sign stays in front of the digits."""
    sep, mark = NUMBER_STYLES[style]
    q = x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) if places else x.quantize(Decimal(1))
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    body = sep.join(groups) if sep else "".join(groups)
    return sign + body + (mark + frac if frac else "")


def quantity(q: Decimal, style: str) -> str:
    """Quantities keep only the places they need: 2, 1,5, 0,25."""
    places = max(0, -q.normalize().as_tuple().exponent)
    return number(q, style, places)


def amount(x: Decimal, currency: str, style: str, placement: str | None) -> str:
    """An amount with its currency, e.g. '1.234,56 €', '€ 1.234,56', 'EUR 1.234,56', '$1,234.56'."""
    n = number(x, style)
    if placement is None:
        return n
    sym = SYMBOLS[currency] if placement.startswith("symbol") else currency
    if placement.endswith("before"):
        if sym in TIGHT:
            return f"-{sym}{n[1:]}" if n.startswith("-") else f"{sym}{n}"
        return f"{sym} {n}"
    return f"{n} {sym}"


def amount_text(x: Decimal) -> str:
    """The truth form: a plain decimal string with two places."""
    return f"{cents(x):f}"
