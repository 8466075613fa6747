"""The page as cells: each visual line split into segments at wide x gaps, with lookups by position."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..models import Box, Document, Line, Word

_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Lower case, accents dropped, whitespace collapsed: the form labels are matched against."""
    if text.isascii():
        return _SPACE.sub(" ", text.lower()).strip()
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return _SPACE.sub(" ", s.replace("ß", "ss").lower()).strip()


@dataclass(frozen=True, slots=True)
class Cell:
    """A run of words on one line with no wide gap between them."""

    words: tuple[Word, ...]
    page: int  # 0-based page index
    row: int  # index of the line in the document's line list
    text: str
    norm: str
    box: Box

    @property
    def source(self) -> str:
        return "ocr" if any(w.source == "ocr" for w in self.words) else "text"

    @property
    def conf(self) -> float:
        """The weakest word's OCR confidence (one bad digit spoils a number)."""
        return min((w.conf for w in self.words), default=1.0)

    @property
    def mean_conf(self) -> float:
        """The words' average OCR confidence (a name survives one smudged letter)."""
        return sum(w.conf for w in self.words) / len(self.words) if self.words else 1.0

    @property
    def height(self) -> float:
        return max(self.box.height, 1e-3)


@dataclass(frozen=True, slots=True)
class Row:
    """One visual line with its cells, left to right."""

    cells: tuple[Cell, ...]
    page: int
    index: int
    box: Box

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells)


def make_cell(words: list[Word] | tuple[Word, ...], page: int, row: int) -> Cell:
    text = " ".join(w.text for w in words)
    box = Box(min(w.box.x0 for w in words), min(w.box.y0 for w in words),
              max(w.box.x1 for w in words), max(w.box.y1 for w in words))
    # normalised word by word so an offset in norm maps back to a word
    return Cell(tuple(words), page, row, text, " ".join(norm(w.text) or "_" for w in words), box)


def text_after(cell: Cell, offset: int) -> str:
    """The original text of cell after position offset of its normalised text."""
    pos = 0
    for i, w in enumerate(cell.words):
        n = len(norm(w.text) or "_")
        if offset <= pos + n:
            inside = offset - pos
            rest = w.text[inside:] if inside < len(w.text) else ""
            return " ".join([rest, *(x.text for x in cell.words[i + 1:])]).strip()
        pos += n + 1
    return ""


def split_line(line: Line, page: int, row: int, gap_factor: float = 1.1) -> tuple[Cell, ...]:
    """Split a line where the gap between two words is wider than gap_factor x the text height."""
    words = line.words
    heights = sorted(w.box.height for w in words)
    h = heights[len(heights) // 2] or 1.0
    # loosely spaced lines (justified, letter-spaced) raise the bar, up to a limit
    gaps = [b.box.x0 - a.box.x1 for a, b in zip(words, words[1:], strict=False)]
    threshold = gap_factor * h
    if len(gaps) >= 2:
        threshold = min(max(threshold, 1.5 * min(gaps)), 2.5 * h)
    cells: list[Cell] = []
    cur = [words[0]]
    for w in words[1:]:
        if w.box.x0 - cur[-1].box.x1 > threshold:
            cells.append(make_cell(cur, page, row))
            cur = [w]
        else:
            cur.append(w)
    cells.append(make_cell(cur, page, row))
    return tuple(cells)


class Sheet:
    """All rows and cells of a document, with neighbour lookups used by the field finders."""

    def __init__(self, document: Document) -> None:
        self.rows: list[Row] = []
        self.page_sizes: list[tuple[float, float]] = []
        for pi, page in enumerate(document.pages):
            self.page_sizes.append((page.width or 1.0, page.height or 1.0))
            for line in page.lines:
                if not line.words:
                    continue
                idx = len(self.rows)
                cells = split_line(line, pi, idx)
                box = Box(min(c.box.x0 for c in cells), min(c.box.y0 for c in cells),
                          max(c.box.x1 for c in cells), max(c.box.y1 for c in cells))
                self.rows.append(Row(cells, pi, idx, box))
        self.cells: list[Cell] = [c for r in self.rows for c in r.cells]
        self.text = "\n".join(r.text for r in self.rows)
        self._row_cells: dict[int, Cell] = {}

    def row_cell(self, row: Row) -> Cell:
        """The whole row as one cell (for phrases that run across column gaps)."""
        c = self._row_cells.get(row.index)
        if c is None:
            c = self._row_cells[row.index] = make_cell([w for x in row.cells for w in x.words], row.page, row.index)
        return c

    def right_of(self, cell: Cell, limit: int = 3) -> list[Cell]:
        """The next cells to the right at the same height (also from a neighbouring line of another font)."""
        out = []
        for r in self.rows[max(0, cell.row - 2): cell.row + 3]:
            if r.page != cell.page:
                continue
            for c in r.cells:
                overlap = min(c.box.y1, cell.box.y1) - max(c.box.y0, cell.box.y0)
                if c.box.x0 >= cell.box.x1 - 1 and (r.index == cell.row or overlap > 0.5 * min(cell.height, c.height)):
                    out.append(c)
        out.sort(key=lambda c: c.box.x0)
        # cells starting at the same x (a tall label spans two lines): the one level with the label first
        mid = (cell.box.y0 + cell.box.y1) / 2
        for i in range(len(out) - 1):
            j = i + 1
            while j < len(out) and out[j].box.x0 - out[i].box.x0 < 0.5 * cell.height:
                j += 1
            out[i:j] = sorted(out[i:j], key=lambda c: abs((c.box.y0 + c.box.y1) / 2 - mid))
        return out[:limit]

    def below(self, cell: Cell, max_rows: int = 3) -> list[Cell]:
        """Cells on the following rows that overlap cell horizontally (nearest first)."""
        out: list[Cell] = []
        h = cell.height
        for r in self.rows[cell.row + 1: cell.row + 1 + max_rows * 2]:
            if r.page != cell.page or r.box.y0 - cell.box.y1 > max_rows * 2.2 * h:
                break
            for c in r.cells:
                overlap = min(c.box.x1, cell.box.x1) - max(c.box.x0, cell.box.x0)
                if overlap > 0 or abs(c.box.x0 - cell.box.x0) < 2 * h:
                    out.append(c)
                    break
            if len(out) >= max_rows:
                break
        return out

    def rel_y(self, cell: Cell) -> float:
        """Vertical position on its page, 0 top .. 1 bottom."""
        return cell.box.cy / self.page_sizes[cell.page][1]

    def rel_x(self, cell: Cell) -> float:
        return cell.box.cx / self.page_sizes[cell.page][0]
