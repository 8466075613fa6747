"""The in-process job queue (REDIS_URL unset): an asyncio.Queue of job ids."""

from __future__ import annotations

import asyncio

from core.ports import Lease


class MemoryJobQueue:
    def __init__(self) -> None:
        self._q: asyncio.Queue[Lease] = asyncio.Queue()

    async def put(self, job_id: str, *, redelivered: bool = False) -> None:
        self._q.put_nowait(Lease(job_id, redelivered=redelivered))

    async def get(self) -> Lease:
        return await self._q.get()

    async def ack(self, lease: Lease) -> None:
        self._q.task_done()

    async def release(self, lease: Lease) -> None:
        self._q.task_done()  # the job row stays queued/running: the next start resumes it

    async def depth(self) -> int:
        return self._q.qsize()

    def qsize(self) -> int:
        return self._q.qsize()

    async def join(self) -> None:
        await self._q.join()

    async def close(self) -> None:
        return None
