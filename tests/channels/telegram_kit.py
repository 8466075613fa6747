"""Helpers for the Telegram tests: the app on a fake Bot API, Bot API update payloads, a photo of an invoice."""

from __future__ import annotations

import io
import itertools
from contextlib import asynccontextmanager
from typing import Any

from bot import bootstrap
from tests.fakes.docs import FONT
from tests.fakes.telegram_api import BOT, FakeBotApi

TOKEN = "123456:TEST-token"
CHAT = 5551
USER = {"id": 7001, "is_bot": False, "first_name": "Ada", "username": "ada", "language_code": "en"}
_ids = itertools.count(1)


@asynccontextmanager
async def running(settings, api: FakeBotApi, *, work: Any = None, env: dict | None = None, **options: Any):
    """The whole app (runner, conversation, Telegram channel in polling mode) against the fake API."""
    s = settings.model_copy(update={"telegram_bot_token": TOKEN, "telegram_api_url": api.url, **(env or {})})
    options.setdefault("album_wait", 0.3)
    options.setdefault("progress_after", 0)  # every progress edit at once (tested on its own)
    options.setdefault("poll_timeout", 1)
    channel = bootstrap.telegram(s, **options)
    app = bootstrap.build(s, [channel], work=work)
    async with app.runner:
        await channel.start(app.conversation)
        try:
            yield app
        finally:
            await channel.stop()


def message(chat: int = CHAT, *, user: dict = USER, chat_type: str | None = None, **fields: Any) -> dict:
    kind = chat_type or ("private" if chat > 0 else "group")
    return {"message_id": next(_ids), "date": 1700000000, "chat": {"id": chat, "type": kind}, "from": user, **fields}


def photo(api: FakeBotApi, data: bytes, chat: int = CHAT, **fields: Any) -> dict:
    """A photo message in two sizes; only the larger one is registered for download."""
    n = next(_ids)
    api.add_file(f"big{n}", data, f"photos/file_{n}.jpg")
    sizes = [{"file_id": f"small{n}", "file_unique_id": f"us{n}", "width": 90, "height": 120, "file_size": 900},
             {"file_id": f"big{n}", "file_unique_id": f"ub{n}", "width": 1000, "height": 1400,
              "file_size": len(data)}]
    return {"message": message(chat, photo=sizes, **fields)}


def document(api: FakeBotApi, data: bytes, name: str, mime: str, chat: int = CHAT, size: int | None = None,
             **fields: Any) -> dict:
    n = next(_ids)
    api.add_file(f"doc{n}", data, f"documents/file_{n}{name[name.rfind('.'):] if '.' in name else ''}")
    doc = {"file_id": f"doc{n}", "file_unique_id": f"ud{n}", "file_name": name, "mime_type": mime,
           "file_size": size if size is not None else len(data)}
    return {"message": message(chat, document=doc, **fields)}


def text(body: str, chat: int = CHAT, reply_to: dict | None = None, user: dict = USER, **fields: Any) -> dict:
    if reply_to is not None:
        fields["reply_to_message"] = reply_to
    return {"message": message(chat, user=user, text=body, **fields)}


def button(data: str, on: dict, chat: int = CHAT) -> dict:
    return {"callback_query": {"id": f"q{next(_ids)}", "from": USER, "chat_instance": "ci", "data": data,
                               "message": on}}


def bot_message(call, chat: int = CHAT) -> dict:
    """The bot's own message as Telegram echoes it in reply_to_message / callback_query.message."""
    msg = {"message_id": call.result["message_id"], "date": 1700000000, "chat": {"id": chat, "type": "private"}, "from": BOT,
           "text": call.params.get("text", "")}
    if call.params.get("reply_markup"):
        msg["reply_markup"] = call.params["reply_markup"]
    return msg


def invoice_photo(lines: list[str] | None = None) -> bytes:
    """A phone-photo-like JPEG of a short invoice at about 120 dpi (small, so OCR stays quick)."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (1000, 1300), (245, 243, 238))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    for i, line in enumerate(lines or ["ACME GmbH", "Invoice INV-77", "Date 2024-05-03", "Net 100.00 EUR",
                                       "VAT 19.00 EUR", "Total 119.00 EUR"]):
        draw.text((80, 100 + 60 * i), line, font=font, fill=(20, 20, 20))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85, dpi=(120, 120))
    return out.getvalue()
