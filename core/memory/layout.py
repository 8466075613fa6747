"""The page as words in page fractions (kept with a job's result), and finding a value on it again:
where a corrected value sits when it is learned, and what sits there on the vendor's next invoice."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from ..extract.parse import parse_amount, parse_date
from ..models import Document
from . import Hint, norm_id

MAX_PAGES = 2  # a vendor's fields sit on the first pages
MAX_WORDS = 3000
MAX_SPAN = 6  # words a value may take
AMOUNTS = frozenset({"subtotal", "tax_total", "total", "amount_due"})
DATES = frozenset({"invoice_date", "due_date"})
LEARNABLE = AMOUNTS | DATES | {"invoice_number", "vendor_name", "customer_name", "vendor_vat_id", "iban"}
_AMOUNT_TEXT = re.compile(r"^[-−(]?[€$£]?\s?[\d.,' ]+\)?\s?(?:€|EUR|USD|CHF|GBP|\$|£)?$", re.I)

Word = list  # [text, x0, y0, x1, y1] in fractions of the page
Layout = list  # pages -> lines -> words


def layout_of(document: Document) -> Layout:
    """The first pages' lines of words, coordinates as fractions of the page (JSON-ready, bounded)."""
    pages, count = [], 0
    for page in document.pages[:MAX_PAGES]:
        w, h = page.width or 1.0, page.height or 1.0
        lines = []
        for line in page.lines:
            words = [[wd.text, round(wd.box.x0 / w, 4), round(wd.box.y0 / h, 4), round(wd.box.x1 / w, 4),
                      round(wd.box.y1 / h, 4)] for wd in line.words]
            count += len(words)
            if count > MAX_WORDS:
                break
            lines.append(words)
        pages.append(lines)
    return pages


def _parse(name: str, text: str, language: str | None) -> Any:
    if name in AMOUNTS:
        return parse_amount(text, language) if _AMOUNT_TEXT.match(text.strip()) else None
    if name in DATES:
        return parse_date(text, language)
    return text.strip(" :") or None


def _same(name: str, found: Any, wanted: Any) -> bool:
    if found is None or wanted is None:
        return False
    if name in AMOUNTS:
        return isinstance(found, Decimal) and abs(found) == abs(Decimal(str(wanted)))
    if name in DATES:
        return found == wanted
    return norm_id(str(found)) == norm_id(str(wanted))


def _box(words: list[Word]) -> tuple[float, float, float, float]:
    return (min(w[1] for w in words), min(w[2] for w in words), max(w[3] for w in words), max(w[4] for w in words))


def _text(words: list[Word]) -> str:
    return " ".join(w[0] for w in words)


def _label_left(line: list[Word], start: int) -> str | None:
    label = _text(line[max(0, start - 3):start]).strip()
    return label or None


def _line_above(lines: list[list[Word]], i: int, box: tuple[float, ...]) -> str | None:
    """The nearest line above that overlaps the value horizontally and sits close: a label over a value."""
    for above in reversed(lines[max(0, i - 3):i]):
        over = [w for w in above if w[1] < box[2] and w[3] > box[0]]
        if over and box[1] - max(w[4] for w in over) < 0.04:
            return _text(over)
    return None


def locate(layout: Layout, name: str, value: Any, language: str | None, when: dt.date) -> Hint | None:
    """Where value (the user's correction of field name) is printed, and what label precedes it."""
    if name not in LEARNABLE or value is None:
        return None
    best: tuple[int, Hint] | None = None
    for p, lines in enumerate(layout):
        for i, line in enumerate(lines):
            for start in range(len(line)):
                for n in range(1, min(MAX_SPAN, len(line) - start) + 1):
                    span = line[start:start + n]
                    if not _same(name, _parse(name, _text(span), language), value):
                        continue
                    box = _box(span)
                    label, above = _label_left(line, start), False
                    if label is None:
                        label, above = _line_above(lines, i, box), True
                    rank = 0 if label else 1
                    if best is None or rank < best[0]:
                        best = (rank, Hint(p, box, label, above and label is not None, n, when))
                    break  # the shortest span that matches
            if best is not None and best[0] == 0:
                return best[1]
    return best[1] if best else None


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _after_label(lines: list[list[Word]], hint: Hint, name: str, language: str | None) -> Any:
    target = _norm(hint.label or "")
    if not target:
        return None
    for i, line in enumerate(lines):
        for start in range(len(line)):
            for n in range(1, 5):
                if _norm(_text(line[start:start + n])) != target:
                    continue
                if not hint.label_above:
                    if (v := _first_words(line[start + n:], hint.words, name, language)) is not None:
                        return v
                    continue
                lbox = _box(line[start:start + n])
                for below in lines[i + 1:i + 3]:
                    under = [w for w in below if w[1] < lbox[2] + 0.05 and w[3] > lbox[0] - 0.05]
                    if (v := _first_words(under, hint.words, name, language)) is not None:
                        return v
    return None


def _first_words(words: list[Word], n: int, name: str, language: str | None) -> object:
    """The value in the first n words (or one more or one fewer: amounts and names vary in length)."""
    for k in (n, n + 1, n - 1):
        if 0 < k <= len(words) and (v := _parse(name, _text(words[:k]), language)) is not None:
            return v
    return None


def _at_box(lines: list[list[Word]], hint: Hint, name: str, language: str | None) -> Any:
    x0, y0, x1, y1 = hint.box
    pad = 0.01
    inside = [w for line in lines for w in line
              if x0 - pad <= (w[1] + w[3]) / 2 <= x1 + pad and y0 - pad <= (w[2] + w[4]) / 2 <= y1 + pad]
    return _parse(name, _text(inside), language) if inside else None


def find(layout: Layout, name: str, hint: Hint, language: str | None) -> Any:
    """The value of field name on a new invoice, by the learned label first, then by the learned place."""
    if hint.page >= len(layout):
        return None
    lines = layout[hint.page]
    found = _after_label(lines, hint, name, language)
    return found if found is not None else _at_box(lines, hint, name, language)
