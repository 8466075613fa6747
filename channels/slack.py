"""The Slack channel (slack-bolt AsyncApp): `/invoice` opens an upload modal, files shared in a DM or a
channel are read too; replies, corrections and the workbook live in a thread under the upload.

One workspace channel is one tenant (`slack:<team>:<channel>`). HTTP mode: bot/web.py hands signed
requests to `handle()` (a signed request replayed is answered, not handled); Socket Mode when an app token
is given. Message events are kept (channels.kept) until handled. Handlers stay thin.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
from typing import Any, NamedTuple

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from core.chat import Reply, Upload
from core.errors import ChannelError, ChannelUnavailable, ConfigError, DocumentError, InvoiceBotError
from core.ports import Inbound

from . import slack_blocks as blocks
from . import slack_intake as intake
from .kept import KeptUpdates
from .slack_guard import Guard, Replays
from .slack_send import NOT_MEMBER_NOTE, JobThread, Outbox, Threads, api, not_member, respond

log = logging.getLogger(__name__)
PREFIX = "slack:"
SUBCOMMANDS = ("help", "list", "export", "status", "undo")


class Target(NamedTuple):
    """Where replies without a job go while a request is handled; response_url: a slash command's."""

    channel: str
    thread: str | None = None
    response_url: str | None = None


_target: contextvars.ContextVar[Target | None] = contextvars.ContextVar("slack_target", default=None)


def tenant_of(team: str, channel: str) -> str:
    return f"{PREFIX}{team}:{channel}"


class SlackChannel:
    name = "slack"

    def __init__(self, app: AsyncApp, *, token: str, api_url: str, app_token: str | None = None,
                 max_bytes: int = 25 * 1024 * 1024) -> None:
        self._app, self._token, self.api_url, self.app_token = app, token, api_url, app_token
        self.max_bytes = max_bytes
        self._out = Outbox(app.client)
        self._threads = Threads()
        self._inbound: Inbound | None = None
        self._tasks: set[asyncio.Task] = set()
        self._guard = Guard()
        self._replays = Replays()
        self.kept = KeptUpdates(self.name, _event_key)  # events until handled; the wiring sets kept.inbox
        self._uploading = 0
        self._session: aiohttp.ClientSession | None = None
        self._socket: Any = None

    @property
    def serves_http(self) -> bool:
        """HTTP mode: Slack posts events, commands and interactivity to the web server (bot/web.py)."""
        return not self.app_token

    # lifecycle ----------------------------------------------------------------------------
    async def start(self, inbound: Inbound) -> None:
        self._inbound = inbound
        self._session = aiohttp.ClientSession()
        app = self._app
        self._replays.inbox = self.kept.inbox
        app.use(self._once)
        app.command("/invoice")(self._on_command)
        app.view(blocks.UPLOAD_VIEW)(self._on_modal)
        for action_id in blocks.ACTIONS:
            app.action(action_id)(self._on_button)
        app.event("message")(self._on_message)
        try:
            await api(app.client.auth_test)
            if self.app_token:
                await api(app.client.apps_connections_open, app_token=self.app_token)
        except ChannelError as exc:
            if isinstance(exc, ChannelUnavailable):
                raise
            which = "SLACK_APP_TOKEN" if "invalid_auth" in str(exc) and self.app_token else "SLACK_BOT_TOKEN"
            raise ConfigError(f"Slack refused the token ({exc}); check {which} on the app's pages.") from exc
        if self.app_token:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            self._socket = AsyncSocketModeHandler(app, self.app_token)
            await self._socket.connect_async()
        await self._replay()
        log.info("slack channel started", extra={"data": {"mode": "socket" if self.app_token else "http"}})

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()

    async def handle(self, body: str, query: str, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """One HTTP request from Slack (events, commands, interactivity): Bolt verifies and dispatches."""
        resp = await self._app.async_dispatch(AsyncBoltRequest(body=body, query=query, headers=headers))
        if resp.status >= 500:  # not handled: it is not taken either
            signature = next((v for k, v in headers.items() if k.lower() == "x-slack-signature"), "")
            if signature:
                await self._replays.forget(signature)
        return resp.status, resp.first_headers_without_set_cookie(), resp.body

    async def _once(self, req: AsyncBoltRequest, resp: BoltResponse, next) -> BoltResponse:
        """After Bolt's signature check: a signed request seen before (sent again within the five minutes
        its signature is valid) is answered 200 and not handled again."""
        signature = req.headers.get("x-slack-signature", [""])[0]
        timestamp = req.headers.get("x-slack-request-timestamp", [""])[0]
        if signature and not await self._replays.first(signature, timestamp):
            log.warning("signed request sent again: not handled", extra={"data": {"timestamp": timestamp}})
            return BoltResponse(status=200, body="")
        await next()
        return resp

    async def _replay(self) -> None:
        """Events a previous process answered for but did not handle, handled now."""
        pending = await self.kept.pending()
        for body in pending:
            key = _event_key(body)
            self._guard.first(f"event:{key}")
            self._spawn(self._kept_event(key, body))
        if pending:
            log.info("handling events kept from before a restart", extra={"data": {"count": len(pending)}})

    # outbound -----------------------------------------------------------------------------
    async def send(self, reply: Reply) -> None:
        if not reply.tenant.startswith(PREFIX):
            return
        channel = reply.tenant.rsplit(":", 1)[1]
        job = None if reply.kind == "ack" else await self._job(reply.job_id)  # the ack places the job
        target = _target.get()
        thread = job.thread if job is not None and job.channel else (target.thread if target else None)
        if reply.kind == "ack" and reply.job_id:
            ts = await self._out.post(channel, reply.text, thread=thread)
            self._threads.place(reply.job_id, channel, thread or ts, ts)
            return
        if reply.kind == "progress" and reply.job_id:
            try:
                if job is None:  # e.g. a job resumed after a restart: its acknowledgement is gone
                    ts = await self._out.post(channel, reply.text, thread=thread)
                    self._threads.place(reply.job_id, channel, thread or ts, ts)
                elif job.ack:
                    await self._out.update(channel, job.ack, reply.text)
            except ChannelError as exc:  # progress is a courtesy; the summary still follows
                log.info("progress not shown", extra={"data": {"error": str(exc)}})
            return
        if reply.kind in ("confirmed", "cancelled") and reply.job_id:
            self._threads.close(reply.job_id)
            if job is not None:  # summaries of this review still showing buttons (it was closed by text)
                note = blocks.escape(reply.text.split("\n")[0].split(". ")[0].rstrip("."))
                for ts, body in list(job.summaries.items()):
                    await self._drop_buttons(channel, ts, note, blocks.without_actions(body, note))
                job.summaries.clear()
        try:
            await self._post(channel, thread, reply)
        except ChannelError as exc:
            if not (not_member(exc) and target and target.response_url):
                raise
            text = reply.text.replace(str(reply.file), reply.file.name) if reply.file else reply.text
            await respond(target.response_url, f"{text}\n{NOT_MEMBER_NOTE}" if reply.file else text)

    async def _post(self, channel: str, thread: str | None, reply: Reply) -> None:
        if reply.file is not None:
            comment = reply.text.replace(str(reply.file), reply.file.name)  # no server paths in the chat
            await self._out.upload(channel, reply.file, comment, thread=thread)
            return
        if reply.buttons and reply.job_id:
            body = blocks.summary_blocks(reply.text, reply.buttons, reply.job_id)
            ts = await self._out.post(channel, reply.text, thread=thread, blocks=body)
            self._threads.job(reply.job_id).summaries[ts] = body
            self._threads.reopen(reply.job_id)  # e.g. after /undo
            return
        await self._out.post(channel, reply.text, thread=thread)

    async def _job(self, job_id: str | None) -> JobThread | None:
        """The job's thread; a reply may overtake the acknowledgement that places it, so wait for that."""
        if not job_id:
            return None
        job = self._threads.job(job_id)
        if not job.placed.done() and self._uploading:
            try:
                await asyncio.wait_for(asyncio.shield(job.placed), 10)
            except TimeoutError:
                pass
        return job if job.placed.done() else None

    # inbound ------------------------------------------------------------------------------
    async def _on_command(self, ack, body: dict, client) -> None:
        await ack()
        text = (body.get("text") or "").strip()
        team, channel, user = body.get("team_id", ""), body.get("channel_id", ""), body.get("user_id", "")
        sub = text.split(" ", 1)[0].lower()
        if sub in SUBCOMMANDS:
            self._spawn(self._say(team, channel, None, f"/{text}", user, response_url=body.get("response_url")))
            return
        if sub in ("", "upload"):
            meta = json.dumps({"team": team, "channel": channel, "response_url": body.get("response_url")})
            try:
                await api(client.views_open, trigger_id=body["trigger_id"], view=blocks.upload_modal(meta))
            except ChannelError as exc:
                log.warning("upload modal not opened", extra={"data": {"error": str(exc)}})
            return
        self._spawn(self._say(team, channel, None, "/help", user, response_url=body.get("response_url")))

    async def _on_modal(self, ack, body: dict, view: dict) -> None:
        await ack()
        meta = json.loads(view.get("private_metadata") or "{}")
        team = meta.get("team") or (body.get("team") or {}).get("id", "")
        channel = meta.get("channel", "")
        user = (body.get("user") or {}).get("id", "")
        files = [r for f in blocks.submitted_files(view) if (r := intake.ref(f)) is not None]
        for ref in files:
            if self._guard.first(f"file:{ref.id}"):
                self._spawn(self._from_modal(team, channel, user, ref, meta.get("response_url")))

    async def _from_modal(self, team: str, channel: str, user: str, ref: intake.FileRef,
                          response_url: str | None) -> None:
        """Each file from the modal gets its own message in the channel, and its thread under it."""
        try:
            who = f"<@{_safe_id(user)}>"
            root = await self._out.post(channel, f"📄 {ref.name}",
                                        blocks=[blocks.section(f"📄 {blocks.escape(ref.name)} (from {who})")])
        except ChannelError as exc:
            if not (not_member(exc) and response_url):
                raise
            return await respond(response_url, f"{ref.name}: {NOT_MEMBER_NOTE}")
        await self._take(team, channel, root, user, ref)

    async def _on_message(self, body: dict, event: dict) -> None:
        key = _event_key(body)
        if not self._guard.first(f"event:{key}"):
            return  # a retry of an event we already took
        try:
            kept = await self.kept.keep(key, body)  # Slack has its answer only once the event is kept
        except Exception:  # the database is away: Slack gets an error and sends the event again later
            self._guard.forget(f"event:{key}")
            raise
        if not kept:
            return  # kept before (by another process): handled there, or at the next start
        self._spawn(self._kept_event(key, body))

    async def _kept_event(self, key: str, body: dict) -> None:
        """A kept event's work; it is done with once handled (or failed), not when a stop cancels it."""
        try:
            await self._event(body, body.get("event") or {})
        finally:
            if not asyncio.current_task().cancelling():  # type: ignore[union-attr]
                await self.kept.handled(key)

    async def _event(self, body: dict, event: dict) -> None:
        team = body.get("team_id") or event.get("team", "")
        channel, user = event.get("channel", ""), event.get("user", "")
        in_dm = event.get("channel_type") == "im"
        files = intake.files_of(event, None if in_dm else tuple(blocks.READABLE_TYPES))
        if files:
            thread = event.get("thread_ts") or event.get("ts")
            for ref in files:
                if self._guard.first(f"file:{ref.id}"):
                    await self._take(team, channel, thread, user, ref)
            return
        if event.get("bot_id") or event.get("subtype") or not event.get("text"):
            return
        job_id = self._threads.job_in(channel, event.get("thread_ts"))
        if not in_dm and job_id is None:
            return  # in channels, only replies in a review's thread are for us
        await self._say(team, channel, event.get("thread_ts"), event["text"], user, job_id)

    async def _on_button(self, ack, body: dict, action: dict) -> None:
        await ack()
        team = (body.get("team") or {}).get("id", "")
        channel = (body.get("channel") or {}).get("id", "")
        message = body.get("message") or {}
        user = (body.get("user") or {}).get("id", "")
        job_id, ts = action.get("value", ""), message.get("ts", "")
        command = blocks.ACTIONS.get(action.get("action_id", ""))
        if not command or not job_id:
            return
        if command != "/fields" and not self._guard.first(f"button:{ts}:{job_id}"):
            return  # confirm or cancel pressed a second time on the same summary
        self._spawn(self._pressed(team, channel, message, user, command, job_id))

    async def _pressed(self, team: str, channel: str, message: dict, user: str, command: str, job_id: str) -> None:
        """A button's work, after the ack: the pressed summary loses its buttons, then the action runs."""
        ts = message.get("ts", "")
        if command != "/fields":
            known = self._threads.job(job_id).summaries.pop(ts, None)
            summary = message.get("blocks") or known or []
            note = f"{'Confirmed' if command == 'confirm' else 'Cancelled'} by <@{_safe_id(user)}>"
            await self._drop_buttons(channel, ts, message.get("text", ""), blocks.without_actions(summary, note))
        await self._say(team, channel, message.get("thread_ts") or ts, command, user, job_id)

    async def _drop_buttons(self, channel: str, ts: str, text: str, body: list[dict]) -> None:
        try:
            await self._out.update(channel, ts, text, body)
        except ChannelError as exc:
            log.debug("buttons not removed", extra={"data": {"error": str(exc)}})

    # the work behind the handlers ----------------------------------------------------------
    async def _take(self, team: str, channel: str, thread: str | None, user: str, ref: intake.FileRef) -> None:
        """Download one file and upload it as an invoice; every failure gets a plain answer in the thread."""
        tenant = tenant_of(team, channel)
        async with self._guard.serial(tenant):
            _target.set(Target(channel, thread))
            try:
                if not ref.url:
                    ref = intake.ref(await self._out.file_info(ref.id)) or ref
                data = await intake.download(self._session, ref, self._token, self.api_url, self.max_bytes)
            except DocumentError as exc:
                return await self._out.post(channel, exc.user_message(), thread=thread)
            except ChannelError as exc:
                log.warning("slack download failed", extra={"data": {"error": str(exc)}})
                return await self._out.post(channel, f"I could not fetch {ref.name} from Slack. {exc}",
                                            thread=thread)
            self._uploading += 1
            try:
                await self._inbound.upload(Upload(tenant, self.name, data, ref.name, user,
                                                  await self._out.locale(user), key=f"file:{ref.id}"))
            except InvoiceBotError:
                pass  # the conversation has answered already
            finally:
                self._uploading -= 1

    async def _say(self, team: str, channel: str, thread: str | None, text: str, user: str,
                   job_id: str | None = None, response_url: str | None = None) -> None:
        tenant = tenant_of(team, channel)
        async with self._guard.serial(tenant):
            _target.set(Target(channel, thread, response_url))
            await self._inbound.message(tenant, self.name, text, user, await self._out.locale(user), job_id=job_id,
                                        ask_if_several=True)

    def _spawn(self, coro) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._on_done)

    def _on_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("slack handler failed", exc_info=task.exception())


def _event_key(body: dict) -> str:
    event = body.get("event") or {}
    return str(body.get("event_id") or event.get("client_msg_id") or event.get("ts") or "")


def _safe_id(user: str) -> str:
    return "".join(ch for ch in user if ch.isalnum())[:20] or "someone"
