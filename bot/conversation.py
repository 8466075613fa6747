"""The channel-independent conversation: uploads, job events, corrections, confirm and cancel."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from pathlib import Path

from core.chat import IN_FLIGHT, JobEvent, JobInfo, Reply, Ticket, Upload
from core.codec import encode_value
from core.errors import InvoiceBotError, LimitReached
from core.models import FIELD_NAMES, Extraction
from core.ports import Channel
from storage.sql import SqlStore
from storage.tables import CorrectionRow, InvoiceHeader, InvoiceLine
from storage.vendors import SqlVendorMemory
from storage.workbook import export_ledger

from . import commands, doctypes, quota, render, review, vendor_memory
from .corrections import parse_corrections
from .i18n import CANCEL_WORDS, CONFIRM_WORDS, t

log = logging.getLogger(__name__)


class Conversation:
    """Implements the Inbound port; replies go out through the channel a tenant wrote on."""

    def __init__(self, store: SqlStore, data_dir: str | Path, default_language: str | None = None, *,
                 daily_limit: int | None = None) -> None:
        self.store = store
        self.daily_limit = daily_limit  # documents per tenant per UTC day; None: no limit
        self.data_dir = Path(data_dir)
        self.default_language = default_language
        self.channels: dict[str, Channel] = {}
        self.runner = None  # set by bootstrap (JobRunner)
        self.memory = SqlVendorMemory(store.engine)  # core.memory.VendorMemory; None turns it off

    # helpers ------------------------------------------------------------------------------
    def language(self, tenant: str, given: str | None = None) -> str | None:
        return given or self.store.conversation(tenant).language or self.default_language

    async def send(self, channel: str, reply: Reply) -> None:
        ch = self.channels.get(channel)
        if ch is None:
            log.warning("no channel to reply on", extra={"data": {"channel": channel}})
            return
        await ch.send(reply)

    def workbook_path(self, tenant: str, stem: str) -> Path:
        slug = re.sub(r"[^A-Za-z0-9]+", "_", tenant)[:40] + "-" + hashlib.sha256(tenant.encode()).hexdigest()[:8]
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
        return self.data_dir / "workbooks" / slug / f"{stem}-{stamp}.xlsx"

    def view(self, job: JobInfo, language: str | None) -> Extraction:
        result = vendor_memory.recalled(self.memory, job.tenant, job.result or {})
        return review.build(result, self.store.get_draft(job.tenant, job.id), language)

    def summary(self, job: JobInfo, language: str | None) -> str:
        ex = self.view(job, language)
        dup = self.store.find_duplicate(job.tenant, job.sha256, ex.fields["vendor_name"].value,
                                        ex.fields["invoice_number"].value)
        dup_info = (dup.confirmed_at, dup.vendor_name or "", dup.invoice_number or "") if dup else None
        return render.summary(ex, language, dup_info)

    async def nothing_to_review(self, tenant: str, channel: str, lang: str | None) -> None:
        busy = self.store.jobs(tenant, IN_FLIGHT)
        text = t(lang, "busy", n=len(busy)) if busy else t(lang, "no_review")
        await self.send(channel, Reply(tenant, text))

    def review_buttons(self, lang: str | None) -> tuple[tuple[str, str], ...]:
        return ((t(lang, "btn_confirm"), "confirm"), (t(lang, "btn_cancel"), "cancel"),
                (t(lang, "btn_fields"), "/fields"))

    def pending(self, tenant: str) -> JobInfo | None:
        conv = self.store.conversation(tenant)
        job = self.store.get_job(conv.pending_job_id, tenant) if conv.pending_job_id else None
        return job if job is not None and job.state == "awaiting_review" else None

    # Inbound ------------------------------------------------------------------------------
    async def upload(self, upload: Upload) -> Ticket:
        self.store.set_conversation(upload.tenant, upload.channel, language=upload.language)
        lang = self.language(upload.tenant, upload.language)
        name = render.clean(upload.filename or "file", 40)
        try:
            quota.check(self.store, upload.tenant, self.daily_limit)  # before the file is stored
        except LimitReached as exc:
            await self.send(upload.channel, Reply(upload.tenant, quota.answer(lang, exc), final=True, kind="error"))
            raise
        try:
            ticket = await self.runner.submit(upload)
        except InvoiceBotError as exc:
            await self.send(upload.channel, Reply(upload.tenant, exc.user_message(), final=True, kind="error"))
            raise
        key = "ack_cached" if ticket.cached else "ack"
        await self.send(upload.channel, Reply(upload.tenant, t(lang, key, name=name, pos=ticket.position),
                                              job_id=ticket.job_id, kind="ack"))
        return ticket

    async def drain(self) -> None:
        await self.runner.drain()

    async def on_event(self, ev: JobEvent) -> None:
        if ev.stage not in ("reading page", "extracting", "retrying", "failed", "done"):
            return  # "received": the upload was acknowledged already
        lang = self.language(ev.tenant)
        if ev.stage == "reading page":
            await self.send(ev.channel, Reply(ev.tenant, t(lang, "progress", k=ev.k, n=ev.n),
                                              job_id=ev.job_id, kind="progress"))
        elif ev.stage in ("extracting", "retrying"):
            await self.send(ev.channel, Reply(ev.tenant, t(lang, ev.stage, k=ev.k, n=ev.n), job_id=ev.job_id,
                                              kind="progress"))
        elif ev.stage == "failed":
            job = self.store.get_job(ev.job_id, ev.tenant)
            name = render.clean(job.filename if job and job.filename else "the file", 40)
            await self.send(ev.channel, Reply(ev.tenant, t(lang, "failed", name=name, error=ev.error or ""),
                                              job_id=ev.job_id, final=True, kind="error"))
        elif ev.stage == "done":
            job = self.store.get_job(ev.job_id, ev.tenant)
            if job is None:
                return
            if doctypes.not_an_invoice(self.view(job, lang)):
                self.store.set_state(job.id, "cancelled")
                name = render.clean(job.filename or "the file", 40)
                return await self.send(ev.channel, Reply(ev.tenant, doctypes.answer(lang, name), job_id=job.id,
                                                         final=True, kind="info"))
            self.store.set_conversation(ev.tenant, ev.channel, pending=job.id)
            await self.send(ev.channel, Reply(ev.tenant, self.summary(job, lang), job_id=job.id, final=True,
                                              kind="summary", buttons=self.review_buttons(lang)))

    async def message(self, tenant: str, channel: str, text: str, user: str = "",
                      language: str | None = None, *, job_id: str | None = None,
                      ask_if_several: bool = False, hint: bool = False, review: str | None = None) -> None:
        """A chat message; whatever goes wrong, the sender gets a plain answer, never a traceback.

        job_id names the review the message is about (a reply to its summary, a button); without it,
        ask_if_several asks which review is meant when more than one is waiting. hint: text that came
        with the file (a caption): only its valid corrections count, it never confirms, and it is
        answered only when it changed something. review: the job whose summary a threaded reply
        answers (email): while it awaits review it becomes the pending one.
        """
        try:
            if hint:
                return await self._hint(tenant, channel, text, user, language, job_id)
            if review and (job := self.store.get_job(review, tenant)) and job.state == "awaiting_review":
                self.store.set_conversation(tenant, channel, pending=job.id)
            await self._message(tenant, channel, text, user, language, job_id, ask_if_several)
        except InvoiceBotError as exc:
            await self.send(channel, Reply(tenant, exc.user_message(), kind="error"))
        except Exception:
            log.exception("message failed", extra={"data": {"tenant": tenant, "channel": channel}})
            await self.send(channel, Reply(tenant, t(self.language(tenant, language), "internal"), kind="error"))

    async def _message(self, tenant: str, channel: str, text: str, user: str, language: str | None,
                       job_id: str | None = None, ask_if_several: bool = False) -> None:
        self.store.set_conversation(tenant, channel, language=language)
        lang = self.language(tenant, language)
        word = text.strip().lower()
        about_review = word in CONFIRM_WORDS or word in CANCEL_WORDS or word == "/fields" or not word.startswith("/")
        if about_review and job_id is not None:
            job = self.store.get_job(job_id, tenant)
            if job is None or job.state != "awaiting_review":
                return await self.send(channel, Reply(tenant, t(lang, "review_closed"), job_id=job_id, kind="info"))
            self.store.set_conversation(tenant, channel, pending=job.id)
        elif about_review and ask_if_several:
            waiting = self.store.jobs(tenant, ("awaiting_review",))
            if len(waiting) > 1:
                return await self.send(channel, Reply(tenant, t(lang, "which_review", n=len(waiting)), kind="info"))
        if word in CONFIRM_WORDS:
            return await self.confirm(tenant, channel, user, lang)
        if word in CANCEL_WORDS:
            return await self.cancel(tenant, channel, lang)
        if word.startswith("/"):
            return await commands.run(self, tenant, channel, text.strip(), lang)
        job = self.pending(tenant)
        if job is None:
            return await self.nothing_to_review(tenant, channel, lang)
        await self.correct(job, channel, text, user, lang)

    async def _hint(self, tenant: str, channel: str, text: str, user: str, language: str | None,
                    job_id: str | None) -> None:
        lang = self.language(tenant, language)
        job = self.store.get_job(job_id, tenant) if job_id else None
        if job is None or job.state != "awaiting_review":
            return
        await self.correct(job, channel, text, user, lang, quiet=True)

    # review actions -----------------------------------------------------------------------
    async def correct(self, job: JobInfo, channel: str, text: str, user: str, lang: str | None,
                      quiet: bool = False) -> None:
        edits, errors = parse_corrections(text, lang)
        if quiet:
            errors = []
            if not edits:
                return
        ex = self.view(job, lang)
        draft = self.store.get_draft(job.tenant, job.id)
        new_draft, changes, line_errors = review.apply(ex, draft, edits, lang)
        errors += line_errors
        parts: list[str] = []
        if changes:
            rows = [CorrectionRow(tenant=job.tenant, job_id=job.id, field=c.field, old_value=_text(c.old),
                                  new_value=_text(c.new), who=user[:80], channel=channel) for c in changes]
            self.store.save_draft(job.tenant, job.id, new_draft, rows)
            parts.append(t(lang, "updated", fields=", ".join(c.field for c in changes)))
        parts += [] if quiet else errors
        if quiet and not changes:
            return
        if changes:
            parts.append(self.summary(job, lang))
        await self.send(channel, Reply(job.tenant, "\n".join(parts), job_id=job.id, kind="summary",
                                       buttons=self.review_buttons(lang) if changes else ()))

    async def confirm(self, tenant: str, channel: str, user: str, lang: str | None) -> None:
        job = self.pending(tenant)
        if job is None:
            return await self.nothing_to_review(tenant, channel, lang)
        ex = self.view(job, lang)
        head = InvoiceHeader(tenant=tenant, job_id=job.id, document_sha256=job.sha256, filename=job.filename,
                             document_type=ex.document_type, language=ex.language, channel=channel,
                             confirmed_by=user[:80],
                             flagged=",".join(n for n, f in ex.fields.items() if f.flagged),
                             **{n: ex.fields[n].value for n in FIELD_NAMES if n != "document_type"})
        lines = [InvoiceLine(invoice_id=0, tenant=tenant, line_no=0, description=li.description,
                             quantity=li.quantity, unit_price=li.unit_price, line_total=li.line_total)
                 for li in ex.line_items]
        head = self.store.confirm(head, lines)
        vendor_memory.learn_from(self.memory, tenant, job, ex, self.store.get_draft(tenant, job.id))
        try:
            path, _ = export_ledger(self.store, tenant, self.workbook_path(tenant, "invoices"), marked={head.id})
        except OSError:
            log.exception("workbook not written", extra={"data": {"invoice": head.id}})
            reply = Reply(tenant, t(lang, "confirmed_no_book", id=head.id), job_id=job.id, kind="confirmed")
        else:
            reply = Reply(tenant, t(lang, "confirmed", id=head.id, path=path), file=path, job_id=job.id,
                          kind="confirmed")
        await self.send(channel, reply)
        await self.next_review(tenant, channel, lang)

    async def cancel(self, tenant: str, channel: str, lang: str | None) -> None:
        job = self.pending(tenant)
        if job is None:
            return await self.nothing_to_review(tenant, channel, lang)
        self.store.set_state(job.id, "cancelled")
        self.store.set_conversation(tenant, channel, pending=None)
        await self.send(channel, Reply(tenant, t(lang, "cancelled"), job_id=job.id, kind="cancelled"))
        await self.next_review(tenant, channel, lang)

    async def next_review(self, tenant: str, channel: str, lang: str | None) -> None:
        waiting = self.store.jobs(tenant, ("awaiting_review",))
        if waiting:
            job = waiting[0]
            self.store.set_conversation(tenant, channel, pending=job.id)
            await self.send(channel, Reply(tenant, t(lang, "next") + "\n" + self.summary(job, lang),
                                           job_id=job.id, kind="summary", buttons=self.review_buttons(lang)))


def _text(value: object) -> str | None:
    return None if value is None else str(encode_value(value))
