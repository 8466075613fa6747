"""Helpers for the Slack tests: the app behind the real web server, signed Slack requests, payloads."""

from __future__ import annotations

import itertools
import json
import time
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from bot import bootstrap, web
from tests.fakes.slack_api import TEAM, FakeSlackApi

TOKEN = "xoxb-test-token"
SECRET = "test-signing-secret"
USER = "U0ADA"
CHANNEL, DM = "C0BOOKS", "D0ADA"
_ids = itertools.count(1)


@asynccontextmanager
async def running(settings, api: FakeSlackApi, *, work: Any = None, prepare: Any = None, **options: Any):
    """The whole app (runner, conversation, Slack channel in HTTP mode) behind `invoicebot web`'s server;
    prepare(app) runs before the runner starts (e.g. to leave a job from an earlier run in the store)."""
    s = settings.model_copy(update={"slack_bot_token": TOKEN, "slack_signing_secret": SECRET,
                                    "slack_api_url": f"{api.url}/api"})
    channel = bootstrap.slack(s, **options)
    app = bootstrap.build(s, [channel], work=work)
    if prepare is not None:
        prepare(app)
    async with app.runner:
        await channel.start(app.conversation)
        try:
            async with web.serve(web.make_app([channel]), "127.0.0.1", 0) as url:
                async with aiohttp.ClientSession() as session:
                    yield Slack(app, url, session, api.url)
        finally:
            await channel.stop()


class Slack:
    """Slack's side of the HTTP conversation: signed posts to the bot's endpoints."""

    def __init__(self, app, url: str, session: aiohttp.ClientSession, hooks: str) -> None:
        self.app, self.url, self.session, self.hooks = app, url, session, hooks

    async def post(self, body: str, content_type: str, *, path: str = "/slack/events", timestamp: int | None = None,
                   secret: str = SECRET, headers: dict | None = None) -> tuple[int, str]:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        hdrs = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature,
                **(headers or {})}
        async with self.session.post(self.url + path, data=body.encode(), headers=hdrs) as resp:
            return resp.status, await resp.text()

    async def command(self, text: str = "", channel: str = CHANNEL, **kw: Any) -> tuple[int, str]:
        body = urlencode(command_fields(text, channel, f"{self.hooks}/hooks/{next(_ids)}"))
        return await self.post(body, "application/x-www-form-urlencoded", path="/slack/commands", **kw)

    async def interaction(self, payload: dict, **kw: Any) -> tuple[int, str]:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded", path="/slack/interactivity", **kw)

    async def event(self, event: dict, *, event_id: str | None = None, **kw: Any) -> tuple[int, str]:
        return await self.post(json.dumps(event_body(event, event_id)), "application/json", **kw)


def event_body(event: dict, event_id: str | None = None) -> dict:
    return {"token": "x", "team_id": TEAM, "api_app_id": "A0APP", "type": "event_callback", "event": event,
            "event_id": event_id or f"Ev{next(_ids):06d}", "event_time": 1700000000}


def command_fields(text: str, channel: str, response_url: str) -> dict:
    return {"token": "x", "team_id": TEAM, "team_domain": "test", "channel_id": channel, "channel_name": "books",
            "user_id": USER, "user_name": "ada", "command": "/invoice", "text": text, "api_app_id": "A0APP",
            "response_url": response_url, "trigger_id": f"trig.{next(_ids)}"}


def message(text: str = "", channel: str = DM, *, thread_ts: str | None = None, **fields: Any) -> dict:
    event = {"type": "message", "channel": channel, "user": USER, "text": text, "ts": f"1699999{next(_ids):03d}.0001",
             "channel_type": "im" if channel.startswith("D") else "channel", **fields}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def file_share(files: list[dict], channel: str = DM, text: str = "") -> dict:
    return message(text, channel, subtype="file_share", files=files)


def view_submission(view: dict, files: list[dict]) -> dict:
    """What Slack posts when the upload modal is submitted with these files."""
    state = {"values": {"invoice_files": {"files": {"type": "file_input", "files": files}}}}
    return {"type": "view_submission", "team": {"id": TEAM, "domain": "test"}, "user": {"id": USER, "team_id": TEAM},
            "api_app_id": "A0APP", "trigger_id": "trig.view",
            "view": {**view, "id": "V0VIEW", "team_id": TEAM, "state": state, "hash": "h"}}


def button_press(post_call, action_id: str, channel: str = CHANNEL) -> dict:
    """A press on one of the buttons of a message the bot posted (as recorded by the fake)."""
    blocks = json.loads(post_call.params["blocks"]) if isinstance(post_call.params["blocks"], str) \
        else post_call.params["blocks"]
    [button] = [e for b in blocks if b["type"] == "actions" for e in b["elements"] if e["action_id"] == action_id]
    msg = {"type": "message", "ts": post_call.result["ts"], "text": post_call.params.get("text", ""),
           "blocks": blocks, "bot_id": "B0BOT"}
    if post_call.params.get("thread_ts"):
        msg["thread_ts"] = post_call.params["thread_ts"]
    return {"type": "block_actions", "team": {"id": TEAM, "domain": "test"}, "user": {"id": USER, "team_id": TEAM},
            "api_app_id": "A0APP", "trigger_id": "trig.button", "channel": {"id": channel, "name": "books"},
            "message": msg, "container": {"type": "message", "message_ts": msg["ts"], "channel_id": channel},
            "actions": [{"type": "button", "action_id": action_id, "block_id": f"review:{button['value']}",
                         "value": button["value"], "action_ts": "1700000000.1"}]}
