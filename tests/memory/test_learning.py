"""Vendor memory in pieces: keys, where a value is found again, the SQL store per tenant, the recall rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.memory import VendorKeys, VendorProfile, from_dict, norm_name, to_dict
from core.memory.layout import find, locate
from core.memory.learn import learn, recall
from core.models import Extraction, FieldValue
from storage.db import make_engine
from storage.vendors import SqlVendorMemory

DAY = dt.date(2024, 6, 1)


def w(text: str, x0: float, y0: float, x1: float | None = None) -> list:
    return [text, x0, y0, x1 if x1 is not None else x0 + 0.01 * len(text), y0 + 0.015]


def page(total: str, number: str) -> list:
    """A label above its value (number), a label left of its value (total)."""
    return [[
        [w("Beleg", 0.1, 0.10)],
        [w(number, 0.1, 0.12)],
        [w("Endbetrag", 0.1, 0.50), w("netto+Steuer", 0.25, 0.50), w(total, 0.70, 0.50)],
    ]]


def test_names_are_normalised_without_legal_form_and_accents():
    assert norm_name("Müller Bürobedarf GmbH & Co. KG") == "muller burobedarf"
    assert VendorKeys.of("de 136 695 976", None, "X").matches(VendorKeys.of("DE136695976")) == 3


def test_a_shared_name_does_not_join_vendors_with_different_ids():
    misread = "Lindenweg 2, 50667 Köln"  # the customer's address, read as the vendor on two vendors' invoices
    assert VendorKeys.of("DE136695976", None, misread).matches(VendorKeys.of("DE811569869", None, misread)) == 0
    assert VendorKeys.of(None, "DE02120300000000202051", misread).matches(
        VendorKeys.of(None, "DE89370400440532013000", misread)) == 0
    assert VendorKeys.of(None, None, misread).matches(VendorKeys.of("DE811569869", None, misread)) == 1


def test_a_value_is_found_again_by_its_label_left_or_above():
    first = page("1.190,00", "Q-1")
    total = locate(first, "total", Decimal("1190.00"), "de", DAY)
    number = locate(first, "invoice_number", "Q-1", "de", DAY)
    assert (total.label, total.label_above) == ("Endbetrag netto+Steuer", False)
    assert (number.label, number.label_above) == ("Beleg", True)
    nxt = page("297,50", "Q-2")
    assert find(nxt, "total", total, "de") == Decimal("297.50")
    assert find(nxt, "invoice_number", number, "de") == "Q-2"


def test_without_its_label_a_value_is_found_at_its_place():
    hint = locate(page("1.190,00", "Q-1"), "total", Decimal("1190.00"), "de", DAY)
    moved = [[[w("Summe", 0.1, 0.50), w("297,50", 0.70, 0.50)]]]
    assert find(moved, "total", hint, "de") == Decimal("297.50")


def _extraction(**values) -> Extraction:
    ex = Extraction.empty()
    for k, v in values.items():
        ex.fields[k] = FieldValue(v, 0.9, False, [], "text")
    return ex


def test_recall_fills_canonical_values_terms_and_warns_of_a_new_iban():
    confirmed = _extraction(vendor_name="Quirinus", vendor_vat_id="DE136695976", iban="DE02120300000000202051",
                            currency="EUR", invoice_date=dt.date(2024, 3, 1), due_date=dt.date(2024, 3, 15))
    profile = learn(confirmed, _extraction(vendor_name="Lindenweg 2"), {"vendor_name"}, [], "de", DAY)
    assert profile.payment_days == 14
    assert from_dict(to_dict(profile)) == profile
    nxt = _extraction(vendor_name="Lindenweg 2", iban="DE89370400440532013000", invoice_date=dt.date(2024, 4, 1))
    changed = recall(nxt, profile, [], "de")
    assert set(changed) == {"vendor_name", "vendor_vat_id", "currency", "due_date"}
    assert nxt.fields["due_date"].value == dt.date(2024, 4, 15)
    assert nxt.fields["vendor_name"].reasons == ["learned from your correction on 2024-06-01"]
    assert nxt.fields["iban"].flagged and "DE02120300000000202051" in nxt.fields["iban"].reasons[-1]


def test_xml_and_user_values_are_never_overridden():
    profile = VendorProfile(VendorKeys.of(None, None, "Quirinus"), {"vendor_name": "Quirinus", "currency": "EUR"})
    ex = _extraction(vendor_name="Other")
    ex.fields["vendor_name"].source = "xml"
    assert recall(ex, profile, [], "de") == ["currency"]
    assert ex.fields["vendor_name"].value == "Other"


def test_the_sql_memory_is_per_tenant(tmp_path):
    memory = SqlVendorMemory(make_engine(f"sqlite:///{tmp_path / 'm.db'}"))
    keys = VendorKeys.of("DE136695976", None, "Quirinus")
    memory.remember("t1", VendorProfile(keys, {"vendor_name": "Quirinus"}, learned=DAY))
    assert memory.recall("t1", VendorKeys.of("DE136695976")).name == "Quirinus"
    assert memory.recall("t2", keys) is None
    memory.remember("t1", VendorProfile(keys, {"vendor_name": "Quirinus KG"}, learned=DAY))  # replaces, not adds
    assert memory.names("t1") == ["Quirinus KG"]
    assert memory.forget("t2", keys) == 0
    assert memory.forget("t1", VendorKeys.of(None, None, "quirinus")) == 1
    assert memory.recall("t1", keys) is None


def test_forget_vendor_by_name_vat_id_or_iban(tmp_path):
    from bot.vendor_memory import forget

    memory = SqlVendorMemory(make_engine(f"sqlite:///{tmp_path / 'm.db'}"))
    for arg in ("vendor Quirinus GmbH", "vendor DE 136 695 976", "vendor DE02 1203 0000 0000 2020 51"):
        memory.remember("t1", VendorProfile(VendorKeys.of("DE136695976", "DE02120300000000202051", "Quirinus"),
                                            {"vendor_name": "Quirinus"}, learned=DAY))
        assert forget(memory, "t1", arg, None, "en") == "Forgot 1 vendor(s): I will read their next invoices afresh."
    assert forget(memory, "t1", "vendor Quirinus", None, "en") == "I have nothing learned about that vendor."
