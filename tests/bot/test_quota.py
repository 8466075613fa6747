"""TENANT_DAILY_LIMIT: documents per tenant per UTC day, counted from the job table, answered politely."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import sys
from pathlib import Path

import pytest

from bot import bootstrap, quota
from bot.cli import main
from core.chat import JobInfo, Upload
from core.errors import LimitReached
from tests.bot.test_metrics import Recorder
from tests.fakes import work
from tests.fakes.docs import invoice_pdf


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def test_the_third_upload_of_the_day_is_refused_and_not_stored(settings):
    s = settings.model_copy(update={"tenant_daily_limit": 2, "workers": 1})
    chat = Recorder("test")
    app = bootstrap.build(s, [chat], work=bootstrap.WorkSpec(run=work.ok, init=work.init))
    conv = app.conversation
    async with app.runner:
        await conv.upload(Upload("test:a", "test", b"invoice one", "a.pdf"))
        await conv.drain()
        assert (await conv.upload(Upload("test:a", "test", b"invoice one", "a.pdf"))).cached  # a re-send counts
        with pytest.raises(LimitReached):
            await conv.upload(Upload("test:a", "test", b"invoice three", "c.pdf"))
        other = [await conv.upload(Upload("test:b", "test", f"invoice {i}".encode(), "d.pdf", language="de"))
                 for i in (1, 2)]
        with pytest.raises(LimitReached):
            await conv.upload(Upload("test:b", "test", b"invoice 3", "d.pdf", language="de"))
        await conv.drain()

    [refused] = [r for r in chat.replies if r.tenant == "test:a" and r.kind == "error"]
    assert refused.text == ("You have sent 2 documents today; the daily limit is 2. "
                            "Please send more tomorrow (after 00:00 UTC).")
    assert refused.final and refused.job_id is None
    assert [r.text for r in chat.replies if r.tenant == "test:b" and r.kind == "error"] == [
        "Sie haben heute 2 Dokumente gesendet; das Tageslimit liegt bei 2. "
        "Bitte senden Sie weitere morgen (ab 00:00 UTC)."]
    since = quota.start_of_day()
    assert app.store.jobs_since("test:a", since) == 2  # no job row for the refused file
    assert app.store.jobs_since("test:b", since) == 2
    assert [app.store.get_job(t.job_id).state for t in other] == ["awaiting_review"] * 2  # b was not held up by a
    stored = {p.name for p in (Path(s.data_dir) / "documents").rglob("*")}
    assert sha(b"invoice one") in stored and sha(b"invoice three") not in stored and sha(b"invoice 3") not in stored


def test_yesterdays_documents_do_not_count(settings):
    app = bootstrap.build(settings.model_copy(update={"tenant_daily_limit": 1}), [])
    blob = settings.data_dir + "/x"
    app.store.add_job(JobInfo(id="y" * 32, tenant="test:a", channel="test", state="confirmed", sha256="0" * 64,
                              blob_path=blob, created_at=dt.datetime.now(dt.UTC)))
    midnight = quota.start_of_day()
    assert midnight.hour == 0 and midnight.tzinfo == dt.UTC
    assert app.store.jobs_since("test:a", midnight) == 1
    assert app.store.jobs_since("test:a", midnight + dt.timedelta(days=1)) == 0
    assert app.store.jobs_since("test:b", midnight) == 0
    with pytest.raises(LimitReached):
        quota.check(app.store, "test:a", 1)
    quota.check(app.store, "test:a", 2)
    quota.check(app.store, "test:a", None)


def test_console_chat_with_a_daily_limit(tmp_path, monkeypatch, capsys, cli_env):
    monkeypatch.setenv("TENANT_DAILY_LIMIT", "1")
    first = invoice_pdf(tmp_path / "a.pdf")
    second = invoice_pdf(tmp_path / "b.pdf", ["Rechnung Nr. 2", "Gesamtbetrag 5,00 EUR"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["chat", str(first), str(second)]) == 0
    out = capsys.readouterr().out
    assert "Got it: a.pdf" in out and "Got it: b.pdf" not in out
    assert "You have sent 1 documents today; the daily limit is 1." in out
