"""Every labelled field of a dataset as (features, right or wrong): the pipeline is run in this process
with the rules alone, and each value is compared with the dataset's truth the way score.py compares."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from core.codec import encode_value
from core.confidence import features
from core.errors import InvoiceBotError
from core.pipeline import process
from core.work import WorkConfig, build_ocr

TODAY = dt.date(2026, 12, 1)  # the features' "today", fixed so rows collected on different days agree
SCORED = tuple(n for names in features.GROUPS.values() for n in names)


def scorer(tools: Path):
    """score.py's own comparison (one definition of 'right' for training and measurement)."""
    sys.path.insert(0, str(tools))
    import score  # noqa: PLC0415

    return score.same


TOOLS = Path(__file__).resolve().parents[2] / "shared" / "tools"  # score.py, beside the repository
CONFIG = WorkConfig(ocr_languages="eng+deu+fra+spa+ita+nld+por")  # the product's defaults


def rows(dataset: Path, same, config: WorkConfig = CONFIG, limit: int | None = None) -> Iterator[dict]:
    """One row per labelled field with a value: source set, document id, field, group, features, right."""
    ocr = build_ocr(config.ocr_languages, config.ocr_timeout, config.ocr_engine)
    truth = [json.loads(line) for line in (dataset / "truth.jsonl").read_text().splitlines() if line.strip()]
    for record in truth[:limit]:
        data = (dataset / record["file"]).read_bytes()
        try:
            doc, ex = process(data, ocr, config.options, thresholds=config.thresholds, calibrate=False)
        except InvoiceBotError:
            continue
        view = features.DocView.of(doc)
        for name in SCORED:
            want = record["fields"].get(name)
            value = ex.document_type if name == "document_type" else ex.fields[name].value
            if want in (None, "") or value is None:
                continue
            if name == "document_type":
                ex.fields[name].value = value
            x = features.vector(name, ex, view, TODAY)
            if name == "document_type":
                ex.fields[name].value = None
            yield {"set": dataset.name, "doc": record["id"], "field": name, "group": features.GROUP_OF[name],
                   "x": x, "right": bool(same(name, want, encode_value(value))),
                   "rule_flagged": bool(ex.fields[name].flagged)}


def main(argv: list[str]) -> None:
    """python -m train.collect DATASET OUT.jsonl [LIMIT]"""
    dataset, out = Path(argv[0]), Path(argv[1])
    limit = int(argv[2]) if len(argv) > 2 else None
    same = scorer(TOOLS)
    with out.open("w") as fh:
        for row in rows(dataset, same, limit=limit):
            fh.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
