"""SQLModel tables: jobs, documents, invoices, corrections, conversations, vendor memory, LLM, blobs, inbox.

Rows carry their tenant (a chat, a Slack workspace+channel, a mailbox+sender); money is decimal text,
never a float; times are naive UTC. storage/migrations creates and changes them: edit both together.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import DateTime, LargeBinary, String, Text
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DecimalText(TypeDecorator):
    """Decimal <-> exact decimal string on every database (SQLite has no exact numeric type)."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else format(Decimal(value), "f")

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)


class UtcDateTime(TypeDecorator):
    """A point in time as naive UTC on every database. An aware value is converted to UTC first: Postgres
    would otherwise shift it by the session's time zone, SQLite would drop the offset."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value


class JobRow(SQLModel, table=True):
    __tablename__ = "jobs"
    id: str = Field(primary_key=True, max_length=32)
    tenant: str = Field(index=True)
    channel: str
    state: str = Field(index=True)
    sha256: str = Field(index=True, max_length=64)
    blob_path: str
    filename: str = ""
    language: str | None = None
    attempts: int = 0  # runs that ended with an outcome or the job's own error; a process killed mid-run adds none
    announced: bool = False  # the final event (done/failed) reached the event sink; false: send it at start
    error: str | None = Field(default=None, sa_type=Text)
    result: str | None = Field(default=None, sa_type=Text)  # the extraction as JSON
    draft: str | None = Field(default=None, sa_type=Text)  # the user's corrections as JSON
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class StoredDocument(SQLModel, table=True):
    __tablename__ = "documents"
    tenant: str = Field(primary_key=True)
    sha256: str = Field(primary_key=True, max_length=64)
    path: str
    size: int
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class InvoiceHeader(SQLModel, table=True):
    """One confirmed invoice (the SalesOrderHeader shape)."""

    __tablename__ = "invoice_header"
    id: int | None = Field(default=None, primary_key=True)
    tenant: str = Field(index=True)
    job_id: str = Field(index=True)
    status: str = "confirmed"  # confirmed | undone
    document_sha256: str = Field(index=True, max_length=64)
    filename: str = ""
    document_type: str = "invoice"
    language: str | None = None
    vendor_name: str | None = None
    vendor_address: str | None = None
    vendor_vat_id: str | None = None
    customer_name: str | None = None
    customer_address: str | None = None
    invoice_number: str | None = None
    invoice_date: dt.date | None = None
    due_date: dt.date | None = None
    currency: str | None = None
    subtotal: Decimal | None = Field(default=None, sa_type=DecimalText)
    tax_total: Decimal | None = Field(default=None, sa_type=DecimalText)
    total: Decimal | None = Field(default=None, sa_type=DecimalText)
    amount_due: Decimal | None = Field(default=None, sa_type=DecimalText)
    iban: str | None = None
    flagged: str = ""  # fields still flagged at confirmation, comma-separated
    channel: str = ""
    confirmed_by: str = ""
    confirmed_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class InvoiceLine(SQLModel, table=True):
    """One line of a confirmed invoice (the SalesOrderDetail shape)."""

    __tablename__ = "invoice_detail"
    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice_header.id", index=True)
    tenant: str = Field(index=True)
    line_no: int
    description: str | None = None
    quantity: Decimal | None = Field(default=None, sa_type=DecimalText)
    unit_price: Decimal | None = Field(default=None, sa_type=DecimalText)
    line_total: Decimal | None = Field(default=None, sa_type=DecimalText)


class CorrectionRow(SQLModel, table=True):
    """The audit trail: every user correction, with who, where and when."""

    __tablename__ = "corrections"
    id: int | None = Field(default=None, primary_key=True)
    tenant: str = Field(index=True)
    job_id: str = Field(index=True)
    field: str
    old_value: str | None = None
    new_value: str | None = None
    who: str = ""
    channel: str = ""
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class ConversationRow(SQLModel, table=True):
    """Which review is pending in which chat, and the chat's language."""

    __tablename__ = "conversations"
    tenant: str = Field(primary_key=True)
    channel: str = ""
    pending_job_id: str | None = None
    language: str | None = None
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class VendorMemoryRow(SQLModel, table=True):
    """What a tenant's corrections taught about one vendor (core.memory.VendorProfile as JSON)."""

    __tablename__ = "vendor_memory"
    id: int | None = Field(default=None, primary_key=True)
    tenant: str = Field(index=True)
    name: str | None = None  # the canonical vendor name, for /forget vendor NAME
    profile: str = Field(sa_type=Text)
    learned_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class LlmCacheRow(SQLModel, table=True):
    """An LLM answer, cached by sha256 of (file hash, model, prompt version, fields)."""

    __tablename__ = "llm_cache"
    key: str = Field(primary_key=True, max_length=64)
    answer: str = Field(sa_type=Text)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class LlmUsageRow(SQLModel, table=True):
    """LLM tokens and calls per tenant and UTC day (YYYY-MM-DD)."""

    __tablename__ = "llm_usage"
    day: str = Field(primary_key=True, max_length=10)
    tenant: str = Field(primary_key=True)
    tokens: int = 0
    calls: int = 0


class BlobRow(SQLModel, table=True):
    """An uploaded document's bytes, once per content hash, for workers on other machines."""

    __tablename__ = "blobs"
    sha256: str = Field(primary_key=True, max_length=64)
    data: bytes = Field(sa_type=LargeBinary)
    size: int
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class InboxRow(SQLModel, table=True):
    """A chat update accepted from the platform and not yet handled (storage.inbox.SqlInbox)."""

    __tablename__ = "inbox"
    channel: str = Field(primary_key=True, max_length=20)
    key: str = Field(primary_key=True, max_length=100)
    payload: str = Field(sa_type=Text)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
