"""Fit the confidence model (core/confidence/model.json) from collected rows, and measure it only on
documents it was not fitted on: leave one source out, and folds by document within the sources.

    python -m train.confidence ROWS.jsonl... [--out core/confidence/model.json] [--plot reliability.png]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from core.confidence import features

SHIPPED = ("money",)  # groups whose model adds flags well on left-out sources (see print_report)
MAX_FALSE_ALARMS = 0.10  # share of right values flagged that the threshold may cost
FOLDS = 5
C = 0.5  # the logistic model's inverse regularisation
SEED = 7


def load(paths: list[Path]) -> list[dict]:
    return [json.loads(line) for p in paths for line in p.read_text().splitlines() if line.strip()]


def _fit(x: np.ndarray, y: np.ndarray) -> tuple[StandardScaler, LogisticRegression]:
    scaler = StandardScaler().fit(x)
    scaler.scale_[scaler.scale_ == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=2000).fit(scaler.transform(x), y)
    return scaler, model


def _raw(fitted: tuple[StandardScaler, LogisticRegression], x: np.ndarray) -> np.ndarray:
    scaler, model = fitted
    return model.predict_proba(scaler.transform(x))[:, 1]


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Raw scores of each row from a model fitted without its document."""
    raw = np.zeros(len(y))
    folds = GroupKFold(n_splits=min(FOLDS, len(set(groups))))
    for train, test in folds.split(x, y, groups):
        if len(set(y[train])) < 2:
            raw[test] = y[train].mean()
            continue
        raw[test] = _raw(_fit(x[train], y[train]), x[test])
    return raw


def calibrated(raw_fit: np.ndarray, y_fit: np.ndarray, raw: np.ndarray) -> tuple[IsotonicRegression, np.ndarray]:
    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw_fit, y_fit)
    return iso, iso.predict(raw)


def threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The highest flag threshold whose false alarms (right values flagged) stay within the budget."""
    right = p[y == 1]
    if len(right) == 0:
        return 0.5
    candidates = np.unique(np.concatenate([p, [0.0]]))
    best = 0.0
    for t in candidates:
        if (right < t).mean() <= MAX_FALSE_ALARMS:
            best = max(best, float(t))
    return best


def trade_off(p: np.ndarray, y: np.ndarray, t: float) -> tuple[float, float]:
    """(share of wrong values flagged, share of right values flagged) at threshold t."""
    wrong, right = p[y == 0], p[y == 1]
    caught = float((wrong < t).mean()) if len(wrong) else float("nan")
    alarms = float((right < t).mean()) if len(right) else float("nan")
    return caught, alarms


def group_arrays(rows: list[dict], group: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    sel = [r for r in rows if r["group"] == group]
    x = np.array([r["x"] for r in sel], dtype=float)
    y = np.array([int(r["right"]) for r in sel])
    docs = np.array([f'{r["set"]}/{r["doc"]}' for r in sel])
    sets = np.array([r["set"] for r in sel])
    ruled = np.array([int(r["rule_flagged"]) for r in sel])
    return x, y, docs, sets, ruled


def train(rows: list[dict]) -> tuple[dict, dict]:
    """The model file's content, and the measurements per group and set (documents never fitted on)."""
    model: dict = {"groups": {}, "max_false_alarms": MAX_FALSE_ALARMS}
    report: dict = defaultdict(dict)
    for group in features.GROUPS:
        x, y, docs, sets, ruled = group_arrays(rows, group)
        if len(y) < 20 or len(set(y)) < 2:
            continue
        raw_oof = out_of_fold(x, y, docs)
        iso, p_oof = calibrated(raw_oof, y, raw_oof)
        t = threshold(p_oof, y)
        fitted = _fit(x, y)
        scaler, lr = fitted
        target = model["groups"] if group in SHIPPED else {}  # measured for every group, shipped for some
        target[group] = {
            "names": list(features.names(group)), "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
            "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0]),
            "iso_x": iso.X_thresholds_.tolist(), "iso_y": iso.y_thresholds_.tolist(), "flag_below": t,
            "rows": int(len(y)),
        }
        left_p: list[float] = []
        left_y: list[int] = []
        for s in sorted(set(sets)):
            here, rest = sets == s, sets != s
            entry = {"n": int(here.sum()), "right": round(float(y[here].mean()), 3),
                     "rules": trade_off(np.where(ruled[here] == 1, 0.0, 1.0), y[here], 0.5),
                     "folds": trade_off(p_oof[here], y[here], t)}
            if len(set(y[rest])) == 2 and rest.sum() >= 20:  # this source never seen: fitted and calibrated without it
                raw_rest = out_of_fold(x[rest], y[rest], docs[rest])
                iso_rest, p_rest_fit = calibrated(raw_rest, y[rest], raw_rest)
                t_rest = threshold(p_rest_fit, y[rest])
                p_left = iso_rest.predict(_raw(_fit(x[rest], y[rest]), x[here]))
                entry["left_out"] = trade_off(p_left, y[here], t_rest)
                left_p += p_left.tolist()
                left_y += y[here].tolist()
                either = np.where(ruled[here] == 1, 0.0, p_left)  # the rules' flags stand, the model adds its own
                entry["either"] = trade_off(either, y[here], t_rest)
            report[group][s] = entry
        report[group]["_left_out"] = {"p": left_p, "y": left_y}  # each row scored by a model without its source
    return model, report


def reliability_png(report: dict, path: Path, bins: int = 10) -> None:
    """Predicted confidence (x) against the share found right (y) per field group, each value scored by a
    model fitted and calibrated without its source."""
    from PIL import Image, ImageDraw

    size, pad = 520, 50
    img = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(img)
    span = size - 2 * pad
    draw.rectangle([pad, pad, size - pad, size - pad], outline="black")
    draw.line([pad, size - pad, size - pad, pad], fill=(180, 180, 180))
    colours = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e"]
    for i, (group, entry) in enumerate(sorted(report.items())):
        p, y = np.array(entry["_left_out"]["p"]), np.array(entry["_left_out"]["y"])
        pts = []
        for b in range(bins):
            sel = (p >= b / bins) & (p < (b + 1) / bins if b < bins - 1 else p <= 1.0)
            if sel.sum() >= 5:
                pts.append((pad + span * p[sel].mean(), size - pad - span * y[sel].mean()))
        colour = colours[i % len(colours)]
        if len(pts) > 1:
            draw.line(pts, fill=colour, width=2)
        for cx, cy in pts:
            draw.ellipse([cx - 3, cy - 3, cx + 3, cy + 3], fill=colour)
        draw.text((pad + 8, pad + 8 + 14 * i), group, fill=colour)
    draw.text((pad, size - pad + 10), "predicted confidence 0 .. 1", fill="black")
    draw.text((8, pad - 20), "share right", fill="black")
    img.save(path)


def print_report(report: dict) -> None:
    def pct(v):
        return "  -  " if v != v else f"{100 * v:5.1f}"

    print(f"{'group':6} {'set':10} {'n':>5} {'right%':>6} | {'rules: caught / alarms':>22} | "
          f"{'folds: caught / alarms':>22} | {'source left out':>18} | {'rules or model':>16}")
    for group, sets in sorted(report.items()):
        for s, e in sorted(sets.items()):
            if s.startswith("_"):
                continue
            lo = e.get("left_out")
            print(f"{group:6} {s:10} {e['n']:>5} {100 * e['right']:6.1f} | {pct(e['rules'][0]):>10} / "
                  f"{pct(e['rules'][1]):>9} | {pct(e['folds'][0]):>10} / {pct(e['folds'][1]):>9} | "
                  f"{(pct(lo[0]) + ' / ' + pct(lo[1])) if lo else '-':>18} | "
                  f"{(pct(e['either'][0]) + ' / ' + pct(e['either'][1])) if lo else '-':>16}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=Path("core/confidence/model.json"))
    ap.add_argument("--plot", type=Path, default=None)
    args = ap.parse_args()
    np.random.seed(SEED)
    model, report = train(load(args.rows))
    args.out.write_text(json.dumps(model, indent=1) + "\n")
    print_report(report)
    if args.plot:
        reliability_png(report, args.plot)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
