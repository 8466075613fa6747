"""The HTTP side of the bot (aiohttp): Telegram and Slack webhooks, /healthz (the process is up) and /readyz
(its database, queue and OCR answer) on the public port; /metrics on a listener of its own (METRICS_HOST,
default loopback), optionally behind a bearer token."""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import web

from channels.slack import SlackChannel
from channels.telegram import TelegramChannel
from core.ports import Channel

from .health import Check, run_checks

if TYPE_CHECKING:
    from .metrics import Metrics

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024  # an update is JSON; files are fetched separately
SLACK_PATHS = ("/slack/events", "/slack/commands", "/slack/interactivity")  # one handler serves all three


def webhook_path(url: str) -> str:
    """The path Telegram posts to: the webhook URL's own path, '/telegram' when it has none."""
    path = urlsplit(url).path.rstrip("/")
    return path or "/telegram"


def make_app(channels: Iterable[Channel], *, checks: Mapping[str, Check] | None = None,
             metrics: Metrics | None = None, serve_metrics: bool = False,
             metrics_token: str | None = None) -> web.Application:
    """The public app (errors of its handlers counted in metrics); /metrics only with serve_metrics,
    for a port that is not public (a worker's)."""
    app = web.Application(client_max_size=MAX_UPDATE_BYTES)
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/readyz", _readyz(dict(checks or {})))
    if metrics is not None:
        metrics.count_errors(app)
        if serve_metrics:
            _add_metrics(app, metrics, metrics_token)
    for ch in channels:
        if isinstance(ch, TelegramChannel) and ch.webhook_url:
            app.router.add_post(webhook_path(ch.webhook_url), _telegram(ch))
        if isinstance(ch, SlackChannel) and ch.serves_http:
            for path in SLACK_PATHS:
                app.router.add_post(path, _slack(ch))
    return app


def make_metrics_app(metrics: Metrics, token: str | None = None) -> web.Application:
    """GET /metrics alone; with a token, only for `Authorization: Bearer <token>`."""
    app = web.Application(client_max_size=4096)
    _add_metrics(app, metrics, token)
    return app


def _add_metrics(app: web.Application, metrics: Metrics, token: str | None) -> None:
    if token:
        app.middlewares.append(_bearer(token))
    metrics.add_to(app)


def _bearer(token: str):
    expected = f"Bearer {token}".encode()

    @web.middleware
    async def check(request: web.Request, handler) -> web.StreamResponse:
        if request.path == "/metrics" and not hmac.compare_digest(
                request.headers.get("Authorization", "").encode(), expected):
            return web.Response(status=401, text="unauthorized", headers={"WWW-Authenticate": "Bearer"})
        return await handler(request)

    return check


def _slack(channel: SlackChannel):
    async def handle(request: web.Request) -> web.Response:
        status, headers, body = await channel.handle(await request.text(), request.query_string,
                                                     dict(request.headers))
        content_type = headers.pop("content-type", "application/json" if body.startswith("{") else "text/plain")
        headers.pop("content-length", None)
        return web.Response(status=status, body=body, headers=headers, content_type=content_type.split(";")[0])

    return handle


def _telegram(channel: TelegramChannel):
    async def handle(request: web.Request) -> web.Response:
        if not channel.accepts(request.headers.get(SECRET_HEADER)):
            log.warning("webhook call with a wrong secret", extra={"data": {"peer": request.remote}})
            return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
        except ValueError:
            return web.Response(status=400, text="not JSON")
        if not isinstance(data, dict) or "update_id" not in data:
            return web.Response(status=400, text="not an update")
        try:
            fed = await channel.feed(data)
        except Exception as exc:  # e.g. the database is away: Telegram sends the update again later
            log.error("webhook update not kept", extra={"data": {"error": type(exc).__name__}})
            return web.Response(status=503, text="try again")
        if not fed:
            return web.Response(status=400, text="not an update")
        return web.Response(text="ok")

    return handle


async def _healthz(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


def _readyz(checks: dict[str, Check]):
    async def handle(request: web.Request) -> web.Response:
        ok, results = await run_checks(checks)
        return web.json_response({"ok": ok, "checks": results}, status=200 if ok else 503)

    return handle


@asynccontextmanager
async def serve(app: web.Application, host: str, port: int) -> AsyncIterator[str]:
    """Serve until the block ends; yields the base URL (port 0 picks a free port)."""
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        log.info("web server listening", extra={"data": {"host": host, "port": bound}})
        yield f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{bound}"
    finally:
        await runner.cleanup()


@asynccontextmanager
async def serve_metrics(metrics: Metrics | None, host: str, port: int | None,
                        token: str | None = None) -> AsyncIterator[str | None]:
    """/metrics on its own listener until the block ends; yields its base URL, or None when it is off
    (no port) or its address cannot be had (taken, not allowed): the bot serves on without it."""
    async with AsyncExitStack() as stack:
        url = None
        if metrics is not None and port is not None:
            try:
                url = await stack.enter_async_context(serve(make_metrics_app(metrics, token), host, port))
            except OSError as exc:
                log.error("metrics not served: the address cannot be used",
                          extra={"data": {"host": host, "port": port, "error": exc.strerror or type(exc).__name__}})
        yield url
