"""User corrections: `field value` / `field: value` lines in seven languages, parsed like extraction.

Several per message, one per line (or separated by ';' where a channel sends single lines).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from core.codec import AMOUNT_FIELDS, DATE_FIELDS
from core.extract import vatid
from core.extract.parse import parse_amount, parse_currency, parse_date

from .i18n import ALIASES, DOC_TYPES, LINE_ALIASES, LINE_WORDS, t


@dataclass(frozen=True, slots=True)
class Edit:
    field: str  # a header field name, or a line field (description, quantity, unit_price, line_total)
    value: Any
    raw: str
    line: int | None = None  # 1-based line number for line-level edits


def _norm(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip().lower()


def _alias_table(aliases: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    pairs = {}
    for name, words in aliases.items():
        for w in (name, name.replace("_", " "), *words):
            pairs.setdefault(_norm(w), name)
    return sorted(pairs.items(), key=lambda kv: -len(kv[0]))


FIELD_TABLE = _alias_table(ALIASES)
LINE_TABLE = _alias_table(LINE_ALIASES)
_LINE_RE = re.compile(rf"^(?:{'|'.join(LINE_WORDS)})\s*#?\s*(\d{{1,3}})\s*[:.]?\s+(.*)$", re.I | re.S)


def _split_name(text: str, table: list[tuple[str, str]]) -> tuple[str, str] | None:
    """(field, value) when text starts with a known name followed by ':', '=' or a space."""
    low = _norm(text)
    for alias, name in table:
        if low.startswith(alias):
            rest = text.strip()[len(alias):]
            if not rest or rest[0] in " \t:=":
                rest = rest.strip()
                return name, (rest[1:] if rest[:1] in ":=" else rest).strip()
    return None


def parse_corrections(text: str, language: str | None) -> tuple[list[Edit], list[str]]:
    """Every line of a message as an Edit, or a helpful error text for the lines that are not."""
    edits: list[Edit] = []
    errors: list[str] = []
    for line in (ln.strip() for ln in re.split(r"[\r\n;]+", text)):
        if not line:
            continue
        if m := _LINE_RE.match(line):
            number, rest = int(m.group(1)), m.group(2)
            found = _split_name(rest, LINE_TABLE)
            if not found:
                errors.append(t(language, "unknown_field", field=rest.split()[0] if rest.split() else rest,
                                fields=_field_list()))
                continue
            name, raw = found
            kind = "line_total" if name == "line_total" else name
            value, err = parse_value(kind, raw, language, line=True)
            if err:
                errors.append(err)
            else:
                edits.append(Edit(name, value, raw, number))
            continue
        found = _split_name(line, FIELD_TABLE)
        if not found:
            word = re.split(r"[\s:=]", line, maxsplit=1)[0]
            errors.append(t(language, "unknown_field", field=word[:40], fields=_field_list()))
            continue
        name, raw = found
        value, err = parse_value(name, raw, language)
        if err:
            errors.append(err)
        else:
            edits.append(Edit(name, value, raw))
    return edits, errors


def _field_list() -> str:
    return ", ".join(ALIASES)


_KINDS = {**dict.fromkeys((*AMOUNT_FIELDS, "unit_price", "line_total"), "amount"),
          **dict.fromkeys(DATE_FIELDS, "date"), "currency": "currency", "iban": "iban", "document_type": "type",
          "vendor_vat_id": "vat"}
EXAMPLES = {"text": "ACME GmbH", "amount": "137.50", "date": "2024-05-03", "currency": "EUR", "iban": "DE89 3704 0044 0532 0130 00",
            "type": "invoice, receipt, credit_note", "number": "3", "vat": "DE136695976, CHE-116.281.710 MWST"}


def parse_value(name: str, raw: str, language: str | None, line: bool = False) -> tuple[Any, str | None]:
    """(value, None) or (None, error text). Amounts and dates use the extraction parsers."""

    def bad(kind: str) -> tuple[None, str]:
        return None, t(language, "bad_value", value=raw[:60], kind=t(language, f"kind_{kind}"), field=name,
                       example=EXAMPLES[kind])

    if not raw:
        return bad(_KINDS.get(name, "number" if name == "quantity" else "text"))
    if name in AMOUNT_FIELDS or name in ("unit_price", "line_total"):
        if not re.search(r"\d", raw):
            return bad("amount")
        value = parse_amount(raw, language)
        return (value, None) if value is not None else bad("amount")
    if name == "quantity":
        value = parse_amount(raw, language)
        return (value, None) if value is not None else bad("number")
    if name in DATE_FIELDS:
        value = parse_date(raw, language)
        return (value, None) if value is not None else bad("date")
    if name == "currency":
        value = parse_currency(raw)
        return (value, None) if value is not None else bad("currency")
    if name == "iban":
        compact = re.sub(r"\s+", "", raw).upper()
        from stdnum import iban

        return (compact, None) if iban.is_valid(compact) else bad("iban")
    if name == "document_type":
        low = _norm(raw)
        for doc_type, words in DOC_TYPES.items():
            if low == doc_type.replace("_", " ") or low == doc_type or low in words:
                return doc_type, None
        return bad("type")
    if name == "vendor_vat_id":  # with its country code, checked by that country's rules
        value = vatid.parse(raw)
        return (value, None) if value is not None else bad("vat")
    return raw[:300], None
