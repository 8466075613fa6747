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


def _grey_share(img: Image.Image) -> float:
    hist = img.convert("L").histogram()
    return sum(hist[80:200]) / max(1, sum(hist[:80]))


def test_a_photo_copy_turns_every_page_and_still_reads(tmp_path, ocr):
    src = tmp_path / "set"
    (src / "docs").mkdir(parents=True)
    (src / "docs" / "a.pdf").write_bytes(invoice_pdf("de", pages=2))
    (src / "truth.jsonl").write_text(json.dumps({"id": "a", "file": "docs/a.pdf", "fields": {}}) + "\n")
    scans = scanned_copy(src, tmp_path / "scans")
    photos = scanned_copy(src, tmp_path / "photos", photos=True)
    with Image.open(scans / "docs" / "a.tif") as scan, Image.open(photos / "docs" / "a.tif") as photo:
        assert photo.n_frames == 2
        for i in range(2):
            scan.seek(i)
            photo.seek(i)
            assert photo.size[0] > scan.size[0] and photo.size[1] > scan.size[1]  # turned, so larger
            assert _grey_share(photo) > 1.5 * _grey_share(scan)  # blurred: ink edges turn grey
    doc = read_document((photos / "docs" / "a.tif").read_bytes(), ocr)
    assert extract(doc).fields["total"].value == Decimal("142.21")
