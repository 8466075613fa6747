"""Wiring, written out once: settings -> store, blobs, queue, runner, conversation, channels."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from channels.console import ConsoleChannel
from channels.email import EmailChannel
from channels.mail_config import MailConfig
from core.errors import ConfigError
from core.ports import Channel
from core.runner import JobRunner
from core.work import WorkConfig, init_worker, read_and_extract
from storage.blobs import FileBlobStore
from storage.db import make_engine
from storage.queues import MemoryJobQueue
from storage.sql import SqlStore

from .conversation import Conversation
from .settings import Settings

log = logging.getLogger(__name__)


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


def work_config(settings: Settings) -> WorkConfig:
    per_job = max(1, (os.cpu_count() or 1) // settings.workers)
    return WorkConfig(settings.ocr_languages, settings.ocr_timeout, settings.read_options(per_job))


def build(settings: Settings, channels: list[Channel], work: WorkSpec | None = None,
          language: str | None = None) -> App:
    store = SqlStore(make_engine(settings.database_url))
    conversation = Conversation(store, settings.data_dir, language or settings.chat_language)
    work = work or WorkSpec()
    runner = JobRunner(store, FileBlobStore(settings.data_dir), MemoryJobQueue(), conversation.on_event,
                       work=work.run, init=work.init, config=work.config or work_config(settings),
                       workers=settings.workers, timeout=settings.job_timeout, retries=settings.job_retries)
    conversation.runner = runner
    for ch in channels:
        conversation.channels[ch.name] = ch
    return App(settings, store, conversation, runner, channels)


def console(settings: Settings, files: list[str] = (), stdin: TextIO | None = None, stdout: TextIO | None = None,
            language: str | None = None) -> ConsoleChannel:
    return ConsoleChannel(stdin or sys.stdin, stdout or sys.stdout, files, language=language or settings.chat_language,
                          max_bytes=int(settings.max_file_mb * 1024 * 1024))


async def run_console(app: App, channel: ConsoleChannel) -> None:
    """The runner and the console channel until the end of input and of the jobs in flight.

    SIGTERM stops in order (intake, workers, pool); unfinished jobs stay in the store for the next start.
    """
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    if task is not None and threading.current_thread() is threading.main_thread():
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        async with app.runner:
            for ch in app.channels:
                await ch.start(app.conversation)
            try:
                await channel.run()
            finally:
                for ch in reversed(app.channels):
                    await ch.stop()
    finally:
        if task is not None and threading.current_thread() is threading.main_thread():
            loop.remove_signal_handler(signal.SIGTERM)


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
    config = MailConfig(imap_host=s.imap_host, imap_user=s.imap_user, imap_password=s.imap_password,
                        smtp_host=s.smtp_host, imap_port=s.imap_port, imap_ssl=s.imap_ssl, folder=s.imap_folder,
                        processed_folder=s.email_processed_folder or None,
                        smtp_port=s.smtp_port, smtp_user=s.smtp_user, smtp_password=s.smtp_password,
                        smtp_starttls=s.smtp_starttls, sender=s.email_from or s.imap_user, allowed=allowed,
                        max_mail_bytes=int(s.email_max_mb * 1024 * 1024), poll_interval=s.email_poll_seconds,
                        per_sender_per_hour=s.email_per_sender_per_hour)
    slug = "".join(ch if ch.isalnum() else "_" for ch in f"{s.imap_user}-{s.imap_host}-{s.imap_folder}")[:100]
    return EmailChannel(config, Path(s.data_dir) / "email" / f"{slug}.sqlite")


def chat_channels(settings: Settings) -> list[Channel]:
    """The chat channels configured by their settings, built here one by one (email so far)."""
    return [email_channel(settings)] if settings.imap_host else []


async def serve(app: App, stop: asyncio.Event | None = None) -> None:
    """The runner and every channel until SIGTERM/SIGINT (or `stop` is set); then channels, then the runner."""
    loop = asyncio.get_running_loop()
    main = stop is None and threading.current_thread() is threading.main_thread()
    stop = stop or asyncio.Event()
    if main:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
    try:
        async with app.runner:
            for ch in app.channels:
                await ch.start(app.conversation)
            try:
                await stop.wait()
            finally:
                for ch in reversed(app.channels):
                    await ch.stop()
    finally:
        if main:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
