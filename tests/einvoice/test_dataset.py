"""Every Factur-X/ZUGFeRD PDF of the zugferd set gives its truth.jsonl values exactly (read at test time)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from core.pipeline import process, result_record
from tests.conftest import DATASETS

SET = DATASETS / "zugferd"
MONEY = {"subtotal", "tax_total", "total", "amount_due"}
SKIP = {"language", "rendering"}


def _truth() -> list[dict]:
    if not (SET / "einvoice").is_dir():
        pytest.skip(f"the zugferd set is not beside the checkout ({SET})")
    return [json.loads(line) for line in (SET / "truth.jsonl").read_text().splitlines() if line.strip()]


def _same(name: str, truth: str, value: object) -> bool:
    if value is None:
        return False
    if name in MONEY:
        return Decimal(truth) == Decimal(str(value))
    if name == "iban":
        return re.sub(r"\s", "", truth) == value
    return truth == value


def test_every_einvoice_matches_its_truth(ocr):
    records = _truth()
    wrong = []
    for rec in records:
        path = SET / "einvoice" / f"{rec['id']}.pdf"
        _, ex = process(path.read_bytes(), ocr)
        out = result_record(str(path), ex)
        for name, truth in rec["fields"].items():
            if truth is None or name in SKIP:
                continue
            value = out["fields"][name]["value"]
            if not _same(name, truth, value) or out["fields"][name]["source"] != "xml":
                wrong.append((rec["id"], name, truth, value))
        if rec["line_items"] is not None and out["line_items"] != rec["line_items"]:
            wrong.append((rec["id"], "line_items", len(rec["line_items"]), len(out["line_items"])))
    assert len(records) >= 40
    assert wrong == []
