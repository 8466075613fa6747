"""Fixtures for the LLM tier: the fake chat-completions server and a born-digital invoice, read once."""

from __future__ import annotations

import copy

import pytest

from core.models import Document, Extraction, FieldValue
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
    """The English test invoice and a fresh copy of its local extraction, with its vendor misread as one
    of its line items and flagged (the rules read this invoice's vendor right; the tier is for the others)."""
    document, extraction = _read_en
    extraction = copy.deepcopy(extraction)
    extraction.fields["vendor_name"] = FieldValue("Gadget Überprüfung", 0.45, True, ["uncertain (confidence 0.45)"],
                                                  "text")
    return document, extraction


class Sleeps(list):
    """A sleep that records the seconds asked for instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()
