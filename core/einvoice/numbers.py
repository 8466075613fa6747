"""Numbers as e-invoices state them (xs:decimal), bounded: a value of absurd size or precision is refused,
since Decimal would otherwise carry a billion digits into every later step."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

MAX_INTEGER_DIGITS = 15  # a thousand trillion: more than any invoice states
MAX_PLACES = 6  # real e-invoices use 2 places for amounts and up to 4 for prices and quantities; more are rounded
MAX_EXPONENT = 20  # xs:decimal has no exponent at all; a small one is read, a large one refused
MAX_TEXT = 64
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?")
_PLACES = Decimal(1).scaleb(-MAX_PLACES)
_ONE = Decimal(1)


class OutOfBounds(ValueError):
    """A number too large, or written with too large an exponent, to be an invoice amount."""


def bounded_decimal(s: str) -> Decimal | None:
    """The number s states, rounded to at most MAX_PLACES decimals; None when s is no number at all
    (text, NaN, Infinity); OutOfBounds when it is a number no invoice states."""
    if len(s) > MAX_TEXT:
        if _NUMBER.fullmatch(s[:MAX_TEXT]) is not None:
            raise OutOfBounds(s)
        return None
    m = _NUMBER.fullmatch(s)
    if m is None:
        return None
    if m.group(1) is not None and abs(int(m.group(1))) > MAX_EXPONENT:
        raise OutOfBounds(s)
    value = Decimal(s)
    if value and value.adjusted() >= MAX_INTEGER_DIGITS:
        raise OutOfBounds(s)
    exponent = value.as_tuple().exponent
    if exponent < -MAX_PLACES:  # type: ignore[operator]
        return value.quantize(_PLACES, rounding=ROUND_HALF_UP)
    if exponent > 0:  # type: ignore[operator]
        return value.quantize(_ONE)  # 1E+3 -> 1000
    return value
