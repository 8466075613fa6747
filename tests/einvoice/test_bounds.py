"""Amounts in an e-invoice are bounded: an exponent or a flood of digits is refused plainly (bare XML) or
leaves the page's reading (hybrid PDF), and never grows into a huge number in memory or in the output."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.einvoice.numbers import OutOfBounds, bounded_decimal
from tests.core.bombs import GB, extract_measured
from tests.einvoice import xmlgen
from tests.einvoice.xmlgen import Sample

PLAIN = "which is not an amount I can read"


@pytest.mark.parametrize(("text", "value"), [
    ("142.21", Decimal("142.21")), ("-3", Decimal("-3")), (".5", Decimal("0.5")), ("1e3", Decimal("1000")),
    ("0.12345678", Decimal("0.123457")), ("999999999999999.99", Decimal("999999999999999.99")),
    ("abc", None), ("NaN", None), ("Infinity", None), ("12,50", None),
])
def test_numbers_within_bounds_read_and_text_is_no_number(text, value):
    assert bounded_decimal(text) == value
    if value is not None:
        assert value.as_tuple().exponent >= -6


@pytest.mark.parametrize("text", ["1E-999999999", "1E+999999", "1E-50000000", "1" * 16, "1" * 200, "2E21"])
def test_numbers_out_of_bounds_are_refused(text):
    with pytest.raises(OutOfBounds):
        bounded_decimal(text)


def _cii_total(total: str) -> bytes:
    return xmlgen.cii(Sample(total=total))


@pytest.mark.parametrize(("name", "data"), [
    ("cii-tiny.xml", _cii_total("1E-999999999")),
    ("cii-huge.xml", _cii_total("1E+999999")),
    ("ubl-line.xml", xmlgen.ubl(Sample(lines=[("Widget", "1E+999999", "1E-999999999", "100.00")]))),
])
def test_a_bare_einvoice_with_an_absurd_number_gets_a_plain_answer(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    run = extract_measured(path)
    assert run.peak_rss < GB, f"peak RSS {run.peak_rss / 2**20:.0f} MB"
    assert run.record is not None, f"{run.output_bytes} bytes of output"
    assert PLAIN in run.record["error"]
    assert "InvalidOperation" not in run.record["error"]


@pytest.mark.parametrize("bad", ["1E-999999999", "1E+999999"])
def test_a_hybrid_pdf_with_an_absurd_number_is_read_from_its_page(tmp_path, bad):
    path = tmp_path / "facturx.pdf"
    path.write_bytes(xmlgen.hybrid_pdf(Sample(), _cii_total(bad)))
    run = extract_measured(path)
    assert run.peak_rss < GB, f"peak RSS {run.peak_rss / 2**20:.0f} MB"
    assert run.record is not None, f"{run.output_bytes} bytes of output"
    assert run.record["error"] is None
    total = run.record["fields"]["total"]
    assert (total["value"], total["source"]) == ("142.21", "text")  # the page's text layer, not the XML
