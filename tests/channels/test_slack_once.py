"""Each signed Slack request is handled once: the same request sent again within the five minutes its
signature is valid is answered and ignored, in this process, another one, or after a restart."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest
import sqlalchemy

from channels.slack_guard import Replays
from storage.db import make_engine
from storage.inbox import SqlInbox
from tests.channels.slack_kit import DM, TOKEN, command_fields, file_share, message, running
from tests.channels.test_slack import FAST, with_buttons
from tests.docgen import invoice_pdf
from tests.fakes.slack_api import TEAM, FakeSlackApi

TENANT = f"slack:{TEAM}:{DM}"


@pytest.fixture
async def api():
    fake = await FakeSlackApi(TOKEN).start()
    yield fake
    await fake.close()


def answers(api: FakeSlackApi, start: str) -> list:
    return [c for c in api.posts() if c.params.get("text", "").startswith(start)]


async def test_a_signed_command_sent_three_times_undoes_one_invoice(settings, api):
    async with running(settings, api, work=FAST) as slack:
        for n in (1, 2):
            await slack.event(file_share([api.add_file(f"inv-{n}.pdf", invoice_pdf("en", number=f"INV-{n}"))], DM))
            await api.wait(lambda a, n=n: len(with_buttons(a)) == n, f"summary {n}")
            await slack.event(message("confirm", DM))
            await api.wait(lambda a, n=n: len(a.of("files.completeUploadExternal")) == n, f"workbook {n}")
        assert len(slack.app.store.invoices(TENANT)) == 2

        body = urlencode(command_fields("undo", DM, f"{api.url}/hooks/undo"))
        ts = int(time.time())
        for _ in range(3):  # one signed request, sent three times within the signature's five minutes
            assert await slack.post(body, "application/x-www-form-urlencoded", path="/slack/commands",
                                    timestamp=ts) == (200, "")
        await slack.command("status", DM)  # answered after anything sent before it in this channel
        await api.wait(lambda a: answers(a, "No files in progress"), "the status")
        undone = [c.params["text"].split("\n")[0] for c in answers(api, "Invoice #")]
        assert undone == ["Invoice #2 is back in review (removed from the ledger)."]
        assert len(slack.app.store.invoices(TENANT)) == 1


async def test_signatures_are_remembered_in_the_database_while_they_are_valid(settings):
    now = [time.time()]
    inbox = SqlInbox(make_engine(settings.database_url))
    one, other = Replays(clock=lambda: now[0]), Replays(clock=lambda: now[0])  # two web processes
    one.inbox = other.inbox = inbox
    ts = str(int(now[0]))
    assert await one.first("v0=abc", ts)
    assert not await other.first("v0=abc", ts)
    assert await other.first("v0=def", ts)
    now[0] += Replays.VALID + Replays.SWEEP_EVERY + 1  # too old to be taken by Bolt any more: forgotten
    assert await one.first("v0=ghi", str(int(now[0])))
    assert [p for p in inbox.pending(Replays.CHANNEL)] == [f'{{"key": "v0=ghi", "ts": "{int(now[0])}"}}']


async def test_an_event_that_could_not_be_kept_gets_an_error_and_its_retry_is_taken(settings, api):
    async with running(settings, api, work=FAST) as slack:
        with slack.app.store.engine.begin() as conn:  # the database refuses the event's row, and only that
            conn.execute(sqlalchemy.text("CREATE TRIGGER away BEFORE INSERT ON inbox WHEN NEW.channel = 'slack' "
                                         "BEGIN SELECT abs(-9223372036854775808); END"))
        event = file_share([api.add_file("scan.pdf", invoice_pdf("en"))], DM)
        status, _ = await slack.event(event, event_id="Ev0AWAY")
        assert status != 200 and api.of("download") == []  # no answer Slack would take as delivered
        with slack.app.store.engine.begin() as conn:
            conn.execute(sqlalchemy.text("DROP TRIGGER away"))
        status, _ = await slack.event(event, event_id="Ev0AWAY", headers={"X-Slack-Retry-Num": "1"})
        assert status == 200
        await api.wait(lambda a: with_buttons(a), "the summary", limit=30)
        assert len(api.of("download")) == 1
