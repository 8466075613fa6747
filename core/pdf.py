"""PDF pages: the text layer with word boxes (pypdfium2) and rendering for OCR."""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from PIL import Image

from .errors import DocumentTooLarge, EncryptedDocument, PageTooLarge, UnreadableDocument
from .models import Box, Word

_WORD = re.compile(r"\S+")
_FPDF_ERR_PASSWORD = 4
_FPDF_ERR_SECURITY = 5
MIN_DPI = 72  # one pixel per point: a page that fits the pixel limit only below this has print too small to read


def open_document(data: bytes) -> pdfium.PdfDocument:
    """The opened PDF (the caller closes it); EncryptedDocument or UnreadableDocument when pdfium cannot open it."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (_FPDF_ERR_PASSWORD, _FPDF_ERR_SECURITY):
            raise EncryptedDocument() from exc
        raise UnreadableDocument("the PDF is damaged or incomplete") from exc


@contextmanager
def open_pdf(data: bytes) -> Iterator[pdfium.PdfDocument]:
    pdf = open_document(data)
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


def fit_dpi(number: int, width_pt: float, height_pt: float, dpi: float, max_pixels: int) -> float:
    """The resolution to render a page at: dpi, or less so that the picture has at most max_pixels;
    PageTooLarge when that would be below MIN_DPI."""
    if width_pt <= 0 or height_pt <= 0:
        raise UnreadableDocument(f"page {number} has no size")
    scale = min(dpi / 72, math.sqrt(max_pixels / (width_pt * height_pt)))
    while math.ceil(width_pt * scale) * math.ceil(height_pt * scale) > max_pixels:  # pdfium rounds up
        scale *= 0.999
    if scale * 72 < MIN_DPI:
        raise PageTooLarge(number, width_pt / 72, height_pt / 72)
    return scale * 72


def check_images(page: pdfium.PdfPage, number: int, max_pixels: int) -> None:
    """DocumentTooLarge when a picture on the page has more than max_pixels: pdfium decodes every picture
    at full size whatever the resolution of the render (900 MB for one of 30000 x 30000). A picture of
    fewer than 8 bits a pixel (a black-and-white scan) stays that small when decoded, so it may have more."""
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
        w, h = obj.get_px_size()
        if w * h > max_pixels and w * h * min(obj.get_metadata().bits_per_pixel or 8, 8) / 8 > max_pixels:
            raise DocumentTooLarge(f"picture on page {number}", w * h / 1e6, max_pixels / 1e6, "megapixels")


def render(page: pdfium.PdfPage, number: int = 1, dpi: int = 300, max_pixels: int = 80_000_000) -> Image.Image:
    """The page in grey at dpi, or at less when it would exceed max_pixels (see fit_dpi and check_images)."""
    check_images(page, number, max_pixels)
    scale = fit_dpi(number, page.get_width(), page.get_height(), dpi, max_pixels) / 72
    return page.render(scale=scale, grayscale=True).to_pil()


def poppler_pages(data: bytes, dpi: int, max_pixels: int, max_pages: int) -> tuple[int, Iterator[Image.Image]]:
    """Fallback for files pdfium cannot open (pdfinfo, pdftoppm): the number of pages, and the pages rendered
    one at a time as they are taken, each within max_pixels like render's."""
    from pdf2image import convert_from_bytes, pdfinfo_from_bytes
    from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFSyntaxError

    errors = (PDFPageCountError, PDFSyntaxError, PDFInfoNotInstalledError, OSError, ValueError, KeyError)
    try:
        info = pdfinfo_from_bytes(data, first_page=1, last_page=max_pages)
        n = int(info["Pages"])
    except errors as exc:
        raise UnreadableDocument("the PDF is damaged or incomplete") from exc

    def pages() -> Iterator[Image.Image]:
        for k in range(1, min(n, max_pages) + 1):
            size = re.findall(r"[\d.]+", info.get(f"Page {k:4d} size", ""))
            if len(size) < 2:
                raise UnreadableDocument("the PDF is damaged or incomplete")
            fit = fit_dpi(k, float(size[0]), float(size[1]), dpi, max_pixels)
            try:
                frames = convert_from_bytes(data, dpi=math.floor(fit), grayscale=True, first_page=k, last_page=k)
            except errors as exc:
                raise UnreadableDocument("the PDF is damaged or incomplete") from exc
            if frames:
                yield frames[0]

    return n, pages()
