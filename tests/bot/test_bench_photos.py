"""The desk-photo copy of a born-digital set: every page photographed at an angle on a desk, found again by
dewarping, its total read."""

from __future__ import annotations

import json
from decimal import Decimal

import numpy as np
from PIL import Image

from bot.bench_photos import desk_photo
from bot.bench_scans import scanned_copy
from core.dewarp import find_page
from core.documents import read_document
from core.extract import extract
from tests.docgen import invoice_pdf


def test_a_desk_photo_is_repeatable_and_its_corners_lie_on_the_picture():
    page = Image.new("L", (800, 1130), 255)
    first, corners = desk_photo(page, 7)
    again, _ = desk_photo(page, 7)
    assert np.array_equal(np.asarray(first), np.asarray(again))
    w, h = first.size
    assert (corners >= 0).all() and (corners[:, 0] < w).all() and (corners[:, 1] < h).all()
    arr = np.asarray(first)
    assert np.median(arr[: h // 20]) < 170  # the desk along the top is darker than the paper
    assert np.abs(find_page(arr) - corners).max() < 0.01 * max(w, h)


def test_a_desk_copy_has_every_page_on_a_desk_and_reads_its_total(tmp_path, ocr):
    src = tmp_path / "set"
    (src / "docs").mkdir(parents=True)
    (src / "docs" / "a.pdf").write_bytes(invoice_pdf("de", pages=2))
    (src / "truth.jsonl").write_text(json.dumps({"id": "a", "file": "docs/a.pdf", "fields": {}}) + "\n")
    scans = scanned_copy(src, tmp_path / "scans")
    desks = scanned_copy(src, tmp_path / "desks", desk=True)
    with Image.open(scans / "docs" / "a.tif") as scan, Image.open(desks / "docs" / "a.tif") as photo:
        assert photo.n_frames == 2
        for i in range(2):
            scan.seek(i)
            photo.seek(i)
            assert photo.size[0] > scan.size[0] and photo.size[1] > scan.size[1]
            assert find_page(np.asarray(photo)) is not None
    doc = read_document((desks / "docs" / "a.tif").read_bytes(), ocr)
    assert extract(doc).fields["total"].value == Decimal("142.21")
