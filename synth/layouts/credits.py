"""Credit notes: one with negative amounts throughout, one with positive amounts and "credit" wording,
both naming the invoice they correct."""

from __future__ import annotations

import random

from synth import ids
from synth.canvas import SANS, SERIF, Canvas
from synth.content import Spec
from synth.layouts import parts as P
from synth.model import Doc


def _credit(d: Doc, rng: random.Random, cols: list[str], align: str) -> Canvas:
    c = Canvas("A4")
    c.page()
    st = P.Style.draw(rng, SANS + SERIF)
    P.letterhead(c, d, st, align)
    P.address(c, d.customer, st, st.left, 50)
    P.meta(c, st, P.meta_rows(d), 122, 50, value_x=160)
    y = P.title(c, d, st, st.left, 88, size=15)
    original = ids.invoice_number(rng, d.issue.year, "invoice")
    c.font(st.size, "", st.family)
    c.text(st.left, y + 2, d.words["ref"].format(n=original))
    y = P.table(c, d, st, cols, y + 10)
    P.finish(c, d, st, y)
    return c


def credit_note_negative(d: Doc, rng: random.Random) -> Canvas:
    return _credit(d, rng, ["pos", "description", "qty", "unit_price", "amount"], "L")


def credit_note_wording(d: Doc, rng: random.Random) -> Canvas:
    return _credit(d, rng, ["description", "qty", "unit_price", "amount"], "R")


FAMILIES = {
    "credit_note_negative": (credit_note_negative, Spec(kind="credit_note", negative=True, lines=(1, 4))),
    "credit_note_wording": (credit_note_wording, Spec(kind="credit_note", lines=(1, 4))),
}
