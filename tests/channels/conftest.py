"""Fixtures for the email channel: a real Dovecot and a recording aiosmtpd server on loopback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.fakes.dovecot import PASSWORD, USER, Dovecot, binary
from tests.fakes.env import clean_loop_env  # noqa: F401
from tests.fakes.mailbox import Mailbox
from tests.fakes.smtp import SMTP_PASSWORD, SMTP_USER, start_smtp


@pytest.fixture
def dovecot_conf() -> str:
    """Extra Dovecot settings; a test overrides this fixture (e.g. to switch IDLE off)."""
    return ""


@pytest.fixture
def dovecot_tls() -> bool:
    """IMAP over TLS with a self-signed certificate; a test overrides this fixture to switch it on."""
    return False


@pytest.fixture
def dovecot(dovecot_conf, dovecot_tls):
    if binary() is None:
        pytest.fail("dovecot is not installed (make test installs dovecot-imapd)")
    # not under pytest's base temp dir: a concurrent pytest run resets that to mode 0700, and Dovecot's
    # processes (running as other users) then cannot reach the mailbox any more
    root = Path(tempfile.mkdtemp(prefix="invoicebot-dovecot-"))
    server = Dovecot(root, dovecot_conf, tls=dovecot_tls)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


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

