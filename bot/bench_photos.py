"""A page as a phone photo taken at an angle: warped in perspective onto a desk (wood or grey, numpy noise),
under a shadow and uneven light, slightly out of focus, JPEG. Deterministic for a given seed."""

from __future__ import annotations

from io import BytesIO

import cv2
import numpy as np
from PIL import Image

MARGIN = (0.16, 0.12)  # desk around the page: share of the page's width, height on each side
JITTER = 0.05  # each corner moves by up to this share of the page's side
KEYSTONE = (0.03, 0.08)  # the far edge is narrower by this share of the width on each side (camera tilt)
PAPER = 232  # white paper as a phone sees it
LIGHT = (0.6, 1.0)  # brightness from the dark side to the lit one
SHADOW = 0.62  # brightness under the shadow of the phone or a hand
BLUR = 1.0  # pixels (Gaussian sigma)
QUALITY = 70  # JPEG


def desk(h: int, w: int, rng: np.random.Generator) -> np.ndarray:
    """A desk top: wood grain (streaks along the board) or a grey mottled surface, both darker than paper."""
    def smooth(ny: int, nx: int) -> np.ndarray:
        small = rng.standard_normal((ny, nx)).astype(np.float32)
        return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)

    if rng.random() < 0.5:  # wood: rings bent by low-frequency noise, fine fibre noise on top
        y = np.arange(h, dtype=np.float32)[:, None]
        rings = np.sin(2 * np.pi * (y / rng.uniform(25, 60) + 1.5 * smooth(4, 3)))
        base = rng.uniform(95, 135) + 18 * rings + 10 * smooth(60, 8)
    else:  # grey laminate: blotches and grain
        base = rng.uniform(100, 150) + 14 * smooth(6, 6) + 6 * smooth(h // 8, w // 8)
    base += rng.normal(0, 4, (h, w)).astype(np.float32)
    return np.clip(base, 0, 255).astype(np.float32)


def page_corners(pw: int, ph: int, rng: np.random.Generator) -> np.ndarray:
    """Where the page's corners land on the desk (tl, tr, br, bl), the desk being the page plus MARGIN."""
    mx, my = MARGIN[0] * pw, MARGIN[1] * ph
    keystone = rng.uniform(*KEYSTONE) * pw
    corners = np.array([[mx + keystone, my], [mx + pw - keystone, my], [mx + pw, my + ph], [mx, my + ph]],
                       np.float32)
    corners += rng.uniform(-JITTER, JITTER, (4, 2)).astype(np.float32) * np.array([pw, ph], np.float32)
    return corners


def lighting(h: int, w: int, rng: np.random.Generator) -> np.ndarray:
    """Brightness over the picture: a gradient from one side, a vignette, and a soft-edged shadow across."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    t = (np.cos(angle) * xx / w + np.sin(angle) * yy / h)
    t = (t - t.min()) / max(float(t.max() - t.min()), 1e-6)
    light = LIGHT[0] + (LIGHT[1] - LIGHT[0]) * t
    light *= 1 - 0.2 * (((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) / 0.5)
    a = rng.uniform(0, 2 * np.pi)
    edge = np.cos(a) * (xx - w / 2) + np.sin(a) * (yy - h / 2) - rng.uniform(0.1, 0.3) * min(h, w)
    light *= 1 - (1 - SHADOW) / (1 + np.exp(-edge / (0.02 * min(h, w))))
    return light


def desk_photo(page: Image.Image, seed: int) -> tuple[Image.Image, np.ndarray]:
    """page (greyscale) photographed at an angle on a desk; also where its corners are in the photo."""
    rng = np.random.default_rng(seed)
    arr = np.asarray(page.convert("L"), dtype=np.float32)
    ph, pw = arr.shape
    w, h = round(pw * (1 + 2 * MARGIN[0])), round(ph * (1 + 2 * MARGIN[1]))
    corners = page_corners(pw, ph, rng)
    matrix = cv2.getPerspectiveTransform(np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32), corners)
    paper = cv2.warpPerspective(arr * (PAPER / 255.0), matrix, (w, h), flags=cv2.INTER_LINEAR)
    cover = cv2.warpPerspective(np.ones_like(arr), matrix, (w, h), flags=cv2.INTER_LINEAR)
    photo = paper * cover + desk(h, w, rng) * (1 - cover)
    photo *= lighting(h, w, rng)
    photo = cv2.GaussianBlur(photo, (0, 0), BLUR)
    buf = BytesIO()
    Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=QUALITY)
    with Image.open(buf) as img:
        return img.convert("L"), corners
