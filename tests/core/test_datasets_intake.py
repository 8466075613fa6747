"""A few real documents from ../shared/datasets go through intake the way users' files will."""

from __future__ import annotations

from core.documents import read_document
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
