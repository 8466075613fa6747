"""Composing a reply mail: threaded (In-Reply-To, References, 'Re:'), plain text plus escaped HTML,
the workbook attached, marked as automatic so other robots do not answer it."""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
_RE = re.compile(r"^\s*(re|aw|sv|antw|réf|rif|r)\s*:", re.I)


@dataclass(frozen=True, slots=True)
class Thread:
    """The mail a reply answers: where it goes and how it threads."""

    to: str
    subject: str
    message_id: str
    references: tuple[str, ...] = ()


def message_id(job_id: str | None, domain: str) -> str:
    """Our Message-ID carries the review's job id, so a reply to it corrects that very invoice."""
    return f"<ib-{job_id or '0' * 32}-{secrets.token_hex(8)}@{domain}>"


def subject(original: str) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in original).split())[:180]
    if not text:
        return "Re: your invoice"
    return text if _RE.match(text) else f"Re: {text}"


def compose(thread: Thread, sender: str, text: str, *, job_id: str | None = None,
            attachment: Path | None = None) -> EmailMessage:
    msg = EmailMessage()
    domain = sender.rsplit("@", 1)[-1] or "invoicebot.local"
    msg["From"] = sender
    msg["To"] = thread.to
    msg["Subject"] = subject(thread.subject)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id(job_id, domain)
    if thread.message_id:
        msg["In-Reply-To"] = thread.message_id
        msg["References"] = " ".join([*thread.references[-10:], thread.message_id])
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(text.rstrip("\n") + "\n")
    msg.add_alternative(to_html(text), subtype="html")
    if attachment is not None:
        msg.add_attachment(attachment.read_bytes(), maintype=XLSX[0], subtype=XLSX[1],
                           filename=_safe_filename(attachment.name))
    return msg


def to_html(text: str) -> str:
    """Every line escaped; flagged lines (⚠ or •) stand out."""
    rows = []
    for line in text.rstrip("\n").split("\n"):
        esc = html.escape(line)
        if line.startswith("•") or "⚠" in line:
            rows.append(f'<div style="color:#a15c00">{esc}</div>')
        elif not line.strip():
            rows.append("<br>")
        else:
            rows.append(f"<div>{esc}</div>")
    return ('<!DOCTYPE html><html><body style="font-family:sans-serif;font-size:14px">'
            + "\n".join(rows) + "</body></html>\n")


def _safe_filename(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:80] or "invoices.xlsx"
