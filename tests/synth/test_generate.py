"""The synthetic corpus: deterministic from its seed, every labelled value printed on the page, the
arithmetic exact, identifiers checksum-valid, every layout family and locale produced."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from schwifty import IBAN

from synth import generate, ids, render, truth
from synth.generate import pick
from synth.layouts import NAMES
from synth.locales import ORDER
from synth.money import cents

DATASET_FIELDS = {"vendor_name", "customer_name", "vendor_address", "invoice_number", "invoice_date", "due_date",
                  "currency", "subtotal", "tax_total", "total", "amount_due", "vendor_vat_id", "iban",
                  "document_type", "language", "rendering"}
AMOUNT = re.compile(r"^-?\d+\.\d{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BATCH = [generate(2, i) for i in range(40)]


def test_same_seed_same_bytes_and_truth() -> None:
    a, b = generate(7, 3), generate(7, 3)
    assert a.pdf == b.pdf
    assert a.record == b.record


def test_other_seed_or_index_differs() -> None:
    base = generate(7, 3)
    assert generate(8, 3).record["fields"] != base.record["fields"]
    assert generate(7, 4).pdf != base.pdf


def test_batch_covers_every_family() -> None:
    assert {g.doc.family for g in BATCH} == set(NAMES)
    assert len(NAMES) >= 30


def test_every_family_and_locale_within_a_few_hundred_seeds() -> None:
    pairs = {pick(1, i) for i in range(len(NAMES) * len(ORDER))}
    assert {f for f, _ in pairs} == set(NAMES)
    assert {loc for _, loc in pairs} == set(ORDER)
    assert len(pairs) == len(NAMES) * len(ORDER)


@pytest.mark.parametrize("g", BATCH, ids=lambda g: f"{g.doc.id}-{g.doc.family}-{g.doc.locale}")
def test_text_layer_holds_every_labelled_value(g) -> None:
    assert truth.missing(g.doc, render.text(g.pdf)) == []


@pytest.mark.parametrize("g", BATCH, ids=lambda g: g.doc.id)
def test_arithmetic_holds(g) -> None:
    d, f = g.doc, g.record["fields"]
    for ln in d.lines:
        gross = cents(ln.qty * ln.unit_price)
        assert ln.total == (cents(gross * (100 - ln.discount) / 100) if ln.discount else gross)
    lines = sum((ln.total for ln in d.lines), Decimal(0))
    assert d.lines_sum == lines
    assert d.subtotal + d.tax_total == d.total
    assert sum((t for _, _, t in d.breakdown), Decimal(0)) == d.tax_total
    for rate, base, tax in d.breakdown:
        if d.gross_prices:
            assert tax == cents((base + tax) * rate / (100 + rate))
        else:
            assert tax == cents(base * rate / 100)
    assert d.lines_sum - d.doc_discount == (d.total if d.gross_prices else d.subtotal)
    assert d.amount_due == d.total - d.prepaid
    assert Decimal(f["total"]) == d.total
    if f["amount_due"] is not None:
        assert Decimal(f["amount_due"]) == Decimal(f["total"]) - d.prepaid
    assert sum(Decimal(li["line_total"]) for li in g.record["line_items"]) == d.lines_sum


@pytest.mark.parametrize("g", BATCH, ids=lambda g: g.doc.id)
def test_record_has_the_dataset_format(g) -> None:
    rec = g.record
    assert set(rec) == {"id", "file", "fields", "line_items", "synth"}
    assert rec["file"] == f"docs/{rec['id']}.pdf"
    assert set(rec["fields"]) == DATASET_FIELDS
    f = rec["fields"]
    for k in ("subtotal", "tax_total", "total", "amount_due"):
        assert f[k] is None or AMOUNT.match(f[k]), (k, f[k])
    for k in ("invoice_date", "due_date"):
        assert f[k] is None or DATE.match(f[k]), (k, f[k])
    assert f["document_type"] in ("invoice", "receipt", "credit_note")
    for li in rec["line_items"]:
        assert set(li) == {"description", "quantity", "unit_price", "line_total"}
        assert AMOUNT.match(li["line_total"])
    assert json.loads(json.dumps(rec)) == rec


@pytest.mark.parametrize("g", BATCH, ids=lambda g: g.doc.id)
def test_vat_ids_and_ibans_validate(g) -> None:
    v = g.doc.vendor
    if v.country != "US":
        assert v.vat and ids.is_valid_vat(v.vat, v.country)
    if g.record["fields"]["iban"]:
        IBAN(g.record["fields"]["iban"])   # raises on a bad checksum


def test_negative_credit_notes_print_negative_amounts() -> None:
    g = generate(1, 0, family="credit_note_negative", locale="de")
    assert g.record["fields"]["document_type"] == "credit_note"
    assert Decimal(g.record["fields"]["total"]) < 0
    assert g.doc.num(g.doc.total).startswith("-")
