"""Wiring, written out once: settings -> store, blobs, queue, runner, conversation, channels."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import hashlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from channels.console import ConsoleChannel
from channels.email import EmailChannel
from channels.mail_config import MailConfig
from channels.slack import SlackChannel
from channels.telegram import TelegramChannel
from channels.telegram_guard import KeptQueue, PerChatOrder
from channels.telegram_intake import BOT_API_DOWNLOAD_LIMIT
from core.errors import ConfigError
from core.llm.setup import LlmConfig
from core.ports import Channel, JobQueue
from core.runner import JobRunner
from core.work import WorkConfig, init_worker, read_and_extract
from storage.blobs import FileBlobStore, SqlBlobStore
from storage.db import make_engine
from storage.inbox import SqlInbox
from storage.llm_store import SqlLlmLedger
from storage.queues import MemoryJobQueue
from storage.redis_queue import RedisEvents, RedisJobQueue, connect
from storage.sql import SqlStore

from .conversation import Conversation
from .health import Check, OcrCheck, database_check, queue_check
from .metrics import Metrics
from .settings import Settings, reveal

log = logging.getLogger(__name__)
# Connections to the Bot API: few and busy. httpcore's pool does work quadratic in its size on every request,
# which at PTB's default of 256 cost more than all the rest of a webhook burst.
TELEGRAM_CONNECTIONS = 8


@dataclass
class WorkSpec:
    """The CPU step the runner sends to its process pool (the real pipeline unless a test passes another)."""

    run: Any = read_and_extract
    init: Any = init_worker
    config: Any = None


@dataclass
class App:
    settings: Settings
    store: SqlStore
    conversation: Conversation
    runner: JobRunner
    channels: list[Channel] = field(default_factory=list)
    queue: JobQueue | None = None  # the runner's queue, for /readyz
    metrics: Metrics | None = None
    events: RedisEvents | None = None  # REDIS_URL set: job events come from the workers through Redis
    metrics_url: str | None = None  # where /metrics listens, once served


def work_config(settings: Settings, per_job_ocr: int | None = None) -> WorkConfig:
    """What a worker process needs: the local pipeline plus the LLM tier's configuration."""
    return replace(settings.local_work(per_job_ocr), llm=llm_config(settings))


def llm_config(settings: Settings) -> LlmConfig:
    """The LLM tier as plain values; the ledger (cache + token counts) lives in the job database."""
    mode = settings.effective_llm_mode
    if mode not in ("off", "fallback", "always"):
        raise ConfigError(f"LLM_MODE must be off, fallback or always, not {mode!r}.")
    if mode != "off" and not (settings.groq_api_key or settings.groq_base_url):
        log.warning("LLM_MODE is set but neither GROQ_API_KEY nor GROQ_BASE_URL is: the LLM tier stays off")
    return LlmConfig(mode, reveal(settings.groq_api_key), settings.groq_base_url, settings.groq_model, settings.llm_timeout,
                     settings.llm_daily_token_budget, settings.llm_tenant_daily_token_budget,
                     ledger=functools.partial(SqlLlmLedger.from_url, settings.database_url))


def build(settings: Settings, channels: list[Channel], work: WorkSpec | None = None,
          language: str | None = None, *, workers: int | None = None) -> App:
    """The store, the conversation and the runner. Without REDIS_URL the queue is in-process and the
    runner's events go straight to the conversation; with it, jobs go to a Redis Stream, the runner's
    events to another, and App.events brings them back to this process's channels.
    workers: worker processes here (0: intake only, `invoicebot web` beside `invoicebot worker`)."""
    store = SqlStore(make_engine(settings.database_url))
    conversation = Conversation(store, settings.data_dir, language or settings.chat_language,
                                daily_limit=settings.tenant_daily_limit)
    queue, events = shared_queue(settings)
    metrics = Metrics(store, queue_depth=queue_depth(settings, queue), ledger=SqlLlmLedger(store.engine))
    runner = job_runner(settings, store, queue, metrics.sink(events.publish if events else conversation.on_event),
                        work, settings.workers if workers is None else workers)
    conversation.runner = runner
    for ch in channels:
        conversation.channels[ch.name] = ch
        if isinstance(ch, (TelegramChannel, SlackChannel)):
            ch.kept.inbox = SqlInbox(store.engine)
    return App(settings, store, conversation, runner, channels, queue, metrics, events)


def shared_queue(settings: Settings) -> tuple[MemoryJobQueue | RedisJobQueue, RedisEvents | None]:
    if not settings.redis_url:
        return MemoryJobQueue(), None
    redis = connect(settings.redis_url)
    return (RedisJobQueue(redis, claim_idle=settings.job_claim_seconds),
            RedisEvents(redis, claim_idle=settings.job_claim_seconds))


def queue_depth(settings: Settings, queue: Any) -> Callable[[], int]:
    """Read when /metrics is scraped (synchronously): the in-process queue's size, or the stream's length."""
    if isinstance(queue, MemoryJobQueue):
        return queue.qsize
    import redis

    client = redis.Redis.from_url(settings.redis_url, socket_timeout=2)
    return lambda: client.xlen(queue.stream)


def job_runner(settings: Settings, store: SqlStore, queue: Any, on_event: Any, work: WorkSpec | None,
               workers: int) -> JobRunner:
    work = work or WorkSpec()
    # with workers on other machines, the files travel through the database; DATA_DIR is each one's cache
    limit = int(settings.max_file_mb * 1024 * 1024)
    blobs = (SqlBlobStore(store.engine, settings.data_dir, limit) if settings.redis_url
             else FileBlobStore(settings.data_dir, limit))
    return JobRunner(store, blobs, queue, on_event, work=work.run, init=work.init,
                     config=work.config or work_config(settings), workers=workers, timeout=settings.job_timeout,
                     retries=settings.job_retries, grace=settings.shutdown_grace,
                     resume=not settings.redis_url)  # a stream keeps its jobs; re-adding them would double them


def readiness(app: App) -> dict[str, Check]:
    """What /readyz asks: the database answers, the job queue answers, tesseract runs."""
    checks = {"database": database_check(app.store), "ocr": OcrCheck()}
    if isinstance(app.queue, RedisJobQueue):
        checks["queue"] = app.queue.ping
    elif app.queue is not None:
        checks["queue"] = queue_check(app.queue)
    return checks


def serves_http(app: App, web: bool) -> bool:
    """`web` always; `run` when a channel takes webhooks or WEB_PORT/PORT is set (for /readyz and /metrics)."""
    return (web or "web_port" in app.settings.model_fields_set or "PORT" in os.environ
            or any(getattr(ch, "webhook_url", None) or getattr(ch, "serves_http", False) for ch in app.channels))


async def run_worker(settings: Settings, work: WorkSpec | None = None, stop: asyncio.Event | None = None,
                     ready: asyncio.Future | None = None) -> None:
    """`invoicebot worker`: jobs from the Redis Stream until SIGTERM; events go back through Redis.
    With WORKER_PORT set, it serves /healthz, /readyz and /metrics (its own jobs' durations and errors)."""
    from contextlib import AsyncExitStack

    from . import web as webapp

    if not settings.redis_url:
        raise ConfigError("invoicebot worker needs REDIS_URL (without it, `invoicebot run` does the work).")
    app = build(settings, [], work)
    assert app.events is not None and isinstance(app.queue, RedisJobQueue)
    stop = stop or asyncio.Event()
    try:
        with _stopped_by_signals(stop):
            async with app.runner, AsyncExitStack() as stack:
                url = None
                if settings.worker_port is not None:
                    http = webapp.make_app([], checks=readiness(app), metrics=app.metrics, serve_metrics=True,
                                           metrics_token=reveal(settings.metrics_token))
                    url = await stack.enter_async_context(webapp.serve(http, settings.web_host, settings.worker_port))
                stack.push_async_callback(_stop, *_sweeping(app))
                log.info("worker started", extra={"data": {"processes": app.runner.workers, "http": url}})
                if ready is not None and not ready.done():
                    ready.set_result(url)
                await stop.wait()
                log.info("worker stopping", extra={"data": {"grace": app.runner.grace}})
    finally:
        await app.queue.redis.aclose()


def console(settings: Settings, files: list[str] = (), stdin: TextIO | None = None, stdout: TextIO | None = None,
            language: str | None = None) -> ConsoleChannel:
    return ConsoleChannel(stdin or sys.stdin, stdout or sys.stdout, files, language=language or settings.chat_language,
                          max_bytes=int(settings.max_file_mb * 1024 * 1024))


async def serve(app: App, console: ConsoleChannel | None = None) -> None:
    """The runner and every channel; with a console, until the end of its input and of the jobs in flight,
    otherwise until SIGTERM or Ctrl-C. Shutdown is ordered: channels, then workers, then the pool;
    unfinished jobs stay in the store for the next start.
    """
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    on_main = task is not None and threading.current_thread() is threading.main_thread()
    if on_main:
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        async with app.runner:
            for ch in app.channels:
                await ch.start(app.conversation)
            delivery = _deliver(app) if app.events is not None else None
            try:
                if console is not None:
                    await console.run()
                else:
                    await asyncio.Event().wait()
            finally:
                if delivery is not None:
                    await _stop(*delivery)
                for ch in reversed(app.channels):
                    await ch.stop()
    finally:
        if on_main:
            loop.remove_signal_handler(signal.SIGTERM)



def chat_channels(settings: Settings) -> list[Channel]:
    """The chat channels configured by their tokens, built here one by one."""
    channels: list[Channel] = []
    if settings.telegram_bot_token:
        channels.append(telegram(settings))
    if settings.slack_bot_token:
        channels.append(slack(settings))
    if settings.imap_host:
        channels.append(email_channel(settings))
    for name in configured_channels(settings):
        if name not in {ch.name for ch in channels}:
            log.warning("channel configured but not part of this build", extra={"data": {"channel": name}})
    return channels


async def run_service(app: App, *, web: bool, stop: asyncio.Event | None = None,
                      ready: asyncio.Future | None = None) -> None:
    """The runner, every channel and (with web, or a channel on webhooks) the HTTP server until stopped.

    SIGINT/SIGTERM set `stop`; shutdown then goes in order: HTTP, channels, runner (jobs stay stored).
    """
    from contextlib import AsyncExitStack

    from . import web as webapp

    stop = stop or asyncio.Event()
    with _stopped_by_signals(stop):
        async with app.runner, AsyncExitStack() as stack:
            for ch in app.channels:
                await ch.start(app.conversation)
                stack.push_async_callback(ch.stop)
            url = None
            if serves_http(app, web):
                http = webapp.make_app(app.channels, checks=readiness(app), metrics=app.metrics)
                url = await stack.enter_async_context(
                    webapp.serve(http, app.settings.web_host, app.settings.web_port))
                s = app.settings
                app.metrics_url = await stack.enter_async_context(webapp.serve_metrics(
                    app.metrics, s.metrics_host, s.metrics_port, reveal(s.metrics_token)))
            if app.events is not None:
                stack.push_async_callback(_stop, *_deliver(app))
            if ready is not None and not ready.done():
                ready.set_result(url)
            await stop.wait()


@contextlib.contextmanager
def _stopped_by_signals(stop: asyncio.Event):
    """SIGINT and SIGTERM set `stop` (on the main thread; elsewhere the caller sets it)."""
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM) if threading.current_thread() is threading.main_thread() else ()
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    try:
        yield
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)


def _sweeping(app: App) -> tuple[asyncio.Task, asyncio.Event]:
    stop = asyncio.Event()
    return asyncio.create_task(sweep(app, stop), name="sweep"), stop


async def sweep(app: App, stop: asyncio.Event) -> None:
    """Every JOB_CLAIM_SECONDS: unfinished jobs whose row is older than that but which are not in the
    stream (a Redis without persistence restarted) go back into it. A job added twice still runs once:
    the row's claim decides."""
    assert isinstance(app.queue, RedisJobQueue)
    every = app.settings.job_claim_seconds
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(every):
                await stop.wait()
        if stop.is_set():
            return
        try:
            present = await app.queue.present()
            cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=every)
            for job in app.store.jobs_to_resume():
                created = job.created_at if job.created_at.tzinfo else job.created_at.replace(tzinfo=dt.UTC)
                if job.id not in present and created < cutoff:
                    log.warning("job missing from the queue: added again", extra={"data": {"job": job.id}})
                    await app.queue.put(job.id, redelivered=job.state == "running")
        except Exception:  # the server may be away; the next round tries again
            log.warning("queue sweep failed", exc_info=True)


def _deliver(app: App) -> tuple[asyncio.Task, asyncio.Event]:
    """The workers' job events (through Redis) to this process's conversation and channels."""
    assert app.events is not None
    stop = asyncio.Event()
    return asyncio.create_task(app.events.deliver(app.conversation.on_event, stop), name="events"), stop


async def _stop(task: asyncio.Task, stop: asyncio.Event) -> None:
    """Ends the delivery between two reads (a Redis read is not cancelled midway)."""
    stop.set()
    try:
        async with asyncio.timeout(5):
            await asyncio.shield(task)
    except TimeoutError:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def telegram(settings: Settings, **options: Any) -> TelegramChannel:
    """The Telegram channel on the configured Bot API server (polling, or webhook when a URL is set)."""
    from telegram.ext import Application

    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines carry the bot token
    if not settings.telegram_bot_token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set.")
    api, token = settings.telegram_api_url.rstrip("/"), reveal(settings.telegram_bot_token)
    builder = (Application.builder().token(token)
               .base_url(f"{api}/bot").base_file_url(f"{api}/file/bot").concurrent_updates(PerChatOrder())
               .update_queue(KeptQueue()).connection_pool_size(TELEGRAM_CONNECTIONS))
    if settings.telegram_webhook_url:
        builder = builder.updater(None)
    allowed = None
    if settings.telegram_allowed_chats:
        try:
            allowed = {int(x) for x in settings.telegram_allowed_chats.replace(";", ",").split(",") if x.strip()}
        except ValueError as exc:
            raise ConfigError("TELEGRAM_ALLOWED_CHATS must be chat ids separated by commas.") from exc
    secret = reveal(settings.telegram_webhook_secret)
    if settings.telegram_webhook_url and not secret:  # never an open webhook: derive one from the token
        secret = hashlib.sha256(b"webhook:" + token.encode()).hexdigest()[:48]
    official = "api.telegram.org" in api
    max_bytes = int(settings.max_file_mb * 1024 * 1024)
    options.setdefault("max_bytes", min(max_bytes, BOT_API_DOWNLOAD_LIMIT) if official else max_bytes)
    return TelegramChannel(builder.build(), allowed_chats=allowed, webhook_url=settings.telegram_webhook_url,
                           webhook_secret=secret, **options)


def slack(settings: Settings, **options: Any) -> SlackChannel:
    """The Slack channel: Bolt's AsyncApp on the configured Web API; Socket Mode when an app token is set."""
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
    from slack_sdk.web.async_client import AsyncWebClient

    if not settings.slack_bot_token:
        raise ConfigError("SLACK_BOT_TOKEN is not set.")
    if not settings.slack_app_token and not settings.slack_signing_secret:
        raise ConfigError("SLACK_SIGNING_SECRET is needed for Slack's HTTP mode (or set SLACK_APP_TOKEN for "
                          "Socket Mode); copy it from the app's Basic Information page.")
    bot_token, app_token = reveal(settings.slack_bot_token), reveal(settings.slack_app_token)
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN must be an app-level token (xapp-...) with connections:write.")
    api = settings.slack_api_url.rstrip("/") + "/"  # the client needs the trailing slash
    client = AsyncWebClient(token=bot_token, base_url=api)
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=3))
    app = AsyncApp(client=client, signing_secret=reveal(settings.slack_signing_secret) or "",
                   request_verification_enabled=not app_token, process_before_response=True)
    options.setdefault("max_bytes", int(settings.max_file_mb * 1024 * 1024))
    return SlackChannel(app, token=bot_token, api_url=api, app_token=app_token,
                        **options)


def configured_channels(settings: Settings) -> list[str]:
    names = []
    if settings.telegram_bot_token:
        names.append("telegram")
    if settings.slack_bot_token:
        names.append("slack")
    if settings.imap_host:
        names.append("email")
    return names


def email_channel(settings: Settings) -> EmailChannel:
    """The email channel from IMAP_* / SMTP_* / EMAIL_*; its own state lives beside the data."""
    s = settings
    if not (s.imap_host and s.imap_user and s.imap_password):
        raise ConfigError("Email needs IMAP_HOST, IMAP_USER and IMAP_PASSWORD.")
    if not s.smtp_host:
        raise ConfigError("Email needs SMTP_HOST to send replies.")
    allowed = tuple(a.strip().lower() for a in (s.email_allowed_senders or "").split(",") if a.strip())
    config = MailConfig(imap_host=s.imap_host, imap_user=s.imap_user, imap_password=reveal(s.imap_password),
                        smtp_host=s.smtp_host, imap_port=s.imap_port, imap_ssl=s.imap_ssl, folder=s.imap_folder,
                        processed_folder=s.email_processed_folder or None,
                        smtp_port=s.smtp_port, smtp_user=s.smtp_user, smtp_password=reveal(s.smtp_password),
                        smtp_starttls=s.smtp_starttls, sender=s.email_from or s.imap_user, allowed=allowed,
                        max_mail_bytes=int(s.email_max_mb * 1024 * 1024), poll_interval=s.email_poll_seconds,
                        per_sender_per_hour=s.email_per_sender_per_hour, require_auth=s.email_require_auth,
                        authserv_ids=tuple(a.strip() for a in (s.email_authserv_id or "").split(",") if a.strip()))
    slug = "".join(ch if ch.isalnum() else "_" for ch in f"{s.imap_user}-{s.imap_host}-{s.imap_folder}")[:100]
    return EmailChannel(config, Path(s.data_dir) / "email" / f"{slug}.sqlite")
