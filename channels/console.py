"""The console channel: each input line is a file path (an upload) or a chat message.

Handled one at a time like a conversation: an upload's summary (or error) is printed before
the next line is read; replies go to the output stream; it ends at end of input. Whatever a line
holds or the disk does, the answer is a plain line and the next line is read.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from core.chat import Reply, Upload
from core.errors import DocumentTooLarge, InvoiceBotError
from core.ports import Inbound

log = logging.getLogger(__name__)
INTERNAL = "Something went wrong on my side with that line; nothing was lost. Please try again in a moment."
FILE_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".heic", ".heif", ".gif", ".bmp",
                 ".xml")  # .xml: an e-invoice (CII, UBL)


class ConsoleChannel:
    name = "console"

    def __init__(self, stdin: TextIO, stdout: TextIO, files: Iterable[str] = (), *, tenant: str = "console:local",
                 user: str = "console", language: str | None = None, max_bytes: int = 25 * 1024 * 1024) -> None:
        if hasattr(stdin, "reconfigure"):  # a line of bytes that are no text is read as text all the same
            stdin.reconfigure(errors="replace")
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
        text = reply.text.rstrip("\n") + "\n" + (f"workbook: {reply.file}\n" if reply.file is not None else "")
        self._write(text)
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

    def _write(self, text: str) -> None:
        """Output that cannot be written (a full disk, a closed pipe) is logged; the console goes on."""
        try:
            self._out.write(text)
            self._out.flush()
        except (OSError, ValueError) as exc:
            log.warning("console output not written", extra={"data": {"error": exc.strerror
                                                                      if isinstance(exc, OSError) else str(exc)}})

    def _read_lines(self, loop: asyncio.AbstractEventLoop, lines: asyncio.Queue) -> None:
        try:
            for line in self._in:
                loop.call_soon_threadsafe(lines.put_nowait, line)
        except (OSError, ValueError) as exc:  # undecodable bytes, a broken input: the input ends here
            log.warning("console input stopped", extra={"data": {"error": type(exc).__name__}})
        finally:
            loop.call_soon_threadsafe(lines.put_nowait, None)

    async def handle(self, line: str) -> None:
        """One input line; nothing it holds and nothing that fails while it is handled stops the console."""
        assert self._inbound is not None
        text = line.strip()
        if not text:
            return
        try:
            try:
                path = Path(text).expanduser()
                is_file = path.is_file()
            except (OSError, RuntimeError) as exc:  # a name too long, a home folder that is not there
                if _looks_like_path(text):
                    why = exc.strerror.lower() if isinstance(exc, OSError) and exc.strerror else "it cannot be opened"
                    return self._write(f"I cannot open the file {text[:200]!r}: {why}.\n")
                is_file = False  # then it is a message
            if is_file:
                return await self.upload(path)
            if _looks_like_path(text):
                return self._write(f"I cannot find the file {text[:200]!r}.\n")
            await self._inbound.message(self.tenant, self.name, text, self.user, self.language)
        except InvoiceBotError as exc:  # answered where it was raised
            log.info("console line refused", extra={"data": {"code": exc.code}})
        except Exception:
            log.exception("console line failed")
            self._write(INTERNAL + "\n")

    async def upload(self, path: Path) -> None:
        assert self._inbound is not None
        try:
            size = path.stat().st_size
            if size > self.max_bytes:  # said here with its real size; nothing of it is read or stored
                mb = 1024 * 1024
                return self._write(DocumentTooLarge("file", round(size / mb, 1), round(self.max_bytes / mb, 1),
                                                    "MB").user_message() + "\n")
            with path.open("rb") as fh:
                data = fh.read(self.max_bytes + 1)
        except OSError as exc:
            return self._write(f"I cannot open the file {path.name[:200]!r}: "
                               f"{(exc.strerror or 'system error').lower()}.\n")
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
