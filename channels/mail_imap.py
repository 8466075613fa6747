"""One IMAP session of the email channel: imapclient, which blocks, runs in a thread of the channel's own, so
the event loop never waits on the mailbox; an IDLE wait in that thread ends early when the socket is shut."""

from __future__ import annotations

import asyncio
import imaplib
import queue
import socket
import ssl
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any, Literal

import imapclient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from core.errors import ChannelUnavailable, ConfigError

from .mail_config import MailConfig

IdleOutcome = Literal["mail", "timeout", "error", "refused", "closing"]
NOTICES = ("EXISTS", "RECENT", "EXPUNGE", "FETCH")  # untagged news imaplib keeps between commands


class SessionThread:
    """One daemon thread that runs the IMAP calls in order. A call still blocked when the process exits
    (a connection attempt to a server that never answers) does not hold the exit up."""

    def __init__(self, name: str) -> None:
        self._calls: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def run(self, fn: Callable[[], Any]) -> asyncio.Future:
        """From the event loop: a future of fn's result; cancelling it does not stop fn, only its answer."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._calls.put((loop, future, fn))
        return future

    def submit(self, fn: Callable[[], Any]) -> None:
        """Run fn after the calls before it, without waiting for it."""
        self._calls.put((None, None, fn))

    def stop(self) -> None:
        """The thread ends after the calls submitted so far."""
        self._calls.put(None)

    def _work(self) -> None:
        while (item := self._calls.get()) is not None:
            loop, future, fn = item
            try:
                result, error = fn(), None
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting coroutine
                result, error = None, exc
            if future is not None:
                try:
                    loop.call_soon_threadsafe(_settle, future, result, error)
                except RuntimeError:  # the event loop is closed: nobody waits any more
                    pass


def _settle(future: asyncio.Future, result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class ImapSession:
    """Connect, log in and select the folder; then search, fetch, flag, move and IDLE, one call at a time."""

    def __init__(self, config: MailConfig, tls: ssl.SSLContext | None, thread: SessionThread) -> None:
        self.config = config
        self._tls = tls
        self._thread = thread
        self._client: imapclient.IMAPClient | None = None
        self._capabilities: set[bytes] = set()
        self._stop = threading.Event()

    async def _call(self, fn, *args):
        try:
            return await self._thread.run(partial(fn, *args))
        except IMAPClientError as exc:  # the server's text stays out of the message: it may quote our LOGIN
            raise ChannelUnavailable(f"the mailbox answered unexpectedly ({type(exc).__name__})") from exc

    # the event loop's side ----------------------------------------------------------------
    async def open(self) -> int:
        """Log in and select the folder (creating the processed folder); returns the folder's UIDVALIDITY."""
        return await self._call(self._open)

    def has(self, capability: str) -> bool:
        return self._client is not None and capability.encode().upper() in self._capabilities

    async def search(self, last: int | None) -> list[int]:
        """Unseen mails, and with `last` also every mail after that UID, in UID order."""
        criteria = ["OR", "UNSEEN", "UID", f"{last + 1}:*"] if last else ["UNSEEN"]
        return sorted(await self._call(lambda: self._client.search(criteria)))

    async def size(self, uid: int) -> int:
        found = await self._call(lambda: self._client.fetch([uid], ["RFC822.SIZE"]))
        return int(found.get(uid, {}).get(b"RFC822.SIZE", 0))

    async def fetch(self, uid: int, header_only: bool) -> bytes:
        """The whole mail, or only its header; not marked seen."""
        what, key = ("BODY.PEEK[HEADER]", b"BODY[HEADER]") if header_only else ("BODY.PEEK[]", b"BODY[]")
        found = await self._call(lambda: self._client.fetch([uid], [what]))
        return bytes(found.get(uid, {}).get(key, b"") or b"")

    async def add_flag(self, uid: int, flag: bytes) -> None:
        await self._call(lambda: self._client.add_flags([uid], [flag], silent=True))

    async def move(self, uid: int, folder: str) -> bool:
        """MOVE, else COPY and delete; False when the server refused."""
        return await self._call(self._move, uid, folder)

    async def noop(self) -> None:
        await self._call(lambda: self._client.noop())

    async def arrived(self) -> bool:
        """Whether the server announced new mail during our own commands since the last call."""
        return await self._call(self._arrived)

    async def idle(self, seconds: float, started: Callable[[], None]) -> IdleOutcome:
        """Wait in IDLE for new mail, at most `seconds`; `started` is called (in the session's thread) once
        the server idles, and interrupt() ends the wait at once."""
        return await self._call(self._idle, seconds, started)

    def interrupt(self) -> None:
        """From any thread: no more waiting; a call blocked on the socket returns."""
        self._stop.set()
        client = self._client
        if client is not None:
            try:
                socket.socket.shutdown(client.socket(), socket.SHUT_RDWR)  # the plain socket's, also under TLS
            except (OSError, AttributeError):
                pass

    def close(self) -> None:
        """Close the connection in the session's thread, after the call running there (not waited for)."""
        self._thread.submit(self._close)

    # the session's thread ---------------------------------------------------------------
    def _open(self) -> int:
        c = self.config
        client = imapclient.IMAPClient(c.imap_host, c.imap_port, ssl=c.imap_ssl, ssl_context=self._tls,
                                       timeout=c.timeout)
        self._client = client
        if self._stop.is_set():
            raise ChannelUnavailable("the channel is stopping")
        try:
            client.login(c.imap_user, c.imap_password)
        except LoginError as exc:
            if isinstance(exc.__context__, IMAPClientAbortError | OSError):
                raise ChannelUnavailable("the mailbox closed the connection during login") from None
            raise ConfigError("The mailbox refused the IMAP user name or password.") from None
        try:
            info = client.select_folder(c.folder)
        except IMAPClientAbortError:
            raise
        except IMAPClientError:
            raise ConfigError(f"The mailbox has no folder {c.folder!r}.") from None
        if c.processed_folder:
            try:
                client.create_folder(c.processed_folder)
            except IMAPClientAbortError:
                raise
            except IMAPClientError:
                pass  # it exists already
        self._capabilities = set(client.capabilities())
        self._arrived()
        return int(info.get(b"UIDVALIDITY", 0))

    def _arrived(self) -> bool:
        news = self._client._imap.untagged_responses  # imaplib keeps what the server sent between commands
        exists = news.pop("EXISTS", None) is not None
        for name in NOTICES:
            news.pop(name, None)
        return exists

    def _move(self, uid: int, folder: str) -> bool:
        client = self._client
        try:
            if self.has("MOVE"):
                client.move([uid], folder)
                return True
            client.copy([uid], folder)
            client.add_flags([uid], [rb"\Deleted"], silent=True)
            if self.has("UIDPLUS"):
                client.uid_expunge([uid])
            return True
        except IMAPClientAbortError:
            raise
        except IMAPClientError:
            return False

    def _idle(self, seconds: float, started: Callable[[], None]) -> IdleOutcome:
        client = self._client
        try:
            client.idle()
        except IMAPClientAbortError:
            raise
        except IMAPClientError:
            return "refused"
        started()
        outcome: IdleOutcome = "timeout"
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0 and not self._stop.is_set():
            began = time.monotonic()
            responses = client.idle_check(timeout=left)
            if self._stop.is_set():
                break
            if any(r[:1] == (b"BYE",) for r in responses):
                raise ChannelUnavailable("the mailbox closed the connection")
            if any(len(r) > 1 and r[1] == b"EXISTS" for r in responses):
                outcome = "mail"
                break
            if any(r[:1] in ((b"NO",), (b"BAD",)) for r in responses):
                outcome = "error"
                break
            if not responses and time.monotonic() - began < left - 0.05:
                break  # woken without a whole line: a closed connection or a slow one; DONE tells which
        if self._stop.is_set():
            return "closing"
        client.idle_done()  # raises when the connection is gone
        return outcome

    def _close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.shutdown()
            except (OSError, imaplib.IMAP4.error):
                pass
