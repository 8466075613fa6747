"""Document intake: every supported input becomes pages of words; every bad input a clear error."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

import pytest
from PIL import Image

from core import images, pdf
from core.documents import ReadOptions, read_document
from core.errors import (
    BlankDocument,
    DocumentTooLarge,
    EncryptedDocument,
    PageTooLarge,
    TooManyPages,
    UnreadableDocument,
    UnsupportedDocument,
    unexpected,
)
from tests import docgen

KEY_WORDS = ("RECHNUNG", "Rechnungsnummer", "INV-2024-017", "Gesamtbetrag")


@pytest.fixture(scope="module")
def german_pdf() -> bytes:
    return docgen.invoice_pdf("de")


@pytest.fixture(scope="module")
def page_image(german_pdf) -> Image.Image:
    return docgen.render(german_pdf, dpi=150)


def _read(data: bytes, ocr, **kw):
    return read_document(data, ocr, ReadOptions(**kw))


def _assert_reads_invoice(doc, source: str) -> None:
    text = doc.text
    for key in KEY_WORDS:
        assert key in text, f"{key!r} not in {text!r}"
    assert all(p.source == source for p in doc.pages)
    words = doc.pages[0].words
    assert all(w.box.x1 >= w.box.x0 and w.box.y1 >= w.box.y0 for w in words)
    assert all(0.0 <= w.conf <= 1.0 for w in words)


def _line_with(doc, word: str) -> str:
    return next(line.text for p in doc.pages for line in p.lines if word in line.text)


def test_pdf_text_layer_gives_words_lines_and_boxes(ocr, german_pdf):
    doc = _read(german_pdf, ocr)
    assert doc.media_type == "application/pdf"
    _assert_reads_invoice(doc, "text")
    page = doc.pages[0]
    assert (round(page.width), round(page.height)) == (595, 842)
    # label and value on one visual row become one line, left to right
    assert _line_with(doc, "Gesamtbetrag") == "Gesamtbetrag 142,21 €"
    assert _line_with(doc, "Widget") == "Widget 2 50,00 100,00"
    title = next(w for w in page.words if w.text == "RECHNUNG")
    assert title.box.y0 < 80 and title.box.x0 == pytest.approx(56.7, abs=2)  # 20 mm from the left
    assert title.conf == 1.0


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_landscape_page_stored_turned_reads_left_to_right(ocr, rotation):
    doc = _read(docgen.landscape_stored_turned(rotation), ocr)
    page = doc.pages[0]
    assert page.source == "text"
    assert (round(page.width), round(page.height)) == (842, 595)  # as displayed
    assert [line.text for line in page.lines] == [
        "INVOICE", "Acme Supplies Ltd Invoice number: INV-9", "Date: 03.05.2024", "Total 142,21 €"]
    title = next(w for w in page.words if w.text == "INVOICE")
    assert title.box.x0 == pytest.approx(56.7, abs=2) and title.box.y0 < 80
    assert title.box.width > title.box.height


def test_multi_page_pdf_keeps_page_order(ocr):
    doc = _read(docgen.invoice_pdf("fr", pages=3), ocr)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[2].lines[0].text == "FACTURE (3)"


def test_scanned_pdf_without_text_layer_is_ocrd(ocr, page_image):
    doc = _read(docgen.image_only_pdf(page_image), ocr)
    _assert_reads_invoice(doc, "ocr")
    assert doc.source == "ocr"
    assert doc.pages[0].ocr_confidence > 0.8


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "GIF"])
def test_image_formats_are_read(ocr, page_image, fmt):
    img = page_image.convert("P") if fmt == "GIF" else page_image
    doc = _read(docgen.encode(img, fmt), ocr)
    _assert_reads_invoice(doc, "ocr")


def test_heic_photos_are_read(ocr, page_image):
    doc = _read(docgen.heic_page(), ocr)
    assert doc.media_type == "image/heic"
    assert (round(doc.pages[0].width), round(doc.pages[0].height)) == page_image.size
    _assert_reads_invoice(doc, "ocr")


def test_multi_page_tiff_reads_every_frame(ocr, page_image):
    second = docgen.render(docgen.invoice_pdf("en"), dpi=150)
    buf = BytesIO()
    page_image.save(buf, format="TIFF", save_all=True, append_images=[second], compression="tiff_deflate")
    doc = _read(buf.getvalue(), ocr)
    assert len(doc.pages) == 2
    assert "RECHNUNG" in doc.pages[0].text and "INVOICE" in doc.pages[1].text


def test_exif_orientation_is_applied(ocr, page_image):
    stored = page_image.rotate(90, expand=True)  # as the camera stored it
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 clockwise to display"
    doc = _read(docgen.encode(stored, "JPEG", exif=exif, quality=90), ocr)
    _assert_reads_invoice(doc, "ocr")
    assert doc.pages[0].rotation == 0  # upright from EXIF alone, no orientation detection needed


@pytest.mark.slow
@pytest.mark.parametrize("angle", [90, 180])
def test_rotated_scans_are_turned_upright(ocr, page_image, angle):
    doc = _read(docgen.encode(page_image.rotate(angle, expand=True), "PNG"), ocr)
    _assert_reads_invoice(doc, "ocr")
    assert doc.pages[0].rotation == angle
    assert _line_with(doc, "Gesamtbetrag").startswith("Gesamtbetrag 142,21")


def test_tilted_blurred_phone_photo_is_straightened(ocr, page_image):
    doc = _read(docgen.photo_like(page_image, angle=3.0, blur=0.8, quality=50), ocr)
    _assert_reads_invoice(doc, "ocr")
    # after deskew the label and its amount are on one line again
    assert "142,21" in _line_with(doc, "Gesamtbetrag")


def test_slips_are_told_from_pages_by_their_shape(page_image):
    receipt = docgen.render(docgen.receipt_pdf(), dpi=200).convert("L")
    on_a4 = Image.new("L", (1654, 2339), 255)  # a receipt scanned on an A4 flatbed
    on_a4.paste(receipt, (100, 100))
    assert images.is_slip(receipt)
    assert images.is_slip(on_a4)
    assert not images.is_slip(page_image.convert("L"))


def test_photographed_receipt_is_read_line_by_line(ocr):
    doc = _read(docgen.encode(docgen.render(docgen.receipt_pdf(), dpi=200), "JPEG"), ocr)
    assert "18.00" in _line_with(doc, "TOTAL")
    assert "2.00" in _line_with(doc, "CHANGE")


# ---- bad input: a clear, typed error with a plain-language text ----

def test_empty_file(ocr):
    with pytest.raises(UnreadableDocument, match="empty"):
        _read(b"", ocr)


@pytest.mark.parametrize("cut", [0.3, 0.7])
def test_truncated_pdf(ocr, german_pdf, cut):
    with pytest.raises(UnreadableDocument, match="damaged or incomplete"):
        _read(german_pdf[: int(len(german_pdf) * cut)], ocr)


def test_encrypted_pdf_says_password(ocr):
    with pytest.raises(EncryptedDocument) as err:
        _read(docgen.encrypted_pdf(), ocr)
    assert "password-protected" in err.value.user_message()


def test_truncated_jpeg(ocr, page_image):
    data = docgen.encode(page_image, "JPEG")
    with pytest.raises(UnreadableDocument, match="damaged"):
        _read(data[: len(data) // 2], ocr)


def test_spreadsheet_is_refused_by_content_not_name(ocr):
    buf = BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnsupportedDocument, match="spreadsheet"):
        _read(buf.getvalue(), ocr)


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture (a decompression bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("side", "shown"), [(50_000, "2500"), (30_000, "900"), (9_500, "90.2")])
def test_image_bomb_is_refused_before_decoding_with_its_real_size(ocr, side, shown):
    with pytest.raises(DocumentTooLarge) as err:
        _read(_png_header_only(side, side), ocr)
    assert f"The image is too large ({shown} megapixels; the limit is 80 megapixels)." in err.value.user_message()


def test_the_pixel_limit_is_ours_not_pillows(ocr):
    # 90 megapixels: above Pillow's own warning level, below the limit set
    with pytest.raises(UnreadableDocument, match="damaged"):  # decoded (and found truncated), not refused
        _read(_png_header_only(9_500, 9_500), ocr, max_pixels=100_000_000)


def test_too_many_pages(ocr):
    with pytest.raises(TooManyPages) as err:
        _read(docgen.blank_pdf(pages=4), ocr, max_pages=3)
    assert "4 pages" in err.value.user_message() and "at most 3" in err.value.user_message()


def test_file_too_large_says_its_real_size(ocr):
    data = b"%PDF-1.7\n" + b"\0" * (60 * 1024 * 1024 + 200_000)
    with pytest.raises(DocumentTooLarge) as err:
        _read(data, ocr, max_bytes=25 * 1024 * 1024)
    assert "(60.2 MB; the limit is 25 MB)" in err.value.user_message()


def test_the_extract_command_says_a_large_files_real_size(tmp_path):
    import io
    import json

    from bot.extract_cmd import run_extract
    from core.work import WorkConfig

    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:
        fh.truncate(60 * 1024 * 1024 + 200_000)  # sparse: nothing is written
    out = io.StringIO()
    run_extract([str(big)], True, WorkConfig(), 1, out)
    assert "(60.2 MB; the limit is 25 MB)" in json.loads(out.getvalue())["error"]


def test_blank_page(ocr):
    with pytest.raises(BlankDocument, match="blank"):
        _read(docgen.blank_pdf(), ocr)


def test_blank_photo(ocr):
    with pytest.raises(BlankDocument):
        _read(docgen.encode(Image.new("RGB", (1200, 1600), (250, 250, 248)), "JPEG"), ocr)


@pytest.mark.parametrize(("inches", "dpi"), [((8.27, 11.69), 300), ((11.69, 16.54), 300), ((33.1, 46.8), 227)])
def test_normal_pages_render_at_300_dpi_and_large_ones_within_the_limit(inches, dpi):
    w, h = (x * 72 for x in inches)
    found = pdf.fit_dpi(1, w, h, 300, 80_000_000)
    assert round(found) == dpi
    assert (w * found / 72) * (h * found / 72) <= 80_000_000


def test_a_page_readable_only_below_72_dpi_is_refused():
    with pytest.raises(PageTooLarge) as err:
        pdf.fit_dpi(3, 130 * 72, 130 * 72, 300, 80_000_000)
    assert "Page 3 is too large to read (130 x 130 inches" in err.value.user_message()


def test_an_unexpected_failure_is_answered_without_naming_it():
    for exc in (MemoryError(), ValueError("x"), ArithmeticError()):
        text = unexpected(exc).user_message()
        assert type(exc).__name__ not in text and text.startswith("I could not read this file: ")
    assert "more memory" in unexpected(MemoryError()).user_message()


def _picture_pdf(side: int, bits: int) -> bytes:
    from tests.core.bombs import pdf_bytes, repeated_rows, zlib_of

    data = zlib_of(repeated_rows(b"\xff" * (side * bits // 8), side))
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent %d"
        b" /Filter /FlateDecode /Length %d >>\nstream\n" % (side, side, bits, len(data)) + data + b"\nendstream",
    ])


def test_a_black_and_white_picture_may_have_more_pixels_than_a_grey_one(ocr):
    # 4000 x 4000 = 16 megapixels against a limit of 10: refused in grey, read in black and white (2 MB decoded)
    with pytest.raises(DocumentTooLarge, match=r"picture on page 1 is too large \(16 megapixels"):
        _read(_picture_pdf(4000, 8), ocr, max_pixels=10_000_000)
    with pytest.raises(BlankDocument):
        _read(_picture_pdf(4000, 1), ocr, max_pixels=10_000_000)


def test_a_tiff_whose_next_frame_is_missing_is_damaged(ocr):
    from tests.core.bombs import rgba_tiff

    data = bytearray(rgba_tiff(100, 100, 2))
    first = struct.unpack("<I", data[4:8])[0]
    at = first + 2 + 12 * struct.unpack("<H", data[first:first + 2])[0]
    data[at:at + 4] = struct.pack("<I", len(data) + 1000)  # the second frame lies past the end of the file
    with pytest.raises(UnreadableDocument, match="damaged or incomplete"):
        _read(bytes(data), ocr)
