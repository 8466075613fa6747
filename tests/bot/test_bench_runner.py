"""The runner benchmark's figures come back complete (the figures themselves are printed, not asserted)."""

from __future__ import annotations

from bot.bench_runner import run_runner_bench
from tests.fakes.docs import invoice_pdf


def test_runner_bench_reports_every_figure(settings, tmp_path, capsys):
    docs = [invoice_pdf(tmp_path / f"d{i}.pdf", [f"Invoice {i}", "Total 10.00 EUR"]) for i in range(3)]
    figures = run_runner_bench(settings, docs, submissions=6, worker_counts=(1,))
    assert set(figures) == {"documents", "distinct_files", "docs_per_min", "failed", "ack_ms_p50", "ack_ms_p99",
                            "peak_mb"}
    assert figures["documents"] == 6 and figures["distinct_files"] == 3 and figures["failed"] == {1: 0}
    assert figures["docs_per_min"][1] > 0 and figures["peak_mb"] > 0
    assert 0 < figures["ack_ms_p50"] <= figures["ack_ms_p99"]
    assert "documents/min" in capsys.readouterr().out
