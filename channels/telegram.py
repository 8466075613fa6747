"""The Telegram channel (python-telegram-bot): files in, replies out, corrections by reply or button.

One chat is one tenant (`telegram:<chat id>`). Polling by default; in webhook mode bot/web.py
checks the secret (accepts) and hands updates over (feed). Either way updates are kept (channels.kept)
until handled, and those a previous process did not handle are handled at start.
Handlers stay thin: translate, submit, translate back.
"""

from __future__ import annotations

import asyncio
import contextvars
import hmac
import logging

from telegram import BotCommand, Message, Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from core.chat import Reply, Upload
from core.errors import ChannelError, ChannelUnavailable, ConfigError, DocumentError, InvoiceBotError
from core.ports import Inbound

from . import telegram_guard as guard
from . import telegram_intake as intake
from .kept import KeptUpdates
from .telegram_send import Outbox, call, keyboard
from .telegram_texts import TEXTS, say
from .telegram_threads import ACTIONS, JobMessages, Threads

log = logging.getLogger(__name__)
PREFIX = "telegram:"
COMMANDS = ("start", "help", "list", "export", "undo", "status")
UPDATES = ["message", "callback_query"]
_reply_to: contextvars.ContextVar[int | None] = contextvars.ContextVar("telegram_reply_to", default=None)


class TelegramChannel:
    name = "telegram"

    def __init__(self, app: Application, *, allowed_chats: set[int] | None = None, webhook_url: str | None = None,
                 webhook_secret: str | None = None, max_bytes: int = intake.BOT_API_DOWNLOAD_LIMIT,
                 rate_limit: int = 30, rate_window: float = 60.0, album_wait: float = 1.5,
                 poll_timeout: int = 10, progress_after: float = 1.0) -> None:
        self._app = app
        self._out = Outbox(app.bot)
        self.webhook_url, self.webhook_secret, self.max_bytes = webhook_url, webhook_secret, max_bytes
        self.album_wait, self.poll_timeout = album_wait, poll_timeout
        # progress edits of a job: the latest one, at most one per progress_after seconds, the first after
        # it: a quick job is answered by its summary alone (fewer Bot API calls, within Telegram's limits)
        self.progress_after = progress_after
        self._inbound: Inbound | None = None
        self._gate = guard.Gate(allowed_chats, rate_limit, rate_window)
        self._albums: dict[str, list[Message]] = {}
        self._tasks: set[asyncio.Task] = set()
        self._threads = Threads()
        self._uploading = 0  # uploads being acknowledged right now
        self.kept = KeptUpdates(self.name, lambda d: d["update_id"])  # until handled; the wiring sets kept.inbox
        if isinstance(app.update_processor, guard.PerChatOrder):
            app.update_processor.after = lambda update: self.kept.handled(update.update_id)
        if isinstance(app.update_queue, guard.KeptQueue):
            app.update_queue.keep = self._keep_polled

    # lifecycle ----------------------------------------------------------------------------
    async def start(self, inbound: Inbound) -> None:
        self._inbound = inbound
        app = self._app
        app.add_handler(TypeHandler(Update, self._guard), group=-1)
        app.add_handler(CallbackQueryHandler(self._on_button))
        only_new = filters.UpdateType.MESSAGE
        app.add_handler(MessageHandler(only_new & (filters.PHOTO | filters.Document.ALL), self._on_file))
        app.add_handler(MessageHandler(only_new & filters.TEXT, self._on_text))
        app.add_handler(MessageHandler(only_new & ~filters.StatusUpdate.ALL, self._on_other))
        app.add_error_handler(self._on_error)
        try:
            await app.initialize()  # getMe: checks the token
        except InvalidToken as exc:
            raise ConfigError("Telegram refused TELEGRAM_BOT_TOKEN; copy the token from BotFather again.") from exc
        except NetworkError as exc:
            raise ChannelUnavailable(f"The Telegram Bot API cannot be reached: {exc.message}") from exc
        await call(app.bot.set_my_commands, [BotCommand(c, TEXTS["en"][f"cmd_{c}"]) for c in COMMANDS])
        await app.start()
        await self._replay()
        if self.webhook_url:
            await call(app.bot.set_webhook, self.webhook_url, secret_token=self.webhook_secret,
                       allowed_updates=UPDATES)
        else:
            await app.updater.start_polling(timeout=self.poll_timeout, allowed_updates=UPDATES)
        log.info("telegram channel started", extra={"data": {"mode": "webhook" if self.webhook_url else "polling"}})

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._app.updater is not None and self._app.updater.running:
            await self._app.updater.stop()
        if self._app.running:
            await self._app.stop()
        await self._app.shutdown()

    def accepts(self, secret: str | None) -> bool:
        """Whether a webhook call carries our secret (X-Telegram-Bot-Api-Secret-Token)."""
        if not self.webhook_secret:
            return True
        return hmac.compare_digest((secret or "").encode(), self.webhook_secret.encode())

    async def feed(self, data: dict) -> bool:
        """An update that came by webhook, handled like a polled one (once per update_id); False if malformed."""
        try:
            update = Update.de_json(data, self._app.bot)
        except (KeyError, TypeError, ValueError):
            log.warning("malformed webhook update")
            return False
        if not await self.kept.keep(update.update_id, data):  # answered only once kept
            return True  # Telegram sent it again; the kept one is being handled
        await self._put_kept(update)
        return True

    async def _keep_polled(self, update: Update) -> bool:
        """A polled update, kept before the next getUpdates confirms it; False if kept already."""
        try:
            return await self.kept.keep(update.update_id, update.to_dict())
        except Exception as exc:  # the database is away: handle it anyway rather than stop polling
            log.error("polled update not kept", extra={"data": {"error": type(exc).__name__}})
            return True

    async def _put_kept(self, update: Update) -> None:
        queue = self._app.update_queue
        await (queue.put_kept(update) if isinstance(queue, guard.KeptQueue) else queue.put(update))

    async def _replay(self) -> None:
        """Updates a previous process took (answered a webhook for, or polled) but did not handle, handled now."""
        pending = await self.kept.pending()
        for data in pending:
            await self._put_kept(Update.de_json(data, self._app.bot))
        if pending:
            log.info("handling updates kept from before a restart", extra={"data": {"count": len(pending)}})

    # outbound -----------------------------------------------------------------------------
    async def send(self, reply: Reply) -> None:
        if not reply.tenant.startswith(PREFIX):
            return
        chat = int(reply.tenant[len(PREFIX):])
        job = self._threads.job(reply.job_id) if reply.job_id else None
        origin = _reply_to.get() or (job.origin if job else None)
        if reply.kind == "ack" and job is not None:
            job.origin = origin
            msg = await self._out.text(chat, reply.text, reply_to=origin)
            self._threads.remember(chat, msg.message_id, reply.job_id)
            if not job.ack.done():
                job.ack.set_result(msg.message_id)
            return
        if reply.kind == "progress" and job is not None:
            return await self._progress(chat, reply, job)
        if reply.file is not None:
            caption = reply.text.replace(str(reply.file), reply.file.name)  # no server paths in the chat
            msg = await self._out.document(chat, reply.file, caption, reply_to=origin)
        else:
            msg = await self._out.text(chat, reply.text, reply_to=origin,
                                       markup=keyboard(reply.buttons, reply.job_id))
        if reply.job_id:
            self._threads.remember(chat, msg.message_id, reply.job_id)
        if job is not None and reply.final:
            job.finished = True
        if job is not None and reply.kind == "summary" and reply.final:
            job.summarized = True
            self._apply_caption(reply.tenant, reply.job_id, job)

    def _apply_caption(self, tenant: str, job_id: str, job: JobMessages) -> None:
        """A caption such as 'total 137.50' corrects the new review; other captions change nothing."""
        if job.caption and job.summarized:
            caption, job.caption = job.caption, ""
            self._spawn(self._inbound.message(tenant, self.name, caption, job_id=job_id, hint=True))

    async def _progress(self, chat: int, reply: Reply, job: JobMessages) -> None:
        if self.progress_after <= 0:
            return await self._show_progress(chat, reply, job)
        job.progress = reply
        if not job.progress_due:
            job.progress_due = True
            self._spawn(self._progress_later(chat, job))

    async def _progress_later(self, chat: int, job: JobMessages) -> None:
        try:
            while True:
                await asyncio.sleep(self.progress_after)
                reply, job.progress = job.progress, None
                if reply is None or job.finished:
                    return
                await self._show_progress(chat, reply, job)
        finally:
            job.progress_due = False

    async def _show_progress(self, chat: int, reply: Reply, job: JobMessages) -> None:
        """Edit the acknowledgement; progress may overtake it while an upload is being acknowledged."""
        ack = job.ack.result() if job.ack.done() else None
        if ack is None and self._uploading:
            try:
                ack = await asyncio.wait_for(asyncio.shield(job.ack), 10)
            except TimeoutError:
                pass
        try:
            if ack is None:  # e.g. a job resumed after a restart: its acknowledgement is gone
                msg = await self._out.text(chat, reply.text, reply_to=job.origin)
                if not job.ack.done():
                    job.ack.set_result(msg.message_id)
            else:
                await self._out.edit(chat, ack, reply.text, attempts=1)  # never wait out flood control for it
        except ChannelError as exc:  # progress is a courtesy; the summary still follows
            log.info("progress not shown", extra={"data": {"error": str(exc)}})

    # guards -------------------------------------------------------------------------------
    async def _guard(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stops updates the gate does not let through, with one polite answer where one is due."""
        chat = update.effective_chat
        if chat is None:
            raise ApplicationHandlerStop
        verdict = self._gate.check(update.update_id, chat.id, counts=update.message is not None)
        if verdict == guard.PASS:
            return
        if update.callback_query and verdict != guard.DUPLICATE:
            await self._out.answer(update.callback_query.id)
        if verdict in (guard.REFUSE, guard.SLOW_DOWN):
            key = "not_allowed" if verdict == guard.REFUSE else "slow_down"
            log.info("update refused", extra={"data": {"chat": chat.id, "why": verdict}})
            await self._out.text(chat.id, say(_language(update), key), reply_to=_message_id(update))
        raise ApplicationHandlerStop

    # inbound ------------------------------------------------------------------------------
    async def _on_file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        msg = update.effective_message
        if msg.media_group_id:
            key = f"{msg.chat_id}:{msg.media_group_id}"
            self._albums.setdefault(key, []).append(msg)
            self.kept.in_album(update.update_id, key)
            if len(self._albums[key]) == 1:
                self._spawn(self._flush_album(key))
            return
        await self._intake(msg)

    async def _intake(self, msg: Message) -> None:
        ref = intake.file_of(msg)
        if ref is None:
            return
        data = await self._fetch(msg, ref)
        if data is not None:
            await self._submit(msg, data, ref.name)

    async def _fetch(self, msg: Message, ref: intake.FileRef) -> bytes | None:
        """The file's bytes, or None after a plain answer (too large, not a document, not reachable)."""
        try:
            intake.check(msg, ref, self.max_bytes)
            return await self._out.download(ref.file_id)
        except DocumentError as exc:
            await self._out.text(msg.chat_id, exc.user_message(), reply_to=msg.message_id)
        except ChannelError as exc:
            log.warning("download failed", extra={"data": {"error": str(exc)}})
            await self._out.text(msg.chat_id, say(intake.caption_language(msg), "fetch_failed",
                                                  name=ref.name[:60]), reply_to=msg.message_id)
        return None

    async def _submit(self, msg: Message, data: bytes, name: str, caption: str | None = None) -> None:
        token = _reply_to.set(msg.message_id)
        tenant = f"{PREFIX}{msg.chat_id}"
        self._uploading += 1
        try:
            ticket = await self._inbound.upload(Upload(tenant, self.name, data, name, _user(msg),
                                                       intake.caption_language(msg), key=f"message:{msg.message_id}"))
        except InvoiceBotError:
            return  # the conversation has answered already
        finally:
            self._uploading -= 1
            _reply_to.reset(token)
        caption = msg.caption if caption is None else caption
        if caption:
            job = self._threads.job(ticket.job_id)
            job.caption = caption
            self._apply_caption(tenant, ticket.job_id, job)

    async def _flush_album(self, key: str) -> None:
        """Read an album once its messages are in: one invoice of several pages, or several invoices."""
        await asyncio.sleep(self.album_wait)
        try:
            await self._read_album(key)
        finally:
            if not asyncio.current_task().cancelling():  # type: ignore[union-attr]  (stopping: kept)
                await self.kept.forget(self.kept.album_ids(key))

    async def _read_album(self, key: str) -> None:
        messages = sorted(self._albums.pop(key, []), key=lambda m: m.message_id)
        first = messages[0]
        lang = intake.caption_language(first)
        if len(messages) > 1 and intake.album_is_one_invoice(messages):
            await self._out.text(first.chat_id, say(lang, "album_pages", n=len(messages)), reply_to=first.message_id)
            pages = []
            for m in messages:
                ref = intake.file_of(m)
                data = await self._fetch(m, ref) if ref else None
                if data is None:
                    return
                pages.append(data)
            try:
                pdf = intake.pages_to_pdf(pages)
            except DocumentError as exc:
                await self._out.text(first.chat_id, exc.user_message(), reply_to=first.message_id)
                return
            caption = "\n".join(m.caption for m in messages if m.caption)
            return await self._submit(first, pdf, f"album-{first.message_id}.pdf", caption)
        if len(messages) > 1:
            await self._out.text(first.chat_id, say(lang, "album_separate", n=len(messages)),
                                 reply_to=first.message_id)
        for m in messages:
            await self._intake(m)

    async def _on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        msg = update.effective_message
        text = msg.text or ""
        job_id = self._threads.replied_job(msg)
        if msg.chat.type != "private" and not text.startswith("/") and job_id is None:
            return  # in groups, plain text counts only as a reply to one of the bot's messages
        command, _, addressee = text.split(" ", 1)[0].partition("@")
        if command.startswith("/") and addressee and addressee.lower() != (self._app.bot.username or "").lower():
            return  # '/help@some_other_bot' in a group
        token = _reply_to.set(msg.message_id)
        try:
            await self._inbound.message(f"{PREFIX}{msg.chat_id}", self.name, text, _user(msg),
                                        intake.caption_language(msg), job_id=job_id, ask_if_several=True)
        finally:
            _reply_to.reset(token)

    async def _on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        msg = update.effective_message
        if intake.other_media(msg):
            await self._out.text(msg.chat_id, say(intake.caption_language(msg), "unsupported_message"),
                                 reply_to=msg.message_id)

    async def _on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        action, _, job_id = (query.data or "").partition("|")
        await self._out.answer(query.id)
        if action not in ACTIONS or not job_id or query.message is None:
            return
        chat, message_id = query.message.chat.id, query.message.message_id
        token = _reply_to.set(message_id)
        try:
            user = query.from_user
            await self._inbound.message(f"{PREFIX}{chat}", self.name, action, _name(user),
                                        user.language_code if user else None, job_id=job_id)
        finally:
            _reply_to.reset(token)
        if action != "/fields":
            await self._out.drop_buttons(chat, message_id)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram update failed", exc_info=context.error)

    def _spawn(self, coro) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def _user(msg: Message) -> str:
    return _name(msg.from_user)


def _name(user) -> str:
    if user is None:
        return ""
    return f"{user.username or user.full_name} ({user.id})"


def _language(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code if user else None


def _message_id(update: Update) -> int | None:
    return update.message.message_id if update.message else None
