"""Clear fields covered by each record's authentication (reseal at the next unlock).

A record's clear fields (a child's risk level, a visit's date …) are kept outside its
sealed message so lists and reminders can read them; up to 0004 the message's associated
data named only the record and its kind, so they could be edited in the file unnoticed.
Records are now sealed under associated data that holds their clear fields too. Resealing
needs the data key, which a migration does not have: this one only marks a store that
holds records, the file having been copied aside before it, and the unlock after it
reseals them in one transaction (``CaseStore.cover_clear_fields``) and drops the mark.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

MARKER = "reseal_to_cover_clear_fields"  # store.RESEAL_MARKER


def upgrade() -> None:
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM records LIMIT 1").first() is not None:
        bind.exec_driver_sql("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", (MARKER,))


def downgrade() -> None:
    # Records resealed since are read only by this release on: a downgrade needs the copy
    # made aside before the upgrade (backups/), not this script.
    op.get_bind().exec_driver_sql("DELETE FROM meta WHERE key = ?", (MARKER,))
