"""Chat updates kept in an Inbox from the moment the platform counts them delivered until they are handled,
so that a process that dies in between hands them to its next start. Keys are the platform's ids (a
Telegram update_id, a Slack event_id); an album's updates count as handled with the album."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

from core.ports import Inbox


class KeptUpdates:
    def __init__(self, channel: str, key_of: Callable[[dict], object]) -> None:
        self.channel = channel
        self.inbox: Inbox | None = None
        self._key_of = key_of  # the key of a kept payload
        self._kept: set[str] = set()
        self._albums: dict[str, list[str]] = {}  # album key -> its kept update keys

    async def keep(self, key: object, data: dict) -> bool:
        """Keep an update as it arrives; False when it is kept already (the platform sent it again)."""
        if self.inbox is None:
            return True
        if not await asyncio.to_thread(self.inbox.put, self.channel, str(key), json.dumps(data)):
            return False
        self._kept.add(str(key))
        return True

    async def pending(self) -> list[dict]:
        """What a previous process kept and did not handle (kept again for this one)."""
        if self.inbox is None:
            return []
        payloads = await asyncio.to_thread(self.inbox.pending, self.channel)
        found = [json.loads(p) for p in payloads]
        self._kept.update(str(self._key_of(d)) for d in found)
        return found

    def in_album(self, key: object, album: str) -> None:
        if str(key) in self._kept:
            self._albums.setdefault(album, []).append(str(key))

    def album_ids(self, album: str) -> list[str]:
        return self._albums.pop(album, [])

    async def handled(self, key: object) -> None:
        if any(str(key) in keys for keys in self._albums.values()):
            return  # handled with its album
        await self.forget([str(key)])

    async def forget(self, keys: list[str]) -> None:
        kept = [k for k in map(str, keys) if k in self._kept]
        self._kept.difference_update(kept)
        for k in kept:
            await asyncio.to_thread(self.inbox.done, self.channel, k)  # type: ignore[union-attr]
