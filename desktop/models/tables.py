"""The local database's tables (SQLAlchemy 2, typed).

Personal field values live only in ``records.sealed`` (a record's together, one AES-GCM
message), sealed conflicts, and the sealed values of an outbox op frozen while it was on its
way (or written by an earlier release); everything else is ids, codes, dates and counters.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    case,
    cast,
    func,
    literal,
    text,
    type_coerce,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

from desktop.models.damage import TEXT_MARK, cell_value


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Small settings of this store: village, device, sync cursor."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class KeySlot(Base):
    """The data key wrapped one way (passphrase or county recovery key)."""

    __tablename__ = "key_slots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    salt: Mapped[bytes] = mapped_column(LargeBinary)
    params: Mapped[str] = mapped_column(Text)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]


# Only a record the first releases sealed field by field holds text in ``records.sealed``:
# found at unlock through a partial index of them alone, under exactly this condition.
SEALED_AS_TEXT = "typeof(sealed) = 'text'"


class SealedCell(TypeDecorator[bytes | str]):
    """``records.sealed`` read so that no cell can break the read of its row: bytes for a
    BLOB, text for any other type (bytes that are not UTF-8 kept as surrogates)."""

    impl = LargeBinary
    cache_ok = True

    def column_expression(self, colexpr: ColumnElement[Any]) -> ColumnElement[Any]:
        # As damage.SEALED_CELL, for the ORM's SELECTs.
        return case(
            (func.typeof(colexpr) == "blob", colexpr),
            else_=literal(TEXT_MARK).concat(func.hex(colexpr)),
        )

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | str | None:
        return cell_value(value)


class ClearCell(TypeDecorator[str]):
    """``records.clear`` read as its bytes and decoded losslessly (surrogates for bytes
    that are not UTF-8): the authentication covers exactly what is in the file."""

    impl = Text
    cache_ok = True

    def column_expression(self, colexpr: ColumnElement[Any]) -> ColumnElement[Any]:
        # Typed as this cell again, so the bytes come back through process_result_value.
        return type_coerce(cast(colexpr, LargeBinary), self)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if isinstance(value, bytes):
            return value.decode("utf-8", "surrogateescape")
        return None if value is None else str(value)


class SyncStatus(StrEnum):
    """A record's sync state here, and an outbox entry's (pending, sending) (DESIGN §6).

    Stored as its text, so a reader comparing with the plain words still agrees.
    """

    PENDING = "pending"  # a local change waits to go up
    SENDING = "sending"  # on its way; an edit meanwhile waits in a later entry
    SYNCED = "synced"
    CONFLICT = "conflict"  # the county changed the same field: the user decides
    REJECTED = "rejected"  # the county refused the change, with its reason


class SyncStateCell(TypeDecorator[SyncStatus]):
    """A sync state column: stored as its text, read back as a :class:`SyncStatus` (a
    word that is none of them raises ValueError, as a damaged cell)."""

    impl = String(12)
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> SyncStatus | None:
        return None if value is None else SyncStatus(value)


class Record(Base):
    """One record of any kind: ``clear`` is a JSON object of its clear fields, ``sealed``
    the same of its personal fields, encrypted."""

    __tablename__ = "records"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    village_code: Mapped[str] = mapped_column(String(12), index=True)
    child_id: Mapped[str | None] = mapped_column(String(36), index=True)
    rev: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[bool] = mapped_column(default=False)
    sync_state: Mapped[SyncStatus] = mapped_column(SyncStateCell, default=SyncStatus.PENDING)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(64))
    clear: Mapped[str] = mapped_column(ClearCell, default="{}")
    # One AES-GCM message of the personal fields (schema 0004 on); a record the first
    # releases sealed field by field holds JSON text here until the next unlock.
    sealed: Mapped[bytes | str] = mapped_column(SealedCell, default=b"")
    # Keyed blind index (HMAC) of the ID number: duplicates are found without decrypting.
    id_index: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_records_id_index", "id_index"),
        Index("ix_records_sealed_text", "id", sqlite_where=text(SEALED_AS_TEXT)),
    )


class OutboxEntry(Base):
    """A local change waiting to go up: written in the same transaction as the record."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("records.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    base_rev: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(8))  # "upsert" or "delete"
    fields: Mapped[str] = mapped_column(Text)  # JSON list of changed field names
    # Empty: the values are the record row's (VALUES_IN_RECORD); else the op's own sealed copy.
    sealed_values: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[SyncStatus] = mapped_column(SyncStateCell, default=SyncStatus.PENDING)
    created_at: Mapped[datetime]


class AuditEntry(Base):
    """Who changed which fields of which record, and when; never the values."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    fields: Mapped[str] = mapped_column(Text)


class ConflictEntry(Base):
    """One field the county and this device both changed; base, mine, theirs sealed."""

    __tablename__ = "conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    field: Mapped[str] = mapped_column(String(64))
    sealed_values: Mapped[bytes] = mapped_column(LargeBinary)
    theirs_by: Mapped[str] = mapped_column(String(64))
    theirs_at: Mapped[datetime]
    created_at: Mapped[datetime]


class Rejection(Base):
    """An op the county refused, with its reason, kept until the user deals with it."""

    __tablename__ = "rejections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    op_id: Mapped[str] = mapped_column(String(36))
    code: Mapped[str] = mapped_column(String(32))
    reason_zh: Mapped[str] = mapped_column(Text)
    reason_en: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
