"""Which updates get through and in what order: each update_id once, allowlisted chats only,
a per-chat rate limit (Gate: plain bookkeeping, testable on its own); per-chat order (PerChatOrder);
polled updates kept before Telegram counts them delivered (KeptQueue).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

PASS, DUPLICATE, REFUSE, REFUSED_BEFORE, SLOW_DOWN, DROP = "pass", "duplicate", "refuse", "refused", "slow", "drop"


class Gate:
    def __init__(self, allowed_chats: set[int] | None = None, rate_limit: int = 30, rate_window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic, remember: int = 10000) -> None:
        self.allowed_chats, self.rate_limit, self.rate_window = allowed_chats, rate_limit, rate_window
        self._clock, self._remember = clock, remember
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._refused: set[int] = set()
        self._hits: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    def check(self, update_id: int, chat: int, counts: bool = True) -> str:
        """PASS, or why not: DUPLICATE, REFUSE (answer once), REFUSED_BEFORE, SLOW_DOWN (answer once), DROP.

        counts: whether the update uses up the chat's rate budget (messages do, button presses do not).
        """
        if update_id in self._seen:
            return DUPLICATE
        self._seen[update_id] = None
        while len(self._seen) > self._remember:
            self._seen.popitem(last=False)
        if self.allowed_chats is not None and chat not in self.allowed_chats:
            if chat in self._refused:
                return REFUSED_BEFORE
            self._refused.add(chat)
            return REFUSE
        if counts and not self._within_rate(chat):
            now = self._clock()
            if now - self._warned.get(chat, -1e18) > self.rate_window:
                self._warned[chat] = now
                return SLOW_DOWN
            return DROP
        return PASS

    def _within_rate(self, chat: int) -> bool:
        now = self._clock()
        hits = self._hits.setdefault(chat, deque())
        while hits and now - hits[0] > self.rate_window:
            hits.popleft()
        if len(hits) >= self.rate_limit:
            return False
        hits.append(now)
        return True


class PerChatOrder(BaseUpdateProcessor):
    """Chats are served side by side; one chat's updates one after another, in the order they came.

    A slow download in one chat then never holds up the others, and a correction never overtakes
    the upload it is about.
    """

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self.after: Callable[[Update], Awaitable[None]] | None = None  # once an update is handled, not cancelled

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        handled = False  # handled or failed; a cancelled update (shutdown) is not
        try:
            await self._in_order(update, coroutine)
            handled = True
        except Exception:
            handled = True
            raise
        finally:
            if handled and self.after is not None and isinstance(update, Update):
                await self.after(update)

    async def _in_order(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        try:
            async with lock:
                await coroutine
        finally:
            if not lock.locked() and self._locks.get(chat.id) is lock:
                self._locks.pop(chat.id, None)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


class KeptQueue(asyncio.Queue):
    """The Application's update queue. The Updater puts each polled update here before it asks for the
    next batch, and that request tells Telegram the batch arrived: an update kept in `put` is kept before
    Telegram forgets it. `keep` answers False for one kept already (handled by the replay of kept ones)."""

    def __init__(self) -> None:
        super().__init__()
        self.keep: Callable[[Update], Awaitable[bool]] | None = None

    async def put(self, item: object) -> None:
        if isinstance(item, Update) and self.keep is not None and not await self.keep(item):
            return
        await super().put(item)

    async def put_kept(self, item: Update) -> None:
        """An update kept already (a webhook's, or one kept before a restart)."""
        await super().put(item)
