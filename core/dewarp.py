"""Phone photos of a page on a desk: find the page, warp it to an upright rectangle, even out its light.

Anything else (a flat scan, a rendered PDF page, a photo without a clear page edge) is returned as it came.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

DETECT_SIDE = 800  # the page is looked for on a copy this long (pixels on its longer side)
MIN_PAGE_AREA = 0.25  # share of the picture a page must cover to count
MAX_PAGE_AREA = 0.97  # a "page" covering more is the picture itself (a scan, a render)
BORDER_MARGIN = 0.03  # corners all this close (share of the longer side) to the picture's own: no page edge
MEDIAN = 7  # median filter on that copy before looking (pixels)
CANNY = ((30, 90), (60, 180))  # edge thresholds tried, low and high
PAPER_PERCENTILE = 90  # the paper's brightness, as this percentile of the picture
MIN_CONTRAST = 25  # grey levels the paper is lighter than the surface just outside its edge
EDGE_OFFSET = 0.006  # ... measured this far (share of the longer side) either side of the edge
EDGE_SAMPLES = 40  # points along each side
MIN_EDGE_SUPPORT = 0.7  # share of them that must show that step, on every side
MIN_FILL = 0.85  # a contour must fill this share of its quadrilateral (a page, not a shape)
APPROX_EPSILONS = (0.02, 0.03, 0.05)  # approxPolyDP tolerances, share of the contour's perimeter
CLOSE_FRACTION = 0.02  # morphological close on the page mask: this share of the copy's side
LIGHT_SIDE = 1000  # the paper's brightness is estimated on a copy this long
LIGHT_KERNEL = 0.04  # ... by a closing this share of that copy's side (wider than print, bars and headings)
TRIM = 0.006  # the warped page loses this share of its side at each edge (no sliver of desk read as "|")
INK_PERCENTILE = 0.5  # after evening out the light, this percentile of pixels becomes black


def dewarp(img: Image.Image) -> Image.Image:
    """The page of a photo cut out, upright and evenly lit (greyscale); img itself when there is no clear page."""
    gray = img if img.mode == "L" else img.convert("L")
    arr = np.asarray(gray, dtype=np.uint8)
    quad = find_page(arr)
    if quad is None:
        return img
    return Image.fromarray(flatten_light(warp(arr, quad)))


def find_page(arr: np.ndarray) -> np.ndarray | None:
    """The page's corners (4x2, full-size pixels, clockwise from top left), or None without a clear page."""
    h, w = arr.shape
    scale = min(1.0, DETECT_SIDE / max(h, w))
    small = cv2.resize(arr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA) if scale < 1 else arr
    if not _darker_around(small):
        return None
    smooth = cv2.medianBlur(small, MEDIAN)  # print and desk grain gone, the page's edges kept sharp
    found = [q for q in map(_quadrilateral, _page_masks(smooth)) if q is not None and _is_page(smooth, q)]
    if not found:
        return None
    return max(found, key=cv2.contourArea) / scale


def _darker_around(small: np.ndarray) -> bool:
    """The picture's rim is darker than its paper: a page can lie on something (a scan's rim is paper)."""
    m = max(1, round(BORDER_MARGIN * max(small.shape)))
    rim = np.concatenate([small[:m].ravel(), small[-m:].ravel(), small[:, :m].ravel(), small[:, -m:].ravel()])
    return float(np.median(rim)) <= float(np.percentile(small, PAPER_PERCENTILE)) - MIN_CONTRAST


def _page_masks(smooth: np.ndarray) -> list[np.ndarray]:
    """Candidate masks of the page: bright paper against a darker desk (Otsu), and closed edges (Canny)."""
    k = max(3, round(CLOSE_FRACTION * max(smooth.shape)) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    _, bright = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(cv2.morphologyEx(bright, cv2.MORPH_OPEN, kernel), cv2.MORPH_CLOSE, kernel)
    masks = [bright]
    for low, high in CANNY:
        edges = cv2.dilate(cv2.Canny(smooth, low, high), np.ones((3, 3), np.uint8))
        masks.append(cv2.morphologyEx(edges, cv2.MORPH_CLOSE, kernel))
    return masks


def _quadrilateral(mask: np.ndarray) -> np.ndarray | None:
    """The largest contour of mask as 4 corners: its polygon if it has 4 corners, else its minimum-area box."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    largest = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(largest)
    if area < MIN_PAGE_AREA * mask.size:
        return None
    hull = cv2.convexHull(largest)
    for eps in APPROX_EPSILONS:
        poly = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
        if len(poly) == 4 and cv2.isContourConvex(poly):
            return _order(poly.reshape(4, 2).astype(np.float32))
    box = cv2.boxPoints(cv2.minAreaRect(largest))
    if area < MIN_FILL * cv2.contourArea(box):
        return None
    return _order(box.astype(np.float32))


def _order(pts: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], np.float32)


def _is_page(smooth: np.ndarray, quad: np.ndarray) -> bool:
    """A page lying on a background: a sizeable quadrilateral, not the picture's frame, each side a sharp step
    from lighter paper to a darker surround along most of its length (a shadow's edge is soft)."""
    h, w = smooth.shape
    area = cv2.contourArea(quad)
    if not MIN_PAGE_AREA * h * w <= area <= MAX_PAGE_AREA * h * w:
        return False
    frame = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    if np.all(np.linalg.norm(quad - frame, axis=1) <= BORDER_MARGIN * max(h, w)):
        return False
    return all(_edge_support(smooth, a, b) >= MIN_EDGE_SUPPORT for a, b in zip(quad, np.roll(quad, -1, axis=0), strict=True))


def _edge_support(smooth: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """Share of the points along the side a->b (clockwise, so outward is to its left) where the paper just
    inside is MIN_CONTRAST lighter than just outside. Points outside the picture count as no support."""
    h, w = smooth.shape
    t = np.linspace(0.1, 0.9, EDGE_SAMPLES, dtype=np.float32)[:, None]
    pts = a + t * (b - a)
    d = (b - a) / max(float(np.linalg.norm(b - a)), 1e-6)
    out = np.array([d[1], -d[0]], np.float32)  # image y points down: left of a clockwise side is outward
    offset = EDGE_OFFSET * max(h, w)

    def at(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = np.round(p[:, 0]).astype(int), np.round(p[:, 1]).astype(int)
        ok = (x >= 0) & (x < w) & (y >= 0) & (y < h)
        return np.where(ok, smooth[np.clip(y, 0, h - 1), np.clip(x, 0, w - 1)].astype(np.int16), 0), ok

    inside, ok_in = at(pts - offset * out)
    outside, ok_out = at(pts + offset * out)
    return float(np.mean(ok_in & ok_out & (inside - outside >= MIN_CONTRAST)))


def warp(arr: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The quadrilateral quad of arr as an upright rectangle, as wide and tall as its sides are long."""
    tl, tr, br, bl = quad
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    fit = min(1.0, max(arr.shape) / max(width, height))  # never larger than the photo was
    width, height = max(1, round(width * fit)), max(1, round(height * fit))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    flat = cv2.warpPerspective(arr, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    m = round(TRIM * max(width, height))
    return flat[m:height - m, m:width - m] if min(width, height) > 4 * m else flat


def flatten_light(arr: np.ndarray) -> np.ndarray:
    """Shadows and uneven light divided out: each pixel over the paper's brightness around it, then stretched so
    that the paper is white and the darkest print black."""
    h, w = arr.shape
    scale = min(1.0, LIGHT_SIDE / max(h, w))
    small = cv2.resize(arr, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    k = max(3, round(LIGHT_KERNEL * max(small.shape)) | 1)
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    paper = cv2.GaussianBlur(paper, (k, k), 0)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    even = cv2.divide(arr, paper, scale=255)  # uint8 throughout: no float copy of a full page
    step = max(1, round(1 / scale))
    ink = float(np.percentile(even[::step, ::step], INK_PERCENTILE))  # a sample of real pixels, not averages
    lut = np.clip((np.arange(256) - ink) / max(255.0 - ink, 1.0) * 255.0, 0, 255).astype(np.uint8)
    return cv2.LUT(even, lut)
