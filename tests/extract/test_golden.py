"""Golden files: generated invoices in seven languages read end to end (text layer, no OCR)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from core.documents import read_document
from core.extract import extract
from core.ocr import TesseractOcr
from core.pipeline import result_record

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.pdf"))


def _record(name: str) -> dict:
    data = (GOLDEN / f"{name}.pdf").read_bytes()
    return result_record(name, extract(read_document(data, TesseractOcr())))


def test_every_language_has_a_golden_file():
    assert {name[:2] for name in CASES} == {"en", "de", "fr", "es", "it", "nl", "pt"}


@pytest.mark.parametrize("name", CASES)
def test_golden_fields(name: str):
    expected = json.loads((GOLDEN / f"{name}.expected.json").read_text())
    rec = _record(name)
    assert rec["document_type"] == expected["document_type"]
    assert rec["language"] == expected["language"]
    got = {k: rec["fields"][k]["value"] for k in expected["fields"]}
    assert got == expected["fields"]
    # what was found on a clean text layer with consistent arithmetic is not flagged
    for k in ("total", "invoice_number", "invoice_date", "currency"):
        assert not rec["fields"][k]["flagged"], (k, rec["fields"][k]["reasons"])


@pytest.mark.parametrize("name", CASES)
def test_golden_line_items(name: str):
    expected = json.loads((GOLDEN / f"{name}.expected.json").read_text())["line_items"]
    got = [{"description": li["description"], "line_total": li["line_total"]} for li in _record(name)["line_items"]]
    assert got == expected


@pytest.mark.parametrize("name", CASES)
def test_golden_amounts_add_up(name: str):
    rec = _record(name)
    f = {k: v["value"] for k, v in rec["fields"].items()}
    if f["subtotal"] is not None and f["tax_total"] is not None:
        assert Decimal(f["subtotal"]) + Decimal(f["tax_total"]) == Decimal(f["total"])
