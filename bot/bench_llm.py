"""`invoicebot bench --llm`: the share of documents `fallback` mode would send to the model (no server
needed: a field worth a call is flagged after the local tier) and the prompt tokens, estimated as
characters/4 of the messages (for a photo sent as an image: its text part only)."""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from core.documents import ReadOptions, read_document
from core.errors import InvoiceBotError
from core.extract import extract
from core.llm import prompt
from core.ocr import TesseractOcr

_ocr: TesseractOcr | None = None


def _init(languages: str) -> None:
    global _ocr
    _ocr = TesseractOcr(languages)


def would_ask(path: str) -> dict:
    """For one file: the fields `fallback` would ask, the estimated prompt tokens, whether it goes as an image."""
    assert _ocr is not None
    try:
        document = read_document(Path(path).read_bytes(), _ocr, ReadOptions(ocr_workers=1))
    except InvoiceBotError:
        return {"error": True}
    ex = extract(document)
    fields = prompt.fields_to_ask(ex, "fallback")
    if not fields:
        return {"fields": []}
    confs = [c for p in document.pages if (c := p.ocr_confidence) is not None]
    image = document.media_type.startswith("image/") and bool(confs) and min(confs) < 0.6
    triggers = prompt.triggers(ex)
    msgs = prompt.messages(document, fields, prompt.IMAGE_INSTEAD if image else None)
    return {"fields": fields, "triggers": triggers, "tokens": prompt.estimate_tokens(msgs), "image": image}


def llm_figures(files: list[Path], languages: str, workers: int | None = None) -> dict:
    workers = max(1, min(workers or os.cpu_count() or 1, len(files) or 1))
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(languages,)) as pool:
        results = list(pool.map(would_ask, [str(f) for f in files]))
    calls = [r for r in results if r.get("fields")]
    tokens = sorted(r["tokens"] for r in calls)
    triggers = Counter(n for r in calls for n in r["triggers"])
    return {
        "docs": len(results), "errors": sum(1 for r in results if r.get("error")), "would_call": len(calls),
        "share": round(100 * len(calls) / len(results), 1) if results else None,
        "tokens_mean": round(sum(tokens) / len(tokens)) if tokens else None,
        "tokens_median": tokens[len(tokens) // 2] if tokens else None,
        "tokens_max": tokens[-1] if tokens else None,
        "fields_mean": round(sum(len(r["fields"]) for r in calls) / len(calls), 1) if calls else None,
        "images": sum(1 for r in calls if r["image"]),
        "triggers": dict(triggers.most_common(5)),
    }


def print_llm_section(datasets: list[tuple[str, list[Path]]], languages: str) -> None:
    print("\nLLM tier, LLM_MODE=fallback: documents that would call the model (a field worth a call flagged after "
          "the local tier);\nprompt tokens estimated as characters/4 of the messages that would be sent")
    print(f"{'dataset':10} {'docs':>5} {'calls':>6} {'share%':>7} {'tok mean':>9} {'median':>7} {'max':>6} "
          f"{'fields':>6} {'images':>6}  most frequent fields that trigger a call")
    for name, files in datasets:
        r = llm_figures(files, languages)
        print(f"{name:10} {r['docs']:>5} {r['would_call']:>6} {r['share']!s:>7} {r['tokens_mean']!s:>9} "
              f"{r['tokens_median']!s:>7} {r['tokens_max']!s:>6} {r['fields_mean']!s:>6} {r['images']:>6}  "
              f"{', '.join(f'{k} {v}' for k, v in r['triggers'].items())}", flush=True)
