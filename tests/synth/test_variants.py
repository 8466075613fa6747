"""The image variants and the command line: a scan still reads, and the output folder has the datasets'
layout (docs/ + truth.jsonl) with one record per written file."""

from __future__ import annotations

import json
import os

import numpy as np
import pytesseract

from synth import render
from synth.__main__ import main
from synth.generate import generate


def test_scan_variant_still_reads() -> None:
    g = generate(5, 0, family="letterhead_left", locale="en-GB")
    page = render.pages(g.pdf, 200)[0]
    img = render.scan(page, np.random.default_rng(1))
    assert img.mode == "L" and img.size == page.size
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    text = pytesseract.image_to_string(img, lang="eng")
    assert g.doc.number in text


def test_cli_writes_docs_and_truth(tmp_path) -> None:
    main(["--seed", "3", "--count", "2", "--out", str(tmp_path), "--variants", "pdf,scan,photo"])
    records = [json.loads(line) for line in (tmp_path / "truth.jsonl").read_text().splitlines()]
    assert [r["synth"]["variant"] for r in records] == ["pdf", "scan", "photo"] * 2
    for r in records:
        assert (tmp_path / r["file"]).is_file()
        assert r["file"] == f"docs/{r['id']}." + r["file"].rsplit(".", 1)[1]
    stems = [r["file"].rsplit("/", 1)[1].rsplit(".", 1)[0] for r in records]
    assert len(set(stems)) == len(stems)   # score.py keys predictions by file stem
    assert records[0]["fields"] == records[1]["fields"] == records[2]["fields"]
