"""IMAP over TLS (as on port 993): the certificate is checked, and the whole round trip works."""

from __future__ import annotations

import asyncio
import ssl

import pytest

from bot import bootstrap
from tests.channels.test_email import ALICE
from tests.fakes.mailbox import mail, text_of


@pytest.fixture
def dovecot_tls() -> bool:
    return True


async def test_imap_over_tls_with_a_trusted_certificate(mail_settings, dovecot, mailbox, smtp):
    settings = mail_settings.model_copy(update=dict(imap_ssl=True))
    channel = bootstrap.email_channel(settings)
    channel.tls = ssl.create_default_context(cafile=str(dovecot.root / "cert.pem"))
    app = bootstrap.build(settings, [channel])
    async with app.runner:
        await channel.start(app.conversation)
        try:
            async with asyncio.timeout(30):
                await channel.connected.wait()
            mailbox.append(mail(ALICE, "Status", "/status"))
            [answer] = await smtp.wait_for(1)
            assert text_of(answer).strip() == "No files in progress."
        finally:
            await channel.stop()


async def test_an_untrusted_certificate_is_refused(mail_settings, dovecot, caplog):
    settings = mail_settings.model_copy(update=dict(imap_ssl=True))
    channel = bootstrap.email_channel(settings)  # the system's CAs do not know the test certificate
    app = bootstrap.build(settings, [channel])
    await channel.start(app.conversation)
    try:
        async with asyncio.timeout(30):
            while not any("SSLCertVerificationError" in str(getattr(r, "data", "")) for r in caplog.records):
                await asyncio.sleep(0.05)
    finally:
        await channel.stop()
    assert not channel.connected.is_set()

