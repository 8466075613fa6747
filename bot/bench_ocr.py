"""`invoicebot bench --ocr`: the OCR engines side by side on the same pictures in one run: ms per receipt (as a
ratio to the api engine), the share of receipts whose printed total and date are in the text read, and the share of
accented words of born-digital invoices (their text layer) that each engine reads back from a 200 dpi render."""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
from pathlib import Path

from core.documents import ReadOptions, read_document
from core.errors import InvoiceBotError
from core.extract.parse import parse_date
from core.work import build_ocr

ENGINES = ("cli", "api", "paddle", "combined")
RECEIPTS = "sroie"  # receipts with labelled totals and dates
ACCENTED = "zugferd"  # born-digital invoices in German, French and English
_DATE = re.compile(r"\d{1,4}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{2,4}|\d{1,2}\s?[a-z]{3,9}\.?,?\s?\d{2,4}", re.I)


def _records(dataset: Path, limit: int | None) -> list[dict]:
    with open(dataset / "truth.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()][:limit]


def total_in(text: str, total: str) -> bool:
    """The amount as printed: '9.00' or '9,00', spaces ignored, not part of a longer number."""
    whole, _, cents = total.partition(".")
    pattern = rf"(?<![\d.,]){re.escape(whole)}([.,]\d{{3}})*[.,]{re.escape(cents or '00')}(?!\d)"
    return bool(re.search(pattern, re.sub(r"\s+", "", text)))


def date_in(text: str, iso: str) -> bool:
    """The date in any common printed form (day first, as on these receipts)."""
    return any(str(parse_date(m.group(0), dayfirst=True)) == iso for m in _DATE.finditer(text))


def _engines(names: tuple[str, ...], languages: str) -> dict:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    return {name: build_ocr(languages, 180.0, name, threads=1) for name in names}


def receipts(dataset: Path, limit: int | None, languages: str, names: tuple[str, ...] = ENGINES) -> dict:
    """Per engine: ms per receipt (the intake path, one page at a time), totals and dates found in the text."""
    engines = _engines(names, languages)
    options = ReadOptions(ocr_workers=1)
    stats = {n: {"s": 0.0, "docs": 0, "total": 0, "n_total": 0, "date": 0, "n_date": 0} for n in names}
    for rec in _records(dataset, limit):
        data = (dataset / rec["file"]).read_bytes()
        fields = rec.get("fields") or {}
        for name, ocr in engines.items():  # each engine in turn on the same receipt: the ratios are fair
            t0 = time.perf_counter()
            try:
                text = "\n".join(p.text for p in read_document(data, ocr, options).pages)
            except InvoiceBotError:
                text = ""
            s = stats[name]
            s["s"] += time.perf_counter() - t0
            s["docs"] += 1
            if fields.get("total"):
                s["n_total"] += 1
                s["total"] += total_in(text, str(fields["total"]))
            if fields.get("invoice_date"):
                s["n_date"] += 1
                s["date"] += date_in(text, str(fields["invoice_date"]))
    return stats


def accented(dataset: Path, limit: int | None, languages: str, names: tuple[str, ...] = ENGINES) -> dict:
    """Per engine: of the words with accents or umlauts in the invoices' text layers (first pages), the share
    read back exactly from the page rendered at 200 dpi."""
    from core import pdf

    engines = _engines(names, languages)
    found = dict.fromkeys(names, 0)
    total = 0
    for rec in _records(dataset, limit):
        try:
            with pdf.open_pdf((dataset / rec["file"]).read_bytes()) as doc:
                page = doc[0]
                words = {w.text.strip(".,:;()") for w in pdf.page_words(page)}
                img = pdf.render(page, 200)
        except InvoiceBotError:
            continue
        wanted = {w for w in words if any(c.isalpha() and not c.isascii() for c in w) and len(w) > 2}
        if not wanted:
            continue
        total += len(wanted)
        for name, ocr in engines.items():
            read = {unicodedata.normalize("NFC", w.text.strip(".,:;()")) for w in ocr.read(img).words}
            found[name] += len(wanted & read)
    return {"words": total, **found}


def run_ocr_bench(datasets_dir: Path, limit: int | None, languages: str, names: tuple[str, ...] = ENGINES) -> int:
    sroie, zugferd = datasets_dir / RECEIPTS, datasets_dir / ACCENTED
    if (sroie / "truth.jsonl").is_file():
        stats = receipts(sroie, limit, languages, names)
        base = stats.get("api", {}).get("s") or None
        print(f"receipts ({sroie.name}, {next(iter(stats.values()))['docs']} documents, one core)")
        print(f"{'engine':10} {'ms/doc':>8} {'vs api':>7} {'total in text':>14} {'date in text':>13}")
        for name, s in stats.items():
            ms = 1000 * s["s"] / max(1, s["docs"])
            ratio = f"{s['s'] / base:.2f}x" if base else "-"
            print(f"{name:10} {ms:8.0f} {ratio:>7} {s['total']:>6}/{s['n_total']:<7} {s['date']:>5}/{s['n_date']:<7}")
    if (zugferd / "truth.jsonl").is_file():
        acc = accented(zugferd, limit, languages, names)
        print(f"\naccented words of {zugferd.name}'s text layers read from 200 dpi renders ({acc['words']} words)")
        for name in names:
            print(f"{name:10} {acc[name]:>5}  {100 * acc[name] / max(1, acc['words']):5.1f}%")
    return 0
