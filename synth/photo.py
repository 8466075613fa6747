"""The "phone photo" variant: a rendered page warped in perspective onto a desk-like background, with
a shadow gradient, low light, sensor noise, blur and JPEG compression (numpy + pillow only)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter


def _coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """Pillow's PERSPECTIVE coefficients mapping output points dst to input points src."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return np.linalg.solve(np.array(rows, dtype=float), np.array(rhs, dtype=float)).tolist()


def _background(rng: np.random.Generator, w: int, h: int) -> Image.Image:
    base = np.array(rng.choice([[120, 90, 60], [80, 80, 85], [150, 140, 125], [60, 50, 45], [170, 165, 160]]), float)
    coarse = rng.normal(0, 18, (8, 8, 1)).astype(np.float32)
    low = np.asarray(Image.fromarray(np.uint8(np.clip(coarse[:, :, 0] + 128, 0, 255)), "L").resize((w, h), Image.BICUBIC),
                     dtype=np.float32)[:, :, None] - 128
    grain = rng.normal(0, 6, (h, w, 1)).astype(np.float32)
    return Image.fromarray(np.uint8(np.clip(base + low + grain, 0, 255)), "RGB")


def photo(page: Image.Image, rng: np.random.Generator, width: int = 1500) -> Image.Image:
    """Photograph page: returns an RGB image of about `width` pixels across."""
    scale = width / (page.width * 1.2)
    pw, ph = int(page.width * scale), int(page.height * scale)
    page = page.convert("RGB").resize((pw, ph), Image.LANCZOS)
    W, H = int(pw * 1.2), int(ph * 1.16)
    mx, my = (W - pw) / 2, (H - ph) / 2

    def jitter(x: float, y: float) -> tuple[float, float]:
        return x + float(rng.uniform(-0.45, 0.45)) * mx, y + float(rng.uniform(-0.45, 0.45)) * my

    dst = [jitter(mx, my), jitter(mx + pw, my), jitter(mx + pw, my + ph), jitter(mx, my + ph)]
    src = [(0, 0), (pw, 0), (pw, ph), (0, ph)]
    c = _coeffs(dst, src)
    warped = page.transform((W, H), Image.PERSPECTIVE, c, Image.BICUBIC)
    mask = Image.new("L", (pw, ph), 255).transform((W, H), Image.PERSPECTIVE, c, Image.BILINEAR)
    img = _background(rng, W, H)
    img.paste(warped, (0, 0), mask.filter(ImageFilter.GaussianBlur(1)))
    a = np.asarray(img, dtype=np.float32)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    angle = float(rng.uniform(0, 2 * np.pi))
    ramp = (np.cos(angle) * xx / W + np.sin(angle) * yy / H)
    ramp = (ramp - ramp.min()) / (ramp.max() - ramp.min() + 1e-6)
    light = float(rng.uniform(0.55, 0.9)) * (1 - float(rng.uniform(0.15, 0.45)) * ramp)
    tint = np.array([1.0, float(rng.uniform(0.93, 1.0)), float(rng.uniform(0.8, 0.95))], np.float32)
    a = a * light[:, :, None] * tint
    a += rng.normal(0, float(rng.uniform(3, 8)), a.shape).astype(np.float32)
    out = Image.fromarray(np.uint8(np.clip(a, 0, 255)), "RGB")
    return out.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.6, 1.4))))
