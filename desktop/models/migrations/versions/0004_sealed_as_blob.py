"""Sealed records as raw bytes (BLOB) instead of base64 text.

Opening a store decrypts every record; decoding 30,000 base64 strings first was a tenth of
that. The ciphertext and its associated data are unchanged, so no key is needed here:
base64 text becomes its bytes. Records sealed field by field by the first releases (a JSON
object of base64 strings, never the output of a cipher, which starts with its version
byte) stay as that JSON text until the first unlock reseals them whole.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import binascii
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# A JSON object's first byte; no ciphertext starts with it (its first byte is its version).
_PER_FIELD = "substr(sealed, 1, 1) = X'7B'"


def upgrade() -> None:
    # SQLite retypes a column by copying the table; the copy casts every value to BLOB.
    _retype_sealed(sa.Text(), sa.LargeBinary())
    op.get_bind().exec_driver_sql(
        f"UPDATE records SET sealed = CAST(sealed AS TEXT) WHERE {_PER_FIELD}"
    )
    # Those are found at each unlock through an index of them alone, not a scan of all.
    op.create_index(
        "ix_records_sealed_text", "records", ["id"], sqlite_where=sa.text("typeof(sealed) = 'text'")
    )
    _rewrite_blobs(_decoded)


def downgrade() -> None:
    op.drop_index("ix_records_sealed_text", "records")
    _rewrite_blobs(lambda blob: binascii.b2a_base64(blob, newline=False).decode())
    _retype_sealed(sa.LargeBinary(), sa.Text())


def _decoded(sealed: bytes) -> bytes:
    try:
        return binascii.a2b_base64(sealed, strict_mode=True)
    except binascii.Error:
        # Not base64: left as it is, so the record is named as damaged when it is opened.
        return bytes(sealed)


def _retype_sealed(old: sa.types.TypeEngine[Any], new: sa.types.TypeEngine[Any]) -> None:
    with op.batch_alter_table("records", recreate="always") as batch:
        batch.alter_column("sealed", existing_type=old, type_=new, existing_nullable=False)


def _rewrite_blobs(convert: Callable[[bytes], bytes | str]) -> None:
    bind = op.get_bind()
    rows = bind.exec_driver_sql(
        "SELECT id, sealed FROM records WHERE typeof(sealed) = 'blob'"
    ).fetchall()
    if rows:
        bind.exec_driver_sql(
            "UPDATE records SET sealed = ? WHERE id = ?",
            [(convert(sealed), record_id) for record_id, sealed in rows],
        )
