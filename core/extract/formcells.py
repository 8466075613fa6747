"""Cells of forms and scans that OCR or the print ran together or apart: a value glued to its label, the rest of a
line pushed into its own row, a label or a legal form split off, bullets read as letters."""

from __future__ import annotations

import re

from .cells import Cell, Sheet, make_cell
from .labels import reads_as_label
from .partytext import LEGAL_FORM


def with_legal_form(cells: tuple[Cell, ...], cell: Cell) -> Cell:
    """cell with the legal form that a wide space (letter-spaced print, OCR) split off ('MUSTERLIEFERANT' | 'GMBH')."""
    nxt = next((c for c in cells if c.box.x0 >= cell.box.x1), None)
    if nxt is not None and nxt.box.x0 - cell.box.x1 < 1.5 * cell.height and LEGAL_FORM.fullmatch(nxt.norm.strip(" ."))\
            and not LEGAL_FORM.search(cell.norm):
        return make_cell((*cell.words, *nxt.words), cell.page, cell.row)
    return cell


def label_start(cells: tuple[Cell, ...], cell: Cell) -> bool:
    """cell is the first word of a label that OCR split off ('Globale' | 'Nummer:')."""
    nxt = next((c for c in cells if c.box.x0 >= cell.box.x1), None)
    return nxt is not None and nxt.text.rstrip().endswith(":") and nxt.box.x0 - cell.box.x1 < 1.5 * cell.height \
        and reads_as_label(f"{cell.text} {nxt.text}")


def glued_value(sheet: Sheet, cell: Cell, m: re.Match[str]) -> int | None:
    """Where a value run into its label's cell starts ('Advertiser/T-Code Our Future Matters'), as a word index:
    the form's columns show it, a later row having cells starting both where the label and where the value start."""
    k = len(cell.norm[:m.end()].split())  # the label's words, a qualifier glued to the last ('/T-Code')
    if k >= len(cell.words) or cell.norm[m.end():][:1] not in (" ", "/"):
        return None
    first = cell.words[k].box.x0
    for r in sheet.rows[cell.row + 1: cell.row + 4]:
        starts = [c.box.x0 for c in r.cells]
        if r.page == cell.page and any(abs(x - cell.box.x0) < 2 for x in starts) \
                and any(abs(x - first) < 2 for x in starts):
            return k
    return None


def run_on(sheet: Sheet, cell: Cell) -> Cell | None:
    """The rest of cell's line that went into a row of its own, pushed there by text printed over it:
    a cell of a neighbouring row at the same height, starting a word space after cell ends."""
    for i in (cell.row - 1, cell.row + 1):
        if 0 <= i < len(sheet.rows) and sheet.rows[i].page == cell.page:
            for c in sheet.rows[i].cells:
                if abs(c.box.y0 - cell.box.y0) < 0.4 * cell.height and 0 <= c.box.x0 - cell.box.x1 < cell.height:
                    return c
    return None


def bullets(text: str) -> list[int]:
    """Where the bullets between the parts of a scanned line are: OCR reads them as any single sign or letter
    ('Bei Spiel GmbH e Ecke 12 + 12345 Stadthausen'). Not on a slip, where specks read the same way."""
    tokens = text.split()
    return [i for i in range(1, len(tokens) - 1)
            if len(tokens[i]) == 1 and (tokens[i].isalpha() or tokens[i] in "+*°»«~")]
