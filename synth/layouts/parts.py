"""Blocks that page layouts are made of: letterheads, address blocks, meta data, totals, the VAT
breakdown, payment details and footers (the line-item table and the style are re-exported here)."""

from __future__ import annotations

from synth.canvas import Canvas, Style
from synth.layouts.itemtable import table
from synth.model import Doc, Party

__all__ = ["Style", "table"]


def vat_line(d: Doc, p: Party | None = None) -> str:
    p = p or d.vendor
    return f"{d.words['vat_id']}: {p.vat_print}" if p.vat_print else ""


def letterhead(c: Canvas, d: Doc, st: Style, align: str = "L", y: float = 20.0, contact: bool = True) -> float:
    x = {"L": st.left, "R": st.right, "C": c.w / 2}[align]
    c.ink(*st.accent)
    c.font(st.size + 7, "B", st.family)
    c.text(x, y, d.vendor.name, align)
    c.ink(0)
    c.font(st.size - 0.5, "")
    y += 6
    c.text(x, y, f"{d.vendor.street} · {d.vendor.city_line}", align)
    if contact:
        y += st.lead
        c.text(x, y, f"{d.words['phone']} {d.vendor.phone} · {d.vendor.email}", align)
    return y + st.lead


def sender_line(c: Canvas, d: Doc, st: Style, x: float = 25.0, y: float = 50.0) -> float:
    """DIN 5008: the sender in small type right above the window's address."""
    c.font(6.5, "", st.family)
    w = c.text(x, y, d.vendor.one_line())
    c.rule(x, y + 0.8, x + w, y + 0.8, 0.15)
    return y + 5


def address(c: Canvas, p: Party, st: Style, x: float, y: float, title: str = "", salutation_line: bool = True) -> float:
    if title:
        c.font(st.size - 1, "B", st.family)
        c.text(x, y, title)
        y += st.lead
    c.font(st.size, "", st.family)
    return c.lines(x, y, p.block(salutation_line), st.lead)


def meta_rows(d: Doc, vat: bool = False, customer_no: bool = True, most: int = 5) -> list[tuple[str, str]]:
    """Number, date and due date, then up to `most` rows in all with the look-alikes (customer number,
    delivery date, order number, the customer's VAT id); the vendor's VAT id last when asked for."""
    rows = [(d.number_label, d.number), (d.words["date"], d.date(d.issue))]
    if d.due:
        rows.append((d.words["due"], d.date(d.due)))
    extra = []
    if customer_no and d.customer:
        extra.append((d.words["customer_no"], d.customer_no))
    if "delivery" in d.extra:
        extra.append((d.words["delivery"], d.date(d.extra["delivery"])))
    if "order_no" in d.extra:
        extra.append((d.words["order_no"], d.extra["order_no"]))
    if d.customer and d.customer.vat_print:
        extra.append((d.words["customer_vat"], d.customer.vat_print))
    rows += extra[: max(0, most - len(rows))]
    if vat and d.vendor.vat_print:
        rows.append((d.words["vat_id"], d.vendor.vat_print))
    return rows


def meta(c: Canvas, st: Style, rows: list[tuple[str, str]], x: float, y: float, value_x: float | None = None,
         colon: bool = True, right: float | None = None) -> float:
    c.font(st.size, "", st.family)
    if rows:
        label_w = max(c.width(label + ":") for label, _ in rows) + 3
        value_w = max(c.width(value) for _, value in rows)
        if right is not None:
            x = min(x, right - label_w - value_w)
        else:
            value_x = max(value_x if value_x is not None else x + 35, x + label_w)
    for label, value in rows:
        c.text(x, y, label + (":" if colon else ""))
        if right is not None:
            c.text(right, y, value, "R")
        else:
            c.text(value_x if value_x is not None else x + 35, y, value)
        y += st.lead
    return y


def title(c: Canvas, d: Doc, st: Style, x: float, y: float, align: str = "L", size: float = 16.0,
          with_number: bool = False) -> float:
    c.font(size, "B", st.family)
    c.text(x, y, f"{d.title} {d.number}" if with_number else d.title, align)
    return y + size * 0.45


def total_rows(d: Doc, inline_vat: bool = True) -> list[tuple[str, str, bool]]:
    """(label, value, bold) rows of the totals block."""
    w, rows = d.words, []
    if d.doc_discount:
        rows.append((w["lines_sum"], d.num(d.lines_sum), False))
        rows.append((f"{w['doc_discount']} {d.rate(d.doc_discount_pct)}", d.num(-d.doc_discount), False))
    rows.append((w["subtotal"], d.money(d.subtotal) if not inline_vat else d.num(d.subtotal), False))
    if inline_vat:
        for r, _, tax in d.breakdown:
            rows.append((f"{w['vat']} {d.rate(r)}", d.num(tax), False))
        if len(d.breakdown) > 1:
            rows.append((f"{w['vat']} ({', '.join(d.rate(r) for r, _, _ in d.breakdown)})", d.num(d.tax_total), False))
    else:
        rows.append((w["vat"], d.num(d.tax_total), False))
    total_label = w["refund"] if d.kind == "credit_note" and not d.negative else w["total"]
    rows.append((total_label, d.money(d.total), True))
    if d.prepaid:
        rows.append((w["prepaid"], d.num(-d.prepaid), False))
        rows.append((w["amount_due"], d.money(d.amount_due), True))
    return rows


def totals(c: Canvas, d: Doc, st: Style, x: float, y: float, right: float | None = None,
           inline_vat: bool = True, box: bool = False) -> float:
    right = right or st.right
    rows = total_rows(d, inline_vat)
    c.font(st.size + 1, "B", st.family)
    need = max(c.width(label) for label, _, _ in rows) + max(c.width(value) for _, value, _ in rows) + 6
    x = min(x, right - need)
    if box:
        c.box(x - 2, y - st.lead, right - x + 3, st.lead * len(rows) + 2, (245, 245, 245))
    for label, value, bold in rows:
        c.font(st.size + (1 if bold else 0), "B" if bold else "", st.family)
        c.text(x, y, label)
        c.text(right, y, value, "R")
        y += st.lead + (1 if bold else 0)
    return y + 2


def vat_table(c: Canvas, d: Doc, st: Style, x: float, y: float, width: float = 110.0) -> float:
    w = d.words
    xs = [x, x + width * 0.45, x + width * 0.72, x + width]
    c.font(st.size - 1, "B", st.family)
    for xx, head, al in zip(xs, (w["breakdown"], w["base"], w["tax"], w["gross"]), "LRRR", strict=True):
        c.text(xx, y, head, al)
    c.rule(x, y + 1.2, x + width, y + 1.2, 0.2)
    y += st.lead + 1
    c.font(st.size - 1, "", st.family)
    for r, base, tax in d.breakdown:
        for xx, v, al in zip(xs, (d.rate(r), d.num(base), d.num(tax), d.num(base + tax)), "LRRR", strict=True):
            c.text(xx, y, v, al)
        y += st.lead
    return y + 2


def payment(c: Canvas, d: Doc, st: Style, x: float, y: float, bank: bool = True) -> float:
    w = d.words
    c.font(st.size - 0.5, "", st.family)
    if d.kind == "invoice":
        text = w["due_text"].format(date=d.date(d.due)) if d.due else w["terms"].format(n=d.terms_days)
        c.text(x, y, text)
        y += st.lead
    if bank and d.iban_print:
        c.text(x, y, f"IBAN: {d.iban_print}" + (f"  BIC: {d.bic}" if d.bic else ""))
        y += st.lead
    return y


def footer(c: Canvas, d: Doc, st: Style, y: float = 275.0, bank: bool = True, rule: bool = True) -> None:
    """The legal block: name and address, contact, register and VAT id, bank."""
    v, w = d.vendor, d.words
    if rule:
        c.rule(st.left, y - 4, st.right, y - 4, 0.2, 100)
    c.font(6.8, "", st.family)
    c.ink(60)
    cols = [[v.name, v.street, v.city_line],
            [f"{w['phone']} {v.phone}", v.email, v.web],
            [f"{w['director']}: {v.director}", f"{w['register']} {v.register}"]
            + ([f"{w['vat_id']}:", v.vat_print] if v.vat_print else [])]
    if bank and d.iban_print:
        cols.append([w["bank"], f"IBAN {d.iban_print}", f"BIC {d.bic}" if d.bic else ""])
    step = (st.right - st.left) / len(cols)
    widest = max(c.width(r) for rows in cols for r in rows if r)
    if widest > step - 2:
        c.font(max(5.0, 6.8 * (step - 2) / widest), "", st.family)
    for i, rows in enumerate(cols):
        c.lines(st.left + i * step, y, [r for r in rows if r], 3.0)
    c.ink(0)


def page_number(c: Canvas, d: Doc, st: Style, y: float = 288.0) -> None:
    c.font(7, "", st.family)
    c.text(st.right, y, f"{d.words['page']} {c.pages}", "R")


def finish(c: Canvas, d: Doc, st: Style, y: float, x: float = 118.0, vat_breakdown: bool = False,
           bank: bool = True, legal: bool = True, legal_bank: bool = True, box: bool = False) -> float:
    """Totals, an optional per-rate table, payment terms and the footer; a new page when space runs out."""
    need = 8 * st.lead + (len(d.breakdown) + 2) * st.lead * vat_breakdown + 30
    if y + need > 268:
        c.page()
        y = 30.0
    y = totals(c, d, st, x, y + st.lead, box=box, inline_vat=not vat_breakdown or len(d.breakdown) < 2)
    if vat_breakdown:
        y = vat_table(c, d, st, st.left, y + 2)
    y = payment(c, d, st, st.left, y + 3, bank=bank)
    if legal:
        footer(c, d, st, bank=legal_bank)
    return y
