"""A review: the extraction with the user's corrections laid over it, re-checked after every change."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.codec import LINE_FIELDS, decode_value, encode_value, from_json
from core.extract.parse import ISO_CURRENCIES
from core.models import Extraction, FieldValue, LineItem

from .corrections import Edit
from .i18n import t

CENT = Decimal("0.01")
REQUIRED = ("vendor_name", "invoice_number", "invoice_date", "total", "currency")


@dataclass(slots=True)
class Change:
    field: str  # "total" or "line 2 line_total"
    old: Any
    new: Any


def build(result: dict, draft: dict, language: str | None) -> Extraction:
    """The current state of a review: extracted values, user values (source 'user'), fresh checks."""
    ex = from_json(result.get("extraction") or {})
    for name, raw in (draft.get("fields") or {}).items():
        if name in ex.fields:
            ex.fields[name] = FieldValue(decode_value(name, raw), 1.0, False, [], "user")
    if doc_type := (draft.get("fields") or {}).get("document_type"):
        ex.document_type = doc_type
    if draft.get("line_items") is not None:
        ex.line_items = [LineItem(**{k: decode_value(k, li.get(k)) for k in LINE_FIELDS})
                         for li in draft["line_items"]]
    check(ex, language)
    return ex


def apply(ex: Extraction, draft: dict, edits: list[Edit], language: str | None
          ) -> tuple[dict, list[Change], list[str]]:
    """New draft and the changes made; line numbers out of range become error texts."""
    fields = dict(draft.get("fields") or {})
    lines = [{k: encode_value(getattr(li, k)) for k in LINE_FIELDS} for li in ex.line_items]
    lines_changed = False
    changes: list[Change] = []
    errors: list[str] = []
    for e in edits:
        if e.line is None:
            old = ex.fields[e.field].value if e.field != "document_type" else ex.document_type
            fields[e.field] = encode_value(e.value)
            changes.append(Change(e.field, old, e.value))
            continue
        if not 1 <= e.line <= len(lines) + 1:
            errors.append(t(language, "bad_line", n=e.line, count=len(lines), next=len(lines) + 1))
            continue
        if e.line == len(lines) + 1:
            lines.append(dict.fromkeys(LINE_FIELDS))
        old = lines[e.line - 1].get(e.field)
        lines[e.line - 1][e.field] = encode_value(e.value)
        lines_changed = True
        changes.append(Change(f"line {e.line} {e.field}", old, e.value))
    new = {**draft, "fields": fields}
    if lines_changed:
        new["line_items"] = lines
    return new, changes, errors


def check(ex: Extraction, language: str | None) -> None:
    """Re-validate: required fields, net + tax = total, line sum = net, due after date, currency code."""
    f = ex.fields

    def flag(name: str, reason: str) -> None:
        fv = f[name]
        if reason not in fv.reasons:
            fv.reasons.append(reason)
        fv.flagged = True

    for name in REQUIRED:
        if name == "invoice_number" and ex.document_type == "receipt":
            continue  # receipts often carry no number
        if f[name].value is None and not f[name].reasons:
            flag(name, t(language, "missing"))
    amounts = ("subtotal", "tax_total", "total")
    net, tax, total = (f[n].value for n in amounts)
    if all(isinstance(v, Decimal) for v in (net, tax, total)):
        if abs(net + tax - total) >= CENT:
            target = next((n for n in ("total", "tax_total", "subtotal") if f[n].source != "user"), "total")
            flag(target, t(language, "sum_mismatch", net=net, tax=tax, sum=net + tax, total=total))
        elif any(f[n].source == "user" for n in amounts):
            # the user's correction made the amounts agree: earlier doubts about them are settled
            for n in amounts:
                f[n].flagged, f[n].reasons = False, []
    totals = [li.line_total for li in ex.line_items]
    if totals and all(isinstance(v, Decimal) for v in totals) and isinstance(net, Decimal):
        line_sum = sum(totals, Decimal(0))
        if abs(line_sum - net) >= CENT:
            flag("subtotal", t(language, "lines_mismatch", sum=line_sum, net=net))
    date, due = f["invoice_date"].value, f["due_date"].value
    if date is not None and due is not None and due < date:
        flag("due_date", t(language, "due_before"))
    cur = f["currency"].value
    if cur is not None and cur not in ISO_CURRENCIES:
        flag("currency", t(language, "not_iso"))
