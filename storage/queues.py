"""The in-process job queue (REDIS_URL unset): an asyncio.Queue of job ids."""

from __future__ import annotations

import asyncio


class MemoryJobQueue:
    def __init__(self) -> None:
        self._q: asyncio.Queue[str] = asyncio.Queue()

    async def put(self, job_id: str) -> None:
        self._q.put_nowait(job_id)

    async def get(self) -> str:
        return await self._q.get()

    def task_done(self) -> None:
        self._q.task_done()

    def qsize(self) -> int:
        return self._q.qsize()

    async def join(self) -> None:
        await self._q.join()
