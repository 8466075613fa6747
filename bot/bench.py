"""`invoicebot bench`: intake + OCR speed next to the raw engines' floor, and extraction scores.

Prints one table per dataset in ../shared/datasets (or the folders given) and returns 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from core.documents import ReadOptions, read_document
from core.errors import InvoiceBotError
from core.extract import extract
from core.ocr import TesseractOcr

from .settings import Settings


def default_datasets() -> list[Path]:
    for base in (Path(__file__).resolve().parents[2] / "shared" / "datasets", Path.cwd().parent / "shared" / "datasets"):
        if base.is_dir():
            return sorted(p for p in base.iterdir() if (p / "truth.jsonl").is_file())
    return []


def _docs(dataset: Path, limit: int | None) -> list[Path]:
    with open(dataset / "truth.jsonl", encoding="utf-8") as fh:
        files = [dataset / json.loads(line)["file"] for line in fh if line.strip()]
    return files[:limit]


def intake_timings(files: list[Path], languages: str) -> dict:
    """Mean ms per document for reading, one document at a time with one OCR process.

    PDFs whose every page has a text layer count as born-digital; PDFs with OCR'd pages are
    reported apart (the pdfium floor does no OCR, so they are not comparable with it).
    """
    ocr = TesseractOcr(languages)
    options = ReadOptions(ocr_workers=1)
    totals = {"pdf": [0.0, 0], "pdf_ocr": [0.0, 0], "image": [0.0, 0]}
    errors, extract_s, extracted = 0, 0.0, 0
    for f in files:
        data = f.read_bytes()
        t0 = time.perf_counter()
        kind = "pdf" if f.suffix.lower() == ".pdf" else "image"
        try:
            doc = read_document(data, ocr, options)
            if kind == "pdf" and doc.source == "ocr":
                kind = "pdf_ocr"
        except InvoiceBotError:
            doc = None
            errors += 1
        totals[kind][0] += time.perf_counter() - t0
        totals[kind][1] += 1
        if doc is not None:
            t1 = time.perf_counter()
            extract(doc)
            extract_s += time.perf_counter() - t1
            extracted += 1
    out = {f"{k}_ms_per_doc": round(1000 * t / n, 2) if n else None for k, (t, n) in totals.items()}
    return {**out, **{f"{k}_docs": n for k, (_, n) in totals.items()}, "errors": errors,
            "extract_ms_per_doc": round(1000 * extract_s / extracted, 2) if extracted else None}


def floor_timings(dataset: Path, limit: int | None, languages: str) -> dict | None:
    tool = dataset.parent.parent / "tools" / "floor.py"
    if not tool.is_file():
        return None
    cmd = [sys.executable, str(tool), str(dataset), "--langs", languages] + (["--limit", str(limit)] if limit else [])
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return json.loads(proc.stdout) if proc.returncode == 0 else None


def extraction_scores(dataset: Path, limit: int | None, tool: Path | None = None,
                      env: dict[str, str] | None = None) -> dict | None:
    tool = tool or dataset.parent.parent / "tools" / "score.py"
    if not tool.is_file():
        return None
    run = f"{sys.executable} -m bot extract --json"
    cmd = [sys.executable, str(tool), str(dataset), "--run", run, "--json"] + (["--limit", str(limit)] if limit else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return json.loads(proc.stdout) if proc.returncode == 0 and proc.stdout.strip() else None


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def _print_scores(name: str, s: dict) -> None:
    print(f"{name:10} {s['overall_accuracy']!s:>8} {s['errors_flagged']!s:>12} {s['false_alarms']!s:>12} "
          f"{s['line_items']['f1']!s:>8} {s['ms_per_doc']!s:>8}")
    for field, f in s["fields"].items():
        print(f"  {field:16} n={f['n']:<4} acc {f['accuracy']}%  flagged-err {f['errors_flagged']}%  "
              f"false-alarm {f['false_alarms']}%")


def _scan_scores(datasets: list[Path], limit: int | None) -> None:
    """The born-digital sets again, each PDF rendered as a 200 dpi greyscale scan, a phone photo, and a photo of
    the page on a desk (read with and without dewarping)."""
    from .bench_scans import DPI, scanned_copy

    print(f"\nthe same born-digital invoices as {DPI} dpi greyscale scans, as phone photos and as photos of the page"
          " on a desk (OCR path)")
    no_dewarp = {**os.environ, "OCR_DEWARP": "false"}
    for ds in datasets:
        for suffix, kind in (("scan", {}), ("photo", {"photos": True}), ("desk", {"desk": True})):
            with tempfile.TemporaryDirectory() as tmp:
                copy = scanned_copy(ds, Path(tmp) / ds.name, limit, **kind)
                runs = [(suffix, None)] + ([("desk-no-dewarp", no_dewarp)] if suffix == "desk" else [])
                for label, env in runs:
                    s = extraction_scores(copy, None, ds.parent.parent / "tools" / "score.py", env)
                    if s:
                        _print_scores(f"{ds.name}-{label}", s)


def run_bench(datasets: list[str], limit: int | None, settings: Settings, floor: bool = True,
              scores: bool = True, runner: bool = True, llm_only: bool = False, scans: bool = False) -> int:
    paths = [Path(d) for d in datasets] or default_datasets()
    if not paths:
        print("no datasets found (expected ../shared/datasets/*/truth.jsonl)")
        return 1
    if llm_only:
        from .bench_llm import print_llm_section

        print_llm_section([(ds.name, _docs(ds, limit)) for ds in paths], settings.ocr_languages)
        return 0
    langs = settings.ocr_languages
    print(f"intake + OCR, one document at a time (OCR_LANGUAGES={langs})")
    print(f"{'dataset':10} {'docs':>5} {'pdf ms':>9} {'floor':>8} {'ratio':>6} {'image ms':>9} {'floor':>8} {'ratio':>6}"
          f" {'extract ms':>10}  (PDFs with OCR'd pages)")
    born_digital: list[Path] = []
    digital_sets: list[Path] = []
    for ds in paths:
        files = _docs(ds, limit)
        ours = intake_timings(files, langs)
        if ours["pdf_docs"] == len(files):  # every document has a text layer
            born_digital = born_digital or files
            digital_sets.append(ds)
        fl = (floor_timings(ds, limit, langs) if floor else None) or {}
        print(f"{ds.name:10} {len(files):>5} {ours['pdf_ms_per_doc'] or '-':>9} {fl.get('pdf_ms_per_doc') or '-':>8} "
              f"{_ratio(ours['pdf_ms_per_doc'], fl.get('pdf_ms_per_doc')):>6} {ours['image_ms_per_doc'] or '-':>9} "
              f"{fl.get('ocr_ms_per_doc') or '-':>8} {_ratio(ours['image_ms_per_doc'], fl.get('ocr_ms_per_doc')):>6}"
              f" {ours['extract_ms_per_doc'] or '-':>10}  {ours['pdf_ocr_docs']} at {ours['pdf_ocr_ms_per_doc'] or '-'} ms",
              flush=True)
    if scores:
        print("\nextraction (`invoicebot extract --json` scored by score.py)")
        print(f"{'dataset':10} {'overall%':>8} {'err-flagged%':>12} {'false-alarm%':>12} {'items F1':>8} {'ms/doc':>8}")
        for ds in paths:
            s = extraction_scores(ds, limit)
            if not s:
                print(f"{ds.name:10} (score.py not available)")
                continue
            _print_scores(ds.name, s)
        if scans:
            _scan_scores(digital_sets, limit)
    if runner and born_digital:
        from .bench_runner import run_runner_bench

        print(f"\njob runner ({born_digital[0].parent.parent.name}: born-digital, in-process queue, SQLite)")
        run_runner_bench(settings, born_digital)
    return 0
