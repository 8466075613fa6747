"""/metrics and /readyz of a running service: real jobs through the runner, scraped over HTTP and parsed;
/metrics on a listener of its own (loopback by default), never on the public webhook port."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from sqlmodel import create_engine

from bot import bootstrap
from bot import web as webapp
from bot.health import OcrCheck, database_check
from bot.settings import Settings
from core.chat import Reply, Upload
from storage.sql import SqlStore
from tests.fakes import work
from tests.fakes.docs import invoice_pdf


class Recorder:
    """A channel that keeps what it is sent."""

    def __init__(self, name: str) -> None:
        self.name, self.replies = name, []

    async def start(self, inbound) -> None:
        return None

    async def send(self, reply: Reply) -> None:
        self.replies.append(reply)

    async def stop(self) -> None:
        return None


@asynccontextmanager
async def service(settings, channels, work_spec=None, **update) -> AsyncIterator[tuple[bootstrap.App, str]]:
    """A running `web` service; yields the app (app.metrics_url: where /metrics is) and the public URL."""
    s = settings.model_copy(update={"web_host": "127.0.0.1", "web_port": 0, "workers": 1, "metrics_port": 0,
                                    **update})
    app = bootstrap.build(s, channels, work=work_spec)
    stop, ready = asyncio.Event(), asyncio.get_running_loop().create_future()
    task = asyncio.create_task(bootstrap.run_service(app, web=True, stop=stop, ready=ready))
    try:
        yield app, await ready
    finally:
        stop.set()
        await task


async def get(url: str, **headers: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as r:
        return r.status, await r.text()


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """{(sample name, sorted labels): value} of a Prometheus text page."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


async def until(predicate, what: str, timeout: float = 30) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


async def test_metrics_count_jobs_by_state_and_channel_and_show_the_queue(settings):
    console, other = Recorder("console"), Recorder("test")
    async with service(settings, [console, other], bootstrap.WorkSpec(run=work.gated, init=work.init)) as (app, url):
        conv = app.conversation
        first = await conv.upload(Upload("console:1", "console", b"invoice one", "a.pdf"))
        await conv.upload(Upload("console:1", "console", b"invoice two", "b.pdf"))
        await conv.upload(Upload("test:1", "test", b"sheet of numbers", "c.xlsx"))
        await until(lambda: app.store.get_job(first.job_id).state == "running", "the first job to start")

        status, text = await get(f"{app.metrics_url}/metrics")
        assert status == 200
        before = samples(text)
        assert before[("invoicebot_queue_depth", ())] == 2
        assert before[("invoicebot_jobs", (("channel", "console"), ("state", "queued")))] == 1
        assert before[("invoicebot_jobs", (("channel", "console"), ("state", "running")))] == 1
        assert before[("invoicebot_jobs", (("channel", "test"), ("state", "queued")))] == 1

        for job in app.store.jobs("console:1", ("queued", "running")) + app.store.jobs("test:1", ("queued",)):
            Path(job.blob_path + ".go").touch()
        await conv.drain()
        await conv.upload(Upload("console:1", "console", b"invoice one", "a.pdf"))  # answered from the cache
        await conv.drain()

        status, text = await get(f"{app.metrics_url}/metrics")
        after = samples(text)
    assert after[("invoicebot_queue_depth", ())] == 0
    assert after[("invoicebot_jobs", (("channel", "console"), ("state", "awaiting_review")))] == 3
    assert after[("invoicebot_jobs", (("channel", "test"), ("state", "failed")))] == 1
    assert ("invoicebot_jobs", (("channel", "console"), ("state", "queued"))) not in after
    # whole-job durations: the two jobs read and the one refused; the cached re-send read nothing
    assert after[("invoicebot_job_seconds_count", (("channel", "console"), ("outcome", "done")))] == 2
    assert after[("invoicebot_job_seconds_count", (("channel", "test"), ("outcome", "failed")))] == 1
    assert after[("invoicebot_job_seconds_sum", (("channel", "console"), ("outcome", "done")))] > 0
    assert after[("invoicebot_errors_total", (("code", "unsupported"), ("where", "job")))] == 1
    assert after[("invoicebot_llm_tokens_total", ())] == 0
    families = {f.name: f for f in text_string_to_metric_families(text)}
    assert families["invoicebot_jobs"].documentation.startswith("Jobs in the job table")
    assert families["invoicebot_job_seconds"].type == "histogram"


async def test_stage_durations_of_the_real_pipeline_are_observed(settings, tmp_path):
    pdf = invoice_pdf(tmp_path / "a.pdf").read_bytes()
    console = Recorder("console")
    async with service(settings, [console]) as (app, url):
        await app.conversation.upload(Upload("console:1", "console", pdf, "a.pdf"))
        await app.conversation.drain()
        status, text = await get(f"{app.metrics_url}/metrics")
    job = app.store.jobs("console:1", ("awaiting_review",))[0]
    timings = job.result["timings"]
    assert set(timings) == {"read", "extract"}  # the LLM tier is off
    got = samples(text)
    for stage in ("read", "extract"):
        labels = (("source", "text"), ("stage", stage))
        assert got[("invoicebot_stage_seconds_count", labels)] == 1
        assert got[("invoicebot_stage_seconds_sum", labels)] == timings[stage] > 0
        assert got[("invoicebot_stage_seconds_bucket", (("le", "+Inf"),) + labels)] == 1
    assert not any(name == "invoicebot_stage_seconds_count" and ("stage", "llm") in labels for name, labels in got)


async def test_readyz_is_ready_and_reports_a_database_that_went_away(settings):
    async with service(settings, []) as (app, url):
        status, text = await get(f"{url}/readyz")
        assert status == 200
        assert (await _json(f"{url}/readyz")) == {"ok": True, "checks": {"database": {"ok": True},
                                                                         "ocr": {"ok": True},
                                                                         "queue": {"ok": True}}}
        db = Path(app.store.engine.url.database)
        app.store.engine.dispose()
        for path in db.parent.glob(db.name + "*"):
            path.unlink()
        db.mkdir()  # the database file is now a folder SQLite cannot open
        try:
            status, body = await get(f"{url}/readyz")
            assert status == 503
            answer = await _json(f"{url}/readyz")
            assert answer["ok"] is False
            assert answer["checks"]["database"] == {"ok": False, "error": "OperationalError"}
            assert answer["checks"]["ocr"] == {"ok": True} and answer["checks"]["queue"] == {"ok": True}
            assert (await get(f"{url}/healthz"))[0] == 200  # the process is still up
            status, text = await get(f"{app.metrics_url}/metrics")  # what needs no database is still served
            assert status == 200
            names = {f.name for f in text_string_to_metric_families(text)}
            assert "invoicebot_queue_depth" in names and "invoicebot_jobs" not in names
        finally:
            shutil.rmtree(db)


async def test_readyz_names_a_missing_ocr_engine_and_an_unreachable_database(tmp_path):
    folder = tmp_path / "not-a-database"
    folder.mkdir()
    checks = {"database": database_check(SqlStore(create_engine(f"sqlite:///{folder}"))),
              "ocr": OcrCheck(binary="tesseract-not-installed")}
    async with webapp.serve(webapp.make_app([], checks=checks), "127.0.0.1", 0) as url:
        status, _ = await get(f"{url}/readyz")
        answer = await _json(f"{url}/readyz")
    assert status == 503
    assert answer == {"ok": False, "checks": {"database": {"ok": False, "error": "OperationalError"},
                                              "ocr": {"ok": False, "error": "tesseract-not-installed is not installed"}}}


async def test_ocr_check_keeps_its_answer_for_its_ttl(tmp_path):
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    check = OcrCheck(binary=str(fake), ttl=60)
    await check()
    fake.write_text("#!/bin/sh\nexit 3\n")
    await check()  # within the ttl: not asked again
    check.ttl = 0
    try:
        await check()
    except Exception as exc:
        assert str(exc).endswith("--version exited with 3")
    else:
        raise AssertionError("a failing tesseract must fail the check")


async def test_errors_raised_in_web_handlers_are_counted(settings):
    from core.errors import StorageError

    app = bootstrap.build(settings, [])
    http = webapp.make_app([], metrics=app.metrics)

    async def broken(request):
        raise StorageError("the disk is full")

    http.router.add_get("/broken", broken)
    async with webapp.serve(http, "127.0.0.1", 0) as url, \
            webapp.serve(webapp.make_metrics_app(app.metrics), "127.0.0.1", 0) as metrics_url:
        assert (await get(f"{url}/broken"))[0] == 500
        assert (await get(f"{url}/nowhere"))[0] == 404  # not an error of ours
        _, text = await get(f"{metrics_url}/metrics")
    got = samples(text)
    assert got[("invoicebot_errors_total", (("code", "storage"), ("where", "web")))] == 1
    assert not any(name == "invoicebot_errors_total" and ("code", "http_404") in labels for name, labels in got)


async def test_the_public_port_has_no_metrics_and_the_metrics_listener_is_on_loopback(settings):
    async with service(settings, []) as (app, url):
        assert (await get(f"{url}/metrics"))[0] == 404
        assert (await get(f"{url}/healthz"))[0] == 200
        assert app.metrics_url is not None and app.metrics_url.startswith("http://127.0.0.1:")
        assert app.metrics_url != url
        status, text = await get(f"{app.metrics_url}/metrics")
        assert status == 200 and "invoicebot_queue_depth" in text
        assert (await get(f"{app.metrics_url}/healthz"))[0] == 404  # the metrics listener serves metrics only


def test_metrics_listen_on_loopback_port_9090_by_default():
    s = Settings(_env_file=None)
    assert (s.metrics_host, s.metrics_port, s.metrics_token) == ("127.0.0.1", 9090, None)


async def test_a_metrics_token_is_asked_for(settings):
    async with service(settings, [], metrics_token=SecretStr("s3cret")) as (app, url):
        assert (await get(f"{app.metrics_url}/metrics"))[0] == 401
        assert (await get(f"{app.metrics_url}/metrics", Authorization="Bearer wrong"))[0] == 401
        status, text = await get(f"{app.metrics_url}/metrics", Authorization="Bearer s3cret")
        assert status == 200 and "invoicebot_jobs" in text
        assert (await get(f"{url}/metrics", Authorization="Bearer s3cret"))[0] == 404


async def test_metrics_off_or_on_a_taken_port_leave_the_service_running(settings, caplog):
    async with service(settings, [], metrics_port=None) as (app, url):
        assert app.metrics_url is None and (await get(f"{url}/healthz"))[0] == 200
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with service(settings, [], metrics_port=port) as (app, url):
            assert app.metrics_url is None and (await get(f"{url}/healthz"))[0] == 200
    assert any(r.message == "metrics not served: the address cannot be used" for r in caplog.records)


async def _json(url: str) -> dict:
    async with aiohttp.ClientSession() as http, http.get(url) as r:
        return await r.json()


def test_llm_tokens_come_from_the_ledger(settings):
    from prometheus_client import generate_latest

    from storage.llm_store import SqlLlmLedger

    app = bootstrap.build(settings, [])
    ledger = SqlLlmLedger(app.store.engine)  # as a worker process writes it
    today = dt.datetime.now(dt.UTC).date()
    ledger.record((today - dt.timedelta(days=1)).isoformat(), "telegram:1", 500)
    ledger.record(today.isoformat(), "telegram:1", 700)
    ledger.record(today.isoformat(), "slack:T1:C1", 30)
    got = samples(generate_latest(app.metrics.registry).decode())
    assert got[("invoicebot_llm_tokens_total", ())] == 1230
    assert got[("invoicebot_llm_calls_total", ())] == 3
    assert got[("invoicebot_llm_tokens_today", ())] == 730
    assert not any("telegram" in str(labels) for _, labels in got)  # no tenant in any label
