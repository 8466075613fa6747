"""The SQL store: exact decimals, SQLite in WAL mode, and no query that crosses tenants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from core.chat import JobInfo
from core.errors import StorageError
from storage.db import make_engine
from storage.sql import SqlStore
from storage.tables import CorrectionRow, InvoiceHeader, InvoiceLine


@pytest.fixture
def store(settings) -> SqlStore:
    return SqlStore(make_engine(settings.database_url))


def add(store: SqlStore, tenant: str, job_id: str, sha: str = "a" * 64) -> None:
    store.add_job(JobInfo(job_id, tenant, "console", "awaiting_review", sha, "/x", result={"extraction": {}}))


def test_wal_mode_and_exact_decimals(store):
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    add(store, "t:1", "j1")
    head = store.confirm(InvoiceHeader(tenant="t:1", job_id="j1", document_sha256="a" * 64,
                                       total=Decimal("0.1") + Decimal("0.2"), vendor_name="V", invoice_number="N"),
                         [InvoiceLine(invoice_id=0, tenant="t:1", line_no=0, line_total=Decimal("12345678901.23"))])
    [inv] = store.invoices("t:1")
    assert inv.total == Decimal("0.3") and inv.id == head.id
    assert store.lines("t:1", [inv.id])[0].line_total == Decimal("12345678901.23")
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
