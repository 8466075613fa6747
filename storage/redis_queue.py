"""The job queue and the event stream on Redis (REDIS_URL set): Streams with consumer groups.

Jobs: one stream, one consumer group "workers". A worker reads with XREADGROUP, acknowledges
(XACK, and XDEL so the stream holds only unfinished jobs) after the outcome is stored, and takes
over the jobs of a worker that died with XAUTOCLAIM once they have been idle for `claim_idle`
seconds. A live worker keeps its jobs fresh by re-claiming them for itself every `claim_idle / 3`.

Events (progress, done, failed): workers publish them to a second stream; the process that holds
the chat channels reads it in group "deliver" and sends the replies. A job's final event is
delivered once: a SET NX marker per job drops a repeat (a job redelivered after its worker died).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Awaitable, Callable

from redis import asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.chat import JobEvent
from core.ports import Lease

log = logging.getLogger(__name__)
BLOCK_MS = 1000  # a blocking read returns at least this often, so shutdown is prompt
FINAL = ("done", "failed")
AWAY = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_SECONDS = 1.0  # while the server is away


async def _uncancelled(coro):
    """Await a Redis call that a cancellation does not break off: the caller gets CancelledError at once,
    the call itself ends in the background (a blocking read within BLOCK_MS). Cancelling a call midway
    can leave the client waiting on a dead connection."""
    inner = asyncio.ensure_future(coro)
    try:
        return await asyncio.shield(inner)
    except asyncio.CancelledError:
        inner.add_done_callback(lambda f: f.cancelled() or f.exception())
        raise


async def _pause(what: str, exc: BaseException) -> None:
    log.warning("redis unavailable; trying again", extra={"data": {"while": what, "error": type(exc).__name__}})
    await asyncio.sleep(RETRY_SECONDS)


def consumer_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def connect(url: str) -> aioredis.Redis:
    return aioredis.from_url(url, decode_responses=True, health_check_interval=30)


async def _ensure_group(redis: aioredis.Redis, stream: str, group: str) -> None:
    try:
        await redis.xgroup_create(stream, group, id="0", mkstream=True)
    except ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


class RedisJobQueue:
    """JobQueue over a Redis Stream; `claim_idle` seconds without a heartbeat makes a job claimable."""

    def __init__(self, redis: aioredis.Redis, stream: str = "invoicebot:jobs", group: str = "workers",
                 consumer: str | None = None, claim_idle: float = 60.0) -> None:
        self.redis, self.stream, self.group = redis, stream, group
        self.consumer = consumer or consumer_name()
        self.claim_idle = claim_idle
        self._ready = False
        self._held: dict[str, Lease] = {}  # handed out, neither acknowledged nor released
        self._heartbeat: asyncio.Task | None = None
        self._buffer: list[Lease] = []

    async def _setup(self) -> None:
        if not self._ready:
            await _ensure_group(self.redis, self.stream, self.group)
            self._ready = True

    async def put(self, job_id: str, *, redelivered: bool = False) -> None:
        """redelivered: the job may have been started before (its row may say running)."""
        await self.redis.xadd(self.stream, {"job": job_id, "again": int(redelivered)})

    async def get(self) -> Lease:
        """The next job; waits (and keeps trying while the server is away) until there is one."""
        if self._heartbeat is None:
            self._heartbeat = asyncio.create_task(self._beat(), name="queue-heartbeat")
        while not self._buffer:
            try:
                self._buffer = await _uncancelled(self._next())
            except AWAY as exc:
                await _pause("reading jobs", exc)
            except ResponseError as exc:
                if "NOGROUP" not in str(exc):
                    raise
                self._ready = False  # the server came back without the stream: make it again
        lease = self._buffer.pop(0)
        self._held[lease.ref] = lease
        return lease

    async def _next(self) -> list[Lease]:
        await self._setup()
        return await self._claim() or await self._read()

    async def _claim(self) -> list[Lease]:
        """Jobs of workers that stopped sending heartbeats."""
        _next, entries, _deleted = await self.redis.xautoclaim(
            self.stream, self.group, self.consumer, int(self.claim_idle * 1000), "0-0", count=1)
        leases = [Lease(fields["job"], ref, redelivered=True) for ref, fields in entries if fields]
        if leases:
            log.warning("took over a job of a stopped worker", extra={"data": {"job": leases[0].job_id}})
        return leases

    async def _read(self) -> list[Lease]:
        reply = await self.redis.xreadgroup(self.group, self.consumer, {self.stream: ">"}, count=1, block=BLOCK_MS)
        return [Lease(fields["job"], ref, redelivered=fields.get("again") == "1")
                for _stream, entries in reply or [] for ref, fields in entries]

    async def _beat(self) -> None:
        """Re-claim the held jobs for this consumer: their idle time starts again from zero."""
        while True:
            await asyncio.sleep(self.claim_idle / 3)
            refs = list(self._held)
            if refs:
                try:
                    await _uncancelled(self.redis.xclaim(self.stream, self.group, self.consumer, 0, refs,
                                                         justid=True))
                except Exception:  # a missed beat only risks an early takeover; the next one retries
                    log.warning("queue heartbeat failed", exc_info=True)

    async def ack(self, lease: Lease) -> None:
        self._held.pop(lease.ref, None)
        async with self.redis.pipeline(transaction=True) as pipe:
            await pipe.xack(self.stream, self.group, lease.ref).xdel(self.stream, lease.ref).execute()

    async def release(self, lease: Lease) -> None:
        """Back to the stream for any worker, now (not after the claim timeout)."""
        self._held.pop(lease.ref, None)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(self.stream, {"job": lease.job_id})
            await pipe.xack(self.stream, self.group, lease.ref).xdel(self.stream, lease.ref).execute()

    async def depth(self) -> int:
        return await self.redis.xlen(self.stream)  # acknowledged entries are deleted

    async def present(self) -> set[str]:
        """Ids of the jobs in the stream (waiting or being worked on: acknowledged ones are deleted)."""
        ids: set[str] = set()
        start = "-"
        while batch := await self.redis.xrange(self.stream, start, "+", count=1000):
            ids.update(fields.get("job", "") for _ref, fields in batch)
            start = "(" + batch[-1][0]
        return ids

    async def join(self) -> None:
        while await self.depth():
            await asyncio.sleep(0.05)

    async def ping(self) -> bool:
        return bool(await self.redis.ping())

    async def close(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
            self._heartbeat = None


class RedisEvents:
    """Job events between processes: workers publish, the channel process delivers."""

    def __init__(self, redis: aioredis.Redis, stream: str = "invoicebot:events", group: str = "deliver",
                 consumer: str | None = None, claim_idle: float = 60.0, keep: int = 100_000) -> None:
        self.redis, self.stream, self.group = redis, stream, group
        self.consumer = consumer or consumer_name()
        self.claim_idle, self.keep = claim_idle, keep

    async def publish(self, ev: JobEvent) -> None:
        if ev.stage == "received":  # answered by the process that took the upload in, never needed elsewhere
            return
        fields = {"job": ev.job_id, "tenant": ev.tenant, "channel": ev.channel, "stage": ev.stage,
                  "k": ev.k, "n": ev.n, "error": ev.error or ""}
        await self.redis.xadd(self.stream, fields, maxlen=self.keep, approximate=True)

    async def deliver(self, on_event: Callable[[JobEvent], Awaitable[None]], stop: asyncio.Event | None = None) -> None:
        """Until `stop` is set (checked at least every second): every published event to `on_event`, in
        order; a final event only once."""
        stop = stop or asyncio.Event()
        ready = False
        while not stop.is_set():
            try:
                if not ready:
                    await _ensure_group(self.redis, self.stream, self.group)
                    ready = True
                await self._batch(on_event)
            except AWAY as exc:
                await _pause("reading events", exc)
            except ResponseError as exc:
                if "NOGROUP" not in str(exc):
                    raise
                ready = False

    async def _batch(self, on_event: Callable[[JobEvent], Awaitable[None]]) -> None:
        _next, entries, _deleted = await self.redis.xautoclaim(
            self.stream, self.group, self.consumer, int(self.claim_idle * 1000), "0-0", count=50)
        if not entries:
            reply = await self.redis.xreadgroup(self.group, self.consumer, {self.stream: ">"}, count=50,
                                                block=BLOCK_MS)
            entries = [e for _stream, es in reply or [] for e in es]
        for ref, fields in entries:
            if fields:
                await self._one(fields, on_event)
            await self.redis.xack(self.stream, self.group, ref)

    async def _one(self, f: dict, on_event: Callable[[JobEvent], Awaitable[None]]) -> None:
        ev = JobEvent(f["job"], f["tenant"], f["channel"], f["stage"], int(f["k"]), int(f["n"]),
                      error=f["error"] or None)
        if ev.stage in FINAL and not await self.redis.set(f"invoicebot:final:{ev.job_id}", ev.stage,
                                                          nx=True, ex=7 * 86400):
            log.info("repeated final event dropped", extra={"data": {"job": ev.job_id, "stage": ev.stage}})
            return
        try:
            await on_event(ev)
        except Exception:
            log.exception("event handler failed", extra={"data": {"job": ev.job_id, "stage": ev.stage}})

    async def ping(self) -> bool:
        return bool(await self.redis.ping())
