"""A recording fake of the Slack Web API on loopback: the real slack_sdk AsyncWebClient talks to it.

Records every call (method, parameters from JSON body, form or query string, the token), serves
private file downloads in small chunks and only with the bot token (an HTML login page otherwise, as
Slack does), takes files_upload_v2 uploads, and can answer one call of a method (or a download) with 429 + Retry-After.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.loopback import Waits, serve

TEAM, BOT_USER, BOT_ID = "T0TEAM", "UBOT", "B0BOT"
DOWNLOAD_CHUNK = 16 * 1024  # a download is sent in pieces of this size
LOGIN_PAGE = "<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str = ""
    data: bytes = b""
    result: Any = None


@dataclass
class StoredFile:
    id: str
    name: str
    data: bytes
    html: bool = False  # answer with a login page even with the right token
    info: dict = field(default_factory=dict)


class FakeSlackApi(Waits):
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.url = ""
        self.files: dict[str, StoredFile] = {}
        self.uploads: dict[str, bytes] = {}
        self._fail: dict[str, list[int]] = {}
        self.outside: set[str] = set()  # channels the bot is not a member of
        self.locales: dict[str, str] = {}  # user -> locale; others have no locale (as without users:read)
        self.app_token = "xapp-1-test"
        self.sockets: list[web.WebSocketResponse] = []
        self._ts = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None

    async def start(self) -> FakeSlackApi:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/files-pri/{file_id}/{name}", self._download)
        app.router.add_post("/hooks/{hook}", self._hook)
        app.router.add_get("/link", self._socket)
        self._runner, self.url = await serve(app)
        return self

    async def close(self) -> None:
        await self.close_sockets()
        if self._runner is not None:
            await self._runner.cleanup()

    # what tests set up ----------------------------------------------------------------------
    def add_file(self, name: str, data: bytes, mimetype: str = "application/pdf", *, html: bool = False) -> dict:
        """A file as Slack describes it in events and views; returns the file object."""
        fid = f"F{next(self._file_ids):06d}"
        url = f"{self.url}/files-pri/{TEAM}-{fid}/{name}"
        info = {"id": fid, "name": name, "title": name, "mimetype": mimetype, "filetype": name.rsplit(".", 1)[-1],
                "size": len(data), "mode": "hosted", "url_private": url, "url_private_download": url + "?dl=1"}
        self.files[f"{TEAM}-{fid}"] = StoredFile(fid, name, data, html, info)
        return info

    def fail_once(self, method: str, retry_after: int = 0) -> None:
        """The next call of `method` ('download' for files) gets 429 with Retry-After (a download: 502 when
        retry_after is negative)."""
        self._fail.setdefault(method, []).append(retry_after)

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posts(self) -> list[Call]:
        return [c for c in self.of("chat.postMessage") if c.result is not None]

    # the API --------------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.method == "POST":
            params.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        auth = request.headers.get("Authorization", "")
        call = Call(method, params, auth.removeprefix("Bearer "))
        self.calls.append(call)
        try:
            if self._fail.get(method):
                wait = self._fail[method].pop(0)
                return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                         headers={"Retry-After": str(wait)})
            if method == "apps.connections.open":
                if call.token != self.app_token:
                    return web.json_response({"ok": False, "error": "invalid_auth"})
                return web.json_response({"ok": True, "url": self.url.replace("http", "ws", 1) + "/link"})
            if call.token != self.token:
                return web.json_response({"ok": False, "error": "invalid_auth"})
            if params.get("channel", params.get("channel_id")) in self.outside:
                return web.json_response({"ok": False, "error": "not_in_channel"})
            handler = getattr(self, "_m_" + method.replace(".", "_"), None)
            if handler is None:
                return web.json_response({"ok": False, "error": "unknown_method"})
            result = handler(params)
            call.result = result
            return web.json_response({"ok": True, **result})
        finally:
            await self._notify()

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        self.uploads[request.match_info["file_id"]] = data
        self.calls.append(Call("upload", {"file_id": request.match_info["file_id"]}, data=data))
        await self._notify()
        return web.Response(text="OK - 200")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: hello, then the envelopes the test sends; the client's acks are recorded."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0APP"},
                            "debug_info": {"host": "fake"}})
        self.sockets.append(ws)
        await self._notify()
        async for msg in ws:
            if msg.type == web.WSMsgType.TEXT:
                self.calls.append(Call("socket_ack", json.loads(msg.data)))
                await self._notify()
        return ws

    async def envelope(self, kind: str, payload: dict, envelope_id: str) -> None:
        """Slack's side of Socket Mode: one request over the open socket."""
        await self.sockets[-1].send_json({"envelope_id": envelope_id, "type": kind, "payload": payload,
                                          "accepts_response_payload": kind != "events_api", "retry_attempt": 0,
                                          "retry_reason": ""})

    async def close_sockets(self) -> None:
        for ws in self.sockets:
            await ws.close()

    async def _hook(self, request: web.Request) -> web.Response:
        """A slash command's response_url."""
        self.calls.append(Call("response_url", await request.json()))
        await self._notify()
        return web.Response(text="ok")

    async def _download(self, request: web.Request) -> web.Response:
        stored = self.files.get(request.match_info["file_id"])
        auth = request.headers.get("Authorization", "")
        self.calls.append(Call("download", {"file": request.match_info["file_id"]}, auth.removeprefix("Bearer ")))
        await self._notify()
        if self._fail.get("download"):
            wait = self._fail["download"].pop(0)
            if wait < 0:  # a server error instead of a rate limit
                return web.Response(status=502, text="Bad Gateway")
            return web.Response(status=429, headers={"Retry-After": str(wait)})
        if stored is None:
            return web.Response(status=404)
        if stored.html or auth != f"Bearer {self.token}":
            return web.Response(text=LOGIN_PAGE, content_type="text/html")
        return await self._stream(request, stored)

    async def _stream(self, request: web.Request, stored: StoredFile) -> web.StreamResponse:
        """The file in small chunks, each written out before the next (as bytes arrive over a real network)."""
        resp = web.StreamResponse(headers={"Content-Type": stored.info["mimetype"]})
        resp.content_length = len(stored.data)
        await resp.prepare(request)
        for start in range(0, len(stored.data), DOWNLOAD_CHUNK):
            await resp.write(stored.data[start:start + DOWNLOAD_CHUNK])  # write() drains
            await asyncio.sleep(0)
        await resp.write_eof()
        return resp

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _next_ts(self) -> str:
        return f"1700000{next(self._ts):03d}.000100"

    # methods ----------------------------------------------------------------------------------
    def _m_auth_test(self, p):
        return {"url": "https://test.slack.com/", "team": "Test", "user": "invoicebot", "team_id": TEAM,
                "user_id": BOT_USER, "bot_id": BOT_ID}

    def _m_chat_postMessage(self, p):
        ts = self._next_ts()
        return {"channel": p["channel"], "ts": ts, "message": {"text": p.get("text", ""), "ts": ts,
                                                                "bot_id": BOT_ID, "blocks": _json(p.get("blocks"))}}

    def _m_chat_update(self, p):
        return {"channel": p["channel"], "ts": p["ts"], "text": p.get("text", "")}

    def _m_users_info(self, p):
        return {"user": {"id": p["user"], "locale": self.locales.get(p["user"], "en-US")}}

    def _m_views_open(self, p):
        return {"view": {"id": "V0VIEW", **(_json(p.get("view")) or {})}}

    def _m_files_info(self, p):
        for stored in self.files.values():
            if stored.id == p.get("file"):
                return {"file": stored.info}
        return {"file": {"id": p.get("file"), "name": "uploaded"}}

    def _m_files_getUploadURLExternal(self, p):
        fid = f"FUP{next(self._file_ids):04d}"
        return {"upload_url": f"{self.url}/upload/{fid}", "file_id": fid}

    def _m_files_completeUploadExternal(self, p):
        files = _json(p.get("files")) or []
        return {"files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
