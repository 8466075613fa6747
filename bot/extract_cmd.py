"""`invoicebot extract`: files processed concurrently, results printed in argument order."""

from __future__ import annotations

import json
import logging
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from core.documents import ReadOptions
from core.errors import DocumentTooLarge, InvoiceBotError, UnreadableDocument, unexpected
from core.pipeline import process, result_record
from core.ports import OcrEngine
from core.work import WorkConfig, build_ocr

log = logging.getLogger(__name__)

_worker: tuple[OcrEngine, WorkConfig] | None = None


def _init_worker(config: WorkConfig) -> None:
    global _worker
    _worker = (build_ocr(config.ocr_languages, config.ocr_timeout, config.ocr_engine), config)


def extract_file(path: str) -> dict:
    """One file to its contract record; never raises for a bad document."""
    assert _worker is not None
    ocr, config = _worker
    try:
        data = _read(path, config.options.max_bytes)
        _, extraction = process(data, ocr, config.options, thresholds=config.thresholds)
        return result_record(path, extraction)
    except InvoiceBotError as exc:
        return result_record(path, None, exc)
    except Exception as exc:  # a bug must not stop the other files; its class goes to the log only
        log.exception("unexpected failure on a document")
        return result_record(path, None, unexpected(exc))


def _read(path: str, max_bytes: int) -> bytes:
    p = Path(path)
    try:
        if p.is_dir():
            raise UnreadableDocument("it is a folder, not a file")
        size = p.stat().st_size
        if size > max_bytes:  # refused with its real size, without loading it
            raise DocumentTooLarge("file", size / 2**20, max_bytes / 2**20, "MB")
        return p.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableDocument("the file does not exist") from exc
    except PermissionError as exc:
        raise UnreadableDocument("the file cannot be opened (permission denied)") from exc
    except OSError as exc:  # a name too long, an I/O error: the system's words, not an exception class
        raise UnreadableDocument(f"the file cannot be opened ({(exc.strerror or 'system error').lower()})") from exc


def run_extract(files: list[str], as_json: bool, config: WorkConfig, workers: int, out: TextIO = sys.stdout) -> int:
    """Print one result per file in argument order; exit status 1 when any file failed."""
    failed = False
    workers = max(1, min(workers, len(files)))
    if workers == 1:
        _init_worker(config)
        results = (extract_file(f) for f in files)
        failed = _print_all(results, as_json, out)
    else:
        per_doc = replace(config, options=replace(config.options, ocr_workers=max(1, (os.cpu_count() or 1) // workers)))
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(per_doc,)) as pool:
            futures = [pool.submit(extract_file, f) for f in files]
            failed = _print_all((_result(fut, f) for fut, f in zip(futures, files, strict=True)), as_json, out)
    return 1 if failed else 0


def _result(fut: Future, path: str) -> dict:
    try:
        return fut.result()
    except Exception:  # the worker process died (out of memory, killed)
        return result_record(path, None, UnreadableDocument("the reader stopped unexpectedly (perhaps out of memory)"))


def _print_all(results, as_json: bool, out: TextIO) -> bool:
    failed = False
    for rec in results:
        failed |= rec["error"] is not None
        out.write(json.dumps(rec, ensure_ascii=False) + "\n" if as_json else render_summary(rec))
        out.flush()
    return failed


def print_text(files: list[str], languages: str, timeout: float, options: ReadOptions,
               out: TextIO = sys.stdout, engine: str = "cli") -> int:
    """Each page's lines as read, with the source and page size (to see what extraction sees)."""
    from core.documents import read_document

    ocr = build_ocr(languages, timeout, engine)
    status = 0
    for path in files:
        try:
            doc = read_document(_read(path, options.max_bytes), ocr, options)
        except InvoiceBotError as exc:
            out.write(f"== {path}: error: {exc.user_message()}\n")
            status = 1
            continue
        for page in doc.pages:
            out.write(f"== {path} page {page.number} ({page.source}, {page.width:.0f}x{page.height:.0f},"
                      f" rotated {page.rotation})\n{page.text}\n")
    return status


def render_summary(rec: dict) -> str:
    """The human-readable form of one record."""
    head = f"{rec['file']}: "
    if rec["error"]:
        return head + f"error: {rec['error']}\n"
    lines = [head + f"{rec['document_type']}" + (f" ({rec['language']})" if rec["language"] else "")]
    for name, f in rec["fields"].items():
        if name == "document_type":
            continue
        value = "-" if f["value"] is None else str(f["value"])
        mark = "  ?" if f["flagged"] else ""
        lines.append(f"  {name:<17} {value}{mark}")
    if rec["line_items"]:
        lines.append(f"  line items        {len(rec['line_items'])}")
        for i, li in enumerate(rec["line_items"], 1):
            lines.append(f"    {i}. {li['description'] or ''}  {li['quantity'] or ''} x {li['unit_price'] or ''}"
                         f" = {li['line_total'] or ''}")
    flagged = [(n, f) for n, f in rec["fields"].items() if f["flagged"]]
    if flagged:
        lines.append("  to check:")
        lines += [f"    {n}: {'; '.join(f['reasons']) or 'uncertain'}" for n, f in flagged]
    return "\n".join(lines) + "\n"
