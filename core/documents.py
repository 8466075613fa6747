"""Document intake: bytes in, a Document out (text layer where usable, OCR elsewhere)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image

from . import dewarp, images, pdf
from .errors import BlankDocument, DocumentTooLarge, TooManyPages, UnreadableDocument
from .layout import group_lines
from .models import Document, Page
from .ocr import TesseractOcr
from .reread import reread_dates
from .sniff import PDF, XML, sniff

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    max_bytes: int = 25 * 1024 * 1024
    max_pages: int = 20
    max_pixels: int = 80_000_000
    ocr_workers: int = 2  # tesseract processes run at once for one document
    dpi: int = 300
    clean_photos: bool = True
    dewarp: bool = True  # photos of a page on a desk: the page cut out, made upright, its light evened


DEFAULT_OPTIONS = ReadOptions()


def _noop(stage: str, k: int, n: int) -> None:
    return None


def read_document(
    data: bytes, ocr: TesseractOcr, options: ReadOptions = DEFAULT_OPTIONS, progress: Progress = _noop
) -> Document:
    """Read any supported file into pages of words; raise a DocumentError with a plain reason."""
    if not data:
        raise UnreadableDocument("the file is empty")
    if len(data) > options.max_bytes:
        mb = 1024 * 1024
        raise DocumentTooLarge("file", round(len(data) / mb, 1), round(options.max_bytes / mb, 1), "MB")
    media_type = sniff(data)
    digest = hashlib.sha256(data).hexdigest()
    if media_type == XML:  # an e-invoice has no pages; core.pipeline reads its fields directly
        raise UnreadableDocument("it is an e-invoice XML file, which has no pages to read")
    if media_type == PDF:
        pages = _read_pdf(data, ocr, options, progress)
    else:
        frames = images.load_frames(data, media_type, options.max_pixels, options.max_pages)
        pages = _ocr_pages([(i + 1, f, True) for i, f in enumerate(frames)], ocr, options, progress)
    if not any(p.lines for p in pages):
        raise BlankDocument()
    return Document(sha256=digest, media_type=media_type, pages=tuple(pages))


def _read_pdf(data: bytes, ocr: TesseractOcr, options: ReadOptions, progress: Progress) -> list[Page]:
    try:
        with pdf.open_pdf(data) as doc:
            n = len(doc)
            _check_pages(n, options)
            pages: dict[int, Page] = {}
            to_ocr: list[tuple[int, Image.Image, bool]] = []
            for i in range(n):
                page = doc[i]
                words = pdf.page_words(page)
                if pdf.usable_text(words):
                    progress("reading page", i + 1, n)
                    pages[i + 1] = Page(i + 1, page.get_width(), page.get_height(), group_lines(words), "text")
                else:
                    to_ocr.append((i + 1, pdf.render(page, options.dpi), False))
                page.close()
    except UnreadableDocument:
        frames = pdf.render_with_poppler(data, options.dpi, last=options.max_pages + 1)
        _check_pages(len(frames), options)
        pages, to_ocr = {}, [(i + 1, f, False) for i, f in enumerate(frames)]
    for p in _ocr_pages(to_ocr, ocr, options, progress, total=len(pages) + len(to_ocr)):
        pages[p.number] = p
    return [pages[k] for k in sorted(pages)]


def _check_pages(n: int, options: ReadOptions) -> None:
    if n == 0:
        raise UnreadableDocument("the PDF has no pages")
    if n > options.max_pages:
        raise TooManyPages(n, options.max_pages)


def _ocr_pages(
    items: list[tuple[int, Image.Image, bool]],
    ocr: TesseractOcr,
    options: ReadOptions,
    progress: Progress,
    total: int | None = None,
) -> list[Page]:
    """OCR pages in parallel (each in its own tesseract process), in page order."""
    if not items:
        return []
    total = total or len(items)
    finished = itertools.count(total - len(items) + 1)

    def one(item: tuple[int, Image.Image, bool]) -> Page:
        number, img, maybe_photo = item
        page = _ocr_page(number, img, maybe_photo, ocr, options)
        progress("reading page", next(finished), total)
        return page

    workers = max(1, min(options.ocr_workers, len(items)))
    if workers == 1:
        return [one(it) for it in items]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
        return list(pool.map(one, items))


def _ocr_page(number: int, img: Image.Image, maybe_photo: bool, ocr: TesseractOcr, options: ReadOptions) -> Page:
    img = images.fit_for_ocr(img)
    if _is_blank(img):
        return Page(number, img.width, img.height, (), "ocr")
    if options.clean_photos:
        if maybe_photo and options.dewarp:
            img = dewarp.dewarp(img)
        if maybe_photo and images.is_photo(img):
            img = images.clean_photo(img)
        img = images.deskew(img)
    # a picture of a slip is read as one block of text: finding text blocks (psm 3) drops amounts
    # printed apart; pages of a PDF stay with psm 3 (forms and letters, some as narrow as a slip)
    slip = maybe_photo and images.is_slip(img)
    if not slip and images.is_soft(img):  # blurred: bold lines and small print have turned grey
        img = images.sharpen(img)
    result = ocr.read(img, psm=6 if slip else 3)
    words = result.words
    if slip:
        # dates on till slips are small and often misread: read the doubtful ones again, closer
        seen = img.rotate(-result.rotation, expand=True) if result.rotation else img
        first = ocr.languages.split("+")[0]  # digits and separators: one language model loads fastest
        latest = dt.date.today().year + 5
        words = reread_dates(seen, words, lambda pic: ocr.words(pic, 6, first), 1990, latest)
    return Page(number, result.width, result.height, group_lines(words), "ocr", rotation=result.rotation)


def _is_blank(img: Image.Image) -> bool:
    arr = np.asarray(img.reduce(max(1, min(img.size) // 300)), dtype=np.uint8)
    return bool(arr.std() < 4.0)
