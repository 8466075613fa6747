"""Vendor and customer: name and address from party labels, legal forms, return-address lines and the letterhead."""

from __future__ import annotations

import re

from .cells import Cell, Sheet, make_cell, text_after
from .formcells import bullets, glued_value, label_start, run_on, with_legal_form
from .labels import (
    CUSTOMER_ORDER,
    CUSTOMER_RE,
    FORM_WORDS,
    SHIP_TO_ORDER,
    SHIP_TO_RE,
    VENDOR_ORDER,
    VENDOR_RE,
    reads_as_label,
)
from .letterhead import letterhead
from .line_items import item_table_header
from .partytext import LEGAL_FORM, NOISE, POSTCODE_PLACE, Party

_STREET_OR_CITY = re.compile(r"^\d|\d{4,5}\b|strasse|str\.|street|rue|avenue|road|jalan|calle|via |straat|rua ")
_SUITE = re.compile(r"(?<![a-z])(suite|ste|building|bldg|floor|p\.?o\.? box|postfach|bp|apartado|casella postale)(?![a-z])")
_SEPARATORS = re.compile(r"\s[·•●|–∙]\s|\s-\s")
_LABELLISH = re.compile(r":\s*$|^[^:]{1,30}:\s")


def _is_name(cell: Cell, sheet: Sheet | None = None) -> bool:
    letters = sum(ch.isalpha() for ch in cell.text)
    words = re.findall(r"[a-z]+", cell.norm)
    if words and all(w in FORM_WORDS for w in words):
        return False  # 'Agency Product Brand': form labels, not a name
    if sheet is not None and ":" in sheet.rows[cell.row].text:
        return False
    if " " not in cell.text.strip() and any(ch.isdigit() for ch in cell.text):
        return False  # an identifier, not a name
    return letters >= 2 and not NOISE.search(cell.norm) and not _LABELLISH.search(cell.text) \
        and len(cell.text) <= 80


def _after_colon(sheet: Sheet, cell: Cell) -> bool:
    """The cell is the value of a 'Label:' just left of it (a colon further along a long row belongs to
    another column)."""
    left = [c for c in sheet.rows[cell.row].cells if c.box.x1 <= cell.box.x0 + 1]
    return bool(left) and left[-1].text.rstrip().endswith(":") and cell.box.x0 - left[-1].box.x1 < 3 * cell.height


def _block_below(sheet: Sheet, start: Cell, max_rows: int = 6, first_gap: float = 1.6) -> list[Cell]:
    """Cells under start aligned on its left edge, stopping at a wide vertical gap."""
    out, last = [], start
    for r in sheet.rows[start.row + 1: start.row + 1 + max_rows * 2]:
        gap = first_gap if last is start else 1.6
        if r.page != start.page or r.box.y0 - last.box.y1 > gap * max(last.height, start.height):
            break
        for c in r.cells:
            if abs(c.box.x0 - start.box.x0) < 1.5 * start.height or (
                    c.box.x0 < start.box.cx < c.box.x1 and c.box.width < 3 * start.box.width):
                out.append(c)
                last = c
                break
        if len(out) >= max_rows:
            break
    return out


def _address(cells: list[Cell]) -> str | None:
    parts = []
    for c in cells:
        if re.search(r"@|www\.|tel|phone|fax|telefon|iban|ust|vat|tva|gst|siret|:", c.norm) and parts:
            break
        if re.search(r"@|www\.|tel\b|fax|:", c.norm):
            continue
        parts.append(c.text)
        if len(parts) >= 4:
            break
    return " ".join(parts) or None


_NAME_WORDS = {"name", "trade", "company", "nom", "firma", "details", "information", "commercial", "legal"}
_TRAILING_LABEL = re.compile(r"\s(invoice|rechnung|facture|factura|date|datum|total|order|contract|estimate|page)\b",
                             re.I)
_NAME_LABEL = re.compile(r"^(name|firma|company|company name|nom|raison sociale|nombre|razon social|nome|"
                         r"ragione sociale|denominazione|naam|bedrijfsnaam|empresa|firmenname)\s*:")
_HEADINGS = {"client", "kunde", "customer", "cliente", "klant"}
_SHORT = {"an", "to", "from", "station", *_HEADINGS}


def _name_from_rows(sheet: Sheet, head: Cell) -> tuple[Cell, list[Cell]] | None:
    """Under a party heading: a 'Name:' row's value, else the first row that reads as a name."""
    rows = [r for r in sheet.rows[head.row + 1: head.row + 12] if r.page == head.page]
    last_y = head.box.y1
    values_x = None  # where the values of 'Label:  value' rows of this block start
    for i, r in enumerate(rows):
        if r.box.y0 - last_y > 3.5 * head.height:
            break
        last_y = r.box.y1
        cells = [c for c in r.cells if c.box.x1 > head.box.x0 - 2 * head.height]
        if not cells:
            continue
        # the cell under the heading, not one of a column to its left reaching under it
        first = min(cells, key=lambda c: abs(c.box.x0 - head.box.x0))
        if abs(first.box.x0 - head.box.x0) > 4 * head.height:
            first = cells[0]
        if len(cells) > 1 and first.text.rstrip().endswith(":"):
            values_x = cells[1].box.x0
        # a lone value in the block's value column: its 'Name:' label was not read (a scan)
        lone = len(cells) == 1 and values_x is not None and abs(first.box.x0 - values_x) < 2 * head.height
        if abs(first.box.x0 - head.box.x0) > 4 * head.height and i > 0 and not lone:
            continue
        if _NAME_LABEL.match(first.norm):
            rest = re.sub(r"^[^:]*:\s*", "", first.text)
            target = first if rest else (cells[1] if len(cells) > 1 else None)
            if target is not None and not rest and _LABELLISH.search(target.text):
                # another field's line level with 'Name:' ('Lief-Nr: 549910'): the name is under it
                target = next((c for c in sheet.below(target, 2) if _is_name(c) and not _LABELLISH.search(c.text)),
                              None)
            if target is not None:
                return (target if not rest else first), _block_below(sheet, target)
        if _is_name(first) and not _after_colon(sheet, first) and not _LABELLISH.search(first.text) \
                and not reads_as_label(first.text) and not label_start(r.cells, first):
            return with_legal_form(r.cells, first), _block_below(sheet, first)
    return None


def _label_cells(sheet: Sheet, rx: re.Pattern[str], order: dict[str, int]) -> list[tuple[Cell, re.Match[str]]]:
    """Cells starting (or ending) with a party label, the most telling labels first."""
    hits = []
    for cell in sheet.cells:
        if len(cell.norm) > 80:
            continue
        for m in rx.finditer(cell.norm):
            tail = cell.norm[m.end():].strip()
            if m.start() == 0 or tail in ("", ":"):
                hits.append((order.get(m.group(0), 99), cell.page, cell.row, cell, m))
                break
    hits.sort(key=lambda h: h[:3])
    return [(h[3], h[4]) for h in hits]


def _from_label(sheet: Sheet, rx: re.Pattern[str], order: dict[str, int], slip: bool = False) -> Party | None:
    for cell, m in _label_cells(sheet, rx, order):
        after = cell.norm[m.end():].strip()
        # a short label needs its colon, unless it is a heading alone in its cell in the top half of a scanned
        # page, where OCR can lose the colon ('CLIENT'); on a slip it heads loyalty points and the like
        alone = not after and m.group(0) in _HEADINGS and cell.source == "ocr" and sheet.rel_y(cell) < 0.5 \
            and not slip
        if m.group(0) in _SHORT and not after.startswith(":") and not alone:
            continue
        rest = text_after(cell, m.end()).lstrip(" :") if after.startswith(":") else ""
        if rest and _is_name_text(rest):
            start = cell.words[len(cell.words) - len(rest.split())]
            return Party(_wrapped(sheet, cell, start.box.x0, rest), _address(_block_below(sheet, cell)), cell, 0.85,
                         "inline")
        glued = glued_value(sheet, cell, m) if after and not after.startswith(":") else None
        if glued is not None:
            value = make_cell(cell.words[glued:], cell.page, cell.row)
            # the rows below hold the form's other fields, not an address
            return Party(_wrapped(sheet, value, value.box.x0, value.text), None, value, 0.85, "right")
        if after and not after.startswith(":") and not all(w in _NAME_WORDS for w in after.split()):
            continue  # the label word starts some other phrase
        right = sheet.right_of(cell, 3)
        edge, limit = cell.box.x1, 10 * cell.height
        while right and (_LABELLISH.search(right[0].text) or _NAME_LABEL.match(right[0].norm + ":")) \
                and right[0].box.x0 - edge < limit:
            edge, limit = right[0].box.x1, 20 * cell.height
            right = right[1:]
        if right and right[0].box.x0 - edge < limit and not rx.match(right[0].norm):
            value = right[0]
            cut = _TRAILING_LABEL.search(value.text)
            if cut and cut.start() > 3:  # another label glued to the value: 'ACME Corp Invoice Date'
                value = make_cell(value.words[:len(value.text[:cut.start()].split())], value.page, value.row)
            if _is_name(value):
                # a label found at the end of a run of words is weaker evidence than one heading a cell
                return Party(_wrapped(sheet, value, value.box.x0, value.text), _address(_block_below(sheet, right[0])),
                             value,
                             0.85 if m.start() == 0 else 0.5, "right")
        if m.start() > 0:
            continue
        found = _name_from_rows(sheet, cell)
        if found:
            name_cell, below = found
            text = re.sub(r"^[^:]*:\s*", "", name_cell.text) if _NAME_LABEL.match(name_cell.norm) else name_cell.text
            return Party(text, _address(below), name_cell, 0.8, "below")
    return None


# a name does not end on a word that joins it to more: the rest wrapped to the next line of its column
_DANGLING = re.compile(r"\s(for|of|and|&|the|für|und|der|des|pour|et|de|du|per|di|del|e|van|voor|en|para|y|do|da)$",
                       re.I)


def _wrapped(sheet: Sheet, cell: Cell, x: float, text: str) -> str:
    """text with the part wrapped under it ('Beth Parlato for' / 'Congress - NY CD-27' -> '... for Congress'):
    the next row's cell starting where the value starts, up to a separator; or with the rest of its line
    where that went into another row ('POL/Beth' + 'Calhoun/Horry County Auditor')."""
    rest = run_on(sheet, cell)
    if rest is not None and ":" not in rest.text:
        return f"{text} {_SEPARATORS.split(rest.text)[0].strip()}"
    if not _DANGLING.search(text) or cell.row + 1 >= len(sheet.rows):
        return text
    below = sheet.rows[cell.row + 1]
    if below.page != cell.page:
        return text
    cont = next((c for c in below.cells if abs(c.box.x0 - x) < 1.5 * cell.height and ":" not in c.text), None)
    if cont is None:
        return text
    return f"{text} {_SEPARATORS.split(cont.text)[0].strip()}"


def _is_name_text(text: str) -> bool:
    return sum(ch.isalpha() for ch in text) >= 2 and len(text) <= 80


def _return_address(sheet: Sheet, slip: bool = False) -> Cell | None:
    """The sender's name of a small 'Name · Street · City' line in the top part of page one: its first cell, or on a
    scan the words before the first bullet."""
    for r in sheet.rows:
        if r.page > 0 or r.box.y0 / sheet.page_sizes[0][1] > 0.4:
            break
        marks = 0 if slip or r.cells[0].source != "ocr" else len(bullets(r.text))
        if len(_SEPARATORS.split(r.text)) >= 3 or marks >= 2 or marks and POSTCODE_PLACE.search(r.text):
            if not marks:
                return r.cells[0]
            words = [w for c in r.cells for w in c.words]  # the name: the words before the first bullet
            return make_cell(words[:bullets(r.text)[0]], r.page, r.index)
    return None


def vendor(sheet: Sheet, customer_cell: Cell | None, slip: bool = False) -> Party | None:
    """The seller: a labelled party block, a return-address line, a legal form at the top, or the letterhead."""
    p = _from_label(sheet, VENDOR_RE, VENDOR_ORDER)
    if p:
        return p
    # a return-address line above the recipient: "Name · Street · City"
    ret = _return_address(sheet, slip)
    if ret is not None:
        line = sheet.rows[ret.row].text
        scanned = ret.source == "ocr" and not slip and bullets(line)  # bullets read as letters or signs
        name = _SEPARATORS.split(ret.text if scanned else line)[0].strip()
        if sum(ch.isalpha() for ch in name) >= 3 and not NOISE.search(name.lower()):
            return Party(name, None, ret, 0.7, "return-address")
    if slip or any(c.source == "ocr" for c in sheet.cells[:5]):
        return letterhead(sheet)
    first_page = [c for c in sheet.cells if c.page == 0]
    # a line with a legal form in the letterhead
    for c in first_page:
        if sheet.rel_y(c) > 0.45:
            break
        if customer_cell is not None and c.page == customer_cell.page and 0 <= c.row - customer_cell.row <= 3 \
                and abs(c.box.x0 - customer_cell.box.x0) < 20:
            continue
        if LEGAL_FORM.search(c.norm) and _is_name(c, sheet):
            return Party(c.text, _address(_block_below(sheet, c)), c, 0.7, "legal-form")
    footer = _footer_legal_name(sheet)
    if footer is not None:
        return footer
    # otherwise the most prominent line at the top, above the item table
    table = _table_header_row(sheet)
    top = [c for c in first_page if sheet.rel_y(c) < 0.3 and c.row < table and _is_name_beside_labels(c, sheet)
           and sum(ch.isalpha() for ch in c.text) >= 3
           and not _STREET_OR_CITY.search(c.norm) and not _SUITE.search(c.norm)]  # not a line of an address
    if not top:
        return None
    best = max(top[:8], key=lambda c: c.height * (1.2 if c is top[0] else 1.0))
    return Party(best.text, _address(_block_below(sheet, best)), best, 0.45, "letterhead")


def _is_name_beside_labels(cell: Cell, sheet: Sheet) -> bool:
    """A name, though its row holds another column's 'Label: value' (a meta block on its right); not a
    label or a label's value itself."""
    return _is_name(cell) and ":" not in cell.text and not _after_colon(sheet, cell) \
        and not any(":" in c.text for c in sheet.rows[cell.row].cells if c.box.x1 <= cell.box.x0 + 1)


def _table_header_row(sheet: Sheet) -> int:
    """The row where the first page's item table starts (its column headings), or past the end."""
    found = item_table_header(sheet)
    return found.index if found is not None and found.page == 0 else len(sheet.rows)


FOOTER_FROM = 0.8  # the footer: the bottom fifth of a page
_BANK = re.compile(r"(?<![a-z])(bank\w*|banque|banco|banca|bankverbindung|bankgegevens|dados bancarios)(?![a-z])")


def _footer_legal_name(sheet: Sheet) -> Party | None:
    """A letter whose name stands only in its footer's legal block (under a logo): the first line with a
    legal form in the footer of the first or the last page, its address under it; not in a bank's column."""
    last = max((c.page for c in sheet.cells), default=0)
    for page in dict.fromkeys((0, last)):
        cells = [c for c in sheet.cells if c.page == page and sheet.rel_y(c) >= FOOTER_FROM]
        for c in sorted(cells, key=lambda c: (c.box.x0 // 40, c.box.y0)):
            # footers set their columns on shared rows: a 'Director: ...' beside it does not make it a label
            if not LEGAL_FORM.search(c.norm) or not _is_name(c) or ":" in c.text or _BANK.search(c.norm):
                continue
            above = [o for o in cells if o.box.y1 <= c.box.y0 + 1 and abs(o.box.x0 - c.box.x0) < 2 * c.height]
            if any(_BANK.search(o.norm) for o in above):
                continue
            return Party(c.text, _address(_block_below(sheet, c)), c, 0.55, "footer")
    return None


def customer(sheet: Sheet, slip: bool = False) -> Party | None:
    p = _from_label(sheet, CUSTOMER_RE, CUSTOMER_ORDER, slip)
    if p:
        return p
    # the first line under a return-address line is the recipient
    c = _return_address(sheet, slip)
    if c is not None:
        block = _block_below(sheet, c, first_gap=4.0)
        names = [b for b in block if _is_name(b, sheet)]
        if names:
            i = block.index(names[0])
            return Party(names[0].text, _address(block[i + 1:]), names[0], 0.6, "window")
    p = _from_label(sheet, SHIP_TO_RE, SHIP_TO_ORDER)
    return Party(p.name, p.address, p.name_cell, p.score, "ship-to") if p else None
