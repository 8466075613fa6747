"""The Slack channel end to end: Bolt's real request handling behind the web server, the real
AsyncWebClient against a recording fake Web API, signed requests as Slack sends them."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import logging
import time

import aiohttp
import openpyxl
import pytest

from bot import bootstrap, cli, web
from bot.bootstrap import WorkSpec
from core.chat import JobInfo
from core.errors import ConfigError
from storage.blobs import FileBlobStore
from tests.channels.slack_kit import (
    CHANNEL,
    DM,
    SECRET,
    TOKEN,
    USER,
    Slack,
    button_press,
    command_fields,
    event_body,
    file_share,
    message,
    running,
    view_submission,
)
from tests.docgen import invoice_pdf
from tests.fakes import work
from tests.fakes.slack_api import TEAM, FakeSlackApi

FAST = WorkSpec(run=work.ok, init=work.init)  # the worker double: structure, not extraction quality


@pytest.fixture
async def api():
    fake = await FakeSlackApi("xoxb-test-token").start()
    yield fake
    await fake.close()


def blocks_of(call) -> list[dict]:
    value = call.params.get("blocks")
    return json.loads(value) if isinstance(value, str) else (value or [])


def with_buttons(api: FakeSlackApi) -> list:
    return [c for c in api.posts() if any(b["type"] == "actions" for b in blocks_of(c))]


async def test_command_modal_upload_thread_summary_correction_confirm_workbook(settings, api):
    async with running(settings, api) as slack:
        status, body = await slack.command("")
        assert (status, body) == (200, "")
        [opened] = api.of("views.open")
        view = opened.params["view"]  # views.open sends JSON
        assert view["blocks"][0]["element"]["type"] == "file_input"
        meta = json.loads(view["private_metadata"])
        assert (meta["team"], meta["channel"]) == (TEAM, CHANNEL) and "/hooks/" in meta["response_url"]

        pdf = api.add_file("invoice <May>.pdf", invoice_pdf("en"))
        status, _ = await slack.interaction(view_submission(view, [pdf]))
        assert status == 200
        [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
        root, ack = api.posts()[:2]
        assert root.params["channel"] == CHANNEL and "thread_ts" not in root.params
        assert blocks_of(root)[0]["text"]["text"] == f"📄 invoice &lt;May&gt;.pdf (from <@{USER}>)"
        thread = root.result["ts"]
        assert ack.params["thread_ts"] == thread and ack.params["text"].startswith("Got it: invoice &lt;May&gt;.pdf")
        assert [d.token for d in api.of("download")] == ["xoxb-test-token"]
        updates = [u for u in api.of("chat.update") if u.params["ts"] == ack.result["ts"]]
        assert any("Reading page 1/1" in u.params["text"] for u in updates)
        assert summary.params["thread_ts"] == thread
        actions = [b for b in blocks_of(summary) if b["type"] == "actions"][0]
        assert [e["action_id"] for e in actions["elements"]] == ["confirm", "cancel", "fields"]

        status, _ = await slack.event(message("total 137.50\nvendor <b>Tom & Jerry</b>", CHANNEL, thread_ts=thread))
        assert status == 200
        updated = await api.wait(lambda a: [c for c in with_buttons(a) if "Updated" in c.params["text"]],
                                 "the updated summary")
        text = " ".join(b["text"]["text"] for b in blocks_of(updated[0]) if b["type"] == "section")
        assert "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;" in text and "<b>" not in text  # escaped for mrkdwn
        assert updated[0].params["thread_ts"] == thread

        status, _ = await slack.interaction(button_press(updated[0], "confirm"))
        assert status == 200
        [done] = await api.wait(lambda a: a.of("files.completeUploadExternal"), "the workbook")
        assert done.params["channel_id"] == CHANNEL and done.params["thread_ts"] == thread
        assert done.params["initial_comment"].startswith("Stored invoice #1. Your workbook: invoices-")
        assert str(settings.data_dir) not in done.params["initial_comment"]
        [data] = api.uploads.values()
        ws = openpyxl.load_workbook(io.BytesIO(data))["Invoices"]
        row = {h.value: c.value for h, c in zip(ws[1], ws[2], strict=True)}
        assert row["Total"] == 137.5 and row["Vendor"] == "<b>Tom & Jerry</b>"
        dropped = [u for u in api.of("chat.update") if u.params["ts"] == updated[0].result["ts"]]
        assert dropped and not any(b["type"] == "actions" for b in blocks_of(dropped[0]))
    [job] = slack.app.store.jobs(f"slack:{TEAM}:{CHANNEL}", ("confirmed",))
    assert job.filename.startswith("invoice")


async def test_file_shared_in_a_dm_is_read_and_answered_in_its_thread(settings, api):
    async with running(settings, api, work=FAST) as slack:
        event = file_share([api.add_file("scan.pdf", invoice_pdf("de"))], DM)
        status, _ = await slack.event(event)
        assert status == 200
        [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
        assert summary.params["channel"] == DM and summary.params["thread_ts"] == event["ts"]
        await slack.event(message("confirm", DM))  # in a DM, plain text needs no thread
        await api.wait(lambda a: a.of("files.completeUploadExternal"), "the workbook")
        [dropped] = [u for u in api.of("chat.update") if u.params["ts"] == summary.result["ts"]]
        assert [b["type"] for b in blocks_of(dropped)][-1] == "context"  # confirmed by text: buttons gone too
        assert blocks_of(dropped)[-1]["elements"][0]["text"] == "Stored invoice #1"
    assert len(slack.app.store.invoices(f"slack:{TEAM}:{DM}")) == 1


async def test_bad_signature_and_stale_timestamp_are_refused(settings, api):
    async with running(settings, api, work=FAST) as slack:
        status, _ = await slack.command("", secret="not-the-secret")
        assert status == 401
        status, _ = await slack.command("", timestamp=int(time.time()) - 11 * 60)
        assert status == 401
        status, _ = await slack.event(file_share([api.add_file("a.pdf", b"%PDF-1.4")]), secret="wrong")
        assert status == 401
        assert api.of("views.open") == [] and api.of("download") == []
        status, _ = await slack.command("")  # the same request signed properly is taken
        assert status == 200 and len(api.of("views.open")) == 1


async def test_a_retried_event_creates_no_second_job(settings, api):
    async with running(settings, api, work=FAST) as slack:
        event = file_share([api.add_file("scan.pdf", invoice_pdf("en"))], DM)
        await slack.event(event, event_id="Ev0RETRY")
        await api.wait(lambda a: with_buttons(a), "the summary")
        status, _ = await slack.event(event, event_id="Ev0RETRY",
                                      headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
        assert status == 200
        status, _ = await slack.event(event)  # the same message in a new envelope: same files, still once
        assert status == 200
        assert len(api.of("download")) == 1
        assert len(slack.app.store.jobs(f"slack:{TEAM}:{DM}", ("awaiting_review",))) == 1


async def test_a_login_page_instead_of_the_file_is_an_error_not_a_document(settings, api):
    async with running(settings, api, work=FAST) as slack:
        event = file_share([api.add_file("invoice.pdf", invoice_pdf("en"), html=True)], DM)
        await slack.event(event)
        [answer] = await api.wait(lambda a: [c for c in a.posts() if "could not fetch" in c.params["text"]],
                                  "the answer")
        assert answer.params["thread_ts"] == event["ts"]
        assert "web page instead of invoice.pdf" in answer.params["text"]
        assert slack.app.store.jobs(f"slack:{TEAM}:{DM}", ("queued", "running", "awaiting_review")) == []


async def test_rate_limit_answers_are_waited_out(settings, api):
    async with running(settings, api, work=FAST) as slack:
        api.fail_once("download", retry_after=0)
        api.fail_once("chat.postMessage", retry_after=0)
        await slack.event(file_share([api.add_file("scan.pdf", invoice_pdf("en"))], DM))
        [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
        assert len(api.of("download")) == 2
        first, second = api.of("chat.postMessage")[:2]
        assert first.result is None and second.result is not None  # the 429'd post was sent again
        assert first.params["text"] == second.params["text"] and second.params["text"].startswith("Got it:")
        assert len(slack.app.store.jobs(f"slack:{TEAM}:{DM}", ("awaiting_review",))) == 1


async def test_invoice_export_help_and_list_subcommands(settings, api):
    async with running(settings, api, work=FAST) as slack:
        await slack.event(file_share([api.add_file("scan.pdf", invoice_pdf("en"))], DM))
        [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
        await slack.interaction(button_press(summary, "confirm", channel=DM))
        await api.wait(lambda a: a.of("files.completeUploadExternal"), "the workbook")

        status, body = await slack.command("list", channel=DM)
        assert (status, body) == (200, "")
        [listed] = await api.wait(lambda a: [c for c in a.posts() if c.params["text"].startswith("Recent invoices:")],
                                  "the list")
        assert listed.params["text"].split("\n")[1].startswith("#1 ") and "thread_ts" not in listed.params
        await slack.command("export all", channel=DM)
        exports = await api.wait(lambda a: a.of("files.completeUploadExternal")[1:], "the export")
        assert exports[0].params["initial_comment"].startswith("Workbook with 1 invoices: export-")
        assert "thread_ts" not in exports[0].params
        assert len(api.uploads) == 2
        await slack.command("help", channel=DM)
        await api.wait(lambda a: [c for c in a.posts() if "Send a PDF or a photo" in c.params["text"]], "help")
        assert api.of("views.open") == []  # subcommands open no modal


async def test_url_verification_is_answered_with_the_challenge(settings, api):
    async with running(settings, api, work=FAST) as slack:
        body = json.dumps({"token": "x", "challenge": "c-42", "type": "url_verification"})
        status, text = await slack.post(body, "application/json")
        assert status == 200 and json.loads(text) == {"challenge": "c-42"}


async def test_every_channel_is_its_own_tenant(settings, api):
    async with running(settings, api, work=FAST) as slack:
        await slack.event(file_share([api.add_file("a.pdf", invoice_pdf("en"))], CHANNEL))
        [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
        await slack.interaction(button_press(summary, "confirm"))
        await api.wait(lambda a: a.of("files.completeUploadExternal"), "the workbook")
        await slack.command("list", channel="C0OTHER")
        [other] = await api.wait(lambda a: [c for c in a.posts() if c.params["channel"] == "C0OTHER"], "the list")
        assert other.params["text"] == "No invoices stored yet."
    assert len(slack.app.store.invoices(f"slack:{TEAM}:{CHANNEL}")) == 1
    assert slack.app.store.invoices(f"slack:{TEAM}:C0OTHER") == []


async def test_plain_channel_messages_outside_a_review_thread_are_ignored(settings, api):
    async with running(settings, api, work=FAST) as slack:
        await slack.event(message("total 12.00", CHANNEL))
        await slack.event(message("total 12.00", CHANNEL, thread_ts="1600000000.0001"))
        await slack.command("status", channel=CHANNEL)  # answered: everything before it was handled
        await api.wait(lambda a: a.posts(), "the status")
        assert [c.params["text"] for c in api.posts()] == ["No files in progress."]


async def test_outside_a_channel_the_command_is_answered_through_its_response_url(settings, api):
    api.outside.add("C0STRANGER")
    async with running(settings, api, work=FAST) as slack:
        await slack.command("help", channel="C0STRANGER")
        [answer] = await api.wait(lambda a: a.of("response_url"), "the answer")
        assert answer.params["response_type"] == "ephemeral" and "Send a PDF or a photo" in answer.params["text"]

        await slack.command("", channel="C0STRANGER")
        [opened] = api.of("views.open")
        view = opened.params["view"]
        await slack.interaction(view_submission(view, [api.add_file("a.pdf", invoice_pdf("en"))]))
        note = await api.wait(lambda a: a.of("response_url")[1:], "the note")
        assert note[0].params["text"].startswith("a.pdf: I am not a member of this channel")
        assert api.of("download") == []  # nothing is read where no answer could be posted


async def test_socket_mode_takes_commands_and_events_over_the_websocket(settings, api):
    s = settings.model_copy(update={"slack_bot_token": TOKEN, "slack_app_token": api.app_token,
                                    "slack_api_url": f"{api.url}/api/"})
    channel = bootstrap.slack(s)
    assert not channel.serves_http
    assert not [r for r in web.make_app([channel]).router.routes() if r.resource.canonical.startswith("/slack")]
    app = bootstrap.build(s, [channel], work=FAST)
    async with app.runner:
        await channel.start(app.conversation)
        try:
            await api.wait(lambda a: a.sockets, "the socket")
            await api.envelope("slash_commands", command_fields("", DM, f"{api.url}/hooks/1"), "env-1")
            await api.wait(lambda a: a.of("views.open"), "the modal")
            event = file_share([api.add_file("scan.pdf", invoice_pdf("en"))], DM)
            await api.envelope("events_api", event_body(event), "env-2")
            [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
            assert summary.params["thread_ts"] == event["ts"]
            acks = await api.wait(lambda a: len(a.of("socket_ack")) >= 2 and a.of("socket_ack"), "the acks")
            assert sorted(c.params["envelope_id"] for c in acks) == ["env-1", "env-2"]
        finally:
            await channel.stop()
    assert {c.token for c in api.of("apps.connections.open")} == {api.app_token}


def button_job(call) -> str:
    return [e for b in blocks_of(call) if b["type"] == "actions" for e in b["elements"]][0]["value"]


async def test_several_files_in_one_message_share_a_thread_and_replies_go_to_the_open_review(settings, api,
                                                                                              caplog):
    caplog.set_level(logging.INFO)
    async with running(settings, api, work=FAST) as slack:
        event = file_share([api.add_file("a.pdf", invoice_pdf("en", number="A-1")),
                            api.add_file("b.pdf", invoice_pdf("en", number="B-2"))], CHANNEL)
        await slack.event(event)
        first, second = await api.wait(lambda a: len(with_buttons(a)) == 2 and with_buttons(a), "two summaries")
        assert first.params["thread_ts"] == second.params["thread_ts"] == event["ts"]
        assert button_job(first) != button_job(second)

        await slack.interaction(button_press(second, "cancel"))
        await api.wait(lambda a: [c for c in a.posts() if c.params["text"].startswith("Cancelled")], "cancelled")
        await slack.event(message("total 5.00", CHANNEL, thread_ts=event["ts"]))
        [updated] = await api.wait(lambda a: [c for c in with_buttons(a) if "Updated" in c.params["text"]],
                                   "the updated summary")
        assert button_job(updated) == button_job(first)  # the review still open in that thread
    assert not [r for r in caplog.records if TOKEN in r.getMessage()]


async def test_a_token_slack_refuses_stops_the_start_with_a_plain_reason(settings, api):
    s = settings.model_copy(update={"slack_bot_token": "xoxb-revoked", "slack_signing_secret": "s",
                                    "slack_api_url": f"{api.url}/api/"})
    channel = bootstrap.slack(s)
    with pytest.raises(ConfigError, match="check SLACK_BOT_TOKEN"):
        await channel.start(bootstrap.build(s, [channel], work=FAST).conversation)
    await channel.stop()


async def test_run_serves_the_slack_endpoints_without_the_web_command(settings, api):
    s = settings.model_copy(update={"slack_bot_token": TOKEN, "slack_signing_secret": SECRET,
                                    "slack_api_url": f"{api.url}/api/", "web_host": "127.0.0.1", "web_port": 0})
    [channel] = bootstrap.chat_channels(s)
    app = bootstrap.build(s, [channel], work=FAST)
    stop, ready = asyncio.Event(), asyncio.get_running_loop().create_future()
    service = asyncio.create_task(bootstrap.run_service(app, web=False, stop=stop, ready=ready))
    try:
        url = await ready
        assert url is not None
        async with aiohttp.ClientSession() as session:
            slack = Slack(app, url, session, api.url)
            status, text = await slack.post(json.dumps({"type": "url_verification", "challenge": "c-7"}),
                                            "application/json")
        assert (status, json.loads(text)) == (200, {"challenge": "c-7"})
    finally:
        stop.set()
        await service
    assert "slack" in cli.SERVED


async def test_a_job_resumed_after_a_restart_gets_a_new_thread(settings, api):
    data = invoice_pdf("en", number="R-9")

    def left_over(app) -> None:
        sha = hashlib.sha256(data).hexdigest()
        path = FileBlobStore(settings.data_dir).put(data, sha)
        app.store.add_job(JobInfo(id="job-left-over", tenant=f"slack:{TEAM}:{CHANNEL}", channel="slack",
                                  state="running", sha256=sha, blob_path=str(path), filename="r.pdf"))

    async with running(settings, api, work=FAST, prepare=left_over) as slack:
        [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
        first = api.posts()[0]
        assert "thread_ts" not in first.params and first.params["text"].startswith("Reading page 1/1")
        assert summary.params["thread_ts"] == first.result["ts"] and button_job(summary) == "job-left-over"
        await slack.event(message("total 3.00", CHANNEL, thread_ts=first.result["ts"]))
        [updated] = await api.wait(lambda a: [c for c in with_buttons(a) if "Updated" in c.params["text"]],
                                   "the updated summary")
        assert updated.params["thread_ts"] == first.result["ts"]


async def test_replies_are_in_the_language_the_user_set_in_slack(settings, api):
    api.locales[USER] = "de-DE"
    async with running(settings, api, work=FAST) as slack:
        await slack.event(file_share([api.add_file("rechnung.pdf", invoice_pdf("de"))], DM))
        await api.wait(lambda a: with_buttons(a), "the summary")
        assert api.posts()[0].params["text"].startswith("Erhalten: rechnung.pdf.")
        await slack.command("list", channel=DM)
        await api.wait(lambda a: [c for c in a.posts() if c.params["text"] == "Noch keine Rechnungen gespeichert."],
                       "the list in German")
    assert len(api.of("users.info")) == 1  # asked once per user


async def test_all_fields_button_and_a_flaky_download(settings, api):
    async with running(settings, api, work=FAST) as slack:
        api.fail_once("download", retry_after=-1)
        event = file_share([api.add_file("scan.pdf", invoice_pdf("en"))], CHANNEL)
        await slack.event(event)
        [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
        assert len(api.of("download")) == 2  # the 502 was retried
        await slack.interaction(button_press(summary, "fields"))
        [fields] = await api.wait(lambda a: [c for c in a.posts() if c.params["text"].startswith("All fields:")],
                                  "all fields")
        assert fields.params["thread_ts"] == event["ts"]
        assert [e["action_id"] for b in blocks_of(fields) if b["type"] == "actions" for e in b["elements"]] == [
            "confirm", "cancel"]
        assert not [u for u in api.of("chat.update") if u.params["ts"] == summary.result["ts"]]  # buttons stay


async def test_modal_files_without_addresses_are_looked_up_with_files_info(settings, api):
    async with running(settings, api, work=FAST) as slack:
        await slack.command("upload", channel=CHANNEL)
        [opened] = api.of("views.open")
        stored = api.add_file("bare.pdf", invoice_pdf("en"))
        await slack.interaction(view_submission(opened.params["view"], [{"id": stored["id"], "name": "bare.pdf"}]))
        await api.wait(lambda a: with_buttons(a), "the summary")
        assert [c.params["file"] for c in api.of("files.info")] == [stored["id"]]
        assert len(api.of("download")) == 1


async def test_a_file_over_the_limit_is_answered_not_downloaded(settings, api):
    async with running(settings, api, work=FAST, max_bytes=1000) as slack:
        event = file_share([api.add_file("big.pdf", invoice_pdf("en"))], DM)
        await slack.event(event)
        [answer] = await api.wait(lambda a: [c for c in a.posts() if "too large" in c.params["text"]], "the answer")
        assert answer.params["thread_ts"] == event["ts"] and api.of("download") == []
