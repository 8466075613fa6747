"""What keeps Slack's deliveries in order and single: each event, file and button press taken once
(Slack retries what it thinks was lost), and one tenant's requests one after another."""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import AsyncIterator


class Guard:
    def __init__(self, remember: int = 10000) -> None:
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._remember = remember
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    def first(self, key: str) -> bool:
        """Whether this key (an event id, a file id, a press on one message) is new; the last N are kept."""
        if key in self._seen:
            return False
        self._seen[key] = None
        while len(self._seen) > self._remember:
            self._seen.popitem(last=False)
        return True

    @contextlib.asynccontextmanager
    async def serial(self, tenant: str) -> AsyncIterator[None]:
        """One tenant's work in the order it came (a correction never overtakes its upload); tenants side by side."""
        lock, users = self._locks.get(tenant) or (asyncio.Lock(), 0)
        self._locks[tenant] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[tenant]
            if users == 1:
                del self._locks[tenant]
            else:
                self._locks[tenant] = (lock, users - 1)

    def tenants_waiting(self) -> int:
        return len(self._locks)
