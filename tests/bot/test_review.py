"""A review re-checks after every correction: sums, line totals, dates, currency; user values win."""

from __future__ import annotations

from decimal import Decimal

from bot.corrections import parse_corrections
from bot.review import apply, build
from core.codec import to_json
from core.models import Extraction, LineItem


def result(**values) -> dict:
    ex = Extraction.empty()
    for name, value in values.items():
        ex.fields[name].value, ex.fields[name].source, ex.fields[name].confidence = value, "text", 0.9
    ex.line_items = [LineItem("Widget", Decimal(2), Decimal(50), Decimal(100))]
    return {"extraction": to_json(ex)}


def correct(res: dict, draft: dict, text: str) -> dict:
    edits, errors = parse_corrections(text, "en")
    assert errors == []
    new, changes, errors = apply(build(res, draft, "en"), draft, edits, "en")
    assert errors == [] and changes
    return new


def test_sum_mismatch_flagged_then_resolved_by_a_correction():
    res = result(vendor_name="ACME", invoice_number="1", currency="EUR", subtotal=Decimal(100),
                 tax_total=Decimal(19), total=Decimal(191))
    ex = build(res, {}, "en")
    assert ex.fields["total"].flagged
    assert ex.fields["total"].reasons == ["net 100 + tax 19 = 119, not 191"]
    assert ex.fields["invoice_date"].reasons == ["missing"]
    draft = correct(res, {}, "total 119.00; date 2024-05-03")
    ex = build(res, draft, "en")
    assert not ex.fields["total"].flagged and ex.fields["total"].source == "user"
    assert ex.fields["total"].value == Decimal("119.00")
    assert [n for n, f in ex.fields.items() if f.flagged] == []


def test_line_edits_recheck_the_net_amount():
    res = result(subtotal=Decimal(100))
    draft = correct(res, {}, "line 1 total 40.00; line 2 total 50.00")
    ex = build(res, draft, "en")
    assert [li.line_total for li in ex.line_items] == [Decimal("40.00"), Decimal("50.00")]
    assert ex.fields["subtotal"].reasons == ["line items add up to 90.00, not 100"]
    draft = correct(res, draft, "due 2024-01-01; date 2024-02-01")
    ex = build(res, draft, "en")
    assert ex.fields["due_date"].reasons == ["due date is before the invoice date"]


def test_a_correction_that_makes_the_amounts_agree_settles_their_flags():
    res = result(subtotal=Decimal(100), tax_total=Decimal(19), total=Decimal(191))
    ex_json = res["extraction"]["fields"]
    for name in ("subtotal", "tax_total", "total"):  # as an extractor's own arithmetic check would flag them
        ex_json[name]["flagged"], ex_json[name]["reasons"] = True, ["subtotal 100 + tax 19 = 119 but total reads 191"]
    draft = correct(res, {}, "total 119")
    ex = build(res, draft, "en")
    assert [ex.fields[n].flagged for n in ("subtotal", "tax_total", "total")] == [False, False, False]
    draft = correct(res, draft, "total 120")
    assert build(res, draft, "en").fields["tax_total"].reasons[-1] == "net 100 + tax 19 = 119, not 120"


def test_receipts_need_no_number_and_the_type_can_be_corrected():
    res = result(vendor_name="Shop", currency="EUR", total=Decimal(5))
    draft = correct(res, {}, "type receipt; date 2024-05-03")
    ex = build(res, draft, "en")
    assert ex.document_type == "receipt"
    assert [n for n, f in ex.fields.items() if f.flagged] == []
    draft = correct(res, draft, "type invoice")
    assert build(res, draft, "en").fields["invoice_number"].reasons == ["missing"]
