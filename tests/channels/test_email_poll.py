"""A mailbox without IDLE: the channel polls the folder instead."""

from __future__ import annotations

import pytest

from tests.channels.test_email import ALICE, running
from tests.fakes.mailbox import mail, text_of


@pytest.fixture
def dovecot_conf() -> str:
    return "imap_capability = IMAP4rev1 LITERAL+ SASL-IR UIDPLUS MOVE\n"


async def test_without_idle_the_folder_is_polled(mail_settings, mailbox, smtp):
    settings = mail_settings.model_copy(update=dict(email_poll_seconds=0.2))
    async with running(settings) as (app, channel):
        mailbox.append(mail(ALICE, "Status", "/status"))
        [answer] = await smtp.wait_for(1)
        assert text_of(answer).strip() == "No files in progress."
        assert channel.mode == "poll" and not channel.idling.is_set()
