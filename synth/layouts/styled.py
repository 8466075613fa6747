"""A4 and A5 layouts that differ in look: a coloured header band, a vendor sidebar, a classic serif page,
a zebra-striped modern page, a US-style invoice, totals on the left, the number in the title, an A5 bill."""

from __future__ import annotations

import random

from synth.canvas import SANS, SERIF, Canvas
from synth.content import Spec
from synth.layouts import parts as P
from synth.model import Doc


def header_band(d: Doc, rng: random.Random) -> Canvas:
    c = Canvas("A4")
    c.page()
    st = P.Style.draw(rng, SANS)
    c.box(0, 0, c.w, 32, st.accent, stroke=False)
    c.ink(255)
    c.font(20, "B", st.family)
    c.text(st.left, 18, d.vendor.name)
    c.font(st.size, "", st.family)
    c.text(st.left, 25, f"{d.vendor.street}, {d.vendor.city_line}")
    c.font(22, "B", st.family)
    c.text(st.right, 20, d.title.upper(), "R")
    c.ink(0)
    P.address(c, d.customer, st, st.left, 48, title=d.words["bill_to"])
    P.meta(c, st, P.meta_rows(d), 120, 48, right=st.right)
    y = P.table(c, d, st, ["description", "qty", "unit_price", "amount"], 85, fill=st.accent)
    P.finish(c, d, st, y)
    return c


def sidebar_vendor(d: Doc, rng: random.Random) -> Canvas:
    """The vendor's details in a tinted column on the left, the document to its right."""
    c = Canvas("A4")
    c.page()
    st = P.Style.draw(rng, SANS)
    st.left = 62
    c.box(0, 0, 55, c.h, (235, 238, 242), stroke=False)
    c.font(12, "B", st.family)
    y = c.lines(6, 25, c.wrap(d.vendor.name, 45), 5.5)
    c.font(7.5, "", st.family)
    v = d.vendor
    rows = [v.street, v.city_line, "", v.phone, v.email, v.web, "", P.vat_line(d)]
    if d.iban_print:
        rows += ["", d.words["bank"], "IBAN", d.iban_print, f"BIC {d.bic}"]
    c.lines(6, y + 4, [r for r in rows if r is not None], 3.8)
    y = P.title(c, d, st, st.left, 30, size=18)
    P.address(c, d.customer, st, st.left, 45)
    P.meta(c, st, P.meta_rows(d), 135, 45, right=st.right)
    y = P.table(c, d, st, ["description", "qty", "unit_price", "amount"], 80)
    P.finish(c, d, st, y, x=125, bank=False, legal=False)
    return c


def serif_classic(d: Doc, rng: random.Random) -> Canvas:
    c = Canvas("A4")
    c.page()
    st = P.Style.draw(rng, SERIF)
    st.accent = (0, 0, 0)
    y = P.letterhead(c, d, st, "C", y=20)
    c.rule(st.left, y, st.right, y, 0.6)
    c.rule(st.left, y + 0.9, st.right, y + 0.9, 0.2)
    y = P.title(c, d, st, c.w / 2, 45, "C", size=15)
    P.address(c, d.customer, st, st.left, 58)
    P.meta(c, st, P.meta_rows(d), 120, 58, right=st.right)
    y = P.table(c, d, st, ["description", "qty", "unit_price", "amount"], 92, grid=True)
    P.finish(c, d, st, y, box=True)
    return c


def zebra_modern(d: Doc, rng: random.Random) -> Canvas:
    c = Canvas("A4")
    c.page()
    st = P.Style.draw(rng, ("nimbus-sans", "urw-gothic", "dejavu-sans"))
    c.shape("circle", st.left, 14, 10, st.accent)
    c.font(15, "B", st.family)
    c.text(st.left + 14, 22, d.vendor.name)
    c.font(st.size - 1, "", st.family)
    c.text(st.left + 14, 27, f"{d.vendor.street} | {d.vendor.city_line}")
    c.font(26, "", st.family)
    c.ink(*st.accent)
    c.text(st.right, 24, d.title, "R")
    c.ink(0)
    P.meta(c, st, P.meta_rows(d), 120, 45, right=st.right)
    P.address(c, d.customer, st, st.left, 45, title=d.words["bill_to"])
    y = P.table(c, d, st, ["pos", "description", "qty", "unit_price", "amount"], 82, zebra=True)
    P.finish(c, d, st, y)
    return c


def us_invoice(d: Doc, rng: random.Random) -> Canvas:
    """Bill-to and ship-to boxes, terms and the invoice number boxed at the top right."""
    c = Canvas("Letter")
    c.page()
    st = P.Style.draw(rng, ("helvetica", "nimbus-sans", "dejavu-sans"))
    st.right = c.w - 20
    P.letterhead(c, d, st, "L")
    c.font(24, "B", st.family)
    c.text(st.right, 22, d.title.upper(), "R")
    y = max(58.0, P.meta(c, st, P.meta_rows(d, vat=True), 130, 32, right=st.right) + 4)
    P.address(c, d.customer, st, st.left, y, title=d.words["bill_to"])
    P.address(c, d.ship_to, st, 110, y, title=d.words["ship_to"])
    y = P.table(c, d, st, ["qty", "description", "unit_price", "amount"], y + 34, x1=st.right, fill=(60, 60, 60))
    P.finish(c, d, st, y, x=st.right - 70, legal=False)
    c.font(8, "I", st.family)
    c.text(c.w / 2, c.h - 15, d.words["thanks"], "C")
    return c


def totals_left(d: Doc, rng: random.Random) -> Canvas:
    c = Canvas("A4")
    c.page()
    st = P.Style.draw(rng, SANS + SERIF)
    P.letterhead(c, d, st, "L")
    P.address(c, d.customer, st, 120, 50)
    P.meta(c, st, P.meta_rows(d), st.left, 50, value_x=st.left + 38)
    y = P.title(c, d, st, st.left, 88, size=13)
    y = P.table(c, d, st, ["description", "qty", "unit_price", "amount"], y + 6)
    y = P.totals(c, d, st, st.left, y + st.lead, right=st.left + 80)
    P.payment(c, d, st, st.left, y + 3)
    P.footer(c, d, st, bank=False)
    return c


def number_in_title(d: Doc, rng: random.Random) -> Canvas:
    c = Canvas("A4")
    c.page()
    st = P.Style.draw(rng, SANS + SERIF)
    P.letterhead(c, d, st, "R", y=20)
    P.address(c, d.customer, st, st.left, 48)
    y = P.title(c, d, st, st.left, 82, size=16, with_number=True)
    c.font(st.size, "", st.family)
    c.text(st.right, 82, f"{d.vendor.city}, {d.date(d.issue)}", "R")
    rows = [r for r in P.meta_rows(d) if r[1] not in (d.number, d.date(d.issue))]
    y = P.meta(c, st, rows, st.left, y + 4, value_x=st.left + 38)
    y = P.table(c, d, st, ["pos", "description", "qty_unit", "unit_price", "amount"], y + 6)
    P.finish(c, d, st, y)
    return c


def compact_a5(d: Doc, rng: random.Random) -> Canvas:
    """An A5 bill in small type, everything squeezed."""
    c = Canvas((148, 210))
    c.page()
    st = P.Style.draw(rng, SANS)
    st.size, st.lead, st.left, st.right = 8.0, 3.8, 10.0, c.w - 10
    c.font(12, "B", st.family)
    c.text(st.left, 14, d.vendor.name)
    c.font(7, "", st.family)
    c.text(st.left, 18.5, f"{d.vendor.street}, {d.vendor.city_line} · {P.vat_line(d)}")
    P.address(c, d.customer, st, st.left, 30)
    P.meta(c, st, P.meta_rows(d), 80, 30, right=st.right)
    y = P.title(c, d, st, st.left, 55, size=12)
    y = P.table(c, d, st, ["description", "qty", "unit_price", "amount"], y + 4, limit=170, top=20)
    if y > 160:
        c.page()
        y = 20
    y = P.totals(c, d, st, 75, y + st.lead)
    P.payment(c, d, st, st.left, y + 2)
    return c


FAMILIES = {
    "header_band": (header_band, Spec()),
    "sidebar_vendor": (sidebar_vendor, Spec()),
    "serif_classic": (serif_classic, Spec()),
    "zebra_modern": (zebra_modern, Spec(lines=(4, 10))),
    "us_invoice": (us_invoice, Spec(ship_to=True, person=0.0)),
    "totals_left": (totals_left, Spec()),
    "number_in_title": (number_in_title, Spec()),
    "compact_a5": (compact_a5, Spec(lines=(1, 4))),
}
