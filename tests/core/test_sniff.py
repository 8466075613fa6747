"""File types are told from content: every supported type and the common wrong ones."""

from __future__ import annotations

import io
import zipfile

import pytest

from core.errors import UnsupportedDocument
from core.sniff import sniff
from tests import docgen


def _zip(names: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "<x/>")
    return buf.getvalue()


@pytest.fixture(scope="module")
def page():
    return docgen.render(docgen.invoice_pdf("en"), dpi=40)


@pytest.mark.parametrize(("fmt", "kw", "media_type"), [
    ("JPEG", {}, "image/jpeg"), ("PNG", {}, "image/png"), ("TIFF", {}, "image/tiff"),
    ("WEBP", {}, "image/webp"), ("GIF", {}, "image/gif"),
])
def test_images_are_recognised_by_content(page, fmt, kw, media_type):
    assert sniff(docgen.encode(page, fmt, **kw)) == media_type


def test_heic_is_recognised_by_content():
    assert sniff(docgen.heic_page()) == "image/heic"


def test_pdf_is_recognised_even_after_leading_junk():
    assert sniff(b"\r\n" + docgen.invoice_pdf("en")) == "application/pdf"


@pytest.mark.parametrize(("data", "kind"), [
    (_zip(["[Content_Types].xml", "xl/workbook.xml"]), "spreadsheet (Excel)"),
    (_zip(["[Content_Types].xml", "word/document.xml"]), "Word document"),
    (_zip(["readme.txt"]), "ZIP archive"),
    (b"MZ\x90\x00" + bytes(200), "program"),
    (b"\x7fELF\x02\x01" + bytes(100), "program"),
    (b"date;amount\n2024-01-01;12.50\n2024-01-02;3.20\n2024-01-03;4.00\n", "CSV"),
    (b"<!DOCTYPE html><html><body>login</body></html>", "web page"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "Microsoft Office"),
])
def test_other_files_get_a_plain_description(data, kind):
    with pytest.raises(UnsupportedDocument) as err:
        sniff(data)
    assert kind in err.value.user_message()
    assert "PDF or a photo" in err.value.user_message()
