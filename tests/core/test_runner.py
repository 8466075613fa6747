"""The job runner with worker-process doubles: tickets, retries, failures, cache, resume."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import update
from sqlmodel import col

from core.chat import JobEvent, Upload
from core.runner import JobRunner
from storage.blobs import FileBlobStore
from storage.db import make_engine
from storage.queues import MemoryJobQueue
from storage.sql import SqlStore
from storage.tables import JobRow
from tests.fakes import work


class Events:
    def __init__(self) -> None:
        self.items: list[JobEvent] = []
        self.finished = asyncio.Queue()

    async def __call__(self, ev: JobEvent) -> None:
        self.items.append(ev)
        if ev.stage in ("done", "failed"):
            await self.finished.put(ev)

    def stages(self, job_id: str) -> list[str]:
        return [e.stage for e in self.items if e.job_id == job_id]


def make(settings, fn, events, store=None, workers=1, retries=2) -> tuple[JobRunner, SqlStore]:
    store = store or SqlStore(make_engine(settings.database_url))
    runner = JobRunner(store, FileBlobStore(settings.data_dir), MemoryJobQueue(), events, work=fn, init=work.init,
                       config=None, workers=workers, timeout=60, retries=retries, backoff=0.01)
    return runner, store


def upload(data: bytes, tenant: str = "t:1") -> Upload:
    return Upload(tenant, "test", data, "../../etc/in\x00voice.pdf")


async def test_submit_acknowledges_with_place_in_queue_and_job_reaches_review(settings):
    events = Events()
    runner, store = make(settings, work.ok, events)
    async with runner:
        tickets = [await runner.submit(upload(f"doc {i}".encode())) for i in range(3)]
        await runner.drain()
    assert [t.position for t in tickets] == [1, 2, 3]
    for t in tickets:
        job = store.get_job(t.job_id)
        assert job.state == "awaiting_review"
        assert job.filename == "invoice.pdf"  # no path, no control characters
        assert events.stages(t.job_id) == ["received", "reading page", "done"]
        assert "etc" not in job.blob_path and job.blob_path.endswith(job.sha256)


async def test_transient_failure_is_retried(settings):
    events = Events()
    runner, store = make(settings, work.flaky, events)
    async with runner:
        ticket = await runner.submit(upload(b"flaky"))
        await runner.drain()
    job = store.get_job(ticket.job_id)
    assert job.state == "awaiting_review"
    assert job.attempts == 2
    assert events.stages(ticket.job_id) == ["received", "retrying", "reading page", "done"]


async def test_document_error_fails_with_plain_message(settings):
    events = Events()
    runner, store = make(settings, work.unsupported, events)
    async with runner:
        ticket = await runner.submit(upload(b"not a pdf"))
        await runner.drain()
    job = store.get_job(ticket.job_id)
    assert job.state == "failed"
    assert job.error.startswith("This file looks like a spreadsheet")
    failed = [e for e in events.items if e.stage == "failed"]
    assert failed[0].error == job.error and "Traceback" not in job.error


async def test_same_file_in_same_chat_is_not_processed_twice(settings):
    events = Events()
    runner, store = make(settings, work.ok, events)
    async with runner:
        first = await runner.submit(upload(b"same bytes"))
        await runner.drain()
        second = await runner.submit(upload(b"same bytes"))
        other_chat = await runner.submit(upload(b"same bytes", tenant="t:2"))
        await runner.drain()
    path = store.get_job(first.job_id).blob_path
    assert second.cached and not other_chat.cached
    assert work.calls(path) == 2  # once for t:1, once for t:2
    assert events.stages(second.job_id) == ["received", "done"]
    assert store.get_job(second.job_id).state == "awaiting_review"
    assert store.get_job(second.job_id).result == store.get_job(first.job_id).result


async def test_a_message_handed_over_twice_is_one_job(settings):
    """The channel's own id of the message (a restart may hand the same one over again)."""
    events = Events()
    runner, store = make(settings, work.ok, events)
    async with runner:
        first = await runner.submit(Upload("t:1", "test", b"a scan", "a.jpg", key="message:17"))
        again = await runner.submit(Upload("t:1", "test", b"a scan", "a.jpg", key="message:17"))
        other = await runner.submit(Upload("t:1", "test", b"a scan", "a.jpg", key="message:18"))
        elsewhere = await runner.submit(Upload("t:2", "test", b"a scan", "a.jpg", key="message:17"))
        await runner.drain()
    assert again.job_id == first.job_id
    assert len({first.job_id, other.job_id, elsewhere.job_id}) == 3
    assert events.stages(first.job_id) == ["received", "reading page", "done"]  # run once, told once
    assert [j.id for j in store.jobs("t:1", ("awaiting_review",))].count(first.job_id) == 1


async def test_jobs_left_queued_or_running_are_resumed_on_start(settings):
    events = Events()
    runner, store = make(settings, work.ok, events)
    async with runner:
        ticket = await runner.submit(upload(b"resume me"))
        await runner.drain()
    # as if the process had died while the job was running
    store.set_state(ticket.job_id, "running")
    events2 = Events()
    runner2, _ = make(settings, work.ok, events2, store=store)
    async with runner2:
        await runner2.drain()
    assert store.get_job(ticket.job_id).state == "awaiting_review"
    assert events2.stages(ticket.job_id)[-1] == "done"


async def test_a_job_over_its_time_limit_fails_and_the_next_one_still_runs(settings):
    events = Events()
    store = SqlStore(make_engine(settings.database_url))
    runner = JobRunner(store, FileBlobStore(settings.data_dir), MemoryJobQueue(), events, work=work.hang,
                       init=work.init, config=None, workers=1, timeout=1.0, retries=0)
    async with runner:
        stuck = await runner.submit(upload(b"hang"))
        fine = await runner.submit(upload(b"fine"))
        await runner.drain()
    assert store.get_job(stuck.job_id).state == "failed"
    assert "took longer than 1 seconds" in store.get_job(stuck.job_id).error
    assert store.get_job(fine.job_id).state == "awaiting_review"


async def test_a_dead_worker_process_is_replaced_and_the_jobs_retried(settings):
    events = Events()
    # each of the 3 files crashes its process once and may be cut short by the 2 others' crashes
    runner, store = make(settings, work.crash, events, workers=2, retries=3)
    async with runner:
        tickets = [await runner.submit(upload(f"crash {i}".encode())) for i in range(3)]
        await runner.drain()
        after = await runner.submit(upload(b"later"))
        await runner.drain()
    for t in [*tickets, after]:
        assert store.get_job(t.job_id).state == "awaiting_review"
    assert store.get_job(tickets[0].job_id).attempts >= 2


async def test_a_stop_mid_batch_leaves_no_job_behind_at_the_next_start(settings):
    """Shut down with one job running and others still queued: the next start runs every one of them."""
    events = Events()
    store = SqlStore(make_engine(settings.database_url))
    runner = JobRunner(store, FileBlobStore(settings.data_dir), MemoryJobQueue(), events, work=work.gated,
                       init=work.init, config=None, workers=1, timeout=60, retries=2, backoff=0.01)
    async with runner:
        tickets = [await runner.submit(upload(f"batch {i}".encode())) for i in range(4)]
        while store.get_job(tickets[0].job_id).state != "running":
            await asyncio.sleep(0.01)
    assert [store.get_job(t.job_id).state for t in tickets] == ["queued"] * 4  # the running one given back
    for t in tickets:  # open every gate: the next run finishes at once
        (Path(store.get_job(t.job_id).blob_path + ".go")).touch()
    events2 = Events()
    runner2, _ = make(settings, work.gated, events2, store=store)
    async with runner2:
        await runner2.drain()
    for t in tickets:
        job = store.get_job(t.job_id)
        assert job.state == "awaiting_review", job
        assert events2.stages(t.job_id)[-1] == "done"


async def test_a_run_cut_off_by_a_dead_process_is_not_counted_as_an_attempt(settings):
    """Three processes die mid-job (nothing raised): the retries are not used up, the fourth run finishes it."""
    store = SqlStore(make_engine(settings.database_url))
    ticket = None
    for _ in range(3):
        runner, _ = make(settings, work.gated, Events(), store=store, retries=2)
        async with runner:
            if ticket is None:
                ticket = await runner.submit(upload(b"cut off"))
            while store.get_job(ticket.job_id).state != "running":
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.1)  # well into the run
        store.set_state(ticket.job_id, "running")  # what a killed process leaves (a stop gives it back)
    Path(store.get_job(ticket.job_id).blob_path + ".go").touch()
    events = Events()
    runner, _ = make(settings, work.gated, events, store=store, retries=2)
    async with runner:
        await runner.drain()
    job = store.get_job(ticket.job_id)
    assert job.state == "awaiting_review" and job.attempts == 1
    assert events.stages(ticket.job_id)[-1] == "done"


async def test_a_finished_job_whose_user_was_not_told_is_told_at_the_next_start_once(settings):
    events = Events()
    runner, store = make(settings, work.ok, events)
    async with runner:
        told = await runner.submit(upload(b"told"))
        untold = await runner.submit(upload(b"untold"))
        await runner.drain()
    with store.session() as s:  # as if the process had died between storing the outcome and telling
        s.execute(update(JobRow).where(col(JobRow.id) == untold.job_id).values(announced=False))
        s.commit()
    events2 = Events()
    runner2, _ = make(settings, work.ok, events2, store=store)
    async with runner2:
        await runner2.drain()
    assert events2.stages(untold.job_id) == ["done"]
    assert events2.stages(told.job_id) == []
    events3 = Events()
    runner3, _ = make(settings, work.ok, events3, store=store)
    async with runner3:
        await runner3.drain()
    assert events3.items == []
