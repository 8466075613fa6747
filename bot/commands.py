"""Chat commands: /help, /list, /export [period], /undo, /status, /fields."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TYPE_CHECKING

from core.chat import IN_FLIGHT, Reply
from core.extract.parse import MONTHS, parse_date
from storage.workbook import export_ledger

from . import render, vendor_memory
from .i18n import t

if TYPE_CHECKING:
    from .conversation import Conversation


class BadPeriod(ValueError):
    pass


def parse_period(text: str) -> tuple[dt.date | None, dt.date | None]:
    """'' / 'all' -> everything; '2024' a year; '2024-05', '05/2024' or 'Mai 2024' a month; 'A..B' a range."""
    s = text.strip().lower()
    if s in ("", "all", "alle", "tout", "todo", "todas"):
        return None, None
    for sep in ("..", " to ", " bis ", " au ", " a ", "–"):
        if sep in s:
            a, b = s.split(sep, 1)
            return _bounds(a)[0], _bounds(b)[1]
    return _bounds(s)


def _bounds(s: str) -> tuple[dt.date, dt.date]:
    s = s.strip()
    if (m := re.fullmatch(r"([^\W\d_]+)\.?\s+(\d{4})", s)) and m.group(1).lower() in MONTHS:
        y, mo = int(m.group(2)), MONTHS[m.group(1).lower()]
        return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    if m := re.fullmatch(r"(\d{4})", s):
        y = int(m.group(1))
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})|(\d{1,2})[/.](\d{4})", s):
        y, mo = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), int(m.group(3)))
        if not 1 <= mo <= 12:
            raise BadPeriod(s)
        return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    d = parse_date(s)
    if d is None:
        raise BadPeriod(s)
    return d, d


async def run(conv: Conversation, tenant: str, channel: str, text: str, lang: str | None) -> None:
    name, _, arg = text.partition(" ")
    name = name.lower().split("@", 1)[0]  # '/export@botname' in group chats

    async def say(msg: str, **kw) -> None:
        await conv.send(channel, Reply(tenant, msg, **kw))

    if name in ("/help", "/start"):
        return await say(t(lang, "help"))
    if name == "/list":
        invoices = conv.store.invoices(tenant, limit=10, newest_first=True)
        if not invoices:
            return await say(t(lang, "list_empty"))
        return await say("\n".join([t(lang, "list_head"), *(render.invoice_line(i, lang) for i in invoices)]))
    if name == "/export":
        try:
            start, end = parse_period(arg)
        except BadPeriod:
            return await say(t(lang, "bad_period", period=render.clean(arg, 40)))
        path, n = export_ledger(conv.store, tenant, conv.workbook_path(tenant, "export"), start, end)
        return await say(t(lang, "export", n=n, path=path), file=path, kind="export")
    if name == "/undo":
        head = conv.store.undo_last(tenant, channel)
        if head is None:
            return await say(t(lang, "undo_none"))
        job = conv.store.get_job(head.job_id, tenant)
        text = t(lang, "undo", id=head.id)
        if job is not None:
            text += "\n" + conv.summary(job, lang)
        return await say(text, job_id=head.job_id, kind="summary", buttons=conv.review_buttons(lang))
    if name == "/status":
        jobs = conv.store.jobs(tenant, IN_FLIGHT)
        waiting = conv.store.jobs(tenant, ("awaiting_review",))
        lines = [t(lang, "status_job", name=render.clean(j.filename or j.id[:8], 40), state=t(lang, f"state_{j.state}"))
                 for j in jobs] or [t(lang, "status_none")]
        if waiting:
            lines.append(t(lang, "status_review", n=len(waiting)))
        return await say("\n".join(lines))
    if name == "/fields":
        job = conv.pending(tenant)
        if job is None:
            return await conv.nothing_to_review(tenant, channel, lang)
        return await say(render.all_fields(conv.view(job, lang), lang), job_id=job.id, kind="fields",
                         buttons=conv.review_buttons(lang)[:2])
    if name == "/forget":
        job = conv.pending(tenant)
        return await say(vendor_memory.forget(conv.memory, tenant, arg, conv.view(job, lang) if job else None, lang))
    if name in ("/confirm", "/cancel"):
        return await conv.message(tenant, channel, name, language=lang)
    await say(t(lang, "unknown_command"))
