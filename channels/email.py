"""The email channel: IMAP intake (IDLE, else polling; reconnects with backoff) and SMTP replies.

A mail is marked seen only after its invoices were handed to the runner (which stores them first),
so a crash loses nothing; handled UIDs are remembered, so nothing is processed twice.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import ssl
import time
from dataclasses import replace
from email.utils import parseaddr
from pathlib import Path

import aiosmtplib

from core.chat import Reply, Upload
from core.errors import ChannelUnavailable, ConfigError, InvoiceBotError
from core.ports import Inbound

from .mail_auth import authenticated
from .mail_config import TEXT, MailConfig
from .mail_imap import ImapSession, SessionThread
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
        self._thread: SessionThread | None = None  # runs the IMAP session's calls, one at a time
        self._imap: ImapSession | None = None
        self._closing = asyncio.Event()
        self._marked: set[tuple[int, int]] = set()
        self._recent: dict[str, collections.deque] = collections.defaultdict(collections.deque)
        self._own = {parseaddr(a)[1].lower() for a in (config.from_addr, config.imap_user) if a}
        self.tls = ssl.create_default_context()  # certificates checked against the system's CAs

    @property
    def _renew(self) -> float:
        """IDLE is renewed at least every poll interval: a safety net should a notice ever go astray."""
        return min(self.config.idle_timeout, max(60.0, self.config.poll_interval))

    # Channel ------------------------------------------------------------------------------
    async def start(self, inbound: Inbound) -> None:
        self._inbound = inbound
        self._thread = SessionThread("email-imap")
        self._task = asyncio.create_task(self._run(), name="email-intake")

    async def stop(self) -> None:
        """Stop intake; a mail being handled now is handled again on the next start (nothing was marked)."""
        self._closing.set()  # also ends the loops if a library call swallows the cancellation
        if self._imap is not None:
            self._imap.interrupt()  # an IDLE wait in the session's thread returns now
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        if self._thread is not None:
            self._thread.stop()  # it ends once the connection is closed
            self._thread = None
        self.state.close()

    async def send(self, reply: Reply) -> None:
        if reply.kind in SILENT_KINDS:
            return
        thread = (self.state.thread(f"job:{reply.tenant}:{reply.job_id}") if reply.job_id else None) \
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
            except (OSError, TimeoutError, ChannelUnavailable, ConfigError) as exc:
                # our own texts say what to fix; a library's message may quote the server's answer to LOGIN
                error = str(exc) if isinstance(exc, ConfigError) else type(exc).__name__
            except Exception as exc:  # an answer the IMAP library cannot read must not end intake for good
                error = type(exc).__name__
                log.debug("mailbox session failed", exc_info=True)
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
        assert self._thread is not None
        imap = self._imap = ImapSession(c, self.tls if c.imap_ssl else None, self._thread)
        try:
            validity = await imap.open()
            self.mode = "idle" if imap.has("IDLE") else "poll"
            self.connected.set()
            log.info("mailbox connected", extra={"data": {"folder": c.folder, "mode": self.mode}})
            while not self._closing.is_set():
                await imap.arrived()
                # until no mail arrived during our own commands: it was announced then, not again in IDLE
                while await self._sweep(imap, validity) or await imap.arrived():
                    pass
                if self.mode == "idle":
                    await self._idle(imap)
                else:
                    await _wait(self._closing, c.poll_interval)
                    if not self._closing.is_set():
                        await imap.noop()  # fails when the connection is gone
        finally:
            self._imap = None
            imap.close()

    async def _idle(self, imap: ImapSession) -> None:
        loop = asyncio.get_running_loop()
        try:
            outcome = await imap.idle(self._renew, lambda: loop.call_soon_threadsafe(self.idling.set))
        finally:
            self.idling.clear()
        if outcome == "refused":
            log.warning("the mailbox refused IDLE; polling instead")
            self.mode = "poll"
        elif outcome == "error":
            log.warning("the mailbox reports an error while idling; checking again later")
            await _wait(self._closing, min(self.config.poll_interval, 30.0))

    async def _sweep(self, imap: ImapSession, validity: int) -> int:
        """Handle every mail not handled yet; returns how many there were.

        Unseen mails, and every mail after the last one handled (a person may have read it first);
        on the very first start only unseen mails, not the mailbox's history.
        """
        new = 0
        for uid in await imap.search(self.state.last_uid(self.config.folder, validity)):
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

    async def _mark_seen(self, imap: ImapSession, validity: int, uid: int) -> None:
        self._marked.add((validity, uid))
        await imap.add_flag(uid, rb"\Seen")

    async def _file_away(self, imap: ImapSession, uid: int) -> None:
        """Move a handled mail to the processed folder (MOVE, else COPY + delete)."""
        if not await imap.move(uid, self.config.processed_folder or ""):
            log.warning("could not move a handled mail", extra={"data": {"uid": uid}})

    async def _handle(self, imap: ImapSession, validity: int, uid: int) -> None:
        c = self.config
        size = await imap.size(uid)
        too_large = size > c.max_mail_bytes
        raw = await imap.fetch(uid, header_only=too_large)
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
            self.state.set_thread(f"job:{tenant}:{mail.review}", thread)  # per tenant: nobody threads another's
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
                self.state.set_thread(f"job:{tenant}:{ticket.job_id}", thread)
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
