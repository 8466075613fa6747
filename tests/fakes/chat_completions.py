"""A recording fake chat-completions server on loopback (Groq's /openai/v1 path and /v1), in its own
thread for synchronous clients; scripted replies: JSON, raw text, HTTP errors with Retry-After, or a
reply held until the server closes (a timeout without timing)."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.fakes.loopback import serve


@dataclass
class Request:
    path: str
    body: dict
    headers: dict[str, str]


class FakeChatServer:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.url = ""
        self._script: deque[dict] = deque()
        self.default: dict = {"content": "{}"}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._closing: asyncio.Event | None = None

    # what tests set up ----------------------------------------------------------------------
    def reply(self, values: dict, prompt_tokens: int = 100, completion_tokens: int = 20) -> None:
        self._script.append({"content": json.dumps(values), "usage": (prompt_tokens, completion_tokens)})

    def reply_text(self, text: str) -> None:
        self._script.append({"content": text, "usage": (100, 5)})

    def error(self, status: int, retry_after: str | None = None, message: str = "scripted failure") -> None:
        self._script.append({"status": status, "retry_after": retry_after, "message": message})

    def hang(self) -> None:
        """The next request gets no answer until the server closes."""
        self._script.append({"hang": True})

    # lifecycle ----------------------------------------------------------------------------
    def start(self) -> FakeChatServer:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True, name="fake-chat")
        self._thread.start()
        ready.wait()
        return self

    def close(self) -> None:
        assert self._loop is not None and self._thread is not None
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._start())
        ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        self._closing = asyncio.Event()
        app = web.Application()
        app.router.add_post("/openai/v1/chat/completions", self._chat)
        app.router.add_post("/v1/chat/completions", self._chat)
        self._runner, self.url = await serve(app)

    async def _stop(self) -> None:
        assert self._closing is not None and self._runner is not None
        self._closing.set()
        await self._runner.cleanup()

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(Request(request.path, body, dict(request.headers)))
        step = self._script.popleft() if self._script else self.default
        if step.get("hang"):
            assert self._closing is not None
            await self._closing.wait()
            return web.Response(status=503)
        if "status" in step:
            headers = {"retry-after": step["retry_after"]} if step.get("retry_after") is not None else {}
            message = step.get("message", "scripted failure")
            return web.json_response({"error": {"message": message, "type": "invalid_request_error"}},
                                     status=step["status"], headers=headers)
        prompt, completion = step.get("usage", (10, 2))
        return web.json_response(_completion(body.get("model", ""), step["content"], prompt, completion))


def _completion(model: str, content: str, prompt: int, completion: int) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{prompt}-{completion}", "object": "chat.completion", "created": 1_700_000_000,
        "model": model,
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
    }
