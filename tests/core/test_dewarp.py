"""Photos of a page on a desk: the page is found where it was put, read upright and evenly lit, and what
it says is read; flat scans, rendered pages and blank paper come back untouched."""

from __future__ import annotations

from io import BytesIO

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core import dewarp
from core.documents import ReadOptions, read_document
from core.ocr_api import TesseractApiOcr
from tests.fakes.docs import FONT

NUMBER, TOTAL = "INV-48213", "277.20"
PAGE = (1240, 1754)  # A4 at 150 dpi
DESK = (1800, 2200)
TILT = 12.0  # degrees: more than deskew straightens on its own
CORNERS = np.array([[300, 300], [1440, 230], [1600, 1960], [180, 1900]], np.float32)  # before the tilt
SHADOW = 0.35  # brightness under the shadow across the right of the picture
CORNER_TOLERANCE = 0.01  # share of the picture's longer side


def invoice_page(size: int = 16) -> Image.Image:
    img = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(img)
    font, big = ImageFont.truetype(FONT, size), ImageFont.truetype(FONT, 2 * size)
    draw.text((100, 100), "Northwind Office Supplies Ltd", font=big, fill=0)
    lines = ["12 Harbour Road, Bristol BS1 5TY", f"Invoice number: {NUMBER}", "Invoice date: 14 March 2024",
             "Customer: Contoso Trading", "Paper A4, 10 boxes        42.00", "Toner cartridges, 3       189.00",
             "Subtotal                  231.00", "VAT 20%                    46.20", f"Total: {TOTAL} GBP",
             "Payment within 30 days to account 12345678"]
    for i, text in enumerate(lines):
        draw.text((100, 260 + i * round(size * 2.2)), text, font=font, fill=0)
    return img


def desk_photo(page: Image.Image) -> tuple[Image.Image, np.ndarray]:
    """page turned and seen at an angle on a dark mottled desk, a shadow over one side, light falling off
    towards the top, slightly blurred; and where its corners landed."""
    w, h = DESK
    a = np.deg2rad(TILT)
    turn = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]], np.float32)
    centre = np.array([w / 2, h / 2], np.float32)
    corners = ((CORNERS - centre) @ turn.T + centre).astype(np.float32)
    pw, ph = page.size
    matrix = cv2.getPerspectiveTransform(np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32), corners)
    paper = np.asarray(page, np.float32) * 0.9
    sheet = cv2.warpPerspective(paper, matrix, (w, h))
    cover = cv2.warpPerspective(np.ones_like(paper), matrix, (w, h))
    rng = np.random.default_rng(1)
    mottle = cv2.resize(rng.standard_normal((8, 8)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    desk = 80 + 25 * mottle + rng.normal(0, 6, (h, w)).astype(np.float32)
    img = sheet * cover + desk * (1 - cover)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img *= 1 - (1 - SHADOW) / (1 + np.exp(-(xx - 0.55 * w + 0.3 * (yy - h / 2)) / 40))
    img *= 0.75 + 0.25 * yy / h
    img = cv2.GaussianBlur(img, (0, 0), 1.2)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)), corners


@pytest.fixture(scope="module")
def photo() -> tuple[Image.Image, np.ndarray]:
    return desk_photo(invoice_page())


@pytest.fixture(scope="module")
def engine() -> TesseractApiOcr:
    return TesseractApiOcr("eng")


def words(img: Image.Image, engine: TesseractApiOcr, dewarp_on: bool) -> str:
    buf = BytesIO()
    img.save(buf, "PNG")
    doc = read_document(buf.getvalue(), engine, ReadOptions(dewarp=dewarp_on, ocr_workers=1))
    return " ".join(w.text for p in doc.pages for line in p.lines for w in line.words)


def test_the_page_is_found_at_its_corners(photo):
    img, corners = photo
    found = dewarp.find_page(np.asarray(img))
    assert found is not None
    assert np.abs(found - corners).max() <= CORNER_TOLERANCE * max(img.size)


def test_the_page_comes_out_upright_page_sized_and_evenly_lit(photo):
    img, corners = photo
    out = np.asarray(dewarp.dewarp(img))
    h, w = out.shape
    tl, tr, br, bl = corners
    across = sorted([np.linalg.norm(tr - tl), np.linalg.norm(br - bl)])  # the sheet's sides as seen
    down = sorted([np.linalg.norm(bl - tl), np.linalg.norm(br - tr)])
    assert 0.97 * across[0] <= w <= across[1] and 0.97 * down[0] <= h <= down[1]
    paper = [np.percentile(out[:, : w // 3], 90), np.percentile(out[:, -w // 3:], 90)]  # lit side, shaded side
    assert min(paper) >= 230
    assert out[:, -w // 3:].mean() > 200  # the shadow is gone (under it the sheet was ~50-90)


def test_the_number_and_total_are_read_only_after_dewarping(photo, engine):
    img, _ = photo
    flat, taken = words(img, engine, True), words(img, engine, False)
    assert NUMBER in flat and TOTAL in flat
    assert not (NUMBER in taken and TOTAL in taken)


def test_a_flat_scan_comes_back_unchanged():
    scan = invoice_page(28).rotate(1.5, fillcolor=255, resample=Image.Resampling.BICUBIC)
    noisy = np.clip(np.asarray(scan, np.float32) * 0.95 + np.random.default_rng(2).normal(0, 3, scan.size[::-1]),
                    0, 255).astype(np.uint8)
    for img in (scan, Image.fromarray(noisy)):
        assert dewarp.dewarp(img) is img


def test_a_plain_white_page_and_a_grey_card_come_back_unchanged():
    for img in (Image.new("L", PAGE, 255), Image.new("L", PAGE, 128), Image.new("RGB", PAGE, (250, 250, 250))):
        assert dewarp.dewarp(img) is img


def test_a_rendered_page_with_dark_blocks_comes_back_unchanged():
    img = invoice_page(20)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 1300, PAGE[0], PAGE[1]), fill=60)  # a dark footer band across the page
    draw.rectangle((300, 500, 1000, 1100), fill=200)  # a shaded table
    assert dewarp.dewarp(img) is img
