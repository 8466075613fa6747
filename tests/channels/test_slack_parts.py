"""The Slack channel's plain parts: mrkdwn escaping, Block Kit summaries, which files are taken, token hosts."""

from __future__ import annotations

import asyncio

import pytest

from bot import bootstrap
from channels import slack_blocks as blocks
from channels import slack_intake as intake
from channels.slack_guard import Guard
from core.errors import ConfigError


def test_escape_only_touches_mrkdwn_control_characters():
    assert blocks.escape("<@U1> & <!channel> *bold*") == "&lt;@U1&gt; &amp; &lt;!channel&gt; *bold*"


def test_summary_sets_flagged_fields_apart_and_carries_the_job_on_its_buttons():
    text = "Invoice 17 from <ACME>\nPlease check:\n• total: lines sum 100.00 but printed 191.00\n• due_date: ?\nReply..."
    out = blocks.summary_blocks(text, (("Confirm", "confirm"), ("Cancel", "cancel"), ("All", "/fields")), "job1")
    sections = [b["text"]["text"] for b in out if b["type"] == "section"]
    assert sections == ["Invoice 17 from &lt;ACME&gt;\nPlease check:",
                        ":warning: total: lines sum 100.00 but printed 191.00\n:warning: due_date: ?", "Reply..."]
    [actions] = [b for b in out if b["type"] == "actions"]
    assert [(e["action_id"], e["value"], e.get("style")) for e in actions["elements"]] == [
        ("confirm", "job1", "primary"), ("cancel", "job1", "danger"), ("fields", "job1", None)]
    after = blocks.without_actions(out, "Confirmed by <@U1>")
    assert [b["type"] for b in after] == ["section", "section", "section", "context"]


def test_long_texts_are_split_into_sections_that_fit():
    out = blocks.text_blocks("\n".join(f"line {i} " + "x" * 90 for i in range(100)))
    assert len(out) > 1 and all(len(b["text"]["text"]) <= blocks.SECTION_LIMIT for b in out)


def test_only_user_messages_with_hosted_files_are_taken():
    hosted = {"id": "F1", "name": "a.pdf", "size": 10, "url_private": "https://files.slack.com/a.pdf"}
    external = {"id": "F2", "name": "b.pdf", "mode": "external", "url_private": "https://drive.example/b"}
    gone = {"id": "F3", "mode": "tombstone"}
    assert [r.id for r in intake.files_of({"subtype": "file_share", "files": [hosted, external, gone]})] == ["F1"]
    assert intake.files_of({"subtype": "message_changed", "files": [hosted]}) == []
    assert intake.files_of({"bot_id": "B1", "files": [hosted]}) == []
    notes = {"id": "F4", "name": "notes.docx", "filetype": "docx", "url_private": "https://files.slack.com/n"}
    shared = {"subtype": "file_share", "files": [hosted, notes]}
    assert [r.id for r in intake.files_of(shared)] == ["F1", "F4"]  # a DM: the pipeline answers for the docx
    assert [r.id for r in intake.files_of(shared, ("pdf", "png"))] == ["F1"]  # a channel: only what may be one


def test_the_bot_token_goes_only_to_slack_hosts():
    api = "https://slack.com/api/"
    assert intake.trusted("https://files.slack.com/files-pri/T-F/a.pdf", api)
    assert not intake.trusted("https://files.slack.com.evil.example/a.pdf", api)
    assert intake.trusted("http://127.0.0.1:9/files-pri/a", "http://127.0.0.1:9/api/")


def test_http_mode_needs_the_signing_secret(settings):
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        bootstrap.slack(settings.model_copy(update={"slack_bot_token": "xoxb-1"}))
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        bootstrap.slack(settings.model_copy(update={"slack_bot_token": "xoxb-1", "slack_app_token": "xoxb-2"}))


async def test_the_guard_takes_each_key_once_and_serves_a_tenant_in_order():
    guard = Guard(remember=2)
    assert [guard.first(k) for k in ("e1", "e1", "e2", "e3", "e1")] == [True, False, True, True, True]
    order: list[str] = []
    gate = asyncio.Event()

    async def work(name: str, wait: bool) -> None:
        async with guard.serial("slack:T:C"):
            if wait:
                await gate.wait()
            order.append(name)

    first = asyncio.create_task(work("upload", True))
    await asyncio.sleep(0)
    second = asyncio.create_task(work("correction", False))
    await asyncio.sleep(0)
    assert order == [] and guard.tenants_waiting() == 1
    gate.set()
    await asyncio.gather(first, second)
    assert order == ["upload", "correction"] and guard.tenants_waiting() == 0
