"""The Telegram channel's rules on their own: the gate, message splitting, configuration, webhook paths."""

from __future__ import annotations

import pytest

from bot import bootstrap
from bot.web import webhook_path
from channels.telegram_guard import DROP, DUPLICATE, PASS, REFUSE, REFUSED_BEFORE, SLOW_DOWN, Gate
from channels.telegram_intake import BOT_API_DOWNLOAD_LIMIT
from channels.telegram_send import chunks
from core.errors import ConfigError


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_gate_duplicates_allowlist_and_rate():
    clock = Clock()
    gate = Gate({1}, rate_limit=2, rate_window=60, clock=clock)
    assert gate.check(10, 1) == PASS
    assert gate.check(10, 1) == DUPLICATE
    assert [gate.check(11, 2), gate.check(12, 2)] == [REFUSE, REFUSED_BEFORE]
    assert [gate.check(13, 1), gate.check(14, 1), gate.check(15, 1)] == [PASS, SLOW_DOWN, DROP]
    assert gate.check(16, 1, counts=False) == PASS  # button presses do not use up the budget
    clock.now = 61
    assert gate.check(17, 1) == PASS


def test_chunks_split_at_line_ends_and_keep_everything():
    text = "\n".join(f"line {i} " + "x" * 50 for i in range(200))
    parts = chunks(text, 1000)
    assert all(len(p) <= 1000 for p in parts) and len(parts) > 1
    assert "\n".join(parts) == text
    assert chunks("y" * 2500, 1000) == ["y" * 1000, "y" * 1000, "y" * 500]


def test_telegram_settings(settings):
    base = settings.model_copy(update={"telegram_bot_token": "1:abc"})
    official = bootstrap.telegram(base)
    assert official.max_bytes == BOT_API_DOWNLOAD_LIMIT and official.webhook_url is None
    own = bootstrap.telegram(base.model_copy(update={"telegram_api_url": "http://127.0.0.1:8081/",
                                                     "telegram_allowed_chats": "5, -1001"}))
    assert own.max_bytes == int(settings.max_file_mb * 1024 * 1024)  # a self-hosted server has no 20 MB limit
    assert own._gate.allowed_chats == {5, -1001}
    hooked = bootstrap.telegram(base.model_copy(update={"telegram_webhook_url": "https://x.example/tg"}))
    assert hooked.webhook_secret and len(hooked.webhook_secret) >= 32  # never an open webhook
    assert hooked.accepts(hooked.webhook_secret) and not hooked.accepts("guess") and not hooked.accepts(None)
    with pytest.raises(ConfigError):
        bootstrap.telegram(base.model_copy(update={"telegram_allowed_chats": "me, you"}))
    with pytest.raises(ConfigError):
        bootstrap.telegram(settings)


def test_webhook_path_comes_from_the_url():
    assert webhook_path("https://bot.example.com/hooks/telegram/") == "/hooks/telegram"
    assert webhook_path("https://bot.example.com") == "/telegram"


async def test_invoicebot_run_serves_telegram_until_sigterm(tmp_path):
    """The command line end to end: `invoicebot run` with a token polls, answers, and stops cleanly."""
    import asyncio
    import os
    import signal
    import sys
    from pathlib import Path

    from tests.channels.telegram_kit import TOKEN, text
    from tests.fakes.telegram_api import FakeBotApi

    api = await FakeBotApi().start()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_", "IMAP_"))},
           "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.url, "DATA_DIR": str(tmp_path / "data"),
           "DATABASE_URL": f"sqlite:///{tmp_path}/data/invoicebot.db", "WORKERS": "1",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
                                                stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        await api.wait(lambda a: a.of("deleteWebhook"), "polling to start")
        api.push(text("/help"))
        await api.wait(lambda a: any("Send a PDF or a photo" in t for t in a.texts()), "the help text")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await proc.communicate()
        await api.close()
    assert proc.returncode == 0, err.decode()[-2000:]
    assert "serving channels: telegram" in err.decode()
