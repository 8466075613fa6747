"""The console channel: each input line is a file path (an upload) or a chat message.

Handled one at a time like a conversation: an upload's summary (or error) is printed before
the next line is read; replies go to the output stream; it ends at end of input.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from core.chat import Reply, Upload
from core.errors import InvoiceBotError
from core.ports import Inbound

FILE_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".heic", ".heif", ".gif", ".bmp",
                 ".xml")  # .xml: an e-invoice (CII, UBL)


class ConsoleChannel:
    name = "console"

    def __init__(self, stdin: TextIO, stdout: TextIO, files: Iterable[str] = (), *, tenant: str = "console:local",
                 user: str = "console", language: str | None = None, max_bytes: int = 25 * 1024 * 1024) -> None:
        self._in, self._out, self._files = stdin, stdout, list(files)
        self.tenant, self.user, self.language, self.max_bytes = tenant, user, language, max_bytes
        self._inbound: Inbound | None = None
        self._waiting: dict[str, asyncio.Future] = {}
        self._finished: set[str] = set()

    async def start(self, inbound: Inbound) -> None:
        self._inbound = inbound

    async def stop(self) -> None:
        return None

    async def send(self, reply: Reply) -> None:
        if reply.tenant != self.tenant:
            return
        self._out.write(reply.text.rstrip("\n") + "\n")
        if reply.file is not None:
            self._out.write(f"workbook: {reply.file}\n")
        self._out.flush()
        if reply.final and reply.job_id:
            fut = self._waiting.pop(reply.job_id, None)
            if fut is not None and not fut.done():
                fut.set_result(None)
            else:
                self._finished.add(reply.job_id)

    async def run(self) -> None:
        """Every FILE argument, then every input line, in order; then wait for jobs still in flight."""
        for name in self._files:
            await self.handle(name)
        loop = asyncio.get_running_loop()
        lines: asyncio.Queue[str | None] = asyncio.Queue()
        reader = threading.Thread(target=self._read_lines, args=(loop, lines), name="stdin", daemon=True)
        reader.start()
        while (line := await lines.get()) is not None:
            await self.handle(line)
        assert self._inbound is not None
        await self._inbound.drain()

    def _read_lines(self, loop: asyncio.AbstractEventLoop, lines: asyncio.Queue) -> None:
        for line in self._in:
            loop.call_soon_threadsafe(lines.put_nowait, line)
        loop.call_soon_threadsafe(lines.put_nowait, None)

    async def handle(self, line: str) -> None:
        assert self._inbound is not None
        text = line.strip()
        if not text:
            return
        path = Path(text).expanduser()
        if path.is_file():
            return await self.upload(path)
        if _looks_like_path(text):
            self._out.write(f"I cannot find the file {text[:200]!r}.\n")
            self._out.flush()
            return
        await self._inbound.message(self.tenant, self.name, text, self.user, self.language)

    async def upload(self, path: Path) -> None:
        assert self._inbound is not None
        with path.open("rb") as fh:
            data = fh.read(self.max_bytes + 1)
        up = Upload(self.tenant, self.name, data, path.name, self.user, self.language)
        try:
            ticket = await self._inbound.upload(up)
        except InvoiceBotError:
            return
        if ticket.job_id in self._finished:
            self._finished.discard(ticket.job_id)
            return
        fut = asyncio.get_running_loop().create_future()
        self._waiting[ticket.job_id] = fut
        await fut


def _looks_like_path(text: str) -> bool:
    """A single token with a folder separator or a document suffix ('/help' is a command, not a path)."""
    return not any(ch.isspace() for ch in text) and ("/" in text[1:] or text.lower().endswith(FILE_SUFFIXES))
