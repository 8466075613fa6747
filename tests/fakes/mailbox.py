"""Test helpers for the email channel: building mails, putting them into the Dovecot mailbox, reading flags."""

from __future__ import annotations

import email.policy
import imaplib
import re
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from .dovecot import PASSWORD, USER, Dovecot

PDF = ("application", "pdf")


def mail(sender: str, subject: str, body: str = "", *, pdfs: dict[str, bytes] | None = None,
         headers: dict[str, str] | None = None, html: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = USER
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="client.test")
    msg.set_content(body or "\n")
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for name, data in (pdfs or {}).items():
        msg.add_attachment(data, maintype=PDF[0], subtype=PDF[1], filename=name)
    for k, v in (headers or {}).items():  # last: building the parts moves Content-* headers
        msg[k] = v
    return msg


def forwarded(sender: str, subject: str, inner: EmailMessage, note: str = "Please process.") -> EmailMessage:
    msg = mail(sender, subject, note)
    msg.add_attachment(inner)  # message/rfc822
    return msg


def reply_to(sent: EmailMessage, sender: str, body: str, html: str | None = None) -> EmailMessage:
    """What a mail client sends when the user answers one of our replies."""
    refs = f"{sent.get('References', '')} {sent['Message-ID']}".strip()
    return mail(sender, f"Re: {sent['Subject']}", body, html=html,
                headers={"In-Reply-To": sent["Message-ID"], "References": refs})


def text_of(msg: EmailMessage) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()


def workbook_of(msg: EmailMessage) -> bytes | None:
    for part in msg.iter_attachments():
        if (part.get_filename() or "").endswith(".xlsx"):
            return part.get_payload(decode=True)
    return None


class Mailbox:
    """A plain stdlib IMAP client for the test's side: append mails, read flags."""

    def __init__(self, server: Dovecot) -> None:
        self.server = server

    def _conn(self) -> imaplib.IMAP4:
        if self.server.tls:
            ctx = ssl.create_default_context(cafile=str(self.server.root / "cert.pem"))
            conn = imaplib.IMAP4_SSL(self.server.host, self.server.port, ssl_context=ctx, timeout=20)
        else:
            conn = imaplib.IMAP4(self.server.host, self.server.port, timeout=20)
        conn.login(USER, PASSWORD)
        return conn

    def append(self, msg: EmailMessage, folder: str = "INBOX", flags: str = "") -> None:
        conn = self._conn()
        try:
            typ, _ = conn.append(folder, f"({flags})" if flags else "", None, msg.as_bytes(policy=email.policy.SMTP))
            assert typ == "OK"
        finally:
            conn.logout()

    def flags(self, folder: str = "INBOX") -> dict[int, str]:
        conn = self._conn()
        try:
            conn.select(folder, readonly=True)
            typ, data = conn.uid("fetch", "1:*", "(FLAGS)")
            out = {}
            for line in data:
                if isinstance(line, bytes) and (m := re.search(rb"UID (\d+) FLAGS \(([^)]*)\)", line)):
                    out[int(m.group(1))] = m.group(2).decode()
            return out
        finally:
            conn.logout()
