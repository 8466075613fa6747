"""Image variants of a born-digital PDF: pages rendered with pypdfium2, and the "scan" look (200 dpi
greyscale, a slight rotation, paper tone, noise and a little blur)."""

from __future__ import annotations

from io import BytesIO

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter


def pages(pdf: bytes, dpi: int = 200) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def text(pdf: bytes) -> str:
    """The text layer of every page, as pdfium reads it."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def scan(page: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A flatbed scan of a printed page: greyscale, turned by up to 1.5 degrees, toned, noisy."""
    grey = page.convert("L")
    angle = float(rng.uniform(-1.5, 1.5))
    grey = grey.rotate(angle, resample=Image.BILINEAR, expand=False, fillcolor=255)
    a = np.asarray(grey, dtype=np.float32)
    tone = float(rng.uniform(225, 248))
    a = a * (tone / 255.0) + float(rng.uniform(0, 12)) * (1 - a / 255.0)
    a += rng.normal(0, float(rng.uniform(3, 9)), a.shape).astype(np.float32)
    speckle = rng.random(a.shape) < 0.0008
    a[speckle] = rng.uniform(0, 120, int(speckle.sum()))
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    return out.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.2, 0.6))))


def encode(img: Image.Image, fmt: str, quality: int = 90) -> bytes:
    buf = BytesIO()
    if fmt == "JPEG":
        img.save(buf, "JPEG", quality=quality, optimize=False)
    else:
        img.save(buf, fmt, optimize=False)
    return buf.getvalue()


def image_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """Several page images as one PDF with no text layer (what a scanner makes of a multi-page letter)."""
    buf = BytesIO()
    first, *rest = [im.convert("RGB") if im.mode not in ("L", "RGB") else im for im in images]
    first.save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=rest)
    return buf.getvalue()
