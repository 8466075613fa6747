"""The Telegram channel end to end: the real python-telegram-bot client against a recording fake Bot API."""

from __future__ import annotations

import asyncio
import io
import logging

import aiohttp
import openpyxl
import pytest
import sqlalchemy

from bot import bootstrap
from bot.bootstrap import WorkSpec
from bot.web import SECRET_HEADER
from channels.telegram_intake import BOT_API_DOWNLOAD_LIMIT
from storage.inbox import SqlInbox
from tests.channels.telegram_kit import (
    CHAT,
    TOKEN,
    USER,
    bot_message,
    button,
    document,
    invoice_photo,
    message,
    photo,
    running,
    text,
)
from tests.fakes import work
from tests.fakes.docs import invoice_pdf
from tests.fakes.telegram_api import FakeBotApi


@pytest.fixture
async def api():
    fake = await FakeBotApi().start()
    yield fake
    await fake.close()


def with_buttons(api: FakeBotApi) -> list:
    return [c for c in api.of("sendMessage") if c.params.get("reply_markup")]


async def test_photo_ack_progress_summary_correction_confirm_workbook(settings, api):
    async with running(settings, api):
        upload = photo(api, invoice_photo())
        api.push(upload)
        [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
        ack = api.of("sendMessage")[0]
        assert ack.params["text"].startswith("Got it: photo-") and "Place in the queue: 1" in ack.params["text"]
        assert ack.params["reply_parameters"]["message_id"] == upload["message"]["message_id"]
        edits = api.of("editMessageText")
        assert edits and all(e.params["message_id"] == ack.result["message_id"] for e in edits)
        assert any("Reading page 1/1" in e.params["text"] for e in edits)
        assert summary.params["parse_mode"] == "HTML"
        keyboard = summary.params["reply_markup"]["inline_keyboard"]
        labels = [b["text"] for row in keyboard for b in row]
        assert labels == ["✅ Confirm", "✖ Cancel", "All fields"]
        job_id = keyboard[0][0]["callback_data"].split("|")[1]

        api.push(text("total 137.50\nnet 115.55\ntax 21.95\ncurrency EUR\nvendor <b>Tom & Jerry</b>",
                      reply_to=bot_message(summary)))
        updated = await api.wait(lambda a: [c for c in with_buttons(a)[1:] if "Updated" in c.params["text"]],
                                 "the updated summary")
        body = updated[0].params["text"]
        assert "Updated: total, subtotal, tax_total, currency, vendor_name." in body
        assert "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;" in body and "<b>" not in body  # escaped for HTML

        api.push(button(f"confirm|{job_id}", bot_message(updated[0])))
        [doc] = await api.wait(lambda a: a.of("sendDocument"), "the workbook")
        assert doc.params["caption"].startswith("Stored invoice #1. Your workbook: invoices-")
        assert str(settings.data_dir) not in doc.params["caption"]  # no server paths in the chat
        book = openpyxl.load_workbook(io.BytesIO(doc.files["document"]))
        ws = book["Invoices"]
        row = {h.value: c.value for h, c in zip(ws[1], ws[2], strict=True)}
        assert row["Total"] == 137.5 and row["Vendor"] == "<b>Tom & Jerry</b>"
        assert api.of("answerCallbackQuery")
        await api.wait(lambda a: a.of("editMessageReplyMarkup"), "the buttons removed")
    commands = api.of("setMyCommands")[0].params["commands"]
    assert [c["command"] for c in commands] == ["start", "help", "list", "export", "undo", "status"]
    assert CHAT in {c.params.get("chat_id") for c in api.of("sendMessage")}


FAST = WorkSpec(run=work.ok, init=work.init)  # the worker double: structure, not extraction quality


def acks(api: FakeBotApi) -> list:
    return [c for c in api.of("sendMessage") if c.params["text"].startswith("Got it:")]


async def test_album_of_photos_is_one_invoice_of_several_pages(settings, api):
    async with running(settings, api) as app:
        group = {"media_group_id": "album-1"}
        first = photo(api, invoice_photo(["ACME GmbH", "Invoice INV-9", "page 1"]), **group)
        second = photo(api, invoice_photo(["ACME GmbH", "Total 119.00 EUR", "page 2"]), **group)
        second["message"]["caption"] = None
        api.push(first)
        api.push(second)
        await api.wait(lambda a: with_buttons(a), "the summary")
        texts = api.texts()
        assert "I read these 2 photos as the pages of one invoice." in texts[0]
        assert [c.params["text"] for c in acks(api)] == [f"Got it: album-{first['message']['message_id']}.pdf. "
                                                         "Place in the queue: 1."]
        assert any("Reading page 2/2" in t for t in texts)
        assert len(api.of("download")) == 2
        [job] = app.store.jobs(f"telegram:{CHAT}", ("awaiting_review",))
        assert job.filename.endswith(".pdf")


async def test_album_of_documents_is_separate_invoices(settings, api, tmp_path):
    async with running(settings, api, work=FAST) as app:
        group = {"media_group_id": "album-2"}
        for i in (1, 2):
            pdf = invoice_pdf(tmp_path / f"{i}.pdf", lines=[f"Invoice {i}"]).read_bytes()
            api.push(document(api, pdf, f"invoice-{i}.pdf", "application/pdf", **group))
        await api.wait(lambda a: len(with_buttons(a)) == 2, "two summaries")
        assert "I read each of these 2 as a separate invoice." in api.texts()[0]
        assert [c.params["text"].split(".")[0] for c in acks(api)] == ["Got it: invoice-1", "Got it: invoice-2"]
        assert len(app.store.jobs(f"telegram:{CHAT}", ("awaiting_review",))) == 2


async def test_pdf_document_all_fields_button_and_cancel(settings, api, tmp_path):
    pdf = invoice_pdf(tmp_path / "rechnung.pdf").read_bytes()
    async with running(settings, api) as app:
        upload = document(api, pdf, "Rechnung <März>.pdf", "application/pdf")
        upload["message"]["forward_origin"] = {"type": "hidden_user", "sender_user_name": "Bob", "date": 1700000000}
        api.push(upload)
        [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
        assert acks(api)[0].params["text"].startswith("Got it: Rechnung &lt;März&gt;.pdf.")
        job_id = summary.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"].split("|")[1]
        api.push(button(f"/fields|{job_id}", bot_message(summary)))
        fields = await api.wait(lambda a: [c for c in a.of("sendMessage") if "All fields:" in c.params["text"]],
                                "all fields")
        body = fields[0].params["text"]
        assert "invoice_number: " in body and "iban: " in body and "document_type: " in body
        api.push(button(f"cancel|{job_id}", bot_message(summary)))
        await api.wait(lambda a: any("Cancelled; nothing was stored." in t for t in a.texts()), "cancelled")
        assert app.store.get_job(job_id).state == "cancelled"
        api.push(button(f"confirm|{job_id}", bot_message(summary)))  # a stale button
        await api.wait(lambda a: any("no longer waiting for review" in t for t in a.texts()), "stale button")
        assert api.of("sendDocument") == []


async def test_heic_sent_as_file_is_accepted(settings, api):
    async with running(settings, api, work=FAST):
        api.push(document(api, b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64, "IMG_0042.HEIC", "application/octet-stream"))
        await api.wait(lambda a: acks(a), "the acknowledgement")
        assert acks(api)[0].params["text"].startswith("Got it: IMG_0042.HEIC.")


async def test_too_large_and_unsupported_files_get_a_plain_answer_without_download(settings, api):
    async with running(settings, api, work=FAST, max_bytes=BOT_API_DOWNLOAD_LIMIT) as app:  # as api.telegram.org
        api.push(document(api, b"%PDF-1.4 tiny", "scan.pdf", "application/pdf", size=25 * 1024 * 1024))
        api.push(document(api, b"PK\x03\x04zip", "invoices.zip", "application/zip"))
        api.push({"message": message(sticker={"file_id": "st", "file_unique_id": "ust", "width": 512,
                                              "height": 512, "is_animated": False, "is_video": False,
                                              "type": "regular"})})
        await api.wait(lambda a: len(a.of("sendMessage")) == 3, "three answers")
        large, zipped, sticker = (c.params["text"] for c in api.of("sendMessage"))
        assert "The file is too large (25 MB; the limit is 20 MB)" in large
        assert "This file looks like a ZIP archive, not an invoice I can read." in zipped
        assert "Please send the invoice as a photo or as a file" in sticker
        assert api.of("getFile") == [] and api.of("download") == []
        assert app.store.jobs(f"telegram:{CHAT}", ("queued", "running", "awaiting_review")) == []


async def test_allowlist_refuses_politely_once_and_stores_nothing(settings, api):
    async with running(settings, api, work=FAST, env={"telegram_allowed_chats": "1, -1002"}) as app:
        api.push(photo(api, invoice_photo()))
        api.push(text("total 5"))
        api.push(text("/list"))
        api.push(photo(api, invoice_photo(["other"]), chat=1))  # an allowed chat still works
        await api.wait(lambda a: acks(a), "the allowed chat's acknowledgement")
        refusals = [c for c in api.of("sendMessage") if c.params["chat_id"] == CHAT]
        assert [c.params["text"] for c in refusals] == [
            "Sorry, this bot only works in the chats it was set up for. Nothing you send here is stored."]
        assert app.store.jobs(f"telegram:{CHAT}", ("queued", "running", "awaiting_review")) == []
        assert len(api.of("download")) == 1


async def test_duplicate_update_id_is_processed_once(settings, api):
    async with running(settings, api, work=FAST) as app:
        upload = photo(api, invoice_photo())
        api.push(upload)
        api.push(dict(upload))  # Telegram delivering the same update again
        await api.wait(lambda a: with_buttons(a), "the summary")
        api.push(text("/status"))
        await api.wait(lambda a: any("1 invoice(s) waiting for review." in t for t in a.texts()), "the status")
        assert len(acks(api)) == 1 and len(api.of("download")) == 1
        assert len(app.store.jobs(f"telegram:{CHAT}", ("queued", "running", "awaiting_review"))) == 1


async def test_flood_control_and_network_errors_are_retried(settings, api):
    api.fail_once("sendMessage", retry_after=1)
    api.fail_once("getFile")
    api.fail_once("download", status=500)
    async with running(settings, api, work=FAST):
        api.push(photo(api, invoice_photo()))
        await api.wait(lambda a: with_buttons(a), "the summary")
        assert len(api.of("getFile")) == 3 and len(api.of("download")) == 2  # the upload was not lost
        sends = [c.params["text"] for c in api.of("sendMessage")]
        assert sends[0] == sends[1] and sends[0].startswith("Got it:")  # the 429'd message, sent again
        assert len(acks(api)) == 2


async def test_rate_limit_per_chat(settings, api):
    async with running(settings, api, work=FAST, rate_limit=2) as app:
        for _ in range(4):
            api.push(text("/status"))
        api.push(text("/status", chat=77))  # another chat has its own budget
        await api.wait(lambda a: len(a.of("sendMessage")) == 4, "answers")
        by_chat = [(c.params["chat_id"], c.params["text"]) for c in api.of("sendMessage")]
        assert by_chat.count((CHAT, "No files in progress.")) == 2
        assert sum("faster than I can read" in t for _, t in by_chat) == 1
        assert (77, "No files in progress.") in by_chat
        assert app is not None


def job_of(summary) -> str:
    return summary.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"].split("|")[1]


async def test_restart_between_upload_and_confirm_keeps_the_review(settings, api):
    async with running(settings, api, work=FAST):
        api.push(photo(api, invoice_photo()))
        [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
    before = len(api.calls)
    async with running(settings, api, work=FAST) as app:  # a new process: same database, new client
        api.push(text("vendor Nach Neustart GmbH"))
        await api.wait(lambda a: any("Updated: vendor_name." in c.params.get("text", "") for c in a.calls[before:]),
                       "the correction after the restart")
        api.push(button(f"confirm|{job_of(summary)}", bot_message(summary)))
        [doc] = await api.wait(lambda a: a.of("sendDocument"), "the workbook")
        ws = openpyxl.load_workbook(io.BytesIO(doc.files["document"]))["Invoices"]
        row = {h.value: c.value for h, c in zip(ws[1], ws[2], strict=True)}
        assert row["Vendor"] == "Nach Neustart GmbH"
        assert [i.job_id for i in app.store.invoices(f"telegram:{CHAT}")] == [job_of(summary)]


async def test_several_reviews_a_reply_picks_one_plain_text_asks(settings, api, tmp_path):
    async with running(settings, api, work=FAST) as app:
        for i in (1, 2):
            pdf = invoice_pdf(tmp_path / f"{i}.pdf", lines=[f"Invoice {i}"]).read_bytes()
            api.push(document(api, pdf, f"inv-{i}.pdf", "application/pdf"))
            await api.wait(lambda a, i=i: len(with_buttons(a)) == i, f"summary {i}")
        first, second = with_buttons(api)
        api.push(text("total 5"))
        await api.wait(lambda a: any("2 invoices are waiting for review" in t for t in a.texts()), "the question")
        api.push(text("total 12.50", reply_to=bot_message(first)))
        await api.wait(lambda a: any("Updated: total." in t for t in a.texts()), "the correction")
        view = app.conversation.view(app.store.get_job(job_of(first)), None)
        assert str(view.fields["total"].value) == "12.50"
        assert app.conversation.view(app.store.get_job(job_of(second)), None).fields["total"].value is None


async def test_group_answers_in_the_group_as_replies_to_the_asking_message(settings, api, tmp_path):
    group = -100200
    async with running(settings, api, work=FAST):
        upload = document(api, invoice_pdf(tmp_path / "g.pdf").read_bytes(), "g.pdf", "application/pdf", chat=group)
        api.push(upload)
        [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
        assert summary.params["chat_id"] == group
        assert summary.params["reply_parameters"]["message_id"] == upload["message"]["message_id"]
        chatter = text("lunch at noon?", chat=group)  # not a reply to the bot: not a correction
        api.push(chatter)
        api.push(text("/status@someone_elses_bot", chat=group))  # a command for another bot in the group
        ask = text("/status@invoice_test_bot", chat=group)
        api.push(ask)
        [status] = await api.wait(lambda a: [c for c in a.of("sendMessage") if "waiting for review" in c.params["text"]],
                                  "the status")
        assert status.params["reply_parameters"]["message_id"] == ask["message"]["message_id"]
        fix = text("number G-1", chat=group, reply_to=bot_message(summary, chat=group))
        api.push(fix)
        [updated] = await api.wait(lambda a: [c for c in a.of("sendMessage") if "Updated" in c.params["text"]],
                                   "the correction")
        assert updated.params["reply_parameters"]["message_id"] == fix["message"]["message_id"]
        assert sum("waiting for review" in t for t in api.texts()) == 1
        replied_to = {c.params.get("reply_parameters", {}).get("message_id") for c in api.of("sendMessage")}
        assert chatter["message"]["message_id"] not in replied_to


async def test_webhook_rejects_a_wrong_secret_and_accepts_the_right_one(settings, api):
    s = settings.model_copy(update={"telegram_bot_token": TOKEN, "telegram_api_url": api.url, "web_host": "127.0.0.1",
                                    "web_port": 0, "telegram_webhook_url": "https://bot.example.com/hooks/tg",
                                    "telegram_webhook_secret": "s3cret"})
    app = bootstrap.build(s, [bootstrap.telegram(s)], work=FAST)
    stop, ready = asyncio.Event(), asyncio.get_running_loop().create_future()
    service = asyncio.create_task(bootstrap.run_service(app, web=False, stop=stop, ready=ready))
    try:
        url = await ready
        upload = photo(api, invoice_photo())
        upload["update_id"] = 901
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {SECRET_HEADER: "wrong"}):
                async with http.post(f"{url}/hooks/tg", json=upload, headers=headers) as r:
                    assert r.status == 403
            async with http.post(f"{url}/hooks/tg", json=upload, headers={SECRET_HEADER: "s3cret"}) as r:
                assert r.status == 200
            async with http.post(f"{url}/hooks/tg", data=b"{", headers={SECRET_HEADER: "s3cret"}) as r:
                assert r.status == 400
            async with http.get(f"{url}/healthz") as r:
                assert r.status == 200 and (await r.json()) == {"ok": True}
        await api.wait(lambda a: with_buttons(a), "the summary")
        assert len(acks(api)) == 1 and len(api.of("download")) == 1
        [hook] = api.of("setWebhook")
        assert hook.params["url"] == "https://bot.example.com/hooks/tg" and hook.params["secret_token"] == "s3cret"
        assert api.of("deleteWebhook") == []  # no polling in webhook mode
    finally:
        stop.set()
        await service


async def test_webhook_updates_are_kept_until_handled_an_album_until_it_is_read(settings, api):
    s = settings.model_copy(update={"telegram_bot_token": TOKEN, "telegram_api_url": api.url, "web_host": "127.0.0.1",
                                    "web_port": 0, "telegram_webhook_url": "https://bot.example.com/tg",
                                    "telegram_webhook_secret": "s3cret"})
    app = bootstrap.build(s, [bootstrap.telegram(s, album_wait=1.0)], work=FAST)
    inbox = SqlInbox(app.store.engine)
    stop, ready = asyncio.Event(), asyncio.get_running_loop().create_future()
    service = asyncio.create_task(bootstrap.run_service(app, web=False, stop=stop, ready=ready))
    try:
        url = await ready
        group = {"media_group_id": "album-7"}
        album = [photo(api, invoice_photo(["ACME GmbH", f"page {i}"]), **group) for i in (1, 2)]
        for i, update in enumerate(album):
            update["update_id"] = 950 + i
        async with aiohttp.ClientSession() as http:
            for update in [*album, album[0]]:  # the first sent again, as Telegram does without an answer
                async with http.post(f"{url}/tg", json=update, headers={SECRET_HEADER: "s3cret"}) as r:
                    assert r.status == 200
        assert len(inbox.pending("telegram")) == 2  # answered, not yet read: the album waits for its pages
        await api.wait(lambda a: with_buttons(a), "the summary")
        assert inbox.pending("telegram") == []
        assert len(acks(api)) == 1 and len(api.of("download")) == 2
        with app.store.engine.begin() as conn:  # the database fails: no answer Telegram would take as kept
            conn.execute(sqlalchemy.text("DROP TABLE inbox"))
        late = photo(api, invoice_photo())
        late["update_id"] = 960
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{url}/tg", json=late, headers={SECRET_HEADER: "s3cret"}) as r:
                assert r.status == 503
        await asyncio.sleep(0.3)
        assert len(api.of("download")) == 2
    finally:
        stop.set()
        await service


async def test_progress_is_shown_for_long_work_only_at_most_once_per_interval(settings, api):
    async with running(settings, api, work=WorkSpec(run=work.paced, init=work.init), progress_after=0.5):
        quick = document(api, b"%PDF-1.4 quick", "quick.pdf", "application/pdf", chat=CHAT)
        slow = document(api, b"%PDF-1.4 slow", "slow.pdf", "application/pdf", chat=CHAT + 1)
        api.push(quick)
        api.push(slow)
        await api.wait(lambda a: len(with_buttons(a)) == 2, "both summaries")
        await asyncio.sleep(0.8)  # a late edit would come now
        ack = {int(c.params["chat_id"]): c.result["message_id"] for c in acks(api)}
        edits = {chat: [c for c in api.of("editMessageText") if int(c.params["chat_id"]) == chat]
                 for chat in (CHAT, CHAT + 1)}
        assert edits[CHAT] == []  # done within the interval: the summary alone
        assert 1 <= len(edits[CHAT + 1]) <= 2  # two pages, the latest shown when due
        assert all(e.params["message_id"] == ack[CHAT + 1] and "Reading page" in e.params["text"]
                   for e in edits[CHAT + 1])
        summary = next(c for c in with_buttons(api) if int(c.params["chat_id"]) == CHAT + 1)
        assert api.calls.index(edits[CHAT + 1][-1]) < api.calls.index(summary)  # none after the summary


async def test_caption_is_a_hint_applied_to_the_new_review(settings, api, caplog):
    caplog.set_level(logging.DEBUG)
    async with running(settings, api, work=FAST) as app:
        api.push(photo(api, invoice_photo(), caption="ok\nelectricity March\ntotal 99.90"))
        updated = await api.wait(lambda a: [c for c in with_buttons(a) if "Updated: total." in c.params["text"]],
                                 "the caption applied")
        job_id = job_of(updated[0])
        assert str(app.conversation.view(app.store.get_job(job_id), None).fields["total"].value) == "99.90"
        assert app.store.get_job(job_id).state == "awaiting_review"  # 'ok' in a caption never confirms
        assert not any("I don't know the field" in t for t in api.texts())  # other caption text: no noise
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert info and not any(TOKEN in line for line in info)  # the token stays out of the logs


async def test_a_slow_upload_in_one_chat_does_not_hold_up_another(settings, api):
    async with running(settings, api, work=FAST):
        slow = photo(api, invoice_photo())
        released = api.hold(slow["message"]["photo"][-1]["file_id"])
        api.push(slow)
        await api.wait(lambda a: a.of("download"), "the slow download to begin")
        api.push(text("/status", chat=CHAT + 1))
        await api.wait(lambda a: any(c.params["chat_id"] == CHAT + 1 for c in a.of("sendMessage")),
                       "the other chat's answer")
        assert acks(api) == []  # still downloading
        released.set()
        await api.wait(lambda a: with_buttons(a), "the slow upload's summary")


async def test_replies_in_the_senders_language_and_unreadable_files_answered(settings, api):
    german = {**USER, "language_code": "de-DE"}
    async with running(settings, api, work=WorkSpec(run=work.unsupported, init=work.init)):
        upload = photo(api, invoice_photo())
        upload["message"]["from"] = german
        api.push(upload)
        [failed] = await api.wait(lambda a: [c for c in a.of("sendMessage") if "Leider" in c.params["text"]],
                                  "the failure")
        assert failed.params["text"].startswith("Leider konnte ich photo-")
        assert "not an invoice I can read" in failed.params["text"]  # the reason from the reader
        assert failed.params["reply_parameters"]["message_id"] == upload["message"]["message_id"]
        assert acks(api) == [] and api.of("sendMessage")[0].params["text"].startswith("Erhalten: photo-")


async def test_german_buttons_and_export_as_a_document(settings, api):
    german = {**USER, "language_code": "de"}
    async with running(settings, api, work=FAST):
        upload = photo(api, invoice_photo())
        upload["message"]["from"] = german
        api.push(upload)
        [summary] = await api.wait(lambda a: with_buttons(a), "the summary")
        labels = [b["text"] for row in summary.params["reply_markup"]["inline_keyboard"] for b in row]
        assert labels == ["✅ Bestätigen", "✖ Abbrechen", "Alle Felder"]
        api.push(text("bestätigen", user=german))
        await api.wait(lambda a: a.of("sendDocument"), "the workbook")
        api.push(text("/export all", user=german))
        await api.wait(lambda a: len(a.of("sendDocument")) == 2, "the export")
        export = api.of("sendDocument")[1]
        assert export.params["caption"].startswith("Arbeitsmappe mit 1 Rechnungen: export-")
        assert openpyxl.load_workbook(io.BytesIO(export.files["document"]))["Invoices"].max_row == 2


async def test_album_captioned_separate_is_read_photo_by_photo(settings, api):
    async with running(settings, api, work=FAST) as app:
        group = {"media_group_id": "album-3"}
        api.push(photo(api, invoice_photo(["Receipt A"]), caption="separate please", **group))
        api.push(photo(api, invoice_photo(["Receipt B"]), **group))
        await api.wait(lambda a: len(with_buttons(a)) == 2, "two summaries")
        assert "I read each of these 2 as a separate invoice." in api.texts()[0]
        assert len(app.store.jobs(f"telegram:{CHAT}", ("awaiting_review",))) == 2
