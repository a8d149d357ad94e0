"""Enrolment codes remember the request that used them, so it can be answered again.

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
    # A plain nullable column: SQLite adds it without rebuilding the table.
    op.add_column("enrolment_codes", sa.Column("request_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrolment_codes") as batch:
        batch.drop_column("request_hash")
