"""An Extraction to a JSON-ready dict and back, typed by field (amounts Decimal, dates date)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from .models import FIELD_NAMES, Extraction, FieldValue, LineItem, VatLine

AMOUNT_FIELDS = ("subtotal", "tax_total", "total", "amount_due")
DATE_FIELDS = ("invoice_date", "due_date")
LINE_FIELDS = ("description", "quantity", "unit_price", "line_total")


def encode_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def decode_value(name: str, raw: Any) -> Any:
    """A stored value back to its type; a bad stored value becomes None rather than raising."""
    if raw is None:
        return None
    try:
        if name in AMOUNT_FIELDS or name in ("quantity", "unit_price", "line_total"):
            return Decimal(str(raw))
        if name in DATE_FIELDS:
            return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
    except (InvalidOperation, ValueError):
        return None
    return str(raw)


def to_json(ex: Extraction) -> dict:
    return {
        "document_type": ex.document_type,
        "language": ex.language,
        "fields": {
            name: {"value": encode_value(f.value), "confidence": f.confidence, "flagged": f.flagged,
                   "reasons": list(f.reasons), "source": f.source}
            for name, f in ex.fields.items()
        },
        "line_items": [{k: encode_value(getattr(li, k)) for k in LINE_FIELDS} for li in ex.line_items],
        "vat_breakdown": vat_rows(ex.vat_breakdown),
        "payment_terms": ex.payment_terms,
    }


def vat_rows(rows: list[VatLine]) -> list[dict]:
    return [{k: encode_value(getattr(r, k)) for k in ("rate", "basis", "tax", "category")} for r in rows]


def _dec(raw: Any) -> Decimal | None:
    try:
        return None if raw is None else Decimal(str(raw))
    except InvalidOperation:
        return None


def from_json(data: dict) -> Extraction:
    fields = {}
    for name in FIELD_NAMES:
        raw = (data.get("fields") or {}).get(name) or {}
        fields[name] = FieldValue(decode_value(name, raw.get("value")), float(raw.get("confidence") or 0.0),
                                  bool(raw.get("flagged")), list(raw.get("reasons") or []), raw.get("source"))
    items = [LineItem(**{k: decode_value(k, li.get(k)) for k in LINE_FIELDS}) for li in data.get("line_items") or []]
    vat = [VatLine(_dec(r.get("rate")), _dec(r.get("basis")), _dec(r.get("tax")), r.get("category"))
           for r in data.get("vat_breakdown") or []]
    return Extraction(fields=fields, line_items=items, document_type=data.get("document_type") or "other",
                      language=data.get("language"), vat_breakdown=vat, payment_terms=data.get("payment_terms"))
