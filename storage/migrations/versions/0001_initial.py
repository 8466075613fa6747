"""The tables as they were before migrations.

Jobs, documents, invoices, corrections, conversations, vendor memory, the LLM cache and usage. A table
that already exists is kept as it is, so that a database made by `create_all` is adopted with whatever
of these it has (see storage.schema).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = ("jobs", "documents", "invoice_header", "invoice_detail", "corrections", "conversations",
          "vendor_memory", "llm_cache", "llm_usage")


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "jobs" not in existing:
        op.create_table(
            "jobs",
            sa.Column("id", sa.String(32), nullable=False),
            sa.Column("tenant", sa.String(), nullable=False),
            sa.Column("channel", sa.String(), nullable=False),
            sa.Column("state", sa.String(), nullable=False),
            sa.Column("sha256", sa.String(64), nullable=False),
            sa.Column("blob_path", sa.String(), nullable=False),
            sa.Column("filename", sa.String(), nullable=False),
            sa.Column("language", sa.String(), nullable=True),
            sa.Column("attempts", sa.Integer(), nullable=False),
            sa.Column("error", sa.Text(), nullable=True),
            sa.Column("result", sa.Text(), nullable=True),
            sa.Column("draft", sa.Text(), nullable=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        _indexes("jobs", "sha256", "state", "tenant")
    if "documents" not in existing:
        op.create_table(
            "documents",
            sa.Column("tenant", sa.String(), nullable=False),
            sa.Column("sha256", sa.String(64), nullable=False),
            sa.Column("path", sa.String(), nullable=False),
            sa.Column("size", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("tenant", "sha256"),
        )
    if "invoice_header" not in existing:
        op.create_table(
            "invoice_header",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("tenant", sa.String(), nullable=False),
            sa.Column("job_id", sa.String(), nullable=False),
            sa.Column("status", sa.String(), nullable=False),
            sa.Column("document_sha256", sa.String(64), nullable=False),
            sa.Column("filename", sa.String(), nullable=False),
            sa.Column("document_type", sa.String(), nullable=False),
            sa.Column("language", sa.String(), nullable=True),
            sa.Column("vendor_name", sa.String(), nullable=True),
            sa.Column("vendor_address", sa.String(), nullable=True),
            sa.Column("vendor_vat_id", sa.String(), nullable=True),
            sa.Column("customer_name", sa.String(), nullable=True),
            sa.Column("customer_address", sa.String(), nullable=True),
            sa.Column("invoice_number", sa.String(), nullable=True),
            sa.Column("invoice_date", sa.Date(), nullable=True),
            sa.Column("due_date", sa.Date(), nullable=True),
            sa.Column("currency", sa.String(), nullable=True),
            sa.Column("subtotal", sa.String(40), nullable=True),  # money: exact decimal text
            sa.Column("tax_total", sa.String(40), nullable=True),
            sa.Column("total", sa.String(40), nullable=True),
            sa.Column("amount_due", sa.String(40), nullable=True),
            sa.Column("iban", sa.String(), nullable=True),
            sa.Column("flagged", sa.String(), nullable=False),
            sa.Column("channel", sa.String(), nullable=False),
            sa.Column("confirmed_by", sa.String(), nullable=False),
            sa.Column("confirmed_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        _indexes("invoice_header", "document_sha256", "job_id", "tenant")
    if "invoice_detail" not in existing:
        op.create_table(
            "invoice_detail",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("invoice_id", sa.Integer(), nullable=False),
            sa.Column("tenant", sa.String(), nullable=False),
            sa.Column("line_no", sa.Integer(), nullable=False),
            sa.Column("description", sa.String(), nullable=True),
            sa.Column("quantity", sa.String(40), nullable=True),
            sa.Column("unit_price", sa.String(40), nullable=True),
            sa.Column("line_total", sa.String(40), nullable=True),
            sa.ForeignKeyConstraint(["invoice_id"], ["invoice_header.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
        _indexes("invoice_detail", "invoice_id", "tenant")
    if "corrections" not in existing:
        op.create_table(
            "corrections",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("tenant", sa.String(), nullable=False),
            sa.Column("job_id", sa.String(), nullable=False),
            sa.Column("field", sa.String(), nullable=False),
            sa.Column("old_value", sa.String(), nullable=True),
            sa.Column("new_value", sa.String(), nullable=True),
            sa.Column("who", sa.String(), nullable=False),
            sa.Column("channel", sa.String(), nullable=False),
            sa.Column("at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        _indexes("corrections", "job_id", "tenant")
    if "conversations" not in existing:
        op.create_table(
            "conversations",
            sa.Column("tenant", sa.String(), nullable=False),
            sa.Column("channel", sa.String(), nullable=False),
            sa.Column("pending_job_id", sa.String(), nullable=True),
            sa.Column("language", sa.String(), nullable=True),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("tenant"),
        )
    if "vendor_memory" not in existing:
        op.create_table(
            "vendor_memory",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("tenant", sa.String(), nullable=False),
            sa.Column("name", sa.String(), nullable=True),
            sa.Column("profile", sa.Text(), nullable=False),
            sa.Column("learned_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        _indexes("vendor_memory", "tenant")
    if "llm_cache" not in existing:
        op.create_table(
            "llm_cache",
            sa.Column("key", sa.String(64), nullable=False),
            sa.Column("answer", sa.Text(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("key"),
        )
    if "llm_usage" not in existing:
        op.create_table(
            "llm_usage",
            sa.Column("day", sa.String(10), nullable=False),
            sa.Column("tenant", sa.String(), nullable=False),
            sa.Column("tokens", sa.Integer(), nullable=False),
            sa.Column("calls", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("day", "tenant"),
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)  # its indexes go with it
