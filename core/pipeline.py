"""The document pipeline as plain functions: bytes -> Document -> Extraction -> JSON-ready dict."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .documents import DEFAULT_OPTIONS, Progress, ReadOptions, _noop, read_document
from .errors import InvoiceBotError
from .extract import extract
from .models import FIELD_NAMES, Document, Extraction
from .ocr import TesseractOcr
from .validate import Thresholds


def process(
    data: bytes, ocr: TesseractOcr, options: ReadOptions = DEFAULT_OPTIONS, progress: Progress = _noop,
    thresholds: Thresholds | None = None,
) -> tuple[Document, Extraction]:
    document = read_document(data, ocr, options, progress)
    progress("extracting", 0, 0)
    extraction = extract(document, thresholds)
    return document, extraction


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def result_record(file: str, extraction: Extraction | None, error: InvoiceBotError | None = None) -> dict:
    """The `extract --json` line of the contract: every field present, an error text or null."""
    ex = extraction or Extraction.empty()
    fields = {}
    for name in FIELD_NAMES:
        f = ex.fields.get(name)
        if name == "document_type":
            value = ex.document_type if extraction else None
            fields[name] = {"value": value, "confidence": f.confidence if f else 0.0,
                            "flagged": bool(f and f.flagged), "reasons": list(f.reasons) if f else [],
                            "source": f.source if f else None}
            continue
        fields[name] = {"value": jsonable(f.value), "confidence": round(f.confidence, 3), "flagged": f.flagged,
                        "reasons": list(f.reasons), "source": f.source}
    return {
        "file": file,
        "document_type": ex.document_type if extraction else None,
        "language": ex.language,
        "fields": fields,
        "line_items": [
            {k: jsonable(getattr(li, k)) for k in ("description", "quantity", "unit_price", "line_total")}
            for li in ex.line_items
        ],
        "error": error.user_message() if error else None,
        "error_code": error.code if error else None,
    }
