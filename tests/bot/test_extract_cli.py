"""`invoicebot extract` as a user runs it: JSON lines in argument order, clear errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.models import FIELD_NAMES
from tests import docgen
from tests.conftest import ROOT


def _run(*args: str, cwd: Path, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "OCR_LANGUAGES": "eng+deu", "PYTHONPATH": str(ROOT), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("docs")
    made = {
        "de.pdf": docgen.invoice_pdf("de"),
        "fr.pdf": docgen.invoice_pdf("fr"),
        "scan.png": docgen.encode(docgen.render(docgen.invoice_pdf("en"), dpi=150), "PNG"),
        "sheet.pdf": b"PK\x03\x04" + bytes(100),  # a name that lies about the content
        "empty.jpg": b"",
        "locked.pdf": docgen.encrypted_pdf(),
    }
    for name, data in made.items():
        (d / name).write_bytes(data)
    return {name: d / name for name in made}


def test_json_lines_in_argument_order_with_every_field(files, tmp_path):
    order = ["scan.png", "de.pdf", "sheet.pdf", "fr.pdf", "empty.jpg", "locked.pdf", "missing.pdf"]
    paths = [str(files[n]) if n in files else str(tmp_path / n) for n in order]
    proc = _run("extract", "--json", *paths, cwd=tmp_path)
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [rec["file"] for rec in lines] == paths
    assert proc.returncode == 1  # some files failed
    assert "Traceback" not in proc.stderr
    for rec in lines:
        assert set(rec["fields"]) == set(FIELD_NAMES)
        assert set(rec) >= {"file", "document_type", "language", "fields", "line_items", "error"}
    by_name = dict(zip(order, lines, strict=True))
    for good in ("scan.png", "de.pdf", "fr.pdf"):
        assert by_name[good]["error"] is None
    assert "spreadsheet" not in by_name["sheet.pdf"]["error"]  # a broken ZIP, not a spreadsheet
    assert "PDF or a photo" in by_name["sheet.pdf"]["error"]
    assert "empty" in by_name["empty.jpg"]["error"]
    assert "password" in by_name["locked.pdf"]["error"]
    assert "does not exist" in by_name["missing.pdf"]["error"]


def test_readable_summary_without_json(files, tmp_path):
    proc = _run("extract", str(files["de.pdf"]), str(files["locked.pdf"]), cwd=tmp_path)
    out = proc.stdout
    assert out.index("de.pdf") < out.index("locked.pdf")
    assert "invoice_number" in out and "total" in out
    assert "locked.pdf: error: The PDF is password-protected" in out


def test_page_limit_from_environment(tmp_path):
    f = tmp_path / "long.pdf"
    f.write_bytes(docgen.invoice_pdf("en", pages=3))
    proc = _run("extract", "--json", str(f), cwd=tmp_path, env_extra={"MAX_PAGES": "2"})
    rec = json.loads(proc.stdout)
    assert "3 pages" in rec["error"] and rec["error_code"] == "too_many_pages"


def test_text_dump_shows_lines_as_read(files, tmp_path):
    proc = _run("extract", "--text", str(files["de.pdf"]), cwd=tmp_path)
    assert proc.returncode == 0
    assert "page 1 (text, 595x842" in proc.stdout
    assert "Gesamtbetrag 142,21 €" in proc.stdout
