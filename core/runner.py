"""The one job runner every channel feeds: persisted jobs, N workers, a process pool, progress events.

submit() stores the file and the job row before it returns the ticket, so a process killed
mid-job picks the job up again on the next start (resume()).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import multiprocessing as mp
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .chat import IN_FLIGHT, JobEvent, JobInfo, Ticket, Upload
from .errors import InvoiceBotError, StorageError
from .ports import BlobStore, EventSink, JobQueue, JobStore, Lease

log = logging.getLogger(__name__)


class JobRunner:
    def __init__(self, store: JobStore, blobs: BlobStore, queue: JobQueue, on_event: EventSink, *,
                 work: Callable[[str, str], dict], init: Callable[..., None], config: Any,
                 workers: int = 1, timeout: float = 600.0, retries: int = 2, backoff: float = 0.5,
                 grace: float = 0.0, resume: bool = True) -> None:
        """workers=0: intake only (jobs are run by `invoicebot worker` processes on a shared queue).
        grace: seconds a shutdown waits for running jobs before it gives them back to the queue.
        resume: queue the stored unfinished jobs on start (an in-process queue forgets them)."""
        self._store, self._blobs, self._queue, self._on_event = store, blobs, queue, on_event
        self._work, self._init, self._config = work, init, config
        self.workers, self.timeout, self.retries, self.backoff = max(0, workers), timeout, retries, backoff
        self.grace, self._resume = grace, resume
        self._ctx = mp.get_context("spawn")
        self._progress_r: Any = None  # progress from worker processes: one pipe, no lock a killed
        self._progress_w: Any = None  # worker could leave held (messages are below PIPE_BUF: atomic)
        self._pump_stop = threading.Event()
        self._pool: ProcessPoolExecutor | None = None
        self._events: asyncio.Queue[JobEvent | None] = asyncio.Queue()
        self._running: set[str] = set()
        self._ended: dict[str, asyncio.Event] = {}
        self._tasks: list[asyncio.Task] = []
        self._tg: asyncio.TaskGroup | None = None
        self._pump: threading.Thread | None = None
        self._accepting = False
        self._stopping = False
        self._flushed = asyncio.Event()
        self._delivered: dict[str, asyncio.Event] = {}  # final events on their way to the sink

    # lifecycle ----------------------------------------------------------------------------
    async def __aenter__(self) -> JobRunner:
        loop = asyncio.get_running_loop()
        self._progress_r, self._progress_w = self._ctx.Pipe(duplex=False)
        self._pump_stop.clear()
        self._stopping = False
        if self.workers:
            self._pool = self._new_pool()
            self._pump = threading.Thread(target=self._pump_progress, args=(loop,), name="progress", daemon=True)
            self._pump.start()
        self._tg = asyncio.TaskGroup()
        await self._tg.__aenter__()
        self._tasks = [self._tg.create_task(self._worker(), name=f"worker-{i}") for i in range(self.workers)]
        self._tasks.append(self._tg.create_task(self._deliver(), name="events"))
        self._accepting = True
        if self._resume:
            await self.resume()
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Stop intake and taking jobs; let running jobs finish for up to `grace` seconds, then give
        the rest back to the queue (their rows say queued: the next start or another worker runs them)."""
        self._accepting = False
        self._stopping = True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.grace
        while self._running and loop.time() < deadline:
            await asyncio.sleep(0.05)
        released = bool(self._running)
        for t in self._tasks[:-1]:
            t.cancel()
        await self._events.put(None)
        assert self._tg is not None
        await self._tg.__aexit__(None, None, None)
        self._pump_stop.set()
        if self._pump:
            await asyncio.to_thread(self._pump.join)
        if self._pool:
            if released:  # their files are being read for nothing now
                _kill(self._pool)
            self._pool.shutdown(wait=True, cancel_futures=True)
        await self._queue.close()
        self._progress_r.close()
        self._progress_w.close()

    async def drain(self) -> None:
        """Wait until every queued job has finished and its events were delivered."""
        await self._queue.join()
        self._flushed = asyncio.Event()
        await self._events.put(JobEvent("", "", "", "_flush"))
        await self._flushed.wait()

    async def resume(self) -> int:
        """Queue the unfinished jobs again (queued or running when the last process stopped), and send the
        final event of those that finished without their user being told."""
        jobs = self._store.jobs_to_resume()
        for job in jobs:
            await self._queue.put(job.id, redelivered=True)
        untold = self._store.jobs_unannounced()
        for job in untold:
            if (ev := _final_event(job)) is not None:
                await self._events.put(ev)
        if jobs or untold:
            log.info("resumed jobs", extra={"data": {"count": len(jobs), "announced_again": len(untold)}})
        return len(jobs)

    # intake -------------------------------------------------------------------------------
    async def submit(self, upload: Upload) -> Ticket:
        """Persist the file and the job, queue it and return at once with the place in the queue."""
        if not self._accepting:
            raise InvoiceBotError("The bot is shutting down; please send the file again in a minute.")
        job_id = _job_id(upload)
        known = self._store.get_job(job_id) if upload.key else None
        if known is not None and known.tenant == upload.tenant:  # handed over again after a restart
            return Ticket(known.id, await self._queue.depth() if known.state == "queued" else 0)
        sha = hashlib.sha256(upload.data).hexdigest()
        path = self._blobs.put(upload.data, sha)
        job = JobInfo(id=job_id, tenant=upload.tenant, channel=upload.channel, state="queued",
                      sha256=sha, blob_path=str(path), filename=_safe_name(upload.filename),
                      language=upload.language)
        cached = self._store.cached_result(upload.tenant, sha)
        if cached is not None:
            job.state, job.result = "awaiting_review", cached
            self._store.add_job(job)
            await self._events.put(JobEvent(job.id, job.tenant, job.channel, "received", 0))
            await self._events.put(JobEvent(job.id, job.tenant, job.channel, "done"))
            return Ticket(job.id, 0, cached=True)
        self._store.add_job(job)
        try:
            await self._queue.put(job.id)
        except Exception as exc:  # the queue's server is away: say so now rather than leave the job waiting
            log.error("job queue unavailable", extra={"data": {"job": job.id, "error": type(exc).__name__}})
            message = "I cannot take files in right now (my job queue is not reachable). Please send it again later."
            self._store.set_state(job.id, "failed", error=message)
            raise StorageError(message) from exc
        position = await self._queue.depth() + len(self._running)
        await self._events.put(JobEvent(job.id, job.tenant, job.channel, "received", position))
        return Ticket(job.id, position)

    # workers ------------------------------------------------------------------------------
    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=self._ctx, initializer=self._init,
                                   initargs=(self._config, self._progress_w))

    async def _worker(self) -> None:
        while not self._stopping:
            lease = await self._queue.get()
            if self._stopping:
                await self._queue.release(lease)
                return
            job_id = lease.job_id
            try:
                await self._run(lease)
            except asyncio.CancelledError:
                await self._give_back(lease)
                raise
            except Exception:
                log.exception("job failed unexpectedly", extra={"data": {"job": job_id}})
                if (job := self._store.get_job(job_id)) is not None:  # the sender must hear back, not wait
                    await self._fail(job, "Something went wrong on my side while reading this file. "
                                          "Please send it again.", "internal")
            self._running.discard(job_id)
            if (sent := self._delivered.get(job_id)) is not None:  # acknowledge once the user was told
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(10):
                        await sent.wait()
                self._delivered.pop(job_id, None)
            try:
                await self._queue.ack(lease)
            except Exception:  # unacknowledged, the job is handed out again later and found finished
                log.exception("job not acknowledged", extra={"data": {"job": job_id}})

    async def _give_back(self, lease: Lease) -> None:
        self._running.discard(lease.job_id)
        job = self._store.get_job(lease.job_id)
        if job is not None and job.state == "running":
            self._store.set_state(job.id, "queued")
        try:
            await self._queue.release(lease)
        except Exception:  # not given back: taken over after the claim timeout, or resumed at the next start
            log.exception("job not given back to the queue", extra={"data": {"job": lease.job_id}})
            return
        log.info("job given back to the queue", extra={"data": {"job": lease.job_id}})

    async def _run(self, lease: Lease) -> None:
        job = self._store.get_job(lease.job_id)
        if job is None:
            return
        if job.state not in IN_FLIGHT:  # finished before: a redelivery must not do it twice
            if lease.redelivered:
                await self._replay(job)
            return
        if not self._store.claim(job.id, IN_FLIGHT if lease.redelivered else ("queued",)):
            log.info("job taken by another worker", extra={"data": {"job": job.id}})
            return
        loop = asyncio.get_running_loop()
        started = loop.time()
        attempt = job.attempts  # runs that ended; one cut off by a killed process is not counted
        while True:
            if attempt > self.retries:
                return await self._fail(job, "I could not finish reading this file after several tries. "
                                             "Please send it again later.", "retries")
            path = self._blobs.ensure_local(job.blob_path, job.sha256)
            self._running.add(job.id)
            ended = self._ended[job.id] = asyncio.Event()
            pool = self._pool
            assert pool is not None
            try:
                async with asyncio.timeout(self.timeout):
                    result = await loop.run_in_executor(pool, self._work, job.id, str(path))
                try:  # progress travels on its own pipe: let it catch up before "done"
                    async with asyncio.timeout(2):
                        await ended.wait()
                except TimeoutError:
                    pass
                attempt += 1
                break
            except TimeoutError:
                self._restart_pool(pool, kill=True)  # the worker is still busy with the file: stop it
                return await self._fail(job, f"Reading this file took longer than {self.timeout:g} seconds. "
                                             "Please send a smaller file or fewer pages.", "timeout", attempt + 1)
            except BrokenProcessPool:
                log.warning("worker process died; restarting the pool", extra={"data": {"job": job.id}})
                self._restart_pool(pool)
            except InvoiceBotError as exc:
                self._ended.pop(job.id, None)
                if not exc.retryable:
                    return await self._fail(job, exc.user_message(), exc.code, attempt + 1)
                log.warning("transient failure", extra={"data": {"job": job.id, "error": exc.code}})
            attempt += 1  # the job's own failure (a native crash of its process counts too)
            self._store.set_state(job.id, "running", attempts=attempt)
            await self._events.put(JobEvent(job.id, job.tenant, job.channel, "retrying", attempt, self.retries + 1))
            await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
        self._running.discard(job.id)
        self._ended.pop(job.id, None)
        log.info("job finished", extra={"data": {"job": job.id, "attempts": attempt, "pages": result.get("pages"),
                                                 "source": result.get("source"), "error": result.get("code"),
                                                 "seconds": round(loop.time() - started, 3)}})
        if "error" in result:
            return await self._fail(job, result["error"], str(result.get("code") or "document"), attempt)
        self._store.set_state(job.id, "awaiting_review", result=result, attempts=attempt)
        await self._final(JobEvent(job.id, job.tenant, job.channel, "done"))

    async def _fail(self, job: JobInfo, message: str, code: str, attempts: int | None = None) -> None:
        self._running.discard(job.id)
        self._ended.pop(job.id, None)
        self._store.set_state(job.id, "failed", error=message, attempts=attempts)
        await self._final(JobEvent(job.id, job.tenant, job.channel, "failed", error=message, code=code))

    async def _final(self, ev: JobEvent) -> None:
        self._delivered[ev.job_id] = asyncio.Event()
        await self._events.put(ev)

    async def _replay(self, job: JobInfo) -> None:
        """A finished job handed out again (its worker died after storing the outcome): send the final
        event again; the delivering side drops it if the first one got through."""
        if (ev := _final_event(job)) is not None:
            await self._final(ev)

    def _restart_pool(self, broken: ProcessPoolExecutor, kill: bool = False) -> None:
        """A fresh pool in place of `broken` (once, however many jobs saw it break).

        With kill, the old pool's processes are stopped first; the jobs they were running get
        BrokenProcessPool and are retried on the new pool.
        """
        if self._pool is not broken:
            return
        self._pool = self._new_pool()
        if kill:
            _kill(broken)
        try:
            broken.shutdown(wait=False)
        except (OSError, ValueError):  # the executor may have closed its wake-up pipe when it broke
            log.debug("broken pool already closed")

    # events -------------------------------------------------------------------------------
    def _pump_progress(self, loop: asyncio.AbstractEventLoop) -> None:
        """Thread: progress tuples from worker processes onto the event loop's queue."""
        while not self._pump_stop.is_set():
            try:
                if not self._progress_r.poll(0.2):
                    continue
                job_id, stage, k, n = self._progress_r.recv()
            except (EOFError, OSError, ValueError):
                return
            loop.call_soon_threadsafe(self._progress_event, job_id, stage, k, n)

    def _progress_event(self, job_id: str, stage: str, k: int, n: int) -> None:
        if stage == "_end":
            if (ended := self._ended.pop(job_id, None)) is not None:
                ended.set()
        elif job_id in self._running:
            self._events.put_nowait(JobEvent(job_id, "", "", stage, k, n))

    async def _deliver(self) -> None:
        """One task delivers every event in order; a late progress event of a finished job is dropped."""
        tenants: dict[str, tuple[str, str]] = {}
        while (ev := await self._events.get()) is not None:
            if ev.stage == "_flush":
                self._flushed.set()
                continue
            if not ev.tenant:  # progress from a worker process: enqueued while the job ran, so before "done"
                if ev.job_id not in tenants:
                    job = self._store.get_job(ev.job_id)
                    if job is None:
                        continue
                    tenants[ev.job_id] = (job.tenant, job.channel)
                t, c = tenants[ev.job_id]
                ev = JobEvent(ev.job_id, t, c, ev.stage, ev.k, ev.n)
            elif ev.stage in ("done", "failed"):
                tenants.pop(ev.job_id, None)
            told = True
            try:
                await self._on_event(ev)
            except Exception:
                told = False
                log.exception("event handler failed", extra={"data": {"job": ev.job_id, "stage": ev.stage}})
            if ev.stage in ("done", "failed"):
                if told:
                    self._announced(ev.job_id)
                if (sent := self._delivered.get(ev.job_id)) is not None:
                    sent.set()

    def _announced(self, job_id: str) -> None:
        try:
            self._store.mark_announced(job_id)
        except Exception:  # told once more at the next start, at worst
            log.exception("job not marked as announced", extra={"data": {"job": job_id}})


def _final_event(job: JobInfo) -> JobEvent | None:
    if job.state == "awaiting_review":
        return JobEvent(job.id, job.tenant, job.channel, "done")
    if job.state == "failed":
        return JobEvent(job.id, job.tenant, job.channel, "failed", error=job.error, code="replayed")
    return None


def _kill(pool: ProcessPoolExecutor) -> None:
    for proc in list((getattr(pool, "_processes", None) or {}).values()):  # no public handle exists
        proc.kill()


def _job_id(upload: Upload) -> str:
    """Random, or derived from the message's own key (so a message handled twice makes one job)."""
    if not upload.key:
        return uuid.uuid4().hex
    return hashlib.sha256(f"{upload.tenant}\n{upload.channel}\n{upload.key}".encode()).hexdigest()[:32]


def _safe_name(name: str) -> str:
    """A sender's file name kept for display only: no path, no control characters, bounded."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:120]
