"""Command line: python -m synth --seed 1 --count 200 --out DIR [--variants pdf,scan,photo] [--jobs N]
writes DIR/docs/<id>.pdf (and <id>-scan.jpg, <id>-photo.jpg) and DIR/truth.jsonl in the datasets' layout."""

from __future__ import annotations

import argparse
import json
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from synth import photo, render
from synth.generate import generate

VARIANTS = ("pdf", "scan", "photo")
SCAN_DPI, PHOTO_DPI = 200, 150


def _images(pdf: bytes, variant: str, rng: np.random.Generator) -> tuple[bytes, str]:
    """(bytes, extension): one JPEG for a one-page document, an image-only PDF for more pages."""
    dpi = SCAN_DPI if variant == "scan" else PHOTO_DPI
    pages = render.pages(pdf, dpi)
    shots = [render.scan(p, rng) if variant == "scan" else photo.photo(p, rng) for p in pages]
    if len(shots) > 1:
        return render.image_pdf(shots, dpi), "pdf"
    quality = 85 if variant == "scan" else int(rng.integers(50, 71))
    return render.encode(shots[0], "JPEG", quality), "jpg"


def make(seed: int, index: int, out: str, variants: tuple[str, ...]) -> list[dict]:
    g = generate(seed, index)
    docs, records = Path(out) / "docs", []
    for v in variants:
        rec = json.loads(json.dumps(g.record))
        if v == "pdf":
            data, ext, name = g.pdf, "pdf", g.doc.id
        else:
            rng = np.random.default_rng([seed, index, VARIANTS.index(v)])
            data, ext = _images(g.pdf, v, rng)
            name = f"{g.doc.id}-{v}"
        (docs / f"{name}.{ext}").write_bytes(data)
        rec.update(id=name, file=f"docs/{name}.{ext}")
        rec["synth"]["variant"] = v
        records.append(rec)
    return records


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m synth", description=__doc__)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--start", type=int, default=0, help="first document index")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--variants", default="pdf", help="comma-separated: pdf,scan,photo")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    a = ap.parse_args(argv)
    variants = tuple(v.strip() for v in a.variants.split(",") if v.strip())
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        ap.error(f"unknown variants: {sorted(unknown)}")
    (a.out / "docs").mkdir(parents=True, exist_ok=True)
    indices = range(a.start, a.start + a.count)
    t0 = time.perf_counter()
    with ProcessPoolExecutor(a.jobs) if a.jobs > 1 else _Serial() as pool:
        results = list(pool.map(make, [a.seed] * len(indices), indices, [str(a.out)] * len(indices),
                                [variants] * len(indices)))
    with open(a.out / "truth.jsonl", "w", encoding="utf-8") as fh:
        for recs in results:
            for rec in recs:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    secs = time.perf_counter() - t0
    print(f"{a.count} documents ({', '.join(variants)}) in {secs:.1f} s ({a.count / secs:.1f} docs/s) -> {a.out}")


class _Serial:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def map(self, fn, *its):
        return map(fn, *its)


if __name__ == "__main__":
    main()
