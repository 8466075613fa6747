"""A4 letter layouts: where the vendor and the customer stand (letterhead left/right/centred, logo only,
DIN 5008 window, side by side, bill-to/ship-to, vendor only in the footer, a private customer)."""

from __future__ import annotations

import random

from synth.canvas import SANS, SERIF, Canvas
from synth.content import Spec
from synth.layouts import parts as P
from synth.model import Doc

COLS = ["description", "qty", "unit_price", "amount"]


def _start(rng: random.Random, families=SANS + SERIF) -> tuple[Canvas, P.Style]:
    c = Canvas("A4")
    c.page()
    return c, P.Style.draw(rng, families)


def letterhead_left(d: Doc, rng: random.Random) -> Canvas:
    c, st = _start(rng)
    P.letterhead(c, d, st, "L")
    P.address(c, d.customer, st, st.left, 52)
    P.meta(c, st, P.meta_rows(d), 125, 52, value_x=160)
    y = P.title(c, d, st, st.left, 90)
    y = P.table(c, d, st, COLS, y + 8)
    P.finish(c, d, st, y)
    return c


def letterhead_right(d: Doc, rng: random.Random) -> Canvas:
    c, st = _start(rng)
    P.letterhead(c, d, st, "R")
    P.address(c, d.customer, st, st.left, 55)
    y = P.title(c, d, st, st.left, 88, size=14)
    y = P.meta(c, st, P.meta_rows(d, vat=True), st.left, y + 4, value_x=st.left + 40)
    y = P.table(c, d, st, ["pos"] + COLS, y + 8)
    P.finish(c, d, st, y, legal=False)
    P.footer(c, d, st, bank=True)
    return c


def letterhead_centred(d: Doc, rng: random.Random) -> Canvas:
    c, st = _start(rng, SERIF)
    y = P.letterhead(c, d, st, "C", y=22)
    c.rule(st.left, y, st.right, y, 0.4)
    P.address(c, d.customer, st, st.left, 50)
    P.meta(c, st, P.meta_rows(d), 120, 50, right=st.right)
    y = P.title(c, d, st, c.w / 2, 92, "C", size=18)
    y = P.table(c, d, st, ["description", "qty_unit", "unit_price", "amount"], y + 8)
    P.finish(c, d, st, y)
    return c


def logo_footer_legal(d: Doc, rng: random.Random) -> Canvas:
    """Only a drawn logo at the top; the vendor's name and address stand in the footer's legal block."""
    c, st = _start(rng)
    c.shape(rng.choice(["circle", "square", "triangle", "bars"]), st.left, 12, 18, st.accent)
    P.address(c, d.customer, st, st.left, 50)
    P.meta(c, st, P.meta_rows(d), 125, 50, value_x=160)
    y = P.title(c, d, st, st.left, 88)
    y = P.table(c, d, st, COLS, y + 8)
    P.finish(c, d, st, y, bank=False)
    return c


def din5008_window(d: Doc, rng: random.Random) -> Canvas:
    """DIN 5008 form B: sender line over the window's address, info block on the right."""
    c, st = _start(rng)
    c.ink(*st.accent)
    c.font(st.size + 5, "B", st.family)
    c.text(st.right, 25, d.vendor.name, "R")
    c.ink(0)
    P.sender_line(c, d, st, 25, 50)
    P.address(c, d.customer, st, 25, 56)
    P.meta(c, st, P.meta_rows(d), 125, 55, value_x=162)
    y = P.title(c, d, st, 25, 104, size=13)
    y = P.table(c, d, st, ["pos"] + COLS, y + 6, x0=25)
    P.finish(c, d, st, y)
    return c


def din5008_letter(d: Doc, rng: random.Random) -> Canvas:
    """DIN 5008 form A with a salutation and an opening sentence before the table."""
    c, st = _start(rng, SERIF)
    P.letterhead(c, d, st, "L", y=18, contact=False)
    P.sender_line(c, d, st, 25, 32)
    P.address(c, d.customer, st, 25, 38)
    P.meta(c, st, P.meta_rows(d, customer_no=False), 125, 38, value_x=160)
    c.font(st.size, "", st.family)
    c.text(st.right, 80, f"{d.vendor.city}, {d.date(d.issue)}", "R")
    y = P.title(c, d, st, 25, 90, size=12, with_number=True)
    c.font(st.size, "", st.family)
    y = c.lines(25, y + 4, [d.words["dear"], d.words["intro"]], st.lead)
    y = P.table(c, d, st, COLS, y + 4, x0=25)
    P.finish(c, d, st, y)
    return c


def parties_side_by_side(d: Doc, rng: random.Random) -> Canvas:
    c, st = _start(rng)
    y = P.title(c, d, st, st.left, 22, size=20)
    c.font(st.size, "B", st.family)
    c.text(st.left, 38, d.vendor.name)
    c.font(st.size, "", st.family)
    c.lines(st.left, 38 + st.lead, [d.vendor.street, d.vendor.city_line, P.vat_line(d)], st.lead)
    P.address(c, d.customer, st, 110, 38 - st.lead, title=d.words["bill_to"])
    y = P.meta(c, st, P.meta_rows(d), st.left, 68, value_x=st.left + 38)
    y = P.table(c, d, st, COLS, y + 8)
    P.finish(c, d, st, y, legal=False)
    return c


def bill_to_ship_to(d: Doc, rng: random.Random) -> Canvas:
    c, st = _start(rng)
    P.letterhead(c, d, st, "L")
    P.meta(c, st, P.meta_rows(d, vat=True), 125, 20, value_x=158)
    P.address(c, d.customer, st, st.left, 52, title=d.words["bill_to"])
    P.address(c, d.ship_to, st, 110, 52, title=d.words["ship_to"])
    y = P.title(c, d, st, st.left, 90, size=14)
    y = P.table(c, d, st, ["article", "description", "qty", "unit_price", "amount"], y + 6)
    P.finish(c, d, st, y, legal=False)
    c.font(7, "", st.family)
    c.text(st.left, 285, f"{d.vendor.name} · {d.vendor.email} · {d.vendor.web}")
    return c


def vendor_footer_only(d: Doc, rng: random.Random) -> Canvas:
    """No letterhead and no logo: the vendor appears only in the footer."""
    c, st = _start(rng)
    y = P.title(c, d, st, st.right, 30, "R", size=22)
    P.address(c, d.customer, st, st.left, 50)
    P.meta(c, st, P.meta_rows(d), 125, 50, right=st.right)
    y = P.table(c, d, st, COLS, 90, fill=st.accent)
    P.finish(c, d, st, y, bank=False)
    return c


def customer_person(d: Doc, rng: random.Random) -> Canvas:
    """A private customer, named with a salutation on the same line."""
    c, st = _start(rng)
    P.letterhead(c, d, st, "R", y=22)
    P.address(c, d.customer, st, st.left, 55, salutation_line=False)
    P.meta(c, st, P.meta_rows(d, customer_no=False), 125, 55, value_x=160)
    y = P.title(c, d, st, st.left, 90, size=14)
    y = P.table(c, d, st, ["description", "qty", "amount"], y + 6)
    P.finish(c, d, st, y)
    return c


FAMILIES = {
    "letterhead_left": (letterhead_left, Spec()),
    "letterhead_right": (letterhead_right, Spec()),
    "letterhead_centred": (letterhead_centred, Spec()),
    "logo_footer_legal": (logo_footer_legal, Spec()),
    "din5008_window": (din5008_window, Spec(person=0.4)),
    "din5008_letter": (din5008_letter, Spec(person=0.0)),
    "parties_side_by_side": (parties_side_by_side, Spec()),
    "bill_to_ship_to": (bill_to_ship_to, Spec(ship_to=True, person=0.0)),
    "vendor_footer_only": (vendor_footer_only, Spec()),
    "customer_person": (customer_person, Spec(person=1.0)),
}
