"""Settings: CONTRACT names from the environment, and .env.sample lists every one of them."""

from __future__ import annotations

from bot.settings import Settings
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
