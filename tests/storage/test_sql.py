"""The SQL store on SQLite and on Postgres: exact decimals, times in UTC, duplicates, undo, and no query
that crosses tenants."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.chat import JobInfo
from core.errors import StorageError
from core.memory import VendorKeys, VendorProfile
from storage.db import make_engine
from storage.llm_store import SqlLlmLedger
from storage.sql import SqlStore
from storage.tables import CorrectionRow, InvoiceHeader, InvoiceLine
from storage.vendors import SqlVendorMemory


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, settings) -> str:
    return settings.database_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")


@pytest.fixture
def store(database_url) -> SqlStore:
    return SqlStore(make_engine(database_url))


def add(store: SqlStore, tenant: str, job_id: str, sha: str = "a" * 64) -> None:
    store.add_job(JobInfo(job_id, tenant, "console", "awaiting_review", sha, "/x", result={"extraction": {}}))


def test_sqlite_runs_in_wal_mode(settings):
    store = SqlStore(make_engine(settings.database_url))
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_exact_decimals(store):
    add(store, "t:1", "j1")
    head = store.confirm(InvoiceHeader(tenant="t:1", job_id="j1", document_sha256="a" * 64,
                                       total=Decimal("0.1") + Decimal("0.2"), vendor_name="V", invoice_number="N"),
                         [InvoiceLine(invoice_id=0, tenant="t:1", line_no=0, line_total=Decimal("12345678901.23")),
                          InvoiceLine(invoice_id=0, tenant="t:1", line_no=0, quantity=Decimal("0.001"))])
    [inv] = store.invoices("t:1")
    assert inv.total == Decimal("0.3") and inv.id == head.id
    lines = store.lines("t:1", [inv.id])
    assert [(ln.line_no, ln.line_total, ln.quantity) for ln in lines] == [
        (1, Decimal("12345678901.23"), None), (2, None, Decimal("0.001"))]
    assert store.get_job("j1").state == "confirmed"


def test_every_lookup_stays_in_its_tenant(store):
    add(store, "t:1", "j1")
    add(store, "t:2", "j2")
    store.confirm(InvoiceHeader(tenant="t:1", job_id="j1", document_sha256="a" * 64, vendor_name="V",
                                invoice_number="N"), [])
    assert store.find_duplicate("t:1", "a" * 64, None, None) is not None
    assert store.find_duplicate("t:2", "a" * 64, "V", "N") is None
    assert store.invoices("t:2") == [] and store.undo_last("t:2", "console") is None
    assert store.get_job("j1", "t:2") is None and store.get_draft("t:2", "j1") == {}
    with pytest.raises(StorageError):
        store.save_draft("t:2", "j1", {"fields": {"total": "1"}}, [CorrectionRow(field="total")])
    with pytest.raises(StorageError):
        store.confirm(InvoiceHeader(tenant="t:2", job_id="j1", document_sha256="b" * 64), [])
    assert store.cached_result("t:2", "a" * 64) == {"extraction": {}}  # t:2's own job on the same file
    assert store.cached_result("t:3", "a" * 64) is None
    assert store.corrections("t:2", ["j1"]) == []
    assert store.tenants() == ["t:1"]


def test_jobs_drafts_and_resume(store):
    add(store, "t:1", "j1")
    add(store, "t:1", "j2", sha="b" * 64)
    store.set_state("j1", "running", attempts=1)
    store.set_state("j2", "failed", error="unreadable")
    assert [j.id for j in store.jobs_to_resume()] == ["j1"]
    assert store.get_job("j1").attempts == 1 and store.get_job("j2").error == "unreadable"
    assert [j.id for j in store.jobs("t:1", ("failed",))] == ["j2"]
    store.save_draft("t:1", "j1", {"fields": {"total": "1.50"}},
                     [CorrectionRow(field="total", old_value="1.05", new_value="1.50", who="ann")])
    assert store.get_draft("t:1", "j1") == {"fields": {"total": "1.50"}}
    assert [(c.field, c.new_value, c.who) for c in store.corrections("t:1", ["j1"])] == [("total", "1.50", "ann")]
    with pytest.raises(StorageError):
        store.set_state("nope", "running")


def test_duplicates_by_vendor_and_number_ignore_case_and_undo(store):
    add(store, "t:1", "j1")
    store.set_conversation("t:1", "console", pending="j1", language="de")
    store.confirm(InvoiceHeader(tenant="t:1", job_id="j1", document_sha256="a" * 64, vendor_name="ACME GmbH",
                                invoice_number="RE-7", invoice_date=dt.date(2024, 5, 3)), [])
    assert store.conversation("t:1").pending_job_id is None and store.conversation("t:1").language == "de"
    dup = store.find_duplicate("t:1", "c" * 64, " acme gmbh", "re-7 ")
    assert dup is not None and dup.invoice_number == "RE-7"
    assert [i.invoice_number for i in store.invoices("t:1", dt.date(2024, 5, 1), dt.date(2024, 5, 31))] == ["RE-7"]
    assert store.invoices("t:1", dt.date(2024, 6, 1)) == []
    undone = store.undo_last("t:1", "console")
    assert undone is not None and undone.invoice_number == "RE-7"
    assert store.find_duplicate("t:1", "a" * 64, "ACME GmbH", "RE-7") is None
    assert store.get_job("j1").state == "awaiting_review" and store.conversation("t:1").pending_job_id == "j1"


def test_times_are_utc_whatever_the_session_time_zone(database_url):
    if make_url(database_url).get_backend_name() == "postgresql":  # a session far from UTC
        database_url += "?options=-c%20timezone%3DPacific/Kiritimati"  # UTC+14
    store = SqlStore(make_engine(database_url))
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    add(store, "t:1", "j1")
    created = store.get_job("j1").created_at
    assert created.tzinfo is None and abs(created - before) < dt.timedelta(minutes=1)


def test_llm_usage_adds_up_per_tenant_and_day(database_url):
    ledger = SqlLlmLedger.from_url(database_url)
    ledger.record("2024-05-03", "t:1", 100)
    ledger.record("2024-05-03", "t:1", 20)
    ledger.record("2024-05-03", "t:2", 5)
    ledger.remember("k" * 64, {"total": "1.00"})
    ledger.remember("k" * 64, {"total": "1.00"})
    assert ledger.tokens_used("2024-05-03", "t:1") == 120 and ledger.tokens_used("2024-05-03") == 125
    assert ledger.cached("k" * 64) == {"total": "1.00"} and ledger.cached("x" * 64) is None


def test_vendor_memory_per_tenant(database_url):
    memory = SqlVendorMemory(make_engine(database_url))
    keys = VendorKeys.of("DE123456789", None, "ACME GmbH")
    memory.remember("t:1", VendorProfile(keys, {"vendor_name": "ACME GmbH"}, payment_days=30))
    memory.remember("t:1", VendorProfile(keys, {"vendor_name": "ACME GmbH"}, payment_days=14))  # replaces
    recalled = memory.recall("t:1", VendorKeys.of("DE 123 456 789"))
    assert recalled is not None and recalled.payment_days == 14 and memory.names("t:1") == ["ACME GmbH"]
    assert memory.recall("t:2", keys) is None and memory.forget("t:2", keys) == 0
    assert memory.forget("t:1", keys) == 1 and memory.names("t:1") == []
