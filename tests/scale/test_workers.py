"""`invoicebot worker` processes on a real Redis server: sharing a stream, SIGKILL and SIGTERM mid-job."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from pathlib import Path

import pytest

from bot import bootstrap
from bot.bootstrap import WorkSpec
from tests.channels.telegram_kit import CHAT, TOKEN, document
from tests.core.test_runner import upload
from tests.fakes import work
from tests.fakes.docs import invoice_pdf
from tests.fakes.telegram_api import FakeBotApi

from .conftest import delivering, deployment, kill, until

pytestmark = pytest.mark.slow


def finished_jobs(proc) -> list[str]:
    """Job ids a worker process logged as finished."""
    import json

    ids = []
    for line in Path(proc.log_path).read_text(errors="replace").splitlines():
        with contextlib.suppress(ValueError):
            rec = json.loads(line)
            if rec.get("msg") == "job finished":
                ids.append(rec["job"])
    return ids


async def test_two_workers_share_a_burst_and_run_each_job_once(shared, workers):
    procs = [workers(shared, "steady"), workers(shared, "steady")]
    web = deployment(shared, work.steady, workers=0)
    async with web.runner, delivering(web) as seen:
        tickets = [await web.runner.submit(upload(f"burst {i}".encode())) for i in range(10)]
        await until(lambda: seen.finished.qsize() == 10, 60, "ten summaries")
    for t in tickets:
        job = web.store.get_job(t.job_id)
        assert job.state == "awaiting_review"
        assert work.calls(job.blob_path) == 1
    done = [finished_jobs(p) for p in procs]
    assert sorted(done[0] + done[1]) == sorted(t.job_id for t in tickets)
    assert done[0] and done[1], "both workers took part"


@pytest.fixture
async def api():
    fake = await FakeBotApi().start()
    yield fake
    await fake.close()


@contextlib.asynccontextmanager
async def web_process(settings, api: FakeBotApi):
    """The channel side as `invoicebot web` runs it with REDIS_URL: intake and replies, no workers."""
    s = settings.model_copy(update={"telegram_bot_token": TOKEN, "telegram_api_url": api.url})
    channel = bootstrap.telegram(s, album_wait=0.3, poll_timeout=1)
    app = bootstrap.build(s, [channel], workers=0)
    stop, ready = asyncio.Event(), asyncio.get_running_loop().create_future()
    task = asyncio.create_task(bootstrap.run_service(app, web=False, stop=stop, ready=ready))
    await asyncio.wait_for(ready, 30)
    try:
        yield app
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


def summaries(api: FakeBotApi) -> list:
    return [c for c in api.of("sendMessage") if c.params.get("reply_markup")]


async def test_a_worker_killed_mid_job_its_job_is_finished_by_another_and_told_once(shared, workers, api,
                                                                                    tmp_path):
    first = workers(shared, "slow_once")
    async with web_process(shared, api) as app:
        pdf = invoice_pdf(tmp_path / "a.pdf").read_bytes()
        api.push(document(api, pdf, "a.pdf", "application/pdf"))
        await api.wait(lambda a: a.of("sendMessage"), "the acknowledgement")
        [job] = await until(lambda: app.store.jobs(f"telegram:{CHAT}", ("running",)), 30, "the job running")
        await api.wait(lambda a: any("1/2" in t for t in a.texts()), "progress from the worker")
        kill(first)  # SIGKILL, the worker and its pool
        assert app.store.get_job(job.id).state == "running"
        second = workers(shared, "slow_once")
        await api.wait(lambda a: summaries(a), "the summary")
        await asyncio.sleep(2 * shared.job_claim_seconds)  # time for a repeat to show up, if one came
        assert len(summaries(api)) == 1
        assert app.store.get_job(job.id).state == "awaiting_review"
        assert finished_jobs(second) == [job.id]


async def test_a_job_whose_worker_is_killed_three_times_still_finishes(shared, workers, api, tmp_path):
    """A killed worker is not the job's failure: three kills do not use up its retries (RETRIES=2)."""
    async with web_process(shared, api) as app:
        proc = workers(shared, "counted_gate")
        api.push(document(api, invoice_pdf(tmp_path / "k.pdf").read_bytes(), "k.pdf", "application/pdf"))
        [job] = await until(lambda: app.store.jobs(f"telegram:{CHAT}", ("running",)), 30, "the job running")
        for run in (1, 2, 3):
            await until(lambda run=run: work.calls(job.blob_path) == run, 30, f"run {run} begun")
            kill(proc)
            if run < 3:
                proc = workers(shared, "counted_gate")
        Path(job.blob_path + ".go").touch()
        last = workers(shared, "counted_gate")
        await api.wait(lambda a: summaries(a), "the summary", limit=60)
        assert app.store.get_job(job.id).state == "awaiting_review"
        assert not any("several tries" in t for t in api.texts())
        assert finished_jobs(last) == [job.id]


async def test_sigterm_gives_the_running_job_back_and_another_worker_finishes_it(shared, workers, api, tmp_path):
    first = workers(shared, "slow_once")
    async with web_process(shared, api) as app:
        api.push(document(api, invoice_pdf(tmp_path / "b.pdf").read_bytes(), "b.pdf", "application/pdf"))
        [job] = await until(lambda: app.store.jobs(f"telegram:{CHAT}", ("running",)), 30, "the job running")
        await api.wait(lambda a: any("1/2" in t for t in a.texts()), "progress from the worker")
        first.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(first.wait, 20) == 0  # stops at once: SHUTDOWN_GRACE=0
        assert app.store.get_job(job.id).state == "queued"
        workers(shared, "slow_once", JOB_CLAIM_SECONDS="600")  # no takeover: the job was handed back
        await api.wait(lambda a: summaries(a), "the summary", limit=30)
        assert len(summaries(api)) == 1
        assert app.store.get_job(job.id).state == "awaiting_review"


async def test_sigterm_with_a_grace_period_lets_the_running_job_finish(shared, workers, api, tmp_path):
    proc = workers(shared, "steady", SHUTDOWN_GRACE="30")
    async with web_process(shared, api) as app:
        api.push(document(api, invoice_pdf(tmp_path / "c.pdf").read_bytes(), "c.pdf", "application/pdf"))
        await until(lambda: app.store.jobs(f"telegram:{CHAT}", ("running",)), 30, "the job running")
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(proc.wait, 30) == 0
        await api.wait(lambda a: summaries(a), "the summary", limit=30)
        assert [j.state for j in app.store.jobs(f"telegram:{CHAT}", ("awaiting_review",))] == ["awaiting_review"]


async def test_a_worker_on_another_machine_reads_the_files_from_a_postgres_database(shared, workers, postgres_url,
                                                                                  tmp_path):
    on_postgres = shared.model_copy(update={"database_url": postgres_url})
    other_machine = tmp_path / "elsewhere"
    proc = workers(on_postgres, "ok", DATA_DIR=str(other_machine))
    web = deployment(on_postgres, work.ok, workers=0)
    async with web.runner, delivering(web) as seen:
        tickets = [await web.runner.submit(upload(f"far away {i}".encode())) for i in range(3)]
        await until(lambda: seen.finished.qsize() == 3, 60, "three summaries")
    assert sorted(finished_jobs(proc)) == sorted(t.job_id for t in tickets)
    for t in tickets:
        job = web.store.get_job(t.job_id)
        assert job.state == "awaiting_review"
        copy = other_machine / "documents" / job.sha256[:2] / job.sha256
        assert copy.read_bytes() == Path(job.blob_path).read_bytes()  # fetched from the database
        assert work.calls(str(copy)) == 1 and work.calls(job.blob_path) == 0


async def test_the_worker_serves_readiness_with_the_redis_queue_and_metrics_of_its_jobs(shared):
    import aiohttp
    from prometheus_client.parser import text_string_to_metric_families

    settings = shared.model_copy(update={"worker_port": 0, "web_host": "127.0.0.1"})
    stop, ready = asyncio.Event(), asyncio.get_running_loop().create_future()
    task = asyncio.create_task(bootstrap.run_worker(settings, WorkSpec(work.ok, work.init), stop, ready))
    web = deployment(shared, work.ok, workers=0)
    try:
        url = await asyncio.wait_for(ready, 30)
        async with web.runner, delivering(web) as seen:
            await web.runner.submit(upload(b"measured"))
            await until(lambda: seen.finished.qsize() == 1, 30, "the summary")
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{url}/readyz") as r:
                body = await r.json()
                assert r.status == 200 and body["checks"]["queue"]["ok"] is True
            async with http.get(f"{url}/metrics") as r:
                families = {f.name: f for f in text_string_to_metric_families(await r.text())}
        assert families["invoicebot_queue_depth"].samples[0].value == 0
        jobs = {(s.labels["state"], s.labels["channel"]): s.value for s in families["invoicebot_jobs"].samples}
        assert jobs[("awaiting_review", "test")] == 1
        counts = [s for s in families["invoicebot_job_seconds"].samples if s.name.endswith("_count")]
        assert sum(s.value for s in counts) == 1  # observed where the job ran
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
