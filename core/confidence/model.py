"""The learned confidence: per field group a logistic model over `features.vector`, calibrated by isotonic
regression on documents it was not fitted on, and a flag threshold chosen on those documents too. It
ships for the groups where, measured on a source it was not fitted on, it catches more wrong values
than the rules at a small cost in false alarms (train.confidence.SHIPPED).

The model file is data (weights, breakpoints, thresholds), read once per process; `make train` writes it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from ..models import Document, Extraction
from . import features

MODEL_FILE = Path(__file__).with_name("model.json")
MODEL_FREE_SOURCES = ("user", "xml")  # typed by the user, or read from an e-invoice: nothing to doubt


@dataclass(frozen=True, slots=True)
class GroupModel:
    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    iso_x: tuple[float, ...]  # the calibration: raw score -> share of values found right
    iso_y: tuple[float, ...]
    flag_below: float

    def probability(self, x: list[float]) -> float:
        z = self.intercept + sum(c * (v - m) / s for c, v, m, s in zip(self.coef, x, self.mean, self.scale,
                                                                         strict=True))
        raw = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return _interp(raw, self.iso_x, self.iso_y)


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    groups: dict[str, GroupModel]

    def apply(self, ex: Extraction, doc: Document | None, today: dt.date | None = None) -> Extraction:
        """Confidence = the calibrated probability that the value is right. The rules' flags and reasons
        stand; a value they passed is flagged too when the model puts it below its group's threshold."""
        view = features.DocView.of(doc)
        for name, f in ex.fields.items():
            group = self.groups.get(features.GROUP_OF.get(name, ""))
            if group is None or f.value is None or f.source in MODEL_FREE_SOURCES:
                continue
            p = group.probability(features.vector(name, ex, view, today))
            f.confidence = round(p, 4)
            if p < group.flag_below and not f.flagged:
                f.flagged = True
                f.reasons.append(f"{features.GENERIC_REASON} {math.floor(p * 100) / 100:.2f})")
        return ex


def _interp(x: float, xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    if not xs:
        return x
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    lo, hi = 0, len(xs) - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if xs[mid] <= x:
            lo = mid
        else:
            hi = mid
    span = xs[hi] - xs[lo]
    return ys[lo] if span == 0 else ys[lo] + (ys[hi] - ys[lo]) * (x - xs[lo]) / span


def from_dict(data: dict) -> ConfidenceModel:
    groups = {}
    for name, g in data["groups"].items():
        groups[name] = GroupModel(tuple(g["names"]), tuple(g["mean"]), tuple(g["scale"]), tuple(g["coef"]),
                                  float(g["intercept"]), tuple(g["iso_x"]), tuple(g["iso_y"]), float(g["flag_below"]))
        if groups[name].names != features.names(name):
            raise ValueError(f"the confidence model's {name} features differ from the code's: retrain it")
    return ConfidenceModel(groups)


@functools.cache
def load(path: Path = MODEL_FILE) -> ConfidenceModel | None:
    """The shipped model, once per process; None where none was trained (the rules' confidence stands)."""
    if not path.exists():
        return None
    return from_dict(json.loads(path.read_text()))
