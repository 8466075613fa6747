"""A mailbox without IDLE (the channel polls the folder instead), and one that refuses the login."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from bot import bootstrap
from tests.channels.test_email import ALICE, running
from tests.fakes.mailbox import mail, text_of


@pytest.fixture
def dovecot_conf() -> str:
    return "imap_capability = IMAP4rev1 LITERAL+ SASL-IR UIDPLUS MOVE\n"


async def test_without_idle_the_folder_is_polled(mail_settings, mailbox, smtp):
    settings = mail_settings.model_copy(update=dict(email_poll_seconds=0.2))
    async with running(settings) as (app, channel):
        mailbox.append(mail(ALICE, "Status", "/status"))
        mailbox.append(mail("hans@client.test", "Status", "/status", headers={"Content-Language": "de-DE"}))
        answer, german = await smtp.wait_for(2)
        assert text_of(answer).strip() == "No files in progress."
        assert text_of(german).strip() == "Keine Dateien in Arbeit."  # Outlook says which language it writes
        assert channel.mode == "poll" and not channel.idling.is_set()


async def test_a_refused_login_is_logged_plainly_and_retried(mail_settings, caplog):
    settings = mail_settings.model_copy(update=dict(imap_password="wrong-password"))
    channel = bootstrap.email_channel(settings)
    channel.config = dataclasses.replace(channel.config, backoff=(0.05, 0.1))
    app = bootstrap.build(settings, [channel])
    await channel.start(app.conversation)
    try:
        async with asyncio.timeout(30):
            while sum("refused the IMAP user name or password" in r.getMessage() + str(getattr(r, "data", ""))
                      for r in caplog.records) < 2:
                await asyncio.sleep(0.05)
    finally:
        await channel.stop()
    assert not channel.connected.is_set()
    assert "wrong-password" not in caplog.text


async def test_a_refused_smtp_login_is_logged_and_the_mail_not_read_again(mail_settings, mailbox, smtp, caplog):
    settings = mail_settings.model_copy(update=dict(smtp_password="wrong-smtp-password", email_poll_seconds=0.2))
    async with running(settings) as (app, channel):
        mailbox.append(mail(ALICE, "Status", "/status"))
        async with asyncio.timeout(60):
            while "the answer to a mail could not be sent" not in caplog.text:
                await asyncio.sleep(0.05)
            while "\\Seen" not in mailbox.flags().get(1, ""):
                await asyncio.sleep(0.05)
        assert channel.connected.is_set()  # intake goes on
    assert smtp.mails == []
    assert "wrong-smtp-password" not in caplog.text
