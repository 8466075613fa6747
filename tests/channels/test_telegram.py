"""The Telegram channel end to end: the real python-telegram-bot client against a recording fake Bot API."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.channels.telegram_kit import CHAT, bot_message, button, invoice_photo, photo, running, text
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
