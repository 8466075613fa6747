"""`bench --llm`: which documents would call the model and how large the prompt would be."""

from __future__ import annotations

from bot import bench_llm
from tests.docgen import invoice_pdf


def test_a_document_with_an_uncertain_vendor_would_call(tmp_path):
    path = tmp_path / "invoice.pdf"
    path.write_bytes(invoice_pdf("de"))
    bench_llm._init("eng")
    r = bench_llm.would_ask(str(path))
    assert r["triggers"] == ["vendor_name"]
    assert "vendor_name" in r["fields"] and "total" not in r["fields"]
    assert 200 < r["tokens"] < 2000
    assert r["image"] is False


def test_figures_over_files(tmp_path):
    files = []
    for lang in ("en", "de"):
        files.append(tmp_path / f"{lang}.pdf")
        files[-1].write_bytes(invoice_pdf(lang))
    r = bench_llm.llm_figures(files, "eng", workers=1)
    assert (r["docs"], r["would_call"], r["share"]) == (2, 2, 100.0)
    assert r["triggers"] == {"vendor_name": 2}
