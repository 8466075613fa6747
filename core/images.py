"""Image intake: decode every supported format, apply EXIF orientation, clean up photos."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from io import BytesIO

import numpy as np
from PIL import ExifTags, Image, ImageFilter, ImageOps, UnidentifiedImageError

from .errors import DocumentTooLarge, TooManyPages, UnreadableDocument

_heif_registered = False

# A4 at 300 dpi; larger photos are scaled down before OCR (time grows with pixels, accuracy does not)
MAX_OCR_SIDE = 3508

SOFT_RATIO = 1.8  # grey pixels per dark one above which a page counts as blurred (is_soft)


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        from pi_heif import register_heif_opener

        register_heif_opener()
        _heif_registered = True


# what Pillow raises for a damaged file (TypeError: a TIFF frame without its size)
_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, TypeError)
_PIL_PIXELS = re.compile(r"\((\d+) pixels\)")
_UPRIGHT = {  # EXIF orientation -> the turn that makes the picture upright (as ImageOps.exif_transpose)
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def load_frames(data: bytes, media_type: str, max_pixels: int, max_frames: int) -> tuple[int, Iterator[Image.Image]]:
    """The number of pages of an image file (TIFF: every frame, others the first) and the pages, decoded one
    at a time as they are taken: grey, upright, scaled down for OCR. Sizes are checked before decoding."""
    if media_type == "image/heic":
        _register_heif()
    img = _open(data, max_pixels)
    try:
        n = getattr(img, "n_frames", 1) if media_type == "image/tiff" else 1
    except _DECODE_ERRORS as exc:  # counting a TIFF's frames reads every frame's header
        raise UnreadableDocument("the image is damaged or incomplete") from exc
    if n > max_frames:
        raise TooManyPages(n, max_frames)
    return n, _frames(img, n, max_pixels)


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """The opened file (header only); DocumentTooLarge with its real size when it has more than max_pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the check below is ours
            img = Image.open(BytesIO(data))
    except Image.DecompressionBombError as exc:  # beyond what Pillow opens at all
        found = _PIL_PIXELS.search(str(exc))
        limit = min(max_pixels, 2 * (Image.MAX_IMAGE_PIXELS or max_pixels))
        pixels = int(found.group(1)) if found else limit + 1
        raise DocumentTooLarge("image", pixels / 1e6, limit / 1e6, "megapixels") from exc
    except _DECODE_ERRORS as exc:
        raise UnreadableDocument("the image is damaged or incomplete") from exc
    _check_size(img, max_pixels)
    return img


def _check_size(img: Image.Image, max_pixels: int) -> None:
    w, h = img.size
    if w * h > max_pixels:
        raise DocumentTooLarge("image", w * h / 1e6, max_pixels / 1e6, "megapixels")


def _frames(img: Image.Image, n: int, max_pixels: int) -> Iterator[Image.Image]:
    try:
        for i in range(n):
            if i:
                img.seek(i)
                _check_size(img, max_pixels)
            yield page_image(img, upright=i == 0)
    except _DECODE_ERRORS as exc:
        raise UnreadableDocument("the image is damaged or incomplete") from exc
    finally:
        img.close()


def page_image(img: Image.Image, upright: bool = True) -> Image.Image:
    """One decoded frame as OCR reads it: grey on white, turned upright by its EXIF orientation, scaled down to
    MAX_OCR_SIDE. It is made grey before any other copy (one byte a pixel), and a JPEG much larger than needed
    is decoded at 1/2 to 1/8 of its size."""
    turn = _UPRIGHT.get(img.getexif().get(ExifTags.Base.Orientation, 1)) if upright else None
    target = _ocr_size(img.size)
    if img.format == "JPEG" and min(img.width // target[0], img.height // target[1]) >= 2:
        img.draft("L", target)  # normal photos (less than twice the OCR size) decode as always
    grey = _grey_on_white(img)
    if turn is not None:
        grey = grey.transpose(turn)
    return fit_for_ocr(grey)


def _grey_on_white(img: Image.Image) -> Image.Image:
    """The picture in grey, a transparent one laid on white paper (the grey of each pixel weighed by its
    opacity), without a full-colour copy of it."""
    if img.mode in ("PA", "P") and (img.mode == "PA" or "transparency" in img.info):
        img = img.convert("RGBA")
    if img.mode not in ("RGBA", "LA"):
        return img.convert("L")
    paper = Image.new("L", img.size, 255)
    paper.paste(img.convert("L"), (0, 0), img.getchannel("A"))
    return paper


def _ocr_size(size: tuple[int, int]) -> tuple[int, int]:
    w, h = size
    side = max(w, h)
    if side <= MAX_OCR_SIDE:
        return w, h
    f = MAX_OCR_SIDE / side
    return max(1, round(w * f)), max(1, round(h * f))


def fit_for_ocr(img: Image.Image) -> Image.Image:
    """Scale huge images down to A4 at 300 dpi; small ones stay (upscaling read no better)."""
    size = _ocr_size(img.size)
    return img if size == img.size else img.resize(size, Image.Resampling.LANCZOS)


def is_photo(img: Image.Image) -> bool:
    """A camera picture (many grey levels, uneven background) rather than a clean scan."""
    small = np.asarray(img.reduce(max(1, min(img.size) // 200)), dtype=np.uint8)
    mid = np.count_nonzero((small > 60) & (small < 190)) / small.size
    return bool(mid > 0.25)


def clean_photo(img: Image.Image) -> Image.Image:
    """Light clean-up for camera pictures: stretch the contrast (grey paper, shadows)."""
    return ImageOps.autocontrast(img, cutoff=1)


def is_soft(img: Image.Image) -> bool:
    """Blurred or out of focus: ink more often grey than dark. Sharp scans and renders have at most about
    1.7 grey pixels per dark one (their anti-aliased edges), a page blurred by 0.8 px 1.9 and more."""
    hist = img.convert("L").histogram()
    return sum(hist[80:200]) > SOFT_RATIO * max(sum(hist[:80]), 1)


def sharpen(img: Image.Image) -> Image.Image:
    """Edges steepened (unsharp mask), for a soft page, which otherwise loses its bold lines and small print
    to tesseract's layout analysis (a sharp page reads worse sharpened)."""
    return img.filter(ImageFilter.UnsharpMask(radius=2, percent=150, threshold=0))


def deskew(img: Image.Image) -> Image.Image:
    """Straighten a page tilted by up to ~6 degrees so its words fall into horizontal lines."""
    angle = estimate_skew(img)
    if abs(angle) < 0.4:
        return img
    return img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def estimate_skew(img: Image.Image, limit: float = 6.0) -> float:
    """Angle (degrees, counter-clockwise) that makes text rows horizontal, by projection profile:
    rows of ink are sharpest (largest row-to-row change) when the text is level."""
    f = max(1, max(img.size) // 800)
    arr = np.asarray(img.reduce(f) if f > 1 else img, dtype=np.uint8)
    ink = Image.fromarray(((arr < arr.mean() - 2 * arr.std() / 3) * 255).astype(np.uint8))

    def sharpness(a: float) -> float:
        rows = np.asarray(ink.rotate(a, resample=Image.Resampling.NEAREST), dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    coarse = max(np.arange(-limit, limit + 0.5, 1.0), key=sharpness)
    return float(max(np.arange(coarse - 0.75, coarse + 0.8, 0.25), key=sharpness))


def is_slip(img: Image.Image, max_ratio: float = 45.0) -> bool:
    """A narrow column of text (a till receipt): the ink's width is at most ~45 line heights.

    Pages of an invoice print 80-100 characters a line (about 50 line heights and more); receipts
    print 30-45 (20-38 line heights on the 100 SROIE scans).
    """
    f = max(1, max(img.size) // 1600)
    arr = np.asarray(img.reduce(f) if f > 1 else img, dtype=np.uint8)
    ink = arr < (np.percentile(arr, 0.5) + np.median(arr)) / 2  # halfway from the darkest pixels to the paper
    h, w = ink.shape
    ink = ink[:, ink.sum(axis=0) < 0.5 * h]  # a dark border or background down the side is no text
    per_row = ink.sum(axis=1)
    text_rows = (per_row > max(2, 0.01 * w)) & (per_row < 0.5 * w)
    p = np.pad(text_rows, 2)
    text_rows = text_rows | (p[1:-3] & p[3:-1]) | (p[:-4] & p[3:-1]) | (p[1:-3] & p[4:])  # close 1-2 px gaps in a line
    edges = np.flatnonzero(np.diff(np.concatenate(([0], text_rows.astype(np.int8), [0]))))
    runs = edges[1::2] - edges[0::2]  # heights of the bands of ink rows: the text lines
    runs = runs[runs >= 3]
    xs = np.flatnonzero(ink[text_rows].any(axis=0)) if text_rows.any() else np.array([])
    if not len(runs) or len(xs) < 2:
        return False
    weights = ink[text_rows][:, xs].sum(axis=0).cumsum()
    left, right = xs[np.searchsorted(weights, 0.01 * weights[-1])], xs[np.searchsorted(weights, 0.99 * weights[-1])]
    return bool((right - left) / float(np.median(runs)) <= max_ratio)


def to_pnm(img: Image.Image) -> bytes:
    """Uncompressed bytes for tesseract's stdin: much faster to write than PNG."""
    buf = BytesIO()
    img.save(buf, format="PPM")
    return buf.getvalue()
