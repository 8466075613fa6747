"""Group words into lines by their position, so text-layer and OCR pages look alike."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Line, Word


class _Row:
    __slots__ = ("words", "sum_y0", "sum_y1")

    def __init__(self, w: Word) -> None:
        self.words = [w]
        self.sum_y0, self.sum_y1 = w.box.y0, w.box.y1

    def add(self, w: Word) -> None:
        self.words.append(w)
        self.sum_y0 += w.box.y0
        self.sum_y1 += w.box.y1

    def overlap(self, w: Word) -> float:
        """Vertical overlap of w with the row's mean band, relative to the smaller height."""
        n = len(self.words)
        y0, y1 = self.sum_y0 / n, self.sum_y1 / n
        inter = min(y1, w.box.y1) - max(y0, w.box.y0)
        return inter / max(min(y1 - y0, w.box.height), 1e-6)

    def collides(self, w: Word) -> bool:
        """True when w would sit on top of a word already in the row (it belongs to another line)."""
        return any(min(o.box.x1, w.box.x1) - max(o.box.x0, w.box.x0) > 0.5 * min(o.box.width, w.box.width)
                   for o in self.words)


def group_lines(words: Iterable[Word]) -> tuple[Line, ...]:
    """Cluster words into visual lines (top to bottom), each sorted left to right.

    A word joins the row whose mean vertical band it overlaps by at least half of the smaller
    height; means rather than extremes keep rows from drifting on slightly tilted pages.
    """
    rows: list[_Row] = []
    for w in sorted((w for w in words if w.text.strip()), key=lambda w: (w.box.cy, w.box.x0)):
        best, best_overlap = None, 0.5
        for row in rows[-4:]:  # words come sorted by centre: only recent rows can match
            ov = row.overlap(w)
            if ov >= best_overlap and not row.collides(w):
                best, best_overlap = row, ov
        if best is None:
            rows.append(_Row(w))
        else:
            best.add(w)
    lines = [Line(tuple(sorted(r.words, key=lambda w: w.box.x0))) for r in rows]
    lines.sort(key=lambda ln: (ln.box.y0, ln.box.x0))
    return tuple(lines)
