"""Grounding: a model's value counts only if the document shows it (numbers and dates normalised)
or it follows arithmetically from amounts already accepted. The model's JSON is checked first."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..codec import AMOUNT_FIELDS, DATE_FIELDS
from ..extract.parse import CURRENCY_SYMBOLS, ISO_4217, parse_amount, parse_date

CENT = Decimal("0.01")
_NUMBER = re.compile(r"[-(]?\d[\d.,'’ ]*\d\)?|\d")


def parse_answer(text: str, fields: list[str]) -> dict[str, str | None] | None:
    """The model's reply as {field: text or None}, or None when it is not JSON in the schema."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, TypeError):
        return None
    if not isinstance(data, dict) or not set(data) <= set(fields):
        return None
    out: dict[str, str | None] = {}
    for name, value in data.items():
        if isinstance(value, bool) or not isinstance(value, (str, int, float, type(None))):
            return None
        out[name] = None if value is None or (isinstance(value, str) and not value.strip()) else str(value).strip()
    return out


@dataclass(frozen=True, slots=True)
class Verdict:
    value: Any  # typed: Decimal, date or str; None when the text could not be read as the field's type
    accepted: bool
    why: str


def _norm(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


class Grounder:
    """The facts of one document's text that model values are checked against."""

    def __init__(self, text: str, language: str | None) -> None:
        self.text, self.language = text, language
        self._norm = _norm(text)
        self._amounts: set[Decimal] | None = None
        self._dates: set[dt.date] | None = None

    @property
    def amounts(self) -> set[Decimal]:
        if self._amounts is None:
            found: set[Decimal] = set()
            for token in [m.group(0) for m in _NUMBER.finditer(self.text)] + self.text.split():
                v = parse_amount(token, self.language)
                if v is not None:
                    found.add(abs(v))
            self._amounts = found
        return self._amounts

    @property
    def dates(self) -> set[dt.date]:
        if self._dates is None:
            orders = [None] if self.language not in (None, "en") else [True, False]
            found: set[dt.date] = set()
            for line in self.text.splitlines():
                if not any(ch.isdigit() for ch in line):
                    continue
                starts = [0] + [m.end() for m in re.finditer(r"\s+", line)]
                for i in starts:
                    for first in orders:  # a date is short: a window from each word start finds them all
                        d = parse_date(line[i:i + 32], self.language, dayfirst=first)
                        if d is not None:
                            found.add(d)
            self._dates = found
        return self._dates

    def check(self, name: str, raw: str) -> Verdict:
        if name in AMOUNT_FIELDS:
            v = parse_amount(raw, "en" if re.fullmatch(r"-?\d+(\.\d+)?", raw) else self.language)
            if v is None:
                return Verdict(None, False, f"{raw!r} is not an amount")
            ok = abs(v) in self.amounts
            return Verdict(v, ok, "printed on the document" if ok else f"{v} is not printed on the document")
        if name in DATE_FIELDS:
            try:
                d = dt.date.fromisoformat(raw)
            except ValueError:
                d = parse_date(raw, self.language)
            if d is None:
                return Verdict(None, False, f"{raw!r} is not a date")
            ok = d in self.dates
            return Verdict(d, ok, "printed on the document" if ok else f"{d.isoformat()} is not printed on the document")
        if name == "currency":
            code = raw.upper()
            if code not in ISO_4217:
                return Verdict(None, False, f"{raw!r} is not an ISO 4217 currency code")
            ok = re.search(rf"\b{code}\b", self.text.upper()) is not None or any(
                sym in self.text for sym, c in CURRENCY_SYMBOLS.items() if c == code)
            return Verdict(code, ok, "printed on the document" if ok else f"{code} is not printed on the document")
        n = _norm(raw)
        ok = len(n) >= 2 and n in self._norm
        return Verdict(raw, ok, "printed on the document" if ok else f"{raw!r} is not printed on the document")


def follows(name: str, value: Decimal, known: dict[str, Decimal]) -> str | None:
    """How an amount follows from accepted ones (subtotal + tax = total, due = total), or None."""
    sub, tax, total = known.get("subtotal"), known.get("tax_total"), known.get("total")
    rules = {
        "total": [(sub is not None and tax is not None and abs(sub + tax - value) < CENT, "subtotal + tax")],
        "subtotal": [(total is not None and tax is not None and abs(total - tax - value) < CENT, "total - tax")],
        "tax_total": [(total is not None and sub is not None and abs(total - sub - value) < CENT, "total - subtotal")],
        "amount_due": [(total is not None and abs(total - value) < CENT, "the total")],
    }
    for ok, how in rules.get(name, []):
        if ok:
            return f"follows from {how}"
    return None
