"""The Redis Streams job queue and event stream on a real Redis server, with runners in this process."""

from __future__ import annotations

import asyncio
import contextlib

from bot import bootstrap
from core.chat import JobEvent, JobInfo
from storage.redis_queue import RedisEvents, RedisJobQueue, connect
from tests.core.test_runner import Events, upload
from tests.fakes import work

from .conftest import delivering, deployment, until


async def test_acknowledged_jobs_leave_the_stream(redis_url):
    q = RedisJobQueue(connect(redis_url), consumer="a")
    for i in range(3):
        await q.put(f"job{i}")
    assert await q.depth() == 3
    got = [await q.get() for _ in range(3)]
    assert [lease.job_id for lease in got] == ["job0", "job1", "job2"]
    assert not any(lease.redelivered for lease in got)
    assert await q.depth() == 3  # taken, not yet finished
    for lease in got:
        await q.ack(lease)
    assert await q.depth() == 0
    await q.close()


async def test_a_silent_workers_job_is_taken_over_while_a_live_worker_keeps_its_own(redis_url):
    a = RedisJobQueue(connect(redis_url), consumer="a", claim_idle=0.6)
    b = RedisJobQueue(connect(redis_url), consumer="b", claim_idle=0.6)
    await a.put("j1")
    await a.put("j2")
    held_by_a = await a.get()
    held_by_b = await b.get()
    assert (held_by_a.job_id, held_by_b.job_id) == ("j1", "j2")
    with contextlib.suppress(TimeoutError):  # both send heartbeats: neither job moves
        async with asyncio.timeout(1.5):
            stolen = await b.get()
            raise AssertionError(f"took {stolen} from a live worker")
    await a.close()  # a stops beating, as if its process had died
    async with asyncio.timeout(5):
        taken = await b.get()
    assert taken.job_id == "j1" and taken.redelivered
    await b.ack(taken)
    await b.ack(held_by_b)
    assert await b.depth() == 0
    await b.close()


async def test_a_released_job_goes_to_another_worker_at_once(redis_url):
    a = RedisJobQueue(connect(redis_url), consumer="a", claim_idle=60)
    b = RedisJobQueue(connect(redis_url), consumer="b", claim_idle=60)
    await a.put("j1")
    lease = await a.get()
    await a.release(lease)
    async with asyncio.timeout(2):
        again = await b.get()
    assert again.job_id == "j1"
    assert await b.depth() == 1
    await b.ack(again)
    assert await b.depth() == 0
    await a.close()
    await b.close()


async def test_a_final_event_is_delivered_once_however_often_it_is_published(redis_url):
    events = RedisEvents(connect(redis_url), consumer="web")
    seen = Events()
    for stage in ("reading page", "done", "done", "failed"):
        await events.publish(JobEvent("j1", "t:1", "test", stage, 1, 2))
    await events.publish(JobEvent("j2", "t:1", "test", "failed", error="could not read"))
    task = asyncio.create_task(events.deliver(seen))
    try:
        await until(lambda: len(seen.items) >= 3, 10, "events")
        await asyncio.sleep(0.3)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert seen.stages("j1") == ["reading page", "done"]
    assert seen.stages("j2") == ["failed"]
    assert seen.items[0].n == 2 and seen.items[-1].error == "could not read"


async def test_intake_and_worker_runners_share_the_stream_and_each_job_runs_once(shared):
    web = deployment(shared, work.ok, workers=0)
    worker = deployment(shared, work.ok, workers=1)
    async with web.runner, worker.runner, delivering(web) as seen:
        tickets = [await web.runner.submit(upload(f"doc {i}".encode(), tenant=f"t:{i % 2}")) for i in range(4)]
        await until(lambda: seen.finished.qsize() == 4, 30, "four summaries")
    for t in tickets:
        job = web.store.get_job(t.job_id)
        assert job.state == "awaiting_review"
        assert work.calls(job.blob_path) == 1
        assert seen.stages(t.job_id)[-1] == "done"
        assert seen.stages(t.job_id).count("done") == 1
    assert all(t.position >= 1 for t in tickets)  # counted from the stream: itself and what is ahead
    assert await web.runner._queue.depth() == 0


async def test_a_finished_job_handed_out_again_is_not_run_again_and_told_once(shared):
    web = deployment(shared, work.ok, workers=0)
    blob = web.runner._blobs.put(b"finished", "a" * 64)
    web.store.add_job(JobInfo(id="f1", tenant="t:1", channel="test", state="queued", sha256="a" * 64,
                              blob_path=str(blob)))
    web.store.set_state("f1", "awaiting_review", result={"extraction": {}})
    # a worker took it and died after storing the outcome, before it acknowledged or told anyone
    ghost = RedisJobQueue(connect(shared.redis_url), consumer="ghost", claim_idle=shared.job_claim_seconds)
    await ghost.put("f1")
    await ghost.get()
    await ghost.close()
    worker = deployment(shared, work.ok, workers=1)
    async with worker.runner, delivering(web) as seen:
        await until(lambda: seen.stages("f1") == ["done"], 15, "the replayed summary")
        await worker.runner._queue.put("f1")  # and a plain duplicate of the finished job
        async with asyncio.timeout(10):
            while await worker.runner._queue.depth():
                await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
    assert seen.stages("f1") == ["done"]
    assert work.calls(str(blob)) == 0
    assert web.store.get_job("f1").attempts == 0


async def test_an_upload_while_redis_is_away_gets_a_plain_answer_and_no_job_left_waiting(settings):
    import pytest

    from core.errors import StorageError
    from tests.fakes.redis_server import free_port

    away = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    web = deployment(away, work.ok, workers=0)
    async with web.runner:
        with pytest.raises(StorageError) as err:
            await web.runner.submit(upload(b"nowhere to go"))
    assert "job queue is not reachable" in err.value.user_message()
    [job] = web.store.jobs("t:1", ("queued", "running", "failed"))
    assert job.state == "failed"


async def test_a_worker_rides_out_a_redis_restart_and_takes_the_next_jobs(settings, tmp_path):
    from tests.fakes.redis_server import free_port, redis_server

    port = free_port()
    on_port = settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{port}/0", "workers": 1})
    seen = Events()
    first = redis_server(tmp_path, port)
    first.__enter__()
    web = deployment(on_port, work.ok, workers=0)
    worker = deployment(on_port, work.ok, workers=1)
    async with web.runner, worker.runner:
        stop = asyncio.Event()
        delivery = asyncio.create_task(web.events.deliver(seen, stop))
        await web.runner.submit(upload(b"before"))
        await until(lambda: seen.finished.qsize() == 1, 20, "the first summary")
        first.__exit__(None, None, None)  # the server goes away, and comes back empty (no persistence)
        await asyncio.sleep(2.5)
        assert not delivery.done()
        with redis_server(tmp_path, port):
            ticket = await web.runner.submit(upload(b"after"))
            await until(lambda: seen.finished.qsize() == 2, 30, "a summary after the restart")
            stop.set()
            await asyncio.wait_for(delivery, 10)
    assert seen.stages(ticket.job_id)[-1] == "done"
    assert web.store.get_job(ticket.job_id).state == "awaiting_review"


async def test_jobs_lost_with_the_stream_are_put_back_by_a_worker_and_run_once(shared):
    import redis.asyncio as aioredis

    web = deployment(shared, work.ok, workers=0)
    async with web.runner:
        waiting = await web.runner.submit(upload(b"was waiting"))
        started = await web.runner.submit(upload(b"was started"))
    web.store.claim(started.job_id, ("queued",))  # its worker had begun it when Redis went
    client = aioredis.from_url(shared.redis_url)
    await client.flushdb()  # Redis restarted without persistence: the stream is gone
    await client.aclose()
    await asyncio.sleep(shared.job_claim_seconds)  # older than the sweep's cutoff
    stop, ready = asyncio.Event(), asyncio.get_running_loop().create_future()
    task = asyncio.create_task(bootstrap.run_worker(shared, bootstrap.WorkSpec(work.ok, work.init), stop, ready))
    try:
        await asyncio.wait_for(ready, 30)
        async with delivering(web) as seen:
            await until(lambda: seen.finished.qsize() == 2, 30, "both jobs finished")
            await asyncio.sleep(2 * shared.job_claim_seconds)  # further sweeps add nothing
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
    for ticket in (waiting, started):
        job = web.store.get_job(ticket.job_id)
        assert job.state == "awaiting_review"
        assert work.calls(job.blob_path) == 1
        assert seen.stages(ticket.job_id).count("done") == 1
