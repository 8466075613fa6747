"""`invoicebot extract --json` on e-invoices: the contract line with source "xml", and XML refusals as errors."""

from __future__ import annotations

import io
import json

from bot.extract_cmd import run_extract
from core.models import FIELD_NAMES
from core.work import WorkConfig
from tests.einvoice import xmlgen
from tests.einvoice.test_untrusted import XXE


def test_extract_json_prints_the_xml_values_and_refuses_entity_tricks(tmp_path):
    good, bad = tmp_path / "ubl.xml", tmp_path / "xxe.xml"
    good.write_bytes(xmlgen.ubl(xmlgen.Sample(), credit=True))
    bad.write_bytes(XXE)
    out = io.StringIO()
    status = run_extract([str(good), str(bad)], True, WorkConfig(ocr_languages="eng"), 1, out)
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert status == 1  # one file failed
    assert set(first["fields"]) == set(FIELD_NAMES)
    assert first["document_type"] == "credit_note" and first["error"] is None
    assert first["fields"]["total"] == {"value": "142.21", "confidence": 1.0, "flagged": False, "reasons": [],
                                        "source": "xml"}
    assert second["error"] is not None and "refused for safety" in second["error"]
