"""Shared fixtures: a clean environment for every test, the OCR engine, the datasets folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.settings import Settings
from core.ocr import TesseractOcr

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
# the variables the product reads; tests set what they need explicitly
_PREFIXES = ("DATABASE_", "REDIS_", "DATA_DIR", "OCR_", "MAX_", "TELEGRAM_", "SLACK_", "IMAP_", "SMTP_",
             "EMAIL_", "GROQ_", "LLM_", "WEB_", "PORT", "WORKERS", "LOG_LEVEL", "CHAT_", "JOB_", "FLAG_", "OCR_WEIGHT",
             "TENANT_", "METRICS_")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in list(os.environ):
        if key.startswith(_PREFIXES):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env or data/ from the working tree


@pytest.fixture(scope="session")
def ocr() -> TesseractOcr:
    return TesseractOcr("eng+deu")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=str(tmp_path / "data"),
                    database_url=f"sqlite:///{tmp_path / 'invoicebot.db'}", ocr_languages="eng+deu",
                    metrics_port=0)  # a free port: tests run side by side


def dataset_files(name: str, pattern: str, n: int) -> list[Path]:
    folder = DATASETS / name / "docs"
    if not folder.is_dir():
        pytest.skip(f"dataset {name} is not beside the checkout ({folder})")
    return sorted(folder.glob(pattern))[:n]
