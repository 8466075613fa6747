"""Accuracy of saved predictions on a synthetic corpus, broken down by layout family, locale or variant,
using the comparison rules of the datasets' score.py (loaded from its path).

  python -m synth.report DIR PRED.jsonl [--by family|locale|variant|country] [--score ../shared/tools/score.py]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections import defaultdict
from pathlib import Path

DEFAULT_SCORE = Path(__file__).resolve().parent.parent.parent / "shared" / "tools" / "score.py"


def load_score(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def breakdown(truth: list[dict], preds: dict[str, dict], by: str, score) -> dict[str, dict[str, list[int]]]:
    """group -> field -> [correct, n]."""
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for rec in truth:
        p = preds.get(Path(rec["file"]).stem, {})
        group = str(rec.get("synth", {}).get(by))
        for name, tv in rec["fields"].items():
            if name not in score.SCORED or tv in (None, ""):
                continue
            pv, _ = score.field_of(p, name)
            cell = out[group][name]
            cell[0] += bool(score.same(name, tv, pv))
            cell[1] += 1
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m synth.report")
    ap.add_argument("dataset", type=Path)
    ap.add_argument("pred", type=Path)
    ap.add_argument("--by", default="family")
    ap.add_argument("--score", type=Path, default=DEFAULT_SCORE)
    a = ap.parse_args(argv)
    score = load_score(a.score)
    truth = [json.loads(line) for line in open(a.dataset / "truth.jsonl", encoding="utf-8")]
    preds = {Path(o.get("file", "")).stem: o for o in map(json.loads, open(a.pred, encoding="utf-8"))}
    table = breakdown(truth, preds, a.by, score)
    fields = sorted({f for g in table.values() for f in g})
    short = {f: f.replace("invoice_", "inv_").replace("vendor_", "v_").replace("customer_", "c_")[:9] for f in fields}
    print(f"{a.by:24}" + "".join(f"{short[f]:>10}" for f in fields) + f"{'all':>8}")
    for group in sorted(table):
        row = table[group]
        ok, n = sum(c[0] for c in row.values()), sum(c[1] for c in row.values())
        cells = "".join(f"{100 * row[f][0] / row[f][1]:>10.0f}" if f in row else f"{'-':>10}" for f in fields)
        print(f"{group:24}{cells}{100 * ok / n:>8.1f}")


if __name__ == "__main__":
    main()
