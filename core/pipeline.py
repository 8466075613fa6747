"""The document pipeline as plain functions: bytes -> Document -> Extraction -> JSON-ready dict."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from . import confidence, einvoice
from .codec import encode_value, vat_rows
from .documents import DEFAULT_OPTIONS, Progress, ReadOptions, _noop, read_document
from .errors import DocumentError, InvoiceBotError
from .extract import extract
from .models import FIELD_NAMES, Document, Extraction
from .ports import OcrEngine
from .validate import Thresholds

log = logging.getLogger(__name__)


def process(
    data: bytes, ocr: OcrEngine, options: ReadOptions = DEFAULT_OPTIONS, progress: Progress = _noop,
    thresholds: Thresholds | None = None, timings: dict[str, float] | None = None, calibrate: bool = True,
) -> tuple[Document, Extraction]:
    """timings, when given, receives the seconds spent per stage: read (sniff, text layer, OCR), extract.
    calibrate: the learned confidence model (where one ships) replaces the rules' confidence of each value
    read from the page and decides which are flagged; without it, the rules' own confidence stands."""
    clock = timings if timings is not None else {}
    with timed(clock, "read"):
        found = einvoice.find_xml(data) if len(data) <= options.max_bytes else None
        xml_only = found is not None and not found[1]  # a standalone e-invoice: no page to read
        if xml_only:
            document = einvoice.xml_document(data)
        else:
            try:
                document = read_document(data, ocr, options, progress)
            except DocumentError:
                if found is None:  # also when the file is too large: find_xml was not even tried
                    raise
                document = einvoice.xml_document(data)  # the page cannot be read; the embedded XML still can
    progress("extracting", 0, 0)
    with timed(clock, "extract"):
        if xml_only:
            return document, einvoice.read_xml(found[0], thresholds)
        extraction = extract(document, thresholds)
        if found is not None:
            extraction = _with_embedded_xml(found[0], extraction, thresholds)
        if calibrate and (model := confidence.load()) is not None:
            model.apply(extraction, document)
    return document, extraction


@contextmanager
def timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Adds the seconds the block took to timings[stage] (also when it raises)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def _with_embedded_xml(xml: bytes, page: Extraction, thresholds: Thresholds | None) -> Extraction:
    """The embedded e-invoice wins, flagged where the page disagrees; a broken XML leaves the page's reading."""
    try:
        return einvoice.merge(einvoice.read_xml(xml, thresholds), page)
    except DocumentError as exc:
        log.warning("embedded e-invoice not used", extra={"data": {"reason": exc.user_message()}})
        return page


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
        fields[name] = {"value": encode_value(f.value), "confidence": round(f.confidence, 3), "flagged": f.flagged,
                        "reasons": list(f.reasons), "source": f.source}
    return {
        "file": file,
        "document_type": ex.document_type if extraction else None,
        "language": ex.language,
        "fields": fields,
        "line_items": [
            {k: encode_value(getattr(li, k)) for k in ("description", "quantity", "unit_price", "line_total")}
            for li in ex.line_items
        ],
        "vat_breakdown": vat_rows(ex.vat_breakdown),
        "payment_terms": ex.payment_terms,
        "error": error.user_message() if error else None,
        "error_code": error.code if error else None,
    }
