"""Run as a process: the email channel from the environment, with an intake that notes the first file it
is handed and then never returns (the test kills the process there, after the fetch, before any store)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot import bootstrap
from bot.settings import Settings


class StalledInbound:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    async def upload(self, upload):
        self.marker.write_text(upload.filename)
        await asyncio.Event().wait()

    async def message(self, *args, **kwargs) -> None:
        self.marker.write_text("message")
        await asyncio.Event().wait()

    async def drain(self) -> None:
        return None


async def main(marker: Path) -> None:
    channel = bootstrap.email_channel(Settings())
    await channel.start(StalledInbound(marker))
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
