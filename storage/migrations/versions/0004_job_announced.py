"""jobs.announced.

Whether a finished job's final event (its summary or its error) was handed on, so that a process
that died between storing the outcome and telling the user tells them at the next start.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "announced" in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("jobs")}:
        return  # a database that create_all made from the models of this revision on
    with op.batch_alter_table("jobs") as batch:  # rows from before were announced as they finished
        batch.add_column(sa.Column("announced", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("announced")
