"""Small files that decode into huge pages or pictures are read within 1 GB of memory, or refused plainly
with their real size; each runs through `invoicebot extract --json` in a child whose peak memory is measured."""

from __future__ import annotations

import pytest

from tests.core import bombs
from tests.core.bombs import GB, extract_measured
from tests.einvoice import xmlgen

BLANK = "I found no text in this file"


def _run(tmp_path, name: str, data: bytes) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    run = extract_measured(path)
    assert run.peak_rss < GB, f"peak RSS {run.peak_rss / 2**20:.0f} MB"
    assert run.record is not None, f"no answer ({run.output_bytes} bytes of output, status {run.status})"
    return run.record


def test_a_page_of_200_by_200_inches_is_refused_plainly(tmp_path):
    record = _run(tmp_path, "page.pdf", bombs.huge_page_pdf(inches=200))  # 333 bytes, 3.6 gigapixels at 300 dpi
    assert record["error"].startswith("Page 1 is too large to read (200 x 200 inches, 508 x 508 cm).")
    assert record["error_code"] == "page_too_large"


@pytest.mark.parametrize("page", ["page", "picture"])
def test_a_facturx_whose_page_is_too_large_is_read_from_its_xml(tmp_path, page):
    pdf = bombs.huge_page_pdf(inches=200) if page == "page" else bombs.big_image_pdf(30000)
    data = bombs.with_attachment(pdf, "factur-x.xml", xmlgen.cii(xmlgen.Sample()))
    record = _run(tmp_path, "facturx.pdf", data)
    assert record["error"] is None
    assert (record["fields"]["total"]["value"], record["fields"]["total"]["source"]) == ("142.21", "xml")


def test_large_pages_are_rendered_within_the_pixel_limit_one_at_a_time(tmp_path):
    # 2 pages of 90 x 90 inches: 729 megapixels each at 300 dpi, both held at once before
    record = _run(tmp_path, "pages.pdf", bombs.huge_page_pdf(inches=90, pages=2))
    assert record["error"].startswith(BLANK)  # rendered (at 99 dpi) and found blank


def test_a_huge_picture_on_a_normal_page_is_refused_before_pdfium_decodes_it(tmp_path):
    record = _run(tmp_path, "picture.pdf", bombs.big_image_pdf(30000))  # 900 megapixels in 0.9 MB
    assert record["error"].startswith("The picture on page 1 is too large (900 megapixels; the limit is 80 megapixels).")


def test_a_transparent_png_just_under_the_limit_is_read_within_bounds(tmp_path):
    record = _run(tmp_path, "big.png", bombs.rgba_png(8888, 8888))  # 79 megapixels RGBA in 0.3 MB
    assert record["error"].startswith(BLANK)


def test_tiff_frames_just_under_the_limit_are_read_one_at_a_time(tmp_path):
    record = _run(tmp_path, "frames.tif", bombs.rgba_tiff(8888, 8888, 2))
    assert record["error"].startswith(BLANK)
