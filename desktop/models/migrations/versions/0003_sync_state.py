"""Sync state: the conflict queue and rejected ops; duplicates from the county allowed.

Two children with one ID number can arrive from the county (a duplicate to resolve, never
two children), so uniqueness moves from the index into the store's own write path.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("uq_child_id_index", "records")
    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("sealed_values", sa.LargeBinary(), nullable=False),
        sa.Column("theirs_by", sa.String(64), nullable=False),
        sa.Column("theirs_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_conflicts_record_id", "conflicts", ["record_id"])
    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("reason_zh", sa.Text(), nullable=False),
        sa.Column("reason_en", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_rejections_record_id", "rejections", ["record_id"])


def downgrade() -> None:
    op.drop_table("rejections")
    op.drop_table("conflicts")
    op.create_index(
        "uq_child_id_index",
        "records",
        ["id_index"],
        unique=True,
        sqlite_where=sa.text("kind = 'child' AND deleted = 0 AND id_index IS NOT NULL"),
    )
