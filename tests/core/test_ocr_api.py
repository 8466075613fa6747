"""The persistent tesseract engine on generated pages: accents and amounts in the page's own language,
pages turned upright, a slow page stopped at its time limit."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core.errors import ExtractionError
from core.extract.labels import detect_language
from core.ocr_api import TesseractApiOcr
from tests.fakes.docs import FONT

SEVEN = "eng+deu+fra+spa+ita+nld+por"
PAGES = {
    "deu": ["Müller Bürobedarf GmbH", "Rechnung Nr. 2024-117 vom 03.05.2024", "Größe und Gewicht geprüft",
            "Zwischensumme 1.234,56 EUR", "zzgl. MwSt 19 % 234,57 EUR", "Gesamtbetrag zahlbar innerhalb 14 Tagen"],
    "fra": ["Société Générale de Café SARL", "Facture n° F-8812 du 12/03/2024", "Échéance du paiement : 30 jours",
            "Montant HT 1 520,00 €", "TVA 20 % 304,00 €", "Total TTC à payer 1 824,00 €"],
    "por": ["Papelaria São João Lda.", "Fatura n.º FT 2024/55 data 07-04-2024", "Condições de pagamento: 30 dias",
            "Valor sem IVA 480,00 €", "IVA 23 % 110,40 €", "Total a pagar 590,40 €"],
}


def page(lines: list[str]) -> Image.Image:
    img = Image.new("L", (1654, 1100), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 38)
    for i, line in enumerate(lines):
        draw.text((120, 120 + 140 * i), line, font=font, fill=0)
    return img


@pytest.fixture(scope="module")
def engine() -> TesseractApiOcr:
    return TesseractApiOcr(SEVEN, detect=detect_language)


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_a_page_is_read_in_its_own_language_with_its_accents_and_amounts(engine, lang):
    lines = PAGES[lang]
    read = engine.read(page(lines), psm=3)
    text = " ".join(w.text for w in read.words)
    assert engine.language_of(read.words) == lang
    expected = {w for line in lines for w in line.split() if any(c in w for c in "üöäßéÉàçãõº") or "," in w}
    missing = {w for w in expected if w not in text}
    assert len(missing) <= 1, (missing, text)  # one word of a dozen may go astray, not the accents as such
    assert read.rotation == 0 and read.confidence > 0.8


def test_english_is_read_once_with_the_english_model(engine):
    read = engine.read(page(["ACME Supplies Ltd", "Invoice INV-2024-17", "Total due 1,234.56 GBP"]))
    assert engine.language_of(read.words) == "eng"
    assert {"INV-2024-17", "1,234.56"} <= {w.text for w in read.words}


def test_a_page_turned_sideways_is_read_upright(engine):
    sideways = page(PAGES["deu"]).rotate(90, expand=True)
    read = engine.read(sideways)
    assert read.rotation == 90
    assert "Gesamtbetrag" in {w.text for w in read.words}


def test_only_the_allowed_languages_are_used():
    eng_only = TesseractApiOcr("eng", detect=detect_language)
    read = eng_only.read(page(PAGES["deu"]))
    assert eng_only.language_of(read.words) == "eng"
    assert "Gesamtbetrag" in {w.text for w in read.words}


def test_a_page_over_the_time_limit_raises_a_plain_error():
    noise = (np.random.default_rng(0).random((2500, 2500)) > 0.5).astype(np.uint8) * 255
    with pytest.raises(ExtractionError, match="longer than"):
        TesseractApiOcr("eng", timeout=0.05).words(Image.fromarray(noise))
