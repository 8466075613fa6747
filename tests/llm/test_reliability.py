"""Reliability and cost: Retry-After, the breaker, timeouts, budgets, the cache, the /v1 path, images."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from core.errors import LlmUnavailable
from core.extract import extract
from core.llm.breaker import CircuitBreaker
from core.llm.groq_client import GroqLlm
from core.llm.second_opinion import OVER_BUDGET, UNAVAILABLE, SecondOpinion
from core.models import Box, Document, Line, Page, Word
from storage.llm_store import SqlLlmLedger

GOOD = {"vendor_name": "Acme Supplies Ltd"}
DAY = dt.date(2024, 5, 3)


@pytest.fixture
def ledger(tmp_path) -> SqlLlmLedger:
    return SqlLlmLedger.from_url(f"sqlite:///{tmp_path / 'llm.db'}")


def test_429_waits_as_long_as_retry_after_says(chat, sleeps, invoice):
    document, ex = invoice
    chat.error(429, retry_after="2")
    chat.reply(GOOD)
    out = SecondOpinion(GroqLlm("k", "m", chat.url, sleep=sleeps)).review(document, ex)
    assert sleeps == [2.0]
    assert len(chat.requests) == 2
    assert out.status == "answered"


def test_a_retry_after_beyond_the_limit_gives_up_at_once(chat, sleeps, invoice):
    document, ex = invoice
    chat.error(429, retry_after="3600")
    out = SecondOpinion(GroqLlm("k", "m", chat.url, sleep=sleeps, max_wait=30)).review(document, ex)
    assert (out.status, sleeps, len(chat.requests)) == ("unavailable", [], 1)
    assert UNAVAILABLE in ex.fields["vendor_name"].reasons


def test_500s_back_off_then_trip_the_breaker(chat, sleeps, invoice):
    document, ex = invoice
    chat.default = {"status": 500}
    breaker = CircuitBreaker(threshold=2, cooldown=60, clock=lambda: 0.0)
    client = GroqLlm("k", "m", chat.url, retries=1, backoff=0.5, sleep=sleeps, breaker=breaker)
    op = SecondOpinion(client)
    assert [op.review(document, ex).status for _ in range(2)] == ["unavailable", "unavailable"]
    assert len(chat.requests) == 4 and sleeps == [0.5, 0.5]
    assert breaker.state == "open"
    out = op.review(document, ex)
    assert out.status == "unavailable"
    assert len(chat.requests) == 4  # the open breaker spared the call
    assert ex.fields["vendor_name"].value != "Acme Supplies Ltd"


def test_the_breaker_lets_a_trial_through_after_the_cooldown():
    now = [0.0]
    b = CircuitBreaker(threshold=1, cooldown=10, clock=lambda: now[0])
    b.failure()
    assert not b.allow()
    now[0] = 10.0
    assert b.state == "half-open" and b.allow()
    b.failure()
    assert b.state == "open"
    now[0] = 20.0
    b.success()
    assert b.state == "closed"


def test_a_timeout_leaves_the_local_result(chat, sleeps, invoice):
    document, ex = invoice
    before = ex.fields["vendor_name"].value
    chat.hang()
    out = SecondOpinion(GroqLlm("k", "m", chat.url, timeout=0.3, retries=0, sleep=sleeps)).review(document, ex)
    assert out.status == "unavailable"
    assert ex.fields["vendor_name"].value == before


def test_a_refused_request_is_not_retried_and_does_not_trip_the_breaker(chat, sleeps):
    chat.default = {"status": 401}
    client = GroqLlm("bad", "m", chat.url, sleep=sleeps, breaker=CircuitBreaker(threshold=2))
    for _ in range(3):
        with pytest.raises(LlmUnavailable):
            client.complete([{"role": "user", "content": "x"}], {})
    assert len(chat.requests) == 3 and sleeps == []
    assert client.breaker.state == "closed"


def test_daily_budget_used_up_skips_the_call(chat, sleeps, invoice, ledger):
    document, ex = invoice
    ledger.record(DAY.isoformat(), "other-chat", 5000)
    op = SecondOpinion(GroqLlm("k", "m", chat.url, sleep=sleeps), ledger=ledger, daily_budget=5000,
                       today=lambda: DAY)
    out = op.review(document, ex, tenant="chat-1")
    assert out.status == "over_budget" and chat.requests == []
    assert OVER_BUDGET in ex.fields["vendor_name"].reasons


def test_tenant_budget_counts_only_that_tenant(chat, sleeps, invoice, ledger):
    document, ex = invoice
    ledger.record(DAY.isoformat(), "big-chat", 900)
    chat.reply(GOOD, prompt_tokens=300, completion_tokens=10)
    op = SecondOpinion(GroqLlm("k", "m", chat.url, sleep=sleeps), ledger=ledger, tenant_budget=800,
                       today=lambda: DAY)
    assert op.review(document, ex, tenant="small-chat").status == "answered"
    assert ledger.tokens_used(DAY.isoformat(), "small-chat") == 310
    assert ledger.tokens_used(DAY.isoformat()) == 1210
    assert op.review(document, extract(document), tenant="big-chat").status == "cached"  # costs nothing
    other_model = SecondOpinion(GroqLlm("k", "m2", chat.url, sleep=sleeps), ledger=ledger, tenant_budget=800,
                                today=lambda: DAY)
    assert other_model.review(document, extract(document), tenant="big-chat").status == "over_budget"
    assert len(chat.requests) == 1


def test_a_cached_answer_needs_no_second_request(chat, sleeps, invoice, ledger):
    document, ex = invoice
    chat.reply(GOOD)
    op = SecondOpinion(GroqLlm("k", "m", chat.url, sleep=sleeps), ledger=ledger, today=lambda: DAY)
    first = op.review(document, ex)
    again = extract(document)
    second = op.review(document, again)
    assert (first.status, second.status) == ("answered", "cached")
    assert len(chat.requests) == 1
    assert again.fields["vendor_name"].value == "Acme Supplies Ltd"
    assert ledger.tokens_used(DAY.isoformat()) == 120


def test_an_openai_compatible_server_is_served_on_v1(chat, sleeps, invoice):
    document, ex = invoice
    chat.reply(GOOD)
    out = SecondOpinion(GroqLlm(None, "llama3.2", chat.url + "/v1", sleep=sleeps)).review(document, ex)
    assert chat.requests[0].path == "/v1/chat/completions"
    assert chat.requests[0].body["model"] == "llama3.2"
    assert out.accepted[:1] == ["vendor_name"]


def _poor_photo() -> tuple[Document, bytes]:
    buf = io.BytesIO()
    Image.new("RGB", (2400, 1600), "white").save(buf, "PNG")
    words = [("Total", 0.3), ("12.50", 0.35), ("Shop", 0.2)]
    line = Line(tuple(Word(t, Box(10 + 60 * i, 10, 60 + 60 * i, 30), c, "ocr") for i, (t, c) in enumerate(words)))
    page = Page(1, 2400, 1600, (line,), "ocr")
    return Document("ab" * 32, "image/png", (page,)), buf.getvalue()


def test_a_poorly_read_photo_is_sent_as_a_downscaled_image(chat, sleeps):
    document, data = _poor_photo()
    ex = extract(document)
    chat.reply({"vendor_name": "Shop"})
    SecondOpinion(GroqLlm("k", "m", chat.url, sleep=sleeps)).review(document, ex, data)
    content = chat.requests[0].body["messages"][-1]["content"]
    assert [part["type"] for part in content] == ["text", "image_url"]
    assert "Shop" not in content[0]["text"].split("<document>")[1]  # the image instead of the poor text
    url = content[1]["image_url"]["url"]
    assert url.startswith("data:image/jpeg;base64,")
    import base64

    with Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))) as im:
        assert max(im.size) <= 1536


def test_a_server_without_json_schema_gets_json_mode(chat, sleeps, invoice):
    document, ex = invoice
    chat.error(400, message="This model does not support response format `json_schema`")
    chat.reply(GOOD)
    chat.reply({})
    client = GroqLlm("k", "m", chat.url, sleep=sleeps)
    out = SecondOpinion(client).review(document, ex)
    assert out.status == "answered" and ex.fields["vendor_name"].value == "Acme Supplies Ltd"
    formats = [r.body["response_format"]["type"] for r in chat.requests]
    assert formats == ["json_schema", "json_object"]
    client.complete([{"role": "user", "content": "x"}], {})
    assert chat.requests[-1].body["response_format"] == {"type": "json_object"}  # remembered
