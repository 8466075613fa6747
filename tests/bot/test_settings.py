"""Settings: CONTRACT names from the environment, and .env.sample lists every one of them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pydantic import ValidationError

from bot.settings import Settings, describe, load, reveal
from core.errors import ConfigError
from tests.conftest import ROOT


def test_environment_names_follow_the_contract(monkeypatch):
    monkeypatch.setenv("OCR_LANGUAGES", "eng")
    monkeypatch.setenv("MAX_PAGES", "5")
    monkeypatch.setenv("MAX_FILE_MB", "1.5")
    monkeypatch.setenv("TELEGRAM_ALLOWED_CHATS", "1,2")
    s = Settings(_env_file=None)
    assert s.ocr_languages == "eng"
    assert s.read_options().max_pages == 5
    assert s.read_options().max_bytes == int(1.5 * 1024 * 1024)
    assert s.telegram_allowed_chats == "1,2"
    assert s.database_url == "sqlite:///data/invoicebot.db"
    assert s.effective_llm_mode == "off"


def test_llm_mode_defaults_to_fallback_with_a_key(monkeypatch):
    monkeypatch.setenv("GROQ_API_KEY", "k")
    assert Settings(_env_file=None).effective_llm_mode == "fallback"


def test_env_sample_lists_every_setting():
    sample = (ROOT / ".env.sample").read_text()
    for name in Settings.model_fields:
        assert name.upper() in sample, name


def test_tokens_and_passwords_are_secret(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:tg-secret")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "slack-secret")
    monkeypatch.setenv("IMAP_PASSWORD", "imap-secret")
    monkeypatch.setenv("GROQ_API_KEY", "gsk-secret")
    s = Settings(_env_file=None)
    shown = repr(s) + str(s) + s.model_dump_json()
    for secret in ("tg-secret", "slack-secret", "imap-secret", "gsk-secret"):
        assert secret not in shown
    assert reveal(s.telegram_bot_token) == "123:tg-secret" and reveal(s.imap_password) == "imap-secret"
    assert reveal(s.smtp_password) is None and s.effective_llm_mode == "fallback"


def test_log_level_and_llm_mode_are_choices(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("LLM_MODE", "Always")
    s = Settings(_env_file=None)
    assert (s.log_level, s.llm_mode) == ("DEBUG", "always")
    monkeypatch.setenv("LLM_MODE", "sometimes")
    with pytest.raises(ValidationError) as info:
        Settings(_env_file=None)
    assert describe(info.value) == "LLM_MODE: expected one of 'off', 'fallback' or 'always', got 'sometimes'"


@pytest.mark.parametrize("command", [["extract", "x.pdf"], ["extract", "--json", "x.pdf"], ["chat"], ["run"],
                                     ["web"], ["worker"], ["export", "-o", "x.xlsx"], ["db", "current"]])
def test_a_bad_value_is_one_plain_line_for_every_command(tmp_path, command):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4\n")
    env = {**os.environ, "MAX_PAGES": "abc", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bot", *command], capture_output=True, text=True, cwd=tmp_path,
                          env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == ["invoicebot: MAX_PAGES: expected a whole number, got 'abc'"]
    assert "Traceback" not in proc.stderr + proc.stdout


def test_bad_values_are_named_with_their_variable(monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    monkeypatch.setenv("MAX_FILE_MB", "-1")
    monkeypatch.setenv("IMAP_SSL", "maybe")
    with pytest.raises(ConfigError) as info:
        load()
    assert str(info.value) == ("MAX_FILE_MB: must be more than 0, got '-1'; IMAP_SSL: expected true or false, "
                               "got 'maybe'; WEB_PORT/PORT: expected a whole number, got 'eighty'")
