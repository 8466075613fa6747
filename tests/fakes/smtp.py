"""A recording SMTP server (aiosmtpd) in the test's own event loop on 127.0.0.1:<free port>."""

from __future__ import annotations

import asyncio
import email
import email.policy
from email.message import EmailMessage

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session

SMTP_USER, SMTP_PASSWORD = "bot-smtp", "secret-smtp-pw"


class Recorder:
    """aiosmtpd handler: keeps every accepted mail and wakes waiters."""

    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.changed = asyncio.Event()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        self.mails.append(msg)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.changed.set()
        return "250 OK"

    async def wait_for(self, count: int, limit: float = 60.0) -> list[EmailMessage]:
        """Until `count` mails arrived (a bound against hanging, not a timing goal)."""
        async with asyncio.timeout(limit):
            while len(self.mails) < count:
                self.changed.clear()
                await self.changed.wait()
        return self.mails


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = getattr(auth_data, "login", b"") == SMTP_USER.encode() and \
        getattr(auth_data, "password", b"") == SMTP_PASSWORD.encode()
    return AuthResult(success=True) if ok else AuthResult(success=False, handled=False)


async def start_smtp() -> tuple[asyncio.Server, Recorder, int]:
    recorder = Recorder()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(recorder, authenticator=_authenticate, auth_require_tls=False, auth_required=True,
                     decode_data=False, hostname="smtp.test"), "127.0.0.1", 0)
    return server, recorder, server.sockets[0].getsockname()[1]
