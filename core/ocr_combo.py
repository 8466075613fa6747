"""Two engines on one page: PP-OCR finds and reads the lines (it reads receipts' amounts and dates best);
on a page in another language than English, tesseract reads it again with that language's model, and its
words replace PP-OCR's where they spell the same letters and digits (accents, umlauts, word breaks)."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from difflib import SequenceMatcher

from PIL import Image

from .models import Box, Word
from .ocr import OcrPage
from .ports import OcrEngine

SAME_WORD = 0.7  # similarity of the accent-free spellings above which tesseract's words replace PP-OCR's
OVERLAP = 0.3  # share of the narrower box two words overlap by to be read as the same text
ADD_CONF = 0.8  # tesseract's words PP-OCR found nothing at are added from this confidence on
SIGNS = "€£¥₹"  # currency signs PP-OCR's recogniser drops: tesseract's are kept
_FOLD = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})


class CombinedOcr:
    """The OcrEngine port on PP-OCR (paddle) with tesseract's reading for the letters of non-English pages.

    language_of: words -> the tesseract model of their language (TesseractApiOcr.language_of)."""

    def __init__(self, tesseract: OcrEngine, paddle: OcrEngine,
                 language_of: Callable[[list[Word]], str] | None = None) -> None:
        self.languages = tesseract.languages
        self.first = "eng" if "eng" in tesseract.languages.split("+") else tesseract.languages.split("+")[0]
        self._tesseract = tesseract
        self._paddle = paddle
        self._language_of = language_of or getattr(tesseract, "language_of", None)

    def read(self, img: Image.Image, psm: int = 3) -> OcrPage:
        page = self._paddle.read(img, psm)
        lang = self._language_of(page.words) if self._language_of and page.words else self.first
        if lang == self.first:
            return page
        seen = img.rotate(-page.rotation, expand=True) if page.rotation else img
        second = self._tesseract.words(seen, psm, f"{lang}+{self.first}")
        return OcrPage(merge(page.words, second), page.width, page.height, page.rotation)

    def words(self, img: Image.Image, psm: int = 3, languages: str | None = None) -> list[Word]:
        return self._paddle.words(img, psm, languages)

    def orientation(self, img: Image.Image) -> int:
        return self._tesseract.orientation(img)


def merge(primary: list[Word], second: list[Word]) -> list[Word]:
    """primary's words, where they overlap words of the second reading that spell the same (accents, case and
    word breaks aside) and carry the same digits, replaced by those; amounts and dates stay as primary read
    them. Confident words of the second reading that overlap none of primary's are added."""
    groups = _overlapping(primary, second)
    out: list[Word] = []
    matched: set[int] = set()
    for ps, ss in groups:
        mine, theirs = [primary[i] for i in ps], sorted((second[j] for j in ss), key=lambda w: w.box.x0)
        matched.update(ss)
        a, b = "".join(w.text for w in mine), "".join(w.text for w in theirs)
        letters = any(c.isalpha() for c in a)
        same = _digits(a) == _digits(b) and (letters and similarity(a, b) >= SAME_WORD or _unsigned(b) == a != b)
        if theirs and same:
            out.extend(theirs)
        else:
            out.extend(mine)
    out.extend(w for j, w in enumerate(second)
               if j not in matched and w.conf >= ADD_CONF and (len(fold(w.text)) > 1 or w.text in SIGNS))
    return out


def _overlapping(primary: list[Word], second: list[Word]) -> list[tuple[list[int], list[int]]]:
    """Groups of words of both readings linked by overlapping boxes, in primary's order."""
    parent = list(range(len(primary) + len(second)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_top = sorted(range(len(second)), key=lambda j: second[j].box.y0)
    tops = [second[j].box.y0 for j in by_top]
    for i, w in enumerate(primary):
        for k in range(bisect_right(tops, w.box.y1)):
            j = by_top[k]
            if _overlap(w.box, second[j].box):
                parent[find(len(primary) + j)] = find(i)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(primary)):
        groups.setdefault(find(i), ([], []))[0].append(i)
    for j in range(len(second)):
        root = find(len(primary) + j)
        if root in groups:
            groups[root][1].append(j)
    return list(groups.values())


def _overlap(a: Box, b: Box) -> bool:
    """The same text: each box's middle height within the other, the narrower overlapped by a third."""
    if not (a.y0 <= b.cy <= a.y1 and b.y0 <= a.cy <= b.y1):
        return False
    inter = min(a.x1, b.x1) - max(a.x0, b.x0)
    return inter > OVERLAP * max(1.0, min(a.width, b.width))


def fold(text: str) -> str:
    """The letters and digits of text without accents, in lower case ('Größe' -> 'grosse')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(c for c in decomposed if c.isalnum())


def similarity(a: str, b: str) -> float:
    fa, fb = fold(a), fold(b)
    return SequenceMatcher(None, fa, fb).ratio() if fa and fb else 0.0


def _unsigned(text: str) -> str:
    return "".join(c for c in text if c not in SIGNS)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())
