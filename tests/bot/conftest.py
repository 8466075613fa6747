"""Fixtures for these tests: the shared ones in tests/conftest.py plus a clean runner environment."""

from pathlib import Path

import pytest

from tests.fakes.env import clean_loop_env  # noqa: F401


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The environment of a CLI run in this test's folder (SQLite, one worker, English OCR); its data folder."""
    data = tmp_path / "data"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{data}/invoicebot.db")
    monkeypatch.setenv("DATA_DIR", str(data))
    monkeypatch.setenv("WORKERS", "1")
    monkeypatch.setenv("OCR_LANGUAGES", "eng")
    return data
