"""The PP-OCR engine and the combined one on generated pages: PP-OCR reads the amounts, the combined engine keeps
them and adds the accents tesseract reads in the page's language; a read over its time limit is stopped."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core.errors import ExtractionError
from core.models import Box, Word
from core.ocr_combo import CombinedOcr, fold, merge
from core.ocr_pp import PaddleOcr, line_words
from core.work import build_ocr
from tests.fakes.docs import FONT

SEVEN = "eng+deu+fra+spa+ita+nld+por"
DEU = ["Müller Bürobedarf GmbH", "Rechnung Nr. 2024-117 vom 03.05.2024", "Größe und Gewicht geprüft",
       "Zwischensumme 1.234,56 EUR", "zzgl. MwSt 19 % 234,57 EUR", "Gesamtbetrag 1.469,13 EUR"]
FRA = ["Société Générale de Café SARL", "Facture n° F-8812 du 12/03/2024", "Échéance du paiement : 30 jours",
       "Montant HT 1 520,00 €", "TVA 20 % 304,00 €", "Total TTC à payer 1 824,00 €"]


def page(lines: list[str], size: int = 38) -> Image.Image:
    img = Image.new("L", (1654, 140 * len(lines) + 200), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, size)
    for i, line in enumerate(lines):
        draw.text((120, 120 + 140 * i), line, font=font, fill=0)
    return img


@pytest.fixture(scope="module")
def combined() -> CombinedOcr:
    engine = build_ocr(SEVEN, 180.0, "combined")
    assert isinstance(engine, CombinedOcr)
    return engine


@pytest.fixture(scope="module")
def german(combined) -> set[str]:
    return {w.text for w in combined.read(page(DEU)).words}


@pytest.fixture(scope="module")
def french(combined) -> set[str]:
    return {w.text for w in combined.read(page(FRA)).words}


def test_paddle_reads_the_amounts_and_dates():
    text = " ".join(w.text for w in PaddleOcr().read(page(["Invoice INV-2024-17 dated 03.05.2024",
                                                                 "Subtotal 1,234.56", "Total due 1,469.13 GBP"])).words)
    for wanted in ("INV-2024-17", "03.05.2024", "1,234.56", "1,469.13"):
        assert wanted in text, text


def test_paddle_words_have_boxes_inside_their_line_and_confidences():
    words = PaddleOcr().words(page(["Total due 1,469.13 GBP"]))
    assert [w.text for w in words][-2:] == ["1,469.13", "GBP"]
    assert all(0.0 <= w.conf <= 1.0 and w.source == "ocr" for w in words)
    xs = [w.box.x0 for w in words]
    assert xs == sorted(xs) and all(w.box.x1 > w.box.x0 and 100 <= w.box.y0 < w.box.y1 <= 200 for w in words)


def test_combined_keeps_the_umlauts_and_the_amounts(german):
    for wanted in ("Größe", "geprüft", "Müller", "1.234,56", "234,57", "1.469,13", "03.05.2024"):
        assert wanted in german, german


def test_combined_keeps_the_accents_and_the_amounts(french):
    for wanted in ("Échéance", "Société", "Générale", "304,00", "12/03/2024"):
        assert wanted in french, french


def test_an_english_page_is_read_by_paddle_alone(combined):
    img = page(["ACME Supplies Ltd", "Invoice INV-2024-17", "Total due 1,234.56 GBP"])
    assert [w.text for w in combined.read(img).words] == [w.text for w in PaddleOcr().read(img).words]


def test_a_read_over_the_time_limit_raises_a_plain_error():
    noise = (np.random.default_rng(0).random((2500, 2500)) > 0.5).astype(np.uint8) * 255
    with pytest.raises(ExtractionError, match="longer than"):
        PaddleOcr(timeout=0.05).words(Image.fromarray(noise))


def test_a_line_is_split_at_spaces_and_wide_gaps_but_not_inside_an_amount():
    quad = np.array([[100, 10], [500, 10], [500, 40], [100, 40]], dtype=np.float32)
    text = "Total 1.234,56EUR"
    cols = [0, 2, 4, 6, 8, 10, 14, 16, 18, 20, 22, 24, 26, 28, 34, 36, 38]  # a wide gap before EUR
    rec = (text, 0.9, [40, [list(text)], [cols], ["en&num"], [0.9] * len(text)])
    words = line_words(quad, rec)
    assert [w.text for w in words] == ["Total", "1.234,56", "EUR"]
    assert words[0].box.x0 == 100 and words[-1].box.x1 <= 500 and words[1].box.x0 > words[0].box.x1
    assert all(w.box.y0 == 10 and w.box.y1 == 40 and w.conf == 0.9 for w in words)


def test_merge_takes_the_second_readings_letters_but_not_its_digits():
    primary = [Word("OFFNUNGSZEITEN", Box(0, 0, 140, 20), 0.9, "ocr"), Word("1.234,56", Box(150, 0, 230, 20), 0.95, "ocr"),
               Word("Gro", Box(0, 30, 30, 50), 0.9, "ocr"), Word("e", Box(40, 30, 50, 50), 0.9, "ocr")]
    second = [Word("ÖFFNUNGSZEITEN", Box(2, 1, 141, 19), 0.8, "ocr"), Word("1.234,58", Box(150, 0, 230, 20), 0.9, "ocr"),
              Word("Größe", Box(0, 31, 52, 49), 0.85, "ocr"), Word("Seite", Box(300, 30, 350, 50), 0.95, "ocr"),
              Word("€", Box(240, 0, 252, 20), 0.9, "ocr")]
    assert [w.text for w in merge(primary, second)] == ["ÖFFNUNGSZEITEN", "1.234,56", "Größe", "Seite", "€"]
    glued = merge([Word("12,50", Box(0, 0, 50, 20), 0.9, "ocr")], [Word("12,50€", Box(0, 0, 62, 20), 0.9, "ocr")])
    assert [w.text for w in glued] == ["12,50€"]
    assert fold("Größe") == "grosse" and fold("Échéance") == "echeance"


def test_the_engine_loads_its_models_without_the_network():
    code = ("import socket\n"
            "def refuse(*a, **k): raise OSError('no network')\n"
            "socket.socket.connect = refuse; socket.create_connection = refuse\n"
            "from PIL import Image, ImageDraw\n"
            "from core.ocr_pp import PaddleOcr\n"
            "img = Image.new('L', (400, 80), 255); ImageDraw.Draw(img).text((10, 30), 'TOTAL 12.50', fill=0)\n"
            "print(len(PaddleOcr().words(img)) >= 0)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "True", out.stderr[-2000:]
