"""Fixtures for the email channel: a real Dovecot and a recording aiosmtpd server on loopback."""

from __future__ import annotations

import pytest

from tests.fakes.dovecot import PASSWORD, USER, Dovecot, binary
from tests.fakes.mailbox import Mailbox
from tests.fakes.smtp import SMTP_PASSWORD, SMTP_USER, start_smtp


@pytest.fixture
def dovecot(tmp_path):
    if binary() is None:
        pytest.fail("dovecot is not installed (make test installs dovecot-imapd)")
    server = Dovecot(tmp_path / "dovecot")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(dovecot) -> Mailbox:
    return Mailbox(dovecot)


@pytest.fixture
async def smtp():
    server, recorder, port = await start_smtp()
    recorder.port = port
    yield recorder
    server.close()
    await server.wait_closed()


@pytest.fixture
def mail_settings(settings, dovecot, smtp):
    return settings.model_copy(update=dict(
        imap_host=dovecot.host, imap_port=dovecot.port, imap_user=USER, imap_password=PASSWORD, imap_ssl=False,
        smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_user=SMTP_USER, smtp_password=SMTP_PASSWORD,
        smtp_starttls=False, email_from="Invoice Bot <bot@example.test>", email_poll_seconds=3600.0))

