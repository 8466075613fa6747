"""Group words into lines by their position, so text-layer and OCR pages look alike."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Line, Word


def group_lines(words: Iterable[Word]) -> tuple[Line, ...]:
    """Cluster words into visual lines (top to bottom), each sorted left to right.

    A word joins a line when its vertical centre falls inside the line's band; the band is
    the running median-free span of the words already in it, which tolerates mixed font sizes.
    """
    ws = sorted((w for w in words if w.text.strip()), key=lambda w: (w.box.cy, w.box.x0))
    rows: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for w in ws:
        cy, h = w.box.cy, max(w.box.height, 1e-6)
        placed = False
        # look back over the last few rows only: words come sorted by centre
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom = bands[i]
            band_h = bottom - top
            if top - 0.15 * h <= cy <= bottom + 0.15 * h and h < 2.5 * band_h + 1e-6:
                if not _overlaps_x(rows[i], w):
                    rows[i].append(w)
                    # keep the band anchored on the first words: no drifting on skewed pages
                    bands[i] = (min(top, w.box.y0 + 0.25 * h), max(bottom, w.box.y1 - 0.25 * h))
                    placed = True
                    break
        if not placed:
            rows.append([w])
            bands.append((w.box.y0 + 0.2 * h, w.box.y1 - 0.2 * h))
    lines = [Line(tuple(sorted(r, key=lambda w: w.box.x0))) for r in rows]
    lines.sort(key=lambda ln: (ln.box.y0, ln.box.x0))
    return tuple(lines)


def _overlaps_x(row: list[Word], w: Word) -> bool:
    """True when w would sit on top of a word already in the row (a different line)."""
    for o in row:
        overlap = min(o.box.x1, w.box.x1) - max(o.box.x0, w.box.x0)
        if overlap > 0.5 * min(o.box.width, w.box.width):
            return True
    return False
