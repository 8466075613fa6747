"""The confidence model's runtime side: features in the order the model file names them, a model read
from its file data, calibrated probabilities that set confidence and flags; no model, no change."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from core.confidence import features
from core.confidence.model import from_dict, load
from core.extract import extract
from tests.extract.builder import document

ROWS = [[(40, "ACME Supplies Ltd")], [(40, "Invoice INV-17")], [(40, "Date 03.05.2024")],
        [(40, "Net 100.00 EUR")], [(40, "VAT 20 % 20.00 EUR")], [(40, "Total 120.00 EUR")]]


def model_data(weight_on_conf: float, flag_below: float) -> dict:
    """Every group: the score is the rules' confidence times a weight; identity calibration."""
    groups = {}
    for group in features.GROUPS:
        names = features.names(group)
        coef = [0.0] * len(names)
        coef[names.index("conf")] = weight_on_conf
        groups[group] = {"names": list(names), "mean": [0.0] * len(names), "scale": [1.0] * len(names),
                         "coef": coef, "intercept": 0.0, "iso_x": [0.0, 1.0], "iso_y": [0.0, 1.0],
                         "flag_below": flag_below}
    return {"groups": groups}


def test_every_field_has_as_many_features_as_its_group_names():
    doc = document(ROWS)
    ex = extract(doc)
    view = features.DocView.of(doc)
    for name, f in ex.fields.items():
        if f.value is None or name == "document_type":
            continue
        x = features.vector(name, ex, view, dt.date(2026, 12, 1))
        assert len(x) == len(features.names(features.GROUP_OF[name])), name
        assert all(isinstance(v, float) for v in x)


def test_the_model_sets_confidence_and_flags_by_its_threshold():
    doc = document(ROWS)
    ex = extract(doc)
    assert ex.fields["total"].value == Decimal("120.00")
    sure = from_dict(model_data(weight_on_conf=20.0, flag_below=0.5)).apply(ex, doc)
    assert sure.fields["total"].confidence > 0.99 and not sure.fields["total"].flagged
    ex = extract(doc)
    doubtful = from_dict(model_data(weight_on_conf=-20.0, flag_below=0.5)).apply(ex, doc)
    total = doubtful.fields["total"]
    assert total.confidence < 0.01 and total.flagged
    assert any(r.startswith("uncertain (confidence 0.00") for r in total.reasons)


def test_a_model_file_for_other_features_is_refused():
    data = model_data(1.0, 0.5)
    data["groups"]["money"]["names"] = data["groups"]["money"]["names"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        from_dict(data)


def test_no_model_file_means_no_model(tmp_path):
    assert load(tmp_path / "absent.json") is None
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model_data(1.0, 0.3)))
    assert set(load(path).groups) == set(features.GROUPS)
