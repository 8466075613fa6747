"""The second opinion through the real groq SDK against the fake server: what is asked, what is kept."""

from __future__ import annotations

import datetime as dt
import json

from core.llm.groq_client import GroqLlm
from core.llm.prompt import ASKABLE
from core.llm.second_opinion import UNUSABLE, SecondOpinion

GOOD = {"vendor_name": "Acme Supplies Ltd", "vendor_address": "5 Main Street, Springfield"}


def _client(chat, sleeps, **kw) -> GroqLlm:
    return GroqLlm("test-key", "scout", chat.url, sleep=sleeps, **kw)


def test_request_shape_asks_only_the_uncertain_fields(chat, sleeps, invoice):
    document, ex = invoice
    chat.reply(GOOD)
    out = SecondOpinion(_client(chat, sleeps)).review(document, ex)
    assert len(chat.requests) == 1
    req = chat.requests[0]
    assert req.path == "/openai/v1/chat/completions"
    assert req.headers["Authorization"] == "Bearer test-key"
    assert req.body["model"] == "scout"
    assert [m["role"] for m in req.body["messages"]] == ["system", "user"]
    fmt = req.body["response_format"]
    assert fmt["type"] == "json_schema"
    asked = list(fmt["json_schema"]["schema"]["properties"])
    assert asked == out.asked
    assert "vendor_name" in asked and "vendor_address" in asked
    settled = {"invoice_number", "invoice_date", "total", "subtotal", "tax_total", "currency"}
    assert not settled & set(asked)
    user = req.body["messages"][1]["content"]
    assert "<document>" in user and "Invoice number: INV-2024-017" in user
    assert all(isinstance(m["content"], str) for m in req.body["messages"])  # text, no image for a PDF


def test_grounded_values_are_accepted_and_the_others_stay_flagged(chat, sleeps, invoice):
    document, ex = invoice
    rules_vendor = ex.fields["vendor_name"].value  # whatever the rules read; the test needs it flagged
    assert ex.fields["vendor_name"].flagged and rules_vendor != "Acme Supplies Ltd"
    chat.reply({**GOOD, "customer_name": "Evil Corp", "due_date": "2024-06-01", "iban": None})
    out = SecondOpinion(_client(chat, sleeps)).review(document, ex)
    assert out.status == "answered"
    vendor = ex.fields["vendor_name"]
    assert (vendor.value, vendor.source, vendor.flagged) == ("Acme Supplies Ltd", "llm", False)
    assert vendor.reasons == ["read by the second opinion (printed on the document)", f"the rules read {rules_vendor}"]
    assert ex.fields["vendor_address"].value == "5 Main Street, Springfield"
    assert sorted(out.rejected) == ["customer_name", "due_date"]
    assert ex.fields["customer_name"].value is None
    assert any("Evil Corp" in r and "not printed" in r for r in ex.fields["customer_name"].reasons)
    assert ex.fields["due_date"].value is None
    assert ex.fields["total"].source == "text" and not ex.fields["total"].flagged


def test_a_settled_field_is_never_overridden(chat, sleeps, invoice):
    document, ex = invoice
    chat.reply({n: None for n in ASKABLE} | {"total": "19.50", "vendor_name": "Acme Supplies Ltd"})
    out = SecondOpinion(_client(chat, sleeps), "always").review(document, ex)
    assert len(chat.requests[0].body["response_format"]["json_schema"]["schema"]["properties"]) == len(ASKABLE)
    assert str(ex.fields["total"].value) == "142.21"
    assert ex.fields["total"].source == "text"
    assert out.disagreed == ["total"]
    assert ex.fields["vendor_name"].source == "llm"


def test_invalid_json_is_asked_again_once_then_ignored(chat, sleeps, invoice):
    document, ex = invoice
    before = ex.fields["vendor_name"].value
    chat.reply_text("Sure! The vendor is Acme.")
    chat.reply({"vendor_name": "Acme", "not_a_field": "x"})
    out = SecondOpinion(_client(chat, sleeps)).review(document, ex)
    assert len(chat.requests) == 2
    assert out.status == "unusable"
    assert ex.fields["vendor_name"].value == before
    assert UNUSABLE in ex.fields["vendor_name"].reasons


def test_invalid_json_then_a_valid_answer_is_used(chat, sleeps, invoice):
    document, ex = invoice
    chat.reply_text("{not json")
    chat.reply(GOOD)
    out = SecondOpinion(_client(chat, sleeps)).review(document, ex)
    assert (out.status, out.calls) == ("answered", 2)
    assert ex.fields["vendor_name"].value == "Acme Supplies Ltd"


def test_nothing_flagged_means_no_call(chat, sleeps, invoice):
    document, ex = invoice
    for f in ex.fields.values():
        f.flagged = False
    out = SecondOpinion(_client(chat, sleeps)).review(document, ex)
    assert out.status == "not_needed"
    assert chat.requests == []


def test_tokens_are_counted_from_the_usage(chat, sleeps, invoice):
    document, ex = invoice
    chat.reply(GOOD, prompt_tokens=812, completion_tokens=31)
    out = SecondOpinion(_client(chat, sleeps), today=lambda: dt.date(2024, 5, 3)).review(document, ex)
    assert out.tokens == 843
    assert json.loads(json.dumps(out.to_json()))["tokens"] == 843


def _settle(ex) -> None:
    for f in ex.fields.values():
        f.flagged, f.reasons = False, []


def test_a_printed_value_failing_its_check_digits_is_no_reason_to_call(chat, sleeps, invoice):
    from core.models import FieldValue

    document, ex = invoice
    _settle(ex)
    ex.fields["vendor_vat_id"] = FieldValue("DE123456788", 0.45, True, ["VAT ID fails its check digits"], "text")
    ex.fields["vendor_address"].flagged = True  # an uncertain address alone is not worth a call either
    out = SecondOpinion(_client(chat, sleeps)).review(document, ex)
    assert out.status == "not_needed" and chat.requests == []


def test_agreeing_with_a_failed_check_does_not_clear_its_flag(chat, sleeps, invoice):
    from core.models import FieldValue

    document, ex = invoice
    ex.fields["invoice_number"] = FieldValue("INV-2024-017", 0.5, True, ["uncertain (confidence 0.50)"], "ocr")
    ex.fields["vendor_vat_id"] = FieldValue("INV2024017", 0.45, True, ["VAT ID fails its check digits"], "ocr")
    chat.reply({"invoice_number": "INV-2024-017", "vendor_vat_id": "INV2024017",
                "iban": "DE89 3704 0044 0532 0130 01"})
    SecondOpinion(_client(chat, sleeps)).review(document, ex)
    assert ex.fields["invoice_number"].flagged is False  # doubt is cleared by a grounded agreement
    assert ex.fields["vendor_vat_id"].flagged is True  # a failed check is not
    assert any(r.startswith("confirmed by the second opinion") for r in ex.fields["vendor_vat_id"].reasons)
    assert ex.fields["iban"].value is None  # not on the document


def test_values_from_xml_memory_or_the_user_are_not_asked_about(chat, sleeps, invoice):
    from core.models import FieldValue

    document, ex = invoice
    _settle(ex)
    ex.fields["total"] = FieldValue(None, 0.0, True, ["the page shows 142.21 but the embedded XML says 191.00"], "xml")
    ex.fields["vendor_name"] = FieldValue("Acme", 0.5, True, ["uncertain (confidence 0.50)"], "memory")
    ex.fields["invoice_number"] = FieldValue("X", 0.5, True, ["uncertain (confidence 0.50)"], "user")
    out = SecondOpinion(_client(chat, sleeps)).review(document, ex)
    assert out.status == "not_needed" and chat.requests == []
    chat.reply({"total": "142.21", "vendor_name": "Acme Supplies Ltd"})
    SecondOpinion(_client(chat, sleeps), "always").review(document, ex)  # compared, never merged
    assert (ex.fields["total"].value, ex.fields["total"].source) == (None, "xml")
    assert (ex.fields["vendor_name"].value, ex.fields["vendor_name"].source) == ("Acme", "memory")
