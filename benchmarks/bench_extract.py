"""Benchmark: reading (text layer / OCR) vs extraction time per document.

Usage: python benchmarks/bench_extract.py FILE... (PDFs or images)
Prints milliseconds per document for reading and for extraction separately, so a slow
extraction step shows up next to the pdfium / tesseract floor it adds to.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from core.documents import read_document
from core.extract import extract
from core.ocr import TesseractOcr


def main(paths: list[str]) -> None:
    ocr = TesseractOcr("eng+deu+fra+spa+ita+nld+por")
    docs, read_s = [], 0.0
    for p in paths:
        t = time.perf_counter()
        docs.append(read_document(Path(p).read_bytes(), ocr))
        read_s += time.perf_counter() - t
    extract(docs[0])  # first call loads the check-digit registries
    t = time.perf_counter()
    for d in docs:
        extract(d)
    extract_s = time.perf_counter() - t
    n = max(len(docs), 1)
    print(f"{n} documents: read {1000 * read_s / n:.1f} ms/doc, extract {1000 * extract_s / n:.2f} ms/doc")


if __name__ == "__main__":
    main(sys.argv[1:])
