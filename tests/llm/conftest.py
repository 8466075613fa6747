"""Fixtures for the LLM tier: the fake chat-completions server and a born-digital invoice, read once."""

from __future__ import annotations

import copy

import pytest

from core.models import Document, Extraction
from core.pipeline import process
from tests.docgen import invoice_pdf
from tests.fakes.chat_completions import FakeChatServer


@pytest.fixture
def chat():
    server = FakeChatServer().start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def _read_en(ocr) -> tuple[Document, Extraction]:
    return process(invoice_pdf("en"), ocr)


@pytest.fixture
def invoice(_read_en) -> tuple[Document, Extraction]:
    """The English test invoice and a fresh copy of its local extraction (vendor name flagged)."""
    document, extraction = _read_en
    return document, copy.deepcopy(extraction)


class Sleeps(list):
    """A sleep that records the seconds asked for instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()
