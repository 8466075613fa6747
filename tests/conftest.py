"""Shared fixtures: settings built explicitly over a temporary DATA_DIR and SQLite database."""

from __future__ import annotations

import os

import pytest

from bot.settings import Settings

ENV_PREFIXES = ("DATABASE_URL", "DATA_DIR", "REDIS_URL", "WORKERS", "TELEGRAM_", "SLACK_", "IMAP_", "SMTP_",
                "GROQ_", "LLM_MODE", "CHAT_LANGUAGE", "JOB_", "OCR_")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for key in list(os.environ):
        if key.upper().startswith(ENV_PREFIXES):
            monkeypatch.delenv(key, raising=False)


@pytest.fixture
def settings(tmp_path) -> Settings:
    data = tmp_path / "data"
    return Settings(_env_file=None, database_url=f"sqlite:///{data}/invoicebot.db", data_dir=str(data), workers=1,
                    ocr_languages="eng+deu", job_timeout=120, job_retries=2)
