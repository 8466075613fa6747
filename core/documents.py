"""Document intake: bytes in, a Document out (text layer where usable, OCR elsewhere)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
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
        raise DocumentTooLarge("file", len(data) / mb, options.max_bytes / mb, "MB")
    media_type = sniff(data)
    digest = hashlib.sha256(data).hexdigest()
    if media_type == XML:  # an e-invoice has no pages; core.pipeline reads its fields directly
        raise UnreadableDocument("it is an e-invoice XML file, which has no pages to read")
    if media_type == PDF:
        pages = _read_pdf(data, ocr, options, progress)
    else:
        n, frames = images.load_frames(data, media_type, options.max_pixels, options.max_pages)
        pages = _read_pages(((i + 1, f, True) for i, f in enumerate(frames)), n, ocr, options, progress)
    if not any(p.lines for p in pages):
        raise BlankDocument()
    return Document(sha256=digest, media_type=media_type, pages=tuple(pages))


# a page read from its text layer, or one to OCR: (number, picture, maybe a photo)
PageItem = Page | tuple[int, Image.Image, bool]


def _read_pdf(data: bytes, ocr: TesseractOcr, options: ReadOptions, progress: Progress) -> list[Page]:
    try:
        doc = pdf.open_document(data)
    except UnreadableDocument:
        n, frames = pdf.poppler_pages(data, options.dpi, options.max_pixels, options.max_pages + 1)
        _check_pages(n, options)
        items = ((i + 1, images.fit_for_ocr(f), False) for i, f in enumerate(frames))
        return _read_pages(items, n, ocr, options, progress)
    try:
        n = len(doc)
        _check_pages(n, options)
        return _read_pages(_pdf_items(doc, options), n, ocr, options, progress)
    finally:
        doc.close()


def _pdf_items(doc, options: ReadOptions) -> Iterator[PageItem]:
    """Each page from its text layer where usable, else rendered (scaled for OCR at once, so that only the
    small copy is kept); a page is rendered only when it is taken."""
    for i in range(len(doc)):
        page = doc[i]
        try:
            words = pdf.page_words(page)
            if pdf.usable_text(words):
                yield Page(i + 1, page.get_width(), page.get_height(), group_lines(words), "text")
            else:
                yield i + 1, images.fit_for_ocr(pdf.render(page, i + 1, options.dpi, options.max_pixels)), False
        finally:
            page.close()


def _check_pages(n: int, options: ReadOptions) -> None:
    if n == 0:
        raise UnreadableDocument("the PDF has no pages")
    if n > options.max_pages:
        raise TooManyPages(n, options.max_pages)


def _read_pages(
    items: Iterable[PageItem], total: int, ocr: TesseractOcr, options: ReadOptions, progress: Progress,
) -> list[Page]:
    """Pages in order; pictures are OCR'd in parallel (each in its own tesseract process), and the next one is
    taken (rendered, decoded) only when a worker is free, so at most ocr_workers pictures are held at once."""
    finished = itertools.count(1)
    pages: dict[int, Page] = {}

    def ocr_one(number: int, img: Image.Image, maybe_photo: bool) -> Page:
        page = _ocr_page(number, img, maybe_photo, ocr, options)
        progress("reading page", next(finished), total)
        return page

    def collect(done: Iterable[Future]) -> None:
        for f in done:
            page = f.result()
            pages[page.number] = page

    workers = max(1, options.ocr_workers)
    pending: set[Future] = set()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
        try:
            it = iter(items)
            while True:
                if len(pending) >= workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    collect(done)
                item = next(it, None)
                if item is None:
                    break
                if isinstance(item, Page):
                    pages[item.number] = item
                    progress("reading page", next(finished), total)
                else:
                    pending.add(pool.submit(ocr_one, *item))
                del item  # the picture now lives in its task only
            collect(pending)
        except BaseException:
            for f in pending:
                f.cancel()
            raise
    return [pages[k] for k in sorted(pages)]


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
