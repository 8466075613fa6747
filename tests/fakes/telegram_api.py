"""A recording fake of the Telegram Bot API on loopback: the real python-telegram-bot client talks to it.

Records every call, serves getUpdates from a queue the test feeds (an update stays there until an
offset confirms it), serves files for getFile and
download, and can answer one call of a method (or of the file download) with 429 (retry_after)
or with a server error, as a flaky network would.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.loopback import Waits, serve

BOT = {"id": 4242, "is_bot": True, "first_name": "Invoices", "username": "invoice_test_bot"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None  # what the fake answered


class FakeBotApi(Waits):
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.url = ""
        self._updates: deque[dict] = deque()
        self._arrived = asyncio.Event()
        self._files: dict[str, tuple[str, bytes]] = {}
        self._fail: dict[str, list[Any]] = {}
        self._holds: dict[str, asyncio.Event] = {}
        self._ids = itertools.count(1000)
        self._update_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None

    # lifecycle ----------------------------------------------------------------------------
    async def start(self) -> FakeBotApi:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner, self.url = await serve(app)
        return self

    async def close(self) -> None:
        self._closing.set()  # a long poll is not cancelled when the client goes away
        if self._runner is not None:
            await self._runner.cleanup()

    # what tests set up ----------------------------------------------------------------------
    def add_file(self, file_id: str, data: bytes, path: str) -> None:
        self._files[file_id] = (path, data)

    def hold(self, file_id: str) -> asyncio.Event:
        """The file's download waits until the returned event is set (a slow upload, without timing)."""
        return self._holds.setdefault(file_id, asyncio.Event())

    def fail_once(self, method: str, *, retry_after: int | None = None, status: int = 502) -> None:
        """The next call of `method` ('download' for files) gets 429 with retry_after, or `status`."""
        self._fail.setdefault(method, []).append((429, retry_after) if retry_after is not None else (status, 0))

    def push(self, update: dict) -> int:
        update.setdefault("update_id", next(self._update_ids))
        self._updates.append(update)
        self._arrived.set()
        return update["update_id"]

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def texts(self) -> list[str]:
        return [c.params.get("text") or c.params.get("caption") or "" for c in self.calls
                if c.method in ("sendMessage", "editMessageText", "sendDocument")]

    # the API --------------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        if request.content_type == "application/json":
            params = await request.json()
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = value.file.read()
                else:
                    params[key] = _decode(value)
        call = Call(method, params, files)
        if method != "getUpdates":
            self.calls.append(call)
        failure = self._fail.get(method, [])
        if failure:
            status, retry = failure.pop(0)
            await self._notify()
            if status != 429:
                return web.json_response({"ok": False, "error_code": status, "description": "Bad Gateway"},
                                         status=status)
            return web.json_response({"ok": False, "error_code": 429, "description":
                                      f"Too Many Requests: retry after {retry}", "parameters": {"retry_after": retry}},
                                     status=429)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            await self._notify()
            return web.json_response({"ok": False, "error_code": 400, "description": f"Bad Request: {method}"},
                                     status=400)
        result = await handler(params, files, request)
        call.result = result if not isinstance(result, web.Response) else None
        await self._notify()
        if isinstance(result, web.Response):
            return result
        return web.json_response({"ok": True, "result": result})

    async def _file(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        for file_id, (stored, data) in self._files.items():
            if stored == path:
                self.calls.append(Call("download", {"path": path}))
                await self._notify()
                if file_id in self._holds:
                    await self._holds[file_id].wait()
                if self._fail.get("download"):
                    status, _ = self._fail["download"].pop(0)
                    return web.json_response({"ok": False, "error_code": status, "description": "Server error"},
                                             status=status)
                return web.Response(body=data)
        return web.Response(status=404)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _message(self, params: dict, **extra: Any) -> dict:
        chat_id = int(params["chat_id"])
        msg = {"message_id": next(self._ids), "date": int(time.time()), "from": BOT,
               "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"}, **extra}
        if params.get("reply_markup"):
            msg["reply_markup"] = params["reply_markup"]
        return msg

    async def _m_getMe(self, params, files, request=None):
        return BOT

    async def _m_deleteWebhook(self, params, files, request=None):
        return True

    async def _m_setWebhook(self, params, files, request=None):
        return True

    async def _m_setMyCommands(self, params, files, request=None):
        return True

    async def _m_answerCallbackQuery(self, params, files, request=None):
        return True

    async def _m_getUpdates(self, params, files, request):
        """Updates stay until a later call's offset confirms them, as Telegram keeps them."""
        offset = int(params.get("offset") or 0)
        while self._updates and self._updates[0]["update_id"] < offset:
            self._updates.popleft()
        timeout = float(params.get("timeout") or 0)
        if not self._updates and timeout > 0:
            self._arrived.clear()
            arrived = asyncio.ensure_future(self._arrived.wait())
            closing = asyncio.ensure_future(self._closing.wait())
            await asyncio.wait({arrived, closing}, timeout=min(timeout, 2.0), return_when=asyncio.FIRST_COMPLETED)
            arrived.cancel()
            closing.cancel()
        if request.transport is None or request.transport.is_closing():
            return []  # the client went away during the long poll: keep the updates for the next one
        return list(self._updates)

    async def _m_sendMessage(self, params, files, request=None):
        return self._message(params, text=params["text"])

    async def _m_editMessageText(self, params, files, request=None):
        return self._message(params, text=params["text"], message_id=int(params["message_id"]))

    async def _m_editMessageReplyMarkup(self, params, files, request=None):
        return self._message(params, text="", message_id=int(params["message_id"]))

    async def _m_sendDocument(self, params, files, request=None):
        doc = {"file_id": f"doc{len(self.calls)}", "file_unique_id": f"u{len(self.calls)}", "file_name": "x.xlsx"}
        return self._message(params, document=doc, caption=params.get("caption", ""))

    async def _m_getFile(self, params, files, request=None):
        file_id = params["file_id"]
        if file_id not in self._files:
            return web.json_response({"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"},
                                     status=400)
        path, data = self._files[file_id]
        return {"file_id": file_id, "file_unique_id": "u" + file_id, "file_size": len(data), "file_path": path}


def _decode(value: str) -> Any:
    """PTB sends non-string values JSON-encoded inside form fields."""
    if value[:1] in "{[" or value in ("true", "false") or value.lstrip("-").isdigit():
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
