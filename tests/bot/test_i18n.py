"""Every reply text exists in every language with the same placeholders."""

from __future__ import annotations

import string

import pytest

from bot.i18n import TEXTS, lang, t


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", sorted(set(TEXTS) - {"en"}))
def test_same_keys_and_placeholders_as_english(language):
    assert set(TEXTS[language]) == set(TEXTS["en"])
    for key, text in TEXTS["en"].items():
        assert fields(TEXTS[language][key]) == fields(text), key


def test_language_codes_fall_back_to_english():
    assert [lang(x) for x in ("de-AT", "fr_CA", "ES", "ja", None, "")] == ["de", "fr", "es", "en", "en", "en"]
    assert t("pt-BR", "cancelled") == "Cancelled; nothing was stored."
