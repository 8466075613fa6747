"""Group words into lines by their position, so text-layer and OCR pages look alike."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from .models import Line, Word


class _Row:
    __slots__ = ("words", "x0s", "y0", "y1", "sum_y0", "sum_y1")

    def __init__(self, w: Word) -> None:
        self.words = [w]
        self.x0s = [w.box.x0]
        self.sum_y0, self.sum_y1 = w.box.y0, w.box.y1
        self.y0, self.y1 = w.box.y0, w.box.y1

    def add(self, w: Word) -> None:
        x0 = w.box.x0
        if x0 >= self.x0s[-1]:  # the common case: words arrive left to right
            self.x0s.append(x0)
            self.words.append(w)
        else:
            i = bisect_left(self.x0s, x0)
            self.x0s.insert(i, x0)
            self.words.insert(i, w)
        self.sum_y0 += w.box.y0
        self.sum_y1 += w.box.y1
        n = len(self.words)
        self.y0, self.y1 = self.sum_y0 / n, self.sum_y1 / n

    def overlap(self, w: Word) -> float:
        """Vertical overlap of w with the row's mean band, relative to the smaller height."""
        b = w.box
        inter = min(self.y1, b.y1) - max(self.y0, b.y0)
        return inter / max(min(self.y1 - self.y0, b.y1 - b.y0), 1e-6)

    def collides(self, w: Word) -> bool:
        """True when w would sit on top of a word already in the row (it belongs to another line)."""
        b = w.box
        last = self.words[-1].box
        if b.x0 >= last.x1:  # right of everything in the row
            return False
        i = bisect_left(self.x0s, b.x0)
        for o in self.words[max(0, i - 2): i + 2]:
            ob = o.box
            if min(ob.x1, b.x1) - max(ob.x0, b.x0) > 0.5 * min(ob.x1 - ob.x0, b.x1 - b.x0):
                return True
        return False


def group_lines(words: Iterable[Word]) -> tuple[Line, ...]:
    """Cluster words into visual lines (top to bottom), each sorted left to right.

    A word joins the row whose mean vertical band it overlaps by at least half of the smaller
    height; means rather than extremes keep rows from drifting on slightly tilted pages.
    """
    rows: list[_Row] = []
    for w in sorted((w for w in words if w.text.strip()), key=lambda w: (w.box.cy, w.box.x0)):
        best, best_overlap = None, 0.5
        for row in reversed(rows[-4:]):  # words come sorted by centre: only recent rows can match
            if row.y1 < w.box.y0:
                break
            ov = row.overlap(w)
            if ov >= best_overlap and not row.collides(w):
                best, best_overlap = row, ov
        if best is None:
            rows.append(_Row(w))
        else:
            best.add(w)
    rows.sort(key=lambda r: (min(w.box.y0 for w in r.words), r.x0s[0]))
    return tuple(Line(tuple(r.words)) for r in rows)
