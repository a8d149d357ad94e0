"""Audit log of every change, and the blind index that catches duplicate ID numbers.

The index column starts empty on upgraded stores: filling it needs the data key, so the
store backfills it at the first unlock (``CaseStore.backfill_id_index``).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_record_id", "audit", ["record_id"])
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("id_index", sa.String(64), nullable=True))
    op.create_index("ix_records_id_index", "records", ["id_index"])
    op.create_index(
        "uq_child_id_index",
        "records",
        ["id_index"],
        unique=True,
        sqlite_where=sa.text("kind = 'child' AND deleted = 0 AND id_index IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_child_id_index", "records")
    op.drop_index("ix_records_id_index", "records")
    with op.batch_alter_table("records") as batch:
        batch.drop_column("id_index")
    op.drop_table("audit")
