"""Webhook updates kept in an Inbox from the webhook's answer until they are handled, so that a process
that dies in between hands them to its next start. An album's updates count as handled with the album."""

from __future__ import annotations

import asyncio
import json

from core.ports import Inbox


class KeptUpdates:
    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.inbox: Inbox | None = None
        self._kept: set[int] = set()
        self._albums: dict[str, list[int]] = {}  # album key -> its kept update ids

    async def keep(self, update_id: int, data: dict) -> bool:
        """Keep an update that came by webhook; False when it is kept already (the platform sent it again)."""
        if self.inbox is None:
            return True
        if not await asyncio.to_thread(self.inbox.put, self.channel, str(update_id), json.dumps(data)):
            return False
        self._kept.add(update_id)
        return True

    async def pending(self) -> list[dict]:
        """What a previous process kept and did not handle (kept again for this one)."""
        if self.inbox is None:
            return []
        payloads = await asyncio.to_thread(self.inbox.pending, self.channel)
        found = [json.loads(p) for p in payloads]
        self._kept.update(d["update_id"] for d in found)
        return found

    def in_album(self, update_id: int, album: str) -> None:
        if update_id in self._kept:
            self._albums.setdefault(album, []).append(update_id)

    def album_ids(self, album: str) -> list[int]:
        return self._albums.pop(album, [])

    async def handled(self, update_id: int) -> None:
        if any(update_id in ids for ids in self._albums.values()):
            return  # handled with its album
        await self.forget([update_id])

    async def forget(self, update_ids: list[int]) -> None:
        kept = [i for i in update_ids if i in self._kept]
        self._kept.difference_update(kept)
        for i in kept:
            await asyncio.to_thread(self.inbox.done, self.channel, str(i))  # type: ignore[union-attr]
