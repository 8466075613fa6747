"""The scanned copy of a born-digital set: every PDF page rendered into a TIFF, the labels kept, read by OCR."""

from __future__ import annotations

import json
from decimal import Decimal

from PIL import Image

from bot.bench_scans import scanned_copy
from core.documents import read_document
from core.extract import extract
from tests.docgen import invoice_pdf


def test_a_scanned_copy_keeps_the_labels_and_every_page_and_reads_by_ocr(tmp_path, ocr):
    src = tmp_path / "set"
    (src / "docs").mkdir(parents=True)
    (src / "docs" / "a.pdf").write_bytes(invoice_pdf("de", pages=2))
    (src / "docs" / "b.pdf").write_bytes(invoice_pdf("fr"))
    records = [{"id": "a", "file": "docs/a.pdf", "fields": {"total": "142.21"}},
               {"id": "b", "file": "docs/b.pdf", "fields": {"total": "142.21"}}]
    (src / "truth.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))

    out = scanned_copy(src, tmp_path / "scans", limit=1)

    copied = [json.loads(line) for line in (out / "truth.jsonl").read_text().splitlines()]
    assert copied == [{**records[0], "file": "docs/a.tif"}]  # the limit holds; the labels are the same
    with Image.open(out / "docs" / "a.tif") as img:
        assert img.n_frames == 2 and img.mode == "L"
    doc = read_document((out / "docs" / "a.tif").read_bytes(), ocr)
    assert doc.source == "ocr" and len(doc.pages) == 2
    assert extract(doc).fields["total"].value == Decimal("142.21")
