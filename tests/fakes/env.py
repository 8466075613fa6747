"""Environment variables of the job runner and the conversation, cleared for every test that may read them."""

from __future__ import annotations

import os

import pytest

PREFIXES = ("CHAT_", "JOB_")


@pytest.fixture(autouse=True)
def clean_loop_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.upper().startswith(PREFIXES):
            monkeypatch.delenv(key, raising=False)
