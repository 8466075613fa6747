"""Till slips: 58 mm and 80 mm rolls in monospace "thermal" and "dot-matrix" type, and a small shop
receipt in proportional type; prices include VAT, the tax is shown as a per-rate breakdown."""

from __future__ import annotations

import random
import textwrap

from synth.canvas import Canvas
from synth.content import Spec
from synth.layouts import parts as P
from synth.model import Doc

MM_PER_PT = 25.4 / 72


def _rows(d: Doc, n: int, upper: bool) -> list[str]:
    """The slip as fixed-width text lines of n characters."""
    w, v = d.words, d.vendor

    def lr(left: str, right: str) -> list[str]:
        if len(left) + len(right) + 1 <= n:
            return [left + " " * (n - len(left) - len(right)) + right]
        head, rest = [], left
        while len(rest) > n - len(right) - 1:
            cut = rest.rfind(" ", 0, n - len(right) - 1)
            cut = cut if cut > 0 else n - len(right) - 1
            head.append(rest[:cut])
            rest = rest[cut:].strip()
        return head + [rest + " " * (n - len(rest) - len(right)) + right]

    rows = [r.center(n).rstrip() for r in textwrap.wrap(v.name, n)] + [v.street.center(n).rstrip(),
                                                                       v.city_line.center(n).rstrip()]
    if v.vat_print:
        rows.append(P.vat_line(d).center(n).rstrip())
    rows += [f"{w['phone']} {v.phone}".center(n).rstrip(), "-" * n]
    rows += lr(d.date(d.issue), d.time)
    rows += lr(d.number_label, d.number)
    rows.append("-" * n)
    codes = {r: "ABC"[i] for i, (r, _, _) in enumerate(d.breakdown)}
    for ln in d.lines:
        rows += lr(ln.description, f"{d.num(ln.total)} {codes[ln.rate]}")
        if ln.qty != 1:
            rows.append(f"  {d.qty(ln.qty)} x {d.price(ln.unit_price)}")
    rows.append("-" * n)
    rows += lr(w["receipt_total"], d.money(d.total))
    if d.paid_cash is not None:
        rows += lr(w["cash"], d.num(d.paid_cash))
        rows += lr(w["change"], d.num(d.paid_cash - d.total))
    else:
        rows += lr(w["card"], d.num(d.total))
    rows.append("")
    col = (n - 8) // 3
    rows.append(f"{'':8}{w['base'][:col]:>{col}}{w['tax'][:col]:>{col}}{w['gross'][:col]:>{col}}")
    for r, base, tax in d.breakdown:
        rows.append(f"{codes[r]} {d.rate(r):<6}"[:8] + f"{d.num(base):>{col}}{d.num(tax):>{col}}{d.num(base + tax):>{col}}")
    if len(d.breakdown) > 1:
        rows.append(f"{'':8}{d.num(d.subtotal):>{col}}{d.num(d.tax_total):>{col}}{d.num(d.total):>{col}}")
    rows += ["", d.words["thanks"].center(n).rstrip()]
    return [r.upper() for r in rows] if upper else rows


def _slip(d: Doc, width: float, chars: int, family: str, upper: bool = False) -> Canvas:
    margin = 3.0 if width < 70 else 4.0
    size = (width - 2 * margin) / chars / 0.6 / MM_PER_PT
    lead = size * MM_PER_PT * 1.25
    rows = _rows(d, chars, upper)
    c = Canvas((width, 2 * margin + 8 + lead * len(rows)))
    c.page()
    c.font(size, "", family)
    c.lines(margin, margin + 6, rows, lead)
    return c


def till_58_thermal(d: Doc, rng: random.Random) -> Canvas:
    return _slip(d, 58, 32, rng.choice(["dejavu-mono", "nimbus-mono"]))


def till_80_thermal(d: Doc, rng: random.Random) -> Canvas:
    return _slip(d, 80, rng.choice([42, 44, 48]), rng.choice(["dejavu-mono", "nimbus-mono"]))


def till_80_dotmatrix(d: Doc, rng: random.Random) -> Canvas:
    return _slip(d, 80, 40, rng.choice(["courier", "nimbus-mono"]), upper=True)


def shop_receipt(d: Doc, rng: random.Random) -> Canvas:
    """A shop receipt on a small page in proportional type."""
    st = P.Style.draw(rng, ("dejavu-sans", "nimbus-sans", "dejavu-condensed"))
    st.size, st.lead, st.left = 8.0, 3.9, 8.0
    height = 95 + st.lead * (len(d.lines) * 2 + len(d.breakdown) * 2)
    c = Canvas((100, height))
    c.page()
    st.right = c.w - 8
    mid = c.w / 2
    c.font(11, "B", st.family)
    y = c.lines(mid, 12, c.wrap(d.vendor.name, 84), 5, "C")
    c.font(7.5, "", st.family)
    y = c.lines(mid, y, [d.vendor.street, d.vendor.city_line, P.vat_line(d)], 3.5, "C")
    c.font(st.size, "B", st.family)
    c.text(mid, y + 3, d.title, "C")
    y = P.meta(c, st, [(d.number_label, d.number), (d.words["date"], f"{d.date(d.issue)} {d.time}")], st.left,
               y + 9, right=st.right)
    c.rule(st.left, y - 2, st.right, y - 2)
    c.font(st.size, "", st.family)
    for ln in d.lines:
        y2 = c.lines(st.left, y + 1.5, c.wrap(ln.description, 55), st.lead)
        if ln.qty != 1:
            c.text(st.left + 4, y2, f"{d.qty(ln.qty)} x {d.price(ln.unit_price)}")
            y2 += st.lead
        c.text(st.right, y + 1.5, d.num(ln.total), "R")
        y = y2
    c.rule(st.left, y - 1.5, st.right, y - 1.5)
    c.font(st.size + 2, "B", st.family)
    c.text(st.left, y + 3, d.words["receipt_total"])
    c.text(st.right, y + 3, d.money(d.total), "R")
    c.font(st.size - 0.5, "", st.family)
    y += 9
    for r, base, tax in d.breakdown:
        c.text(st.left, y, f"{d.words['included']} {d.rate(r)}: {d.num(tax)}  ({d.words['base']} {d.num(base)})")
        y += st.lead
    if len(d.breakdown) > 1:
        c.text(st.left, y, f"{d.words['base']} {d.num(d.subtotal)} · {d.words['tax']} {d.num(d.tax_total)}")
        y += st.lead
    c.text(mid, y + 4, d.words["thanks"], "C")
    return c


RECEIPT = Spec(kind="receipt", lines=(2, 12), multi_rate=True, customer=False, gross=True)
FAMILIES = {
    "till_58_thermal": (till_58_thermal, RECEIPT),
    "till_80_thermal": (till_80_thermal, RECEIPT),
    "till_80_dotmatrix": (till_80_dotmatrix, RECEIPT),
    "shop_receipt": (shop_receipt, Spec(kind="receipt", lines=(1, 6), multi_rate=True, customer=False, gross=True)),
}
