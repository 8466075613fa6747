"""The bot's side of a Slack conversation: posts, edits and file uploads through the Web API, and which
thread belongs to which job. SDK errors are mapped here to core/errors.py types."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from core.errors import ChannelError, ChannelUnavailable

from .slack_blocks import escape, text_blocks

log = logging.getLogger(__name__)
TEXT_LIMIT = 3500  # the notification text; the blocks carry the whole message
NOT_MEMBER = ("not_in_channel", "channel_not_found", "is_archived")
NOT_MEMBER_NOTE = ("I am not a member of this channel, so I can only answer you here. Invite me with "
                   "/invite @invoicebot, or send me the invoices in a direct message.")


def not_member(exc: ChannelError) -> bool:
    """Whether a post failed because the bot is not in the channel (it may still answer the command)."""
    return any(code in str(exc) for code in NOT_MEMBER)


async def respond(response_url: str, text: str) -> None:
    """An answer only the user sees, through a slash command's response_url (works in any channel)."""
    try:
        resp = await AsyncWebhookClient(response_url).send(text=escape(text[:TEXT_LIMIT]),
                                                           response_type="ephemeral")
    except (SlackClientError, OSError, TimeoutError) as exc:
        raise ChannelUnavailable("Slack cannot be reached right now; please try again later.") from exc
    if resp.status_code != 200:
        raise ChannelError(f"Slack refused the answer to the command ({resp.status_code}).")


async def api(call, *args: Any, **kw: Any) -> Any:
    """One Web API call (429 is waited out by the client's retry handler); errors as ChannelError."""
    try:
        return await call(*args, **kw)
    except SlackApiError as exc:
        error = exc.response.get("error", "") if exc.response is not None else ""
        if exc.response is not None and exc.response.status_code == 429:
            raise ChannelUnavailable("Slack asked us to slow down; please try again in a minute.") from exc
        raise ChannelError(f"Slack refused the request: {error or exc}") from exc
    except (SlackClientError, OSError, TimeoutError) as exc:
        raise ChannelUnavailable("Slack cannot be reached right now; please try again later.") from exc


class Outbox:
    """Messages as mrkdwn (always escaped) with Block Kit; files with files_upload_v2."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._locales: OrderedDict[str, str | None] = OrderedDict()

    async def locale(self, user: str) -> str | None:
        """The user's Slack language ('de-DE'), remembered; None when unknown (no users:read scope)."""
        if not user:
            return None
        if user not in self._locales:
            try:
                resp = await api(self.client.users_info, user=user, include_locale=True)
                self._locales[user] = (resp.get("user") or {}).get("locale")
            except ChannelError as exc:
                log.debug("no locale", extra={"data": {"error": str(exc)}})
                self._locales[user] = None
            while len(self._locales) > 5000:
                self._locales.popitem(last=False)
        return self._locales[user]

    async def post(self, channel: str, text: str, *, thread: str | None = None,
                   blocks: list[dict] | None = None) -> str:
        resp = await api(self.client.chat_postMessage, channel=channel, text=escape(text[:TEXT_LIMIT]),
                         blocks=blocks or text_blocks(text), thread_ts=thread, unfurl_links=False)
        return resp["ts"]

    async def update(self, channel: str, ts: str, text: str, blocks: list[dict] | None = None) -> None:
        await api(self.client.chat_update, channel=channel, ts=ts, text=escape(text[:TEXT_LIMIT]),
                  blocks=blocks or text_blocks(text))

    async def upload(self, channel: str, path: Path, comment: str, *, thread: str | None = None) -> None:
        await api(self.client.files_upload_v2, channel=channel, thread_ts=thread, file=str(path),
                  filename=path.name, title=path.name, initial_comment=escape(comment))

    async def file_info(self, file_id: str) -> dict[str, Any]:
        resp = await api(self.client.files_info, file=file_id)
        return resp["file"]


@dataclass
class JobThread:
    """Where a job's messages are: its channel, the thread under the upload, the acknowledgement."""

    channel: str = ""
    thread: str | None = None
    ack: str | None = None
    placed: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())
    summaries: dict[str, list[dict]] = field(default_factory=dict)  # ts -> blocks, for dropping buttons


class Threads:
    """Job <-> thread bookkeeping, bounded; a thread may hold several jobs (one message, several files)."""

    def __init__(self, keep: int = 5000) -> None:
        self._jobs: OrderedDict[str, JobThread] = OrderedDict()
        self._by_thread: OrderedDict[tuple[str, str], list[str]] = OrderedDict()
        self._closed: set[str] = set()
        self._keep = keep

    def job(self, job_id: str) -> JobThread:
        job = self._jobs.get(job_id)
        if job is None:
            job = self._jobs[job_id] = JobThread()
            while len(self._jobs) > self._keep:
                old, _ = self._jobs.popitem(last=False)
                self._closed.discard(old)
        return job

    def known(self, job_id: str) -> JobThread | None:
        return self._jobs.get(job_id)

    def place(self, job_id: str, channel: str, thread: str | None, ack: str | None) -> JobThread:
        job = self.job(job_id)
        job.channel, job.thread, job.ack = channel, thread, ack
        if thread:
            jobs = self._by_thread.setdefault((channel, thread), [])
            if job_id not in jobs:
                jobs.append(job_id)
            while len(self._by_thread) > self._keep:
                self._by_thread.popitem(last=False)
        if not job.placed.done():
            job.placed.set_result(True)
        return job

    def close(self, job_id: str) -> None:
        self._closed.add(job_id)

    def reopen(self, job_id: str) -> None:
        self._closed.discard(job_id)

    def job_in(self, channel: str, thread: str | None) -> str | None:
        """The review a thread reply is about: the newest job of that thread still open."""
        jobs = self._by_thread.get((channel, thread or ""), [])
        open_jobs = [j for j in jobs if j not in self._closed]
        return (open_jobs or jobs or [None])[-1]
