"""A4 layouts that differ in the line-item table: 3 to 8 columns, wrapped descriptions, several VAT
rates with a per-rate breakdown, discounts, prepayments and totals carried over several pages."""

from __future__ import annotations

import random

from synth.canvas import SANS, SERIF, Canvas
from synth.content import Spec
from synth.layouts import parts as P
from synth.model import Doc


def _head(d: Doc, rng: random.Random, families=SANS + SERIF) -> tuple[Canvas, P.Style, float]:
    c = Canvas("A4")
    c.page()
    st = P.Style.draw(rng, families)
    P.letterhead(c, d, st, rng.choice("LR"))
    P.address(c, d.customer, st, st.left, 50)
    P.meta(c, st, P.meta_rows(d), 122, 50, value_x=158)
    y = P.title(c, d, st, st.left, 86, size=14)
    return c, st, y + 6


def table_three_columns(d: Doc, rng: random.Random) -> Canvas:
    c, st, y = _head(d, rng)
    y = P.table(c, d, st, ["description", "qty", "amount"], y, x1=150)
    P.finish(c, d, st, y, x=100, box=True)
    return c


def table_eight_columns(d: Doc, rng: random.Random) -> Canvas:
    c, st, y = _head(d, rng, ("dejavu-condensed", "nimbus-narrow"))
    y = P.table(c, d, st, ["pos", "article", "description", "qty", "unit", "unit_price", "rate", "amount"], y,
                x0=15, x1=195, grid=True)
    P.finish(c, d, st, y, vat_breakdown=True)
    return c


def wrapped_descriptions(d: Doc, rng: random.Random) -> Canvas:
    c, st, y = _head(d, rng)
    y = P.table(c, d, st, ["pos", "description", "qty_unit", "unit_price", "amount"], y, x1=175)
    P.finish(c, d, st, y)
    return c


def vat_breakdown(d: Doc, rng: random.Random) -> Canvas:
    c, st, y = _head(d, rng)
    y = P.table(c, d, st, ["description", "qty", "unit_price", "rate", "amount"], y)
    P.finish(c, d, st, y, vat_breakdown=True)
    return c


def vat_inline_rates(d: Doc, rng: random.Random) -> Canvas:
    """Several rates listed one per line in the totals block, no separate table."""
    c, st, y = _head(d, rng)
    y = P.table(c, d, st, ["pos", "description", "qty", "unit_price", "rate", "amount"], y, zebra=True)
    P.finish(c, d, st, y)
    return c


def line_discounts(d: Doc, rng: random.Random) -> Canvas:
    c, st, y = _head(d, rng)
    y = P.table(c, d, st, ["description", "qty", "unit_price", "discount", "amount"], y)
    P.finish(c, d, st, y)
    return c


def document_discount(d: Doc, rng: random.Random) -> Canvas:
    c, st, y = _head(d, rng)
    y = P.table(c, d, st, ["pos", "description", "qty_unit", "unit_price", "amount"], y, fill=(90, 90, 90))
    P.finish(c, d, st, y, box=True)
    return c


def prepayment_due(d: Doc, rng: random.Random) -> Canvas:
    c, st, y = _head(d, rng)
    y = P.table(c, d, st, ["description", "qty", "unit_price", "amount"], y)
    P.finish(c, d, st, y)
    return c


def carried_over_pages(d: Doc, rng: random.Random) -> Canvas:
    """Many lines: each page ends with the running total and the next page starts with it."""
    c, st, y = _head(d, rng)
    y = P.table(c, d, st, ["pos", "article", "description", "qty", "unit_price", "amount"], y, limit=255, top=40)
    P.finish(c, d, st, y)
    P.page_number(c, d, st)
    return c


def boxed_grid(d: Doc, rng: random.Random) -> Canvas:
    """Meta data in boxes with the label above the value, a ruled table."""
    c = Canvas("A4")
    c.page()
    st = P.Style.draw(rng, SANS)
    P.letterhead(c, d, st, "L")
    P.address(c, d.customer, st, st.left, 48)
    rows = P.meta_rows(d, most=4)
    for i, (label, value) in enumerate(rows):
        x, top = 110 + 40 * (i % 2), 44 + 12 * (i // 2)
        c.box(x, top, 40, 11)
        c.font(6.5, "", st.family)
        c.text(x + 1.5, top + 3.5, label)
        c.font(st.size, "B", st.family)
        c.text(x + 1.5, top + 9, value)
    y = P.title(c, d, st, st.left, 44 + 12 * ((len(rows) + 1) // 2) + 10, size=14)
    y = P.table(c, d, st, ["pos", "description", "qty", "unit", "unit_price", "amount"], y + 8, grid=True)
    P.finish(c, d, st, y, box=True)
    return c


FAMILIES = {
    "table_three_columns": (table_three_columns, Spec(lines=(1, 5))),
    "table_eight_columns": (table_eight_columns, Spec(lines=(3, 9), multi_rate=True)),
    "wrapped_descriptions": (wrapped_descriptions, Spec(long_desc=True)),
    "vat_breakdown": (vat_breakdown, Spec(lines=(3, 8), multi_rate=True)),
    "vat_inline_rates": (vat_inline_rates, Spec(lines=(3, 8), multi_rate=True)),
    "line_discounts": (line_discounts, Spec(discount="line")),
    "document_discount": (document_discount, Spec(discount="doc")),
    "prepayment_due": (prepayment_due, Spec(prepaid=True)),
    "carried_over_pages": (carried_over_pages, Spec(lines=(30, 55))),
    "boxed_grid": (boxed_grid, Spec()),
}
