"""Image intake: decode every supported format, apply EXIF orientation, clean up photos."""

from __future__ import annotations

import warnings
from io import BytesIO

import numpy as np
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from .errors import DocumentTooLarge, UnreadableDocument

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


def load_frames(data: bytes, media_type: str, max_pixels: int, max_frames: int) -> list[Image.Image]:
    """Decode an image file into upright page images (TIFF: every frame, GIF: the first)."""
    if media_type == "image/heic":
        _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(BytesIO(data))
            w, h = img.size
            if w * h > max_pixels:
                raise DocumentTooLarge("image", round(w * h / 1e6, 1), round(max_pixels / 1e6, 1), "megapixels")
            frames = []
            n = getattr(img, "n_frames", 1) if media_type == "image/tiff" else 1
            if n > max_frames:
                from .errors import TooManyPages

                raise TooManyPages(n, max_frames)
            for i in range(n):
                img.seek(i)
                fw, fh = img.size
                if fw * fh > max_pixels:
                    raise DocumentTooLarge("image", round(fw * fh / 1e6, 1), round(max_pixels / 1e6, 1), "megapixels")
                frame = ImageOps.exif_transpose(img) if i == 0 else img.copy()
                frame.load()
                frames.append(_to_gray(frame))
            return frames
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise DocumentTooLarge("image", 0, round(max_pixels / 1e6, 1), "megapixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise UnreadableDocument("the image is damaged or incomplete") from exc


def _to_gray(img: Image.Image) -> Image.Image:
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, rgba)
    return img.convert("L")


def fit_for_ocr(img: Image.Image) -> Image.Image:
    """Scale huge images down to A4 at 300 dpi; small ones stay (upscaling read no better)."""
    w, h = img.size
    side = max(w, h)
    if side > MAX_OCR_SIDE:
        f = MAX_OCR_SIDE / side
        return img.resize((round(w * f), round(h * f)), Image.Resampling.LANCZOS)
    return img


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
