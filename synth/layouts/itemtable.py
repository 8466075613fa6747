"""The line-item table: columns sized to their contents, wrapped descriptions, zebra rows or a grid,
and rows that do not fit carried to a new page with the running total."""

from __future__ import annotations

from synth.canvas import Canvas, Style
from synth.model import Doc, Line

COL_WIDTH = {"pos": 9, "article": 18, "qty": 14, "unit": 12, "qty_unit": 22, "unit_price": 24, "discount": 14,
             "rate": 14, "amount": 26}
RIGHT = {"qty", "unit_price", "discount", "rate", "amount", "qty_unit"}


def cell(d: Doc, key: str, i: int, ln: Line) -> str:
    return {"pos": str(i + 1), "article": ln.article, "qty": d.qty(ln.qty), "unit": ln.unit,
            "qty_unit": f"{d.qty(ln.qty)} {ln.unit}".strip(), "unit_price": d.price(ln.unit_price),
            "discount": d.rate(ln.discount) if ln.discount else "", "rate": d.rate(ln.rate),
            "amount": d.num(ln.total)}[key]


def header_word(d: Doc, key: str) -> str:
    w = d.words
    return {"pos": w["pos"], "article": w["article"], "description": w["description"], "qty": w["qty"],
            "unit": w["unit"], "qty_unit": w["qty"], "unit_price": w["unit_price"], "discount": w["discount"],
            "rate": w["vat_rate"], "amount": w["amount"]}[key]


def _columns(c: Canvas, d: Doc, st: Style, cols: list[str], x0: float, x1: float) -> list[tuple[str, float, float]]:
    """Column spans: each column as wide as its header and cells need, the description takes the rest."""
    width = {}
    for k in cols:
        if k == "description":
            continue
        c.font(st.size - 0.5, "B", st.family)
        need = c.width(header_word(d, k))
        c.font(st.size, "", st.family)
        need = max([need] + [c.width(cell(d, k, i, ln)) for i, ln in enumerate(d.lines)])
        width[k] = max(COL_WIDTH[k], need + 3)
    fixed = sum(width.values())
    out, x = [], x0
    for k in cols:
        w = (x1 - x0 - fixed) if k == "description" else width[k]
        out.append((k, x, w))
        x += w
    return out


def table(c: Canvas, d: Doc, st: Style, cols: list[str], y: float, x0: float | None = None,
          x1: float | None = None, fill: tuple[int, int, int] | None = None, grid: bool = False,
          zebra: bool = False, limit: float = 250.0, top: float = 30.0) -> float:
    """The line-item table; rows that do not fit go to a new page with the running total carried over."""
    x0, x1 = x0 or st.left, x1 or st.right
    spans = _columns(c, d, st, cols, x0, x1)
    lead = st.lead

    def head(y: float) -> float:
        if fill:
            c.box(x0, y - lead + 0.8, x1 - x0, lead + 0.8, fill, stroke=False)
            c.ink(255)
        c.font(st.size - 0.5, "B", st.family)
        for k, x, w in spans:
            c.text(x + w - 1 if k in RIGHT else x + 1, y, header_word(d, k), "R" if k in RIGHT else "L")
        c.ink(0)
        c.rule(x0, y + 1.5, x1, y + 1.5, 0.3)
        return y + lead + 1.5

    def carried(y: float, running, top_of_page: bool) -> float:
        c.font(st.size, "I", st.family)
        c.text(x0 + 1, y, d.words["carried"])
        c.text(x1 - 1, y, d.num(running), "R")
        return y + lead + (1 if top_of_page else 0)

    y = head(y)
    y_start, first_page = y - lead, c.pages
    running = type(d.total)(0)
    desc_w = next(w for k, _, w in spans if k == "description") - 2
    for i, ln in enumerate(d.lines):
        c.font(st.size, "", st.family)
        rows = c.wrap(ln.description, desc_w)
        c.font(st.size - 1, "", st.family)
        rows_detail = c.wrap(ln.detail, desc_w) if ln.detail else []
        h = lead * (len(rows) + len(rows_detail)) + 1
        if y + h > limit:
            carried(y + 1, running, False)
            c.page()
            y = head(top)
            y = carried(y, running, True)
        if zebra and i % 2:
            c.box(x0, y - lead + 1, x1 - x0, h, (238, 238, 238), stroke=False)
        c.font(st.size, "", st.family)
        for k, x, w in spans:
            if k == "description":
                c.lines(x + 1, y, rows, lead)
                c.font(st.size - 1, "", st.family)
                c.lines(x + 1, y + lead * len(rows), rows_detail, lead)
                c.font(st.size, "", st.family)
            else:
                c.text(x + w - 1 if k in RIGHT else x + 1, y, cell(d, k, i, ln), "R" if k in RIGHT else "L")
        if grid:
            c.rule(x0, y + h - lead + 0.5, x1, y + h - lead + 0.5, 0.1, 120)
        running += ln.total
        y += h
    c.rule(x0, y - lead + 1.5, x1, y - lead + 1.5, 0.3)
    if grid and c.pages == first_page:
        for _, x, _ in spans[1:]:
            c.rule(x, y_start - 1, x, y - lead + 1.5, 0.1, 120)
    return y + 2
