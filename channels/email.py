"""The email channel: IMAP intake (IDLE, else polling; reconnects with backoff) and SMTP replies.

A mail is marked seen only after its invoices were handed to the runner (which stores them first),
so a crash loses nothing; handled UIDs are remembered, so nothing is processed twice.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import re
import ssl
import time
from dataclasses import replace
from email.utils import parseaddr
from pathlib import Path

import aioimaplib
import aiosmtplib

from core.chat import Reply, Upload
from core.errors import ChannelUnavailable, ConfigError, InvoiceBotError
from core.ports import Inbound

from .mail_auth import authenticated
from .mail_config import TEXT, MailConfig
from .mail_parse import MailIn, parse
from .mail_reply import Thread, compose
from .mail_state import MailState

log = logging.getLogger(__name__)
SILENT_KINDS = ("ack", "progress")  # one mail per summary is enough; no mail per queue position


class EmailChannel:
    name = "email"

    def __init__(self, config: MailConfig, state_path: Path) -> None:
        self.config = config
        self.state = MailState(state_path)
        self.connected = asyncio.Event()  # set while a session is logged in
        self.idling = asyncio.Event()  # set while waiting in IDLE for new mail
        self.mode = ""  # "idle" or "poll", as the server allows
        self._inbound: Inbound | None = None
        self._task: asyncio.Task | None = None
        self._closing = asyncio.Event()
        self._marked: set[tuple[int, int]] = set()
        self._recent: dict[str, collections.deque] = collections.defaultdict(collections.deque)
        self._own = {parseaddr(a)[1].lower() for a in (config.from_addr, config.imap_user) if a}
        self.tls = ssl.create_default_context()  # certificates checked against the system's CAs
        # IDLE is renewed at least every poll interval: a safety net should a notice ever go astray
        self._renew = min(config.idle_timeout, max(60.0, config.poll_interval))

    # Channel ------------------------------------------------------------------------------
    async def start(self, inbound: Inbound) -> None:
        self._inbound = inbound
        self._task = asyncio.create_task(self._run(), name="email-intake")

    async def stop(self) -> None:
        """Stop intake; a mail being handled now is handled again on the next start (nothing was marked)."""
        self._closing.set()  # also ends the loops if a library call swallows the cancellation
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        self.state.close()

    async def send(self, reply: Reply) -> None:
        if reply.kind in SILENT_KINDS:
            return
        thread = (self.state.thread(f"job:{reply.job_id}") if reply.job_id else None) \
            or self.state.thread(f"tenant:{reply.tenant}")
        to = self._address_of(reply.tenant)
        if thread is None or not to:
            log.warning("no mail to reply to", extra={"data": {"job": reply.job_id}})
            return
        thread = replace(thread, to=to)  # a tenant's data goes to the tenant's own address, whatever was stored
        text = reply.text
        if reply.file is not None:  # the server's path means nothing to the reader: name the attachment
            text = text.replace(str(reply.file), f"{reply.file.name} (attached)")
        await self._smtp(compose(thread, self.config.from_addr, text, job_id=reply.job_id, attachment=reply.file))

    # intake -------------------------------------------------------------------------------
    async def _run(self) -> None:
        low, high = self.config.backoff
        delay = low
        while not self._closing.is_set():
            error = ""
            try:
                await self._session()
            except (OSError, TimeoutError, aioimaplib.AioImapException, ChannelUnavailable, ConfigError) as exc:
                # our own texts say what to fix; a library's message may quote the server's answer to LOGIN
                error = str(exc) if isinstance(exc, ConfigError) else type(exc).__name__
            finally:
                if self.connected.is_set():  # a working session ended: start the backoff afresh
                    delay = low
                self.connected.clear()
            if error:
                log.warning("mailbox connection lost; reconnecting", extra={"data": {"error": error, "retry_in": delay}})
            await _wait(self._closing, delay)
            delay = min(high, delay * 2)

    async def _session(self) -> None:
        c = self.config
        lost = asyncio.Event()
        # IMAP4 with a TLS context, not IMAP4_SSL: only IMAP4 reports a lost connection (conn_lost_cb)
        imap = _Imap(c.imap_host, c.imap_port, timeout=c.timeout, conn_lost_cb=lambda exc: lost.set(),
                     ssl_context=self.tls if c.imap_ssl else None)
        try:
            await imap.wait_hello_from_server()
            res = await imap.login(c.imap_user, c.imap_password)
            if res.result != "OK":
                raise ConfigError("The mailbox refused the IMAP user name or password.")
            res = await imap.select(c.folder)
            if res.result != "OK":
                raise ConfigError(f"The mailbox has no folder {c.folder!r}.")
            validity = _uidvalidity(res.lines)
            if c.processed_folder:
                await imap.create(_quoted(c.processed_folder))  # "already exists" is fine
            self.mode = "idle" if imap.has_capability("IDLE") else "poll"
            self.connected.set()
            log.info("mailbox connected", extra={"data": {"folder": c.folder, "mode": self.mode}})
            while not lost.is_set() and not self._closing.is_set():
                imap.arrived.clear()
                # until no mail arrived during our own commands: it was announced then, not again in IDLE
                while await self._sweep(imap, validity) or imap.arrived.is_set():
                    imap.arrived.clear()
                if self.mode == "idle":
                    await self._idle(imap, lost)
                else:
                    await _wait_any((lost, self._closing), c.poll_interval)
                    if not lost.is_set() and not self._closing.is_set():
                        await imap.noop()
            if lost.is_set():
                raise ChannelUnavailable("the mailbox closed the connection")
        finally:
            try:
                if imap.protocol is not None and imap.protocol.transport is not None:
                    imap.protocol.transport.close()
            except Exception:  # noqa: BLE001 - closing a dead connection
                pass

    async def _idle(self, imap: aioimaplib.IMAP4, lost: asyncio.Event) -> None:
        try:
            idle = await imap.idle_start(timeout=self._renew)
        except aioimaplib.Abort:
            log.warning("the mailbox refused IDLE; polling instead")
            self.mode = "poll"
            return
        self.idling.set()
        push = asyncio.ensure_future(imap.wait_server_push(timeout=self._renew + 5))
        gone = asyncio.ensure_future(lost.wait())
        closing = asyncio.ensure_future(self._closing.wait())
        try:
            await asyncio.wait({push, gone, closing}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self.idling.clear()
            for fut in (push, gone, closing):
                fut.cancel()
        if lost.is_set() or self._closing.is_set():
            return
        imap.idle_done()
        await asyncio.wait_for(idle, self.config.timeout)
        lines = push.result() if push.done() and not push.cancelled() and push.exception() is None else []
        if any(isinstance(x, bytes) and x.startswith((b"NO", b"BAD")) for x in _flat(lines)):
            log.warning("the mailbox reports an error while idling; checking again later")
            await _wait_any((lost, self._closing), min(self.config.poll_interval, 30.0))

    async def _sweep(self, imap: aioimaplib.IMAP4, validity: int) -> int:
        """Handle every mail not handled yet; returns how many there were.

        Unseen mails, and every mail after the last one handled (a person may have read it first);
        on the very first start only unseen mails, not the mailbox's history.
        """
        last = self.state.last_uid(self.config.folder, validity)
        res = await (imap.uid_search("OR", "UNSEEN", f"UID {last + 1}:*") if last else imap.uid_search("UNSEEN"))
        if res.result != "OK":
            raise ChannelUnavailable("the mailbox did not answer a search")
        numbers = [bytes(x) for x in res.lines[:-1] if re.fullmatch(rb"(SEARCH)?[\d ]*", bytes(x).strip())]
        uids = sorted({int(u) for line in numbers for u in line.split() if u.isdigit()})
        new = 0
        for uid in uids:
            if not self.state.handled(self.config.folder, validity, uid):
                new += 1
                await self._handle(imap, validity, uid)
                await self._mark_seen(imap, validity, uid)
            elif (validity, uid) not in self._marked:
                await self._mark_seen(imap, validity, uid)  # handled, but the process stopped before marking it
            else:
                continue
            if self.config.processed_folder:
                await self._file_away(imap, uid)
        return new

    async def _fetch(self, imap: aioimaplib.IMAP4, uid: int, what: str) -> tuple[bytes, bytes]:
        res = await imap.uid("fetch", str(uid), what)
        if res.result != "OK":
            raise ChannelUnavailable("the mailbox did not answer a fetch")
        head = next((bytes(x) for x in res.lines if isinstance(x, bytes) and b"FETCH" in x), b"")
        body = next((bytes(x) for x in res.lines if isinstance(x, bytearray)), b"")
        return head, body

    async def _mark_seen(self, imap: aioimaplib.IMAP4, validity: int, uid: int) -> None:
        self._marked.add((validity, uid))
        await imap.uid("store", str(uid), "+FLAGS.SILENT", r"(\Seen)")

    async def _file_away(self, imap: aioimaplib.IMAP4, uid: int) -> None:
        """Move a handled mail to the processed folder (MOVE, else COPY + delete)."""
        folder = _quoted(self.config.processed_folder or "")
        if imap.has_capability("MOVE"):
            res = await imap.uid("move", str(uid), folder)
        else:
            res = await imap.uid("copy", str(uid), folder)
            if res.result == "OK":
                await imap.uid("store", str(uid), "+FLAGS.SILENT", r"(\Deleted)")
                if imap.has_capability("UIDPLUS"):
                    await imap.uid("expunge", str(uid))
        if res.result != "OK":
            log.warning("could not move a handled mail", extra={"data": {"uid": uid}})

    async def _handle(self, imap: aioimaplib.IMAP4, validity: int, uid: int) -> None:
        c = self.config
        head, _ = await self._fetch(imap, uid, "(RFC822.SIZE)")
        size = int(m.group(1)) if (m := re.search(rb"RFC822\.SIZE (\d+)", head)) else 0
        too_large = size > c.max_mail_bytes
        _, raw = await self._fetch(imap, uid, "(BODY.PEEK[HEADER])" if too_large else "(BODY.PEEK[])")
        try:
            mail = parse(raw, size_only=too_large)
            if mail.refused:
                log.warning("mail refused", extra={"data": {"uid": uid, "reason": mail.refused}})
            elif reason := self._ignore(mail):
                log.info("mail ignored", extra={"data": {"uid": uid, "reason": reason}})
            else:
                await self._dispatch(mail, validity, uid, too_large, size)
        except ChannelUnavailable:
            raise  # the runner or the mail server is away: this mail is handled again later
        except Exception:  # a mail that breaks the parser must not block the mailbox for ever
            log.exception("mail could not be handled; skipped", extra={"data": {"uid": uid}})
        self.state.mark_handled(c.folder, validity, uid)

    def _ignore(self, mail: MailIn) -> str | None:
        if mail.automatic:
            return mail.automatic
        if mail.sender in self._own:
            return "our own address"
        if not _allowed(mail.sender, self.config.allowed):
            return "sender not allowed"
        if self.config.require_auth and authenticated(mail.auth_results, mail.sender,
                                                      self.config.trusted_authserv_ids) is False:
            return "sender's domain not authenticated by the mail server"
        return None

    def _tenant(self, sender: str) -> str:
        return f"email:{self.config.imap_user.lower()}:{sender}"

    def _address_of(self, tenant: str) -> str:
        """The one address a tenant's replies may go to: the From address its mails came from."""
        prefix = self._tenant("")
        return tenant[len(prefix):] if tenant.startswith(prefix) else ""

    async def _dispatch(self, mail: MailIn, validity: int, uid: int, too_large: bool, size: int) -> None:
        assert self._inbound is not None
        c = self.config
        tenant = self._tenant(mail.sender)
        thread = Thread(mail.sender, mail.subject, mail.message_id, tuple(mail.references))
        self.state.set_thread(f"tenant:{tenant}", thread)
        if too_large:
            return await self._notice(tenant, TEXT["too_large"].format(size=size / 2**20,
                                                                        limit=c.max_mail_bytes / 2**20))
        limited = self._rate_limited(mail.sender)
        if limited:
            if limited == 1:
                await self._notice(tenant, TEXT["rate"])
            return log.info("mail ignored", extra={"data": {"uid": uid, "reason": "rate limit"}})
        if mail.review:
            self.state.set_thread(f"job:{mail.review}", thread)
        if mail.documents:
            for idx, doc in enumerate(mail.documents):
                if self.state.submitted(c.folder, validity, uid, idx):
                    continue
                try:
                    ticket = await self._inbound.upload(Upload(tenant, self.name, doc.data, doc.filename,
                                                               mail.sender, mail.language))
                except InvoiceBotError as exc:
                    if exc.retryable or "shutting down" in str(exc):
                        raise ChannelUnavailable("the runner is not accepting files") from exc
                    continue  # the sender got the reason already
                self.state.set_thread(f"job:{ticket.job_id}", thread)
                self.state.mark_submitted(c.folder, validity, uid, idx, ticket.job_id)
            return None
        if mail.text:
            try:
                await self._inbound.message(tenant, self.name, mail.text, mail.sender, mail.language,
                                            review=mail.review)
            except ChannelUnavailable:  # the change is stored; answering it again later would repeat it
                log.error("the answer to a mail could not be sent", extra={"data": {"uid": uid}})
            return None
        return await self._notice(tenant, TEXT["nothing"])

    async def _notice(self, tenant: str, text: str) -> None:
        await self.send(Reply(tenant, text, kind="notice"))

    def _rate_limited(self, sender: str) -> int:
        """0 when the sender may go on; otherwise how many mails over the hourly limit this one is."""
        now = time.monotonic()
        recent = self._recent[sender]
        while recent and now - recent[0] > 3600:
            recent.popleft()
        recent.append(now)
        return max(0, len(recent) - self.config.per_sender_per_hour)

    # replies ------------------------------------------------------------------------------
    async def _smtp(self, msg) -> None:
        c = self.config
        implicit_tls = c.smtp_port == 465
        for attempt in range(3):
            try:
                await aiosmtplib.send(msg, hostname=c.smtp_host, port=c.smtp_port, username=c.smtp_user or None,
                                      password=c.smtp_password or None, use_tls=implicit_tls,
                                      start_tls=False if implicit_tls else c.smtp_starttls,
                                      timeout=c.timeout)
                return
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
                log.warning("reply not sent", extra={"data": {"error": type(exc).__name__, "attempt": attempt + 1}})
                if attempt == 2:
                    raise ChannelUnavailable("the mail server did not take the reply") from exc
                await asyncio.sleep(0.5 * 2**attempt)


class _Protocol(aioimaplib.IMAP4ClientProtocol):
    """Notes every EXISTS the server sends, also those aioimaplib drops between commands."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.arrived = asyncio.Event()

    def _untagged_response(self, line: bytes):
        if re.match(rb"(\* )?\d+ EXISTS", line):
            self.arrived.set()
        return super()._untagged_response(line)


class _Imap(aioimaplib.IMAP4):
    def create_client(self, host, port, loop, conn_lost_cb=None, ssl_context=None) -> None:
        local_loop = loop if loop is not None else asyncio.get_running_loop()
        self.protocol = _Protocol(local_loop, conn_lost_cb)
        self._client_task = local_loop.create_task(
            local_loop.create_connection(lambda: self.protocol, host, port, ssl=ssl_context))

    @property
    def arrived(self) -> asyncio.Event:
        return self.protocol.arrived


def _flat(lines: object) -> list:
    if isinstance(lines, list | tuple):
        return [y for x in lines for y in _flat(x)]
    return [lines]


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _uidvalidity(lines: list) -> int:
    for line in lines:
        if isinstance(line, bytes) and (m := re.search(rb"UIDVALIDITY (\d+)", line)):
            return int(m.group(1))
    return 0


def _allowed(sender: str, allowed: tuple[str, ...]) -> bool:
    if not allowed:
        return True
    domain = "@" + sender.rsplit("@", 1)[-1]
    return any(a == sender or a == domain for a in allowed)


async def _wait(event: asyncio.Event, seconds: float) -> None:
    await _wait_any((event,), seconds)


async def _wait_any(events: tuple[asyncio.Event, ...], seconds: float) -> None:
    """Until one of the events is set or the time is up."""
    waiters = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waiters:
            w.cancel()
