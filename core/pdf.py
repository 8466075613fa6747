"""PDF pages: the text layer with word boxes (pypdfium2) and rendering for OCR."""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from PIL import Image

from .errors import EncryptedDocument, UnreadableDocument
from .models import Box, Word

_WORD = re.compile(r"\S+")
_FPDF_ERR_PASSWORD = 4
_FPDF_ERR_SECURITY = 5


@contextmanager
def open_pdf(data: bytes) -> Iterator[pdfium.PdfDocument]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (_FPDF_ERR_PASSWORD, _FPDF_ERR_SECURITY):
            raise EncryptedDocument() from exc
        raise UnreadableDocument("the PDF is damaged or incomplete") from exc
    try:
        yield pdf
    finally:
        pdf.close()


def page_words(page: pdfium.PdfPage) -> list[Word]:
    """Words of the page's text layer with boxes in points, origin top-left of the page as displayed
    (a landscape page stored portrait with /Rotate 90 reads left to right like any other)."""
    place = _placer(page.get_rotation(), page.get_width(), page.get_height())
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        if n <= 0:
            return []
        text = textpage.get_text_range(0, n)
        if len(text) != n:  # characters outside the BMP: fall back to one call per char
            return _words_by_char(textpage, n, place)
        # tight glyph boxes of the first and last character; pdfium's "loose" boxes (font ascent
        # to descent) are cheaper but blur the row gaps the line-item tables are read from
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
        get_box = raw.FPDFText_GetCharBox
        raw_page = textpage.raw
        words = []
        for m in _WORD.finditer(text):
            start, end = m.span()
            get_box(raw_page, start, *refs)
            x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
            if end - start > 1:
                get_box(raw_page, end - 1, *refs)
                x0, x1 = min(x0, left.value), max(x1, right.value)
                y0, y1 = min(y0, bottom.value), max(y1, top.value)
            words.append(Word(m.group(), place(x0, y0, x1, y1)))
        return words
    finally:
        textpage.close()


def _placer(rotation: int, width: float, height: float):
    """Maps a box in the page's own space (left, bottom, right, top; origin bottom-left, before /Rotate)
    to one on the page as displayed (origin top-left); width and height are the displayed page's."""
    if rotation == 90:
        return lambda x0, y0, x1, y1: Box(y0, x0, y1, x1)
    if rotation == 180:
        return lambda x0, y0, x1, y1: Box(width - x1, y0, width - x0, y1)
    if rotation == 270:
        return lambda x0, y0, x1, y1: Box(width - y1, height - x1, width - y0, height - x0)
    return lambda x0, y0, x1, y1: Box(x0, height - y1, x1, height - y0)


def _words_by_char(textpage: pdfium.PdfTextPage, n: int, place) -> list[Word]:
    words: list[Word] = []
    chars: list[tuple[str, tuple[float, float, float, float]]] = []

    def flush() -> None:
        if chars:
            # get_charbox gives (left, bottom, right, top)
            words.append(Word("".join(c[0] for c in chars), place(
                min(c[1][0] for c in chars), min(c[1][1] for c in chars),
                max(c[1][2] for c in chars), max(c[1][3] for c in chars))))
            chars.clear()

    for i in range(n):
        ch = chr(raw.FPDFText_GetUnicode(textpage, i) or 32)
        if ch.isspace() or ch == "\x00":
            flush()
            continue
        if "\ud800" <= ch <= "\udfff":  # half of a character outside the BMP: not text we use
            continue
        chars.append((ch, textpage.get_charbox(i)))
    flush()
    return words


_UNREADABLE = re.compile(r"[^\w.,:;\-/%€$£()]")
_BAD = re.compile(r"[\ufffd\x00-\x1f]")


def usable_text(words: list[Word]) -> bool:
    """A text layer is usable when it has enough readable characters (not glyph garbage)."""
    text = "".join(w.text for w in words)
    if len(text) < 20:
        return False
    unreadable = len(_UNREADABLE.findall(text))
    bad = len(_BAD.findall(text))
    return unreadable / len(text) < 0.4 and bad / len(text) < 0.05


def render(page: pdfium.PdfPage, dpi: int = 300) -> Image.Image:
    return page.render(scale=dpi / 72, grayscale=True).to_pil()


def render_with_poppler(data: bytes, dpi: int = 300, first: int = 1, last: int | None = None) -> list[Image.Image]:
    """Fallback renderer for files pdfium cannot open (pdftoppm)."""
    from pdf2image import convert_from_bytes
    from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFSyntaxError

    try:
        return convert_from_bytes(data, dpi=dpi, grayscale=True, first_page=first, last_page=last)
    except (PDFPageCountError, PDFSyntaxError, PDFInfoNotInstalledError, OSError) as exc:
        raise UnreadableDocument("the PDF is damaged or incomplete") from exc
