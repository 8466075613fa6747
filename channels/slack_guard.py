"""What keeps Slack's deliveries in order and single: each event, file and button press taken once
(Slack retries what it thinks was lost), each signed request once (Replays), and one tenant's requests
one after another."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable

from core.ports import Inbox


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

    def forget(self, key: str) -> None:
        """Take this key as new again (it could not be kept: the platform's retry must get through)."""
        self._seen.pop(key, None)

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


class Replays:
    """Signed requests taken already, remembered while their signature is valid (Bolt takes a request
    timestamp up to five minutes off): in the Inbox, so no web process, nor the next start, takes one twice."""

    CHANNEL = "slack-signed"
    VALID = 5 * 60 + 60  # seconds after its timestamp that a request is still taken, with a margin
    SWEEP_EVERY = 60.0

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.inbox: Inbox | None = None  # without one (tests of parts), this process remembers them
        self._clock = clock
        self._local = Guard()
        self._swept = 0.0

    async def first(self, signature: str, timestamp: str) -> bool:
        """Whether this signed request is new; a replay (the same signature) is not."""
        if self.inbox is None:
            return self._local.first(signature)
        await self._sweep()
        seen = json.dumps({"key": signature, "ts": timestamp})
        return await asyncio.to_thread(self.inbox.put, self.CHANNEL, signature, seen)

    async def forget(self, signature: str) -> None:
        """A request that failed: Slack's retry of it (maybe with the same signature) must get through."""
        if self.inbox is None:
            return self._local.forget(signature)
        await asyncio.to_thread(self.inbox.done, self.CHANNEL, signature)

    async def _sweep(self) -> None:
        """Forget signatures too old to be taken again (at most once a minute)."""
        now = self._clock()
        if now - self._swept < self.SWEEP_EVERY:
            return
        self._swept = now
        for payload in await asyncio.to_thread(self.inbox.pending, self.CHANNEL):  # type: ignore[union-attr]
            seen = json.loads(payload)
            if now - float(seen["ts"] or 0) > self.VALID:
                await asyncio.to_thread(self.inbox.done, self.CHANNEL, seen["key"])  # type: ignore[union-attr]
