"""A few real documents from ../shared/datasets go through intake the way users' files will."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image, ImageFilter

from core import images
from core.documents import read_document
from core.ocr import TesseractOcr
from tests import docgen
from tests.conftest import dataset_files


def test_born_digital_invoices_use_the_text_layer(ocr):
    for path in dataset_files("zugferd", "*.pdf", 3):
        doc = read_document(path.read_bytes(), ocr)
        assert doc.source == "text", path.name
        assert len(doc.pages[0].words) > 50
        assert all(w.conf == 1.0 for w in doc.pages[0].words)


def test_scanned_receipt_is_ocrd_with_confidences(ocr):
    (path,) = dataset_files("sroie", "*.jpg", 1)
    doc = read_document(path.read_bytes(), ocr)
    assert doc.media_type == "image/jpeg" and doc.source == "ocr"
    words = doc.pages[0].words
    assert len(words) > 20
    assert 0.5 < doc.pages[0].ocr_confidence <= 1.0
    assert any(w.text.upper().startswith("TOTAL") for w in words)


def test_us_advertising_invoice_pdf(ocr):
    (path,) = dataset_files("deepform", "*.pdf", 1)
    doc = read_document(path.read_bytes(), ocr)
    assert doc.media_type == "application/pdf"
    assert len(doc.text) > 200


def test_a_blurred_photo_of_an_invoice_page_keeps_its_bold_totals(ocr):
    """Blur turns bold lines and table rules into grey; tesseract's layout analysis then drops the bold
    totals of this page. A soft page is sharpened before OCR; a sharp one is left alone."""
    path = next((p for p in dataset_files("zugferd", "*.pdf", 60) if p.stem == "zf019"), None)
    if path is None:
        pytest.skip("zf019 is not in the dataset")
    sharp = docgen.render(path.read_bytes(), dpi=200, page=1).convert("L")
    assert not images.is_soft(sharp)
    tilted = sharp.rotate(3.0, expand=True, fillcolor=235, resample=Image.Resampling.BICUBIC)
    photo = docgen.encode(tilted.filter(ImageFilter.GaussianBlur(0.8)), "JPEG", quality=60)
    with Image.open(BytesIO(photo)) as img:
        assert images.is_soft(img.convert("L"))
    text = read_document(photo, TesseractOcr("deu")).text
    assert "Bruttosumme" in text and "529,87" in text and "Zahlbetrag" in text
