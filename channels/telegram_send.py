"""Calls to the Bot API with Telegram's flood control honoured and network errors retried, HTML-escaped.

Every SDK error is mapped here to core/errors.py types: ChannelUnavailable after the retries.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
import warnings
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBDeprecationWarning

from channels.text_parts import split_lines
from core.errors import ChannelError, ChannelUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")
TEXT_LIMIT = 4000  # Telegram allows 4096 characters per message (after entity parsing)
CAPTION_LIMIT = 1000
MAX_FLOOD_WAIT = 120.0


def seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # the attribute's type changes in a later major version
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


async def retrying(call: Callable[[], Awaitable[T]], *, attempts: int = 4, backoff: float = 0.5) -> T:
    """Run an API call; 429 waits retry_after, network errors back off; then ChannelUnavailable."""
    delay = backoff
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except RetryAfter as exc:
            wait = min(seconds(exc), MAX_FLOOD_WAIT)
            log.info("telegram flood control", extra={"data": {"retry_after": wait}})
            if attempt == attempts:
                raise ChannelUnavailable("Telegram asked us to slow down; please try again in a minute.") from exc
            await asyncio.sleep(wait)
        except (BadRequest, Forbidden) as exc:
            raise ChannelError(f"Telegram refused the request: {exc.message}") from exc
        except NetworkError as exc:  # TimedOut is a NetworkError
            log.info("telegram network error", extra={"data": {"error": str(exc), "attempt": attempt}})
            if attempt == attempts:
                raise ChannelUnavailable("Telegram cannot be reached right now; please try again later.") from exc
            await asyncio.sleep(delay)
            delay *= 2
        except TelegramError as exc:
            raise ChannelError(f"Telegram error: {exc.message}") from exc
    raise AssertionError("unreachable")


def chunks(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split at line ends so each part fits one message."""
    return split_lines(text, limit, "")


def keyboard(buttons: tuple[tuple[str, str], ...], job_id: str | None) -> InlineKeyboardMarkup | None:
    if not buttons or not job_id:
        return None
    row = [InlineKeyboardButton(label, callback_data=f"{action}|{job_id}") for label, action in buttons]
    return InlineKeyboardMarkup([row[:2], row[2:]] if len(row) > 2 else [row])


class Outbox:
    """The bot's side of a chat: send, edit and send files; text is always escaped for HTML parse mode."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def text(self, chat_id: int, text: str, *, reply_to: int | None = None,
                   markup: InlineKeyboardMarkup | None = None) -> Message:
        parts = chunks(text)
        msg: Message | None = None
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            msg = await retrying(lambda part=part, last=last: self.bot.send_message(
                chat_id, html.escape(part), parse_mode=ParseMode.HTML, reply_markup=markup if last else None,
                reply_parameters=_reply(reply_to)))
        assert msg is not None
        return msg

    async def edit(self, chat_id: int, message_id: int, text: str, *, attempts: int = 4) -> None:
        try:
            await retrying(lambda: self.bot.edit_message_text(html.escape(chunks(text)[0]), chat_id, message_id,
                                                              parse_mode=ParseMode.HTML), attempts=attempts)
        except ChannelError as exc:
            if "not modified" not in str(exc).lower():
                raise

    async def drop_buttons(self, chat_id: int, message_id: int) -> None:
        try:
            await retrying(lambda: self.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None))
        except ChannelError as exc:
            log.debug("buttons not removed", extra={"data": {"error": str(exc)}})

    async def document(self, chat_id: int, path: Path, caption: str, *, reply_to: int | None = None) -> Message:
        if len(caption) > CAPTION_LIMIT:
            await self.text(chat_id, caption, reply_to=reply_to)
            caption = path.name
        data = path.read_bytes()
        return await retrying(lambda: self.bot.send_document(
            chat_id, data, filename=path.name, caption=html.escape(caption), parse_mode=ParseMode.HTML,
            reply_parameters=_reply(reply_to)))

    async def answer(self, query_id: str, text: str | None = None) -> None:
        try:
            await retrying(lambda: self.bot.answer_callback_query(query_id, text=text))
        except ChannelError as exc:  # an expired query: the action itself still counts
            log.debug("callback not answered", extra={"data": {"error": str(exc)}})

    async def download(self, file_id: str) -> bytes:
        async def fetch() -> bytes:
            f = await self.bot.get_file(file_id)
            return bytes(await f.download_as_bytearray())

        return await retrying(fetch, attempts=5)


def _reply(message_id: int | None) -> ReplyParameters | None:
    return ReplyParameters(message_id, allow_sending_without_reply=True) if message_id else None


async def call(fn: Callable[..., Awaitable[Any]], *args: Any, **kw: Any) -> Any:
    return await retrying(lambda: fn(*args, **kw))
