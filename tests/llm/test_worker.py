"""The tier inside the worker step: settings -> WorkConfig -> init_worker -> read_and_extract."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from bot.bootstrap import llm_config, work_config
from bot.settings import Settings
from core.chat import JobInfo
from core.errors import ConfigError
from core.work import init_worker, read_and_extract
from storage.db import make_engine
from storage.llm_store import SqlLlmLedger
from storage.sql import SqlStore
from tests.docgen import invoice_pdf


def _stored(tmp_path, settings: Settings, job_id: str = "job-1", tenant: str = "chat-7") -> str:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(invoice_pdf("en"))
    SqlStore(make_engine(settings.database_url)).add_job(
        JobInfo(id=job_id, tenant=tenant, channel="console", state="running", sha256="0" * 64, blob_path=str(path)))
    return str(path)


def test_without_a_key_the_worker_result_is_the_local_one(tmp_path, settings, chat):
    path = _stored(tmp_path, settings)
    init_worker(work_config(settings), None)
    result = read_and_extract("job-1", path)
    assert "llm" not in result
    assert set(result["timings"]) == {"read", "extract"} and all(v > 0 for v in result["timings"].values())
    assert result["extraction"]["fields"]["vendor_name"]["source"] == "text"
    assert chat.requests == []


def test_with_a_key_flagged_fields_get_a_grounded_second_opinion(tmp_path, settings, chat):
    s = settings.model_copy(update={"groq_api_key": "gsk-secret-123", "groq_base_url": chat.url, "groq_model": "scout"})
    assert llm_config(s).mode == "fallback"
    assert "gsk-secret-123" not in repr(llm_config(s))
    path = _stored(tmp_path, s)
    chat.reply({"vendor_name": "Acme Supplies Ltd", "customer_name": "Nobody Inc"}, 700, 30)
    config = pickle.loads(pickle.dumps(work_config(s)))  # as it travels to a spawned worker
    init_worker(config, None)
    result = read_and_extract("job-1", path)
    assert result["llm"]["status"] == "answered"
    assert set(result["timings"]) == {"read", "extract", "llm"} and result["timings"]["llm"] > 0
    assert result["llm"]["accepted"] == ["vendor_name"] and result["llm"]["rejected"] == ["customer_name"]
    vendor = result["extraction"]["fields"]["vendor_name"]
    # the rules read this vendor (flagged, a letterhead guess); the grounded second opinion confirms it
    assert (vendor["value"], vendor["source"], vendor["flagged"]) == ("Acme Supplies Ltd", "text", False)
    ledger = SqlLlmLedger.from_url(s.database_url)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert ledger.tokens_used(today, "chat-7") == 730
    assert ledger.totals() == (730, 1)
    again = read_and_extract("job-1", path)
    assert again["llm"]["status"] == "cached" and len(chat.requests) == 1


def test_an_unknown_mode_is_refused_at_start(settings):
    with pytest.raises(ConfigError):
        llm_config(settings.model_copy(update={"llm_mode": "sometimes"}))


def test_an_unavailable_model_still_completes_the_job_and_says_so(tmp_path, settings, chat):
    s = settings.model_copy(update={"groq_api_key": "gsk-x", "groq_base_url": chat.url})
    path = _stored(tmp_path, s)
    chat.default = {"status": 401}
    init_worker(work_config(s), None)
    result = read_and_extract("job-1", path)
    assert result["llm"]["status"] == "unavailable"
    vendor = result["extraction"]["fields"]["vendor_name"]
    assert vendor["source"] == "text" and vendor["flagged"]
    assert any("second opinion (LLM) was unavailable" in r for r in vendor["reasons"])
