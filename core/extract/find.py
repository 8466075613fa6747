"""Label-anchored search (after the label, right on its row, then below) and the confidence of what it finds."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .cells import Cell, Sheet, text_after
from .labels import LABEL_RE, RANK

_LEAD = re.compile(r"^[\s:#.\-=/|º°]*(?:(?:no|nr|n°|nº|no\.|nr\.|num|#)[\s:.#º°]*)?", re.I)


# words that label many things besides the field they are listed under
_VAGUE = {"amount", "summe", "gesamt", "montant", "importe", "importo", "bedrag", "valor"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible value of a field with where it came from and how much the position supports it."""

    value: Any
    score: float
    cell: Cell
    label: str | None = None
    how: str = "inline"  # inline | right | below | pattern | computed
    source: str = "text"
    conf: float = 1.0
    anchor: Cell | None = None  # the cell holding the label


def label_hits(sheet: Sheet, field: str, rivals: tuple[str, ...] = ()) -> list[tuple[Cell, re.Match[str], float]]:
    """Cells holding one of the field's labels, with a 0..1 strength (specific labels rank higher).

    A hit is dropped where a longer label of a rival field covers it ('total ht' is no 'total').
    """
    rx, rank = LABEL_RE[field], RANK[field]
    n = max(len(rank), 1)
    out = []
    for cell in sheet.cells:
        if len(cell.norm) > 80:
            continue
        for m in rx.finditer(cell.norm):
            if any(r.start() <= m.end() and m.start() <= r.end() and len(r.group(0)) > len(m.group(0))
                   for f in rivals for r in LABEL_RE[f].finditer(cell.norm)):
                continue
            strength = 1.0 - 0.5 * rank.get(m.group(0), n) / n
            if m.group(0) in _VAGUE:
                strength *= 0.75
            if m.start() > 0:
                strength *= 0.85
            out.append((cell, m, strength))
    return out


def values_near(sheet: Sheet, cell: Cell, end: int, parse: Callable[[str], Any],
                below: bool = True, strict: bool = False) -> list[tuple[Any, Cell, str, float]]:
    """Parsed values after a label ending at `end` in cell: inline, right on the row, then below.

    strict: words after the label that are not the value mean it is another label ('Facture liée').
    """
    out: list[tuple[Any, Cell, str, float]] = []
    rest = _LEAD.sub("", text_after(cell, end))
    if rest:
        v = parse(rest)
        if v is not None:
            out.append((v, cell, "inline", 1.0))
        elif strict and any(ch.isalpha() for ch in rest):
            return out
    for i, c in enumerate(sheet.right_of(cell, 4)):
        v = parse(c.text)
        if v is not None:
            out.append((v, c, "right", 0.95 - 0.07 * i))
    if below and not out:
        column = [(parse(c.text), c) for c in sheet.below(cell, 5)]
        nums = [(v, c) for v, c in column if v is not None]
        if len(nums) >= 3 and all(hasattr(v, "as_tuple") for v, _ in nums):
            # a column of per-rate rows closed by their sum: the sum row is the value
            for k in range(len(nums) - 1, 1, -1):
                if nums[k][0] == sum(v for v, _ in nums[:k]):
                    out.append((nums[k][0], nums[k][1], "below", 0.85))
                    break
        for i, (v, c) in enumerate(column[:2]):
            if v is not None:
                out.append((v, c, "below", 0.8 - 0.1 * i))
    if below and not out and cell.row + 1 < len(sheet.rows):
        # slips print the amount on the next line, pushed to the right edge
        nxt = sheet.rows[cell.row + 1]
        last = nxt.cells[-1]
        if nxt.page == cell.page and last.box.x0 > cell.box.x1 and nxt.box.y0 - cell.box.y1 < 3 * cell.height:
            v = parse(last.text)
            if v is not None:
                out.append((v, last, "below", 0.6))
    return out


def labelled(sheet: Sheet, field: str, parse: Callable[[str], Any], below: bool = True,
             first_only: bool = True, rivals: tuple[str, ...] = (), strict: bool = False) -> list[Candidate]:
    """Candidates for field from its labels, best first."""
    cands: list[Candidate] = []
    for cell, m, strength in label_hits(sheet, field, rivals):
        found = values_near(sheet, cell, m.end(), parse, below, strict)
        for v, c, how, pos in found[:1] if first_only else found:
            cands.append(Candidate(v, strength * pos, c, m.group(0), how, c.source, c.conf, cell))
    cands.sort(key=lambda c: -c.score)
    return cands


# base confidence by how a value was found; a weak label is one after other words in its cell ('WZTV Nashville
# Advertiser'): the name right of it was right all 9 times on the deepform development split, so it stands unflagged
HOW = {"inline": 0.9, "right": 0.88, "below": 0.72, "title": 0.9, "pattern": 0.7, "computed": 0.66,
       "return-address": 0.75, "legal-form": 0.75, "letterhead": 0.58, "window": 0.65, "bad-checksum": 0.45, "checked": 0.95,
       "weak-label": 0.62, "ship-to": 0.5}


def _rounding_apart(a, b) -> bool:
    """Two amounts at most 5 cents apart: one is the other rounded to 0.05, not a rival reading."""
    return isinstance(a, Decimal) and isinstance(b, Decimal) and abs(a - b) <= Decimal("0.05")


def confidence(best: Candidate, rivals: list[Candidate] = (), ocr_weight: float = 0.5,
               margin: float = 0.15, contested: float = 0.55) -> tuple[float, str | None]:
    """(confidence, reason when low) for the chosen candidate given the others found for the field; a close
    call between different values is worth at most `contested` (below the flag threshold), which a later
    check (an arithmetic match) may still raise."""
    conf = HOW.get(best.how, 0.7)
    reason = None
    # a generic label ('Date', 'Total', 'vom') is weaker evidence than a specific one
    if best.how in ("inline", "right", "below") and best.score < 0.55:
        conf -= 0.12
    if best.how == "below" and best.score < 0.5:
        conf -= 0.1  # a weak label with the value under it: often a table column, not this field
    # a zero beside a real amount is a blank balance or a placeholder, not a rival reading
    close = [r for r in rivals if r is not best and r.value != best.value and best.score - r.score < margin
             and not (r.value == 0 and best.value != 0) and not _rounding_apart(r.value, best.value)]
    if close:
        conf = min(conf - 0.25, contested)
        reason = "other candidates: " + ", ".join(str(r.value) for r in close[:3])
    if best.source == "ocr":
        conf *= 1 - ocr_weight * (1 - best.conf)
        if best.conf < 0.6:
            reason = reason or f"poorly read (OCR confidence {best.conf:.2f})"
    return round(max(0.05, min(conf, 0.99)), 3), reason
