"""The server's tables (SQLAlchemy 2, typed). ``migrations/`` creates exactly these.

Personal fields of a record (``casework.records.SEALED_FIELDS``) are stored only sealed
with the server's data key: ``records.sealed``, ``record_versions.sealed`` and
``op_results.result`` hold ciphertext; ``clear`` holds the few clear fields (ids, dates,
codes) as JSON. Times are stored as UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a bigint.
BigId = BigInteger().with_variant(Integer(), "sqlite")


_NOTHING = object()  # no value converted yet


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored naive (as UTC) so SQLite and PostgreSQL agree."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        """The conversion, remembered for the last value it was given: a push writes its
        one time (the batch's ``now``) into three rows an op, and converting it anew each
        time (to naive UTC, then to SQLite's text) was 4 % of the server's time."""
        convert = super().bind_processor(dialect)
        if convert is None:
            return None
        last: list[tuple[Any, Any]] = [(_NOTHING, None)]

        def process(value: Any) -> Any:
            seen, converted = last[0]  # one tuple, read and replaced whole: thread-safe
            if value is not seen:
                converted = convert(value)
                last[0] = (value, converted)
            return converted

        return process


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Server-wide values: the data key check, the county recovery public key."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Township(Base):
    __tablename__ = "townships"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class Village(Base):
    __tablename__ = "villages"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    township_code: Mapped[str] = mapped_column(String(12), ForeignKey("townships.code"), index=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # director | supervisor | county
    scope_code: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class EnrolmentCode(Base):
    """A one-time code that turns into a device; only its SHA-256 is kept."""

    __tablename__ = "enrolment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # SHA-256 of the request id the code was used with: the same request, sent again after
    # its answer was lost, is answered again (with a new secret) instead of refused.
    request_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class Record(Base):
    """The current version of every record the county holds (tombstones included)."""

    __tablename__ = "records"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    village_code: Mapped[str] = mapped_column(String(12), ForeignKey("villages.code"))
    township_code: Mapped[str] = mapped_column(String(12))
    child_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    rev: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    deleted: Mapped[bool] = mapped_column(Boolean)
    clear: Mapped[str] = mapped_column(Text)  # JSON: clear fields
    sealed: Mapped[str] = mapped_column(Text)  # JSON: field -> base64 ciphertext
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)

    __table_args__ = (
        Index("ix_records_village_seq", "village_code", "seq"),
        Index("ix_records_township_seq", "township_code", "seq"),
    )


class RecordVersion(Base):
    """History: every accepted version, and the losing side of each conflict."""

    __tablename__ = "record_versions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(36), ForeignKey("records.id"))
    kind: Mapped[str] = mapped_column(String(32))
    village_code: Mapped[str] = mapped_column(String(12))
    rev: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(Boolean)
    clear: Mapped[str] = mapped_column(Text)
    sealed: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    op_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    outcome: Mapped[str] = mapped_column(String(16))  # applied | merged | lost

    __table_args__ = (Index("ix_record_versions_record_rev", "record_id", "rev"),)


class OpResultRow(Base):
    """The answer given to each accepted op, sealed, so a replay gets it back unchanged."""

    __tablename__ = "op_results"

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), ForeignKey("devices.id"))
    record_id: Mapped[str] = mapped_column(String(36))
    result: Mapped[str] = mapped_column(Text)  # base64 of the sealed OpResult JSON
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class ScopeMove(Base):
    """A record left a village (and perhaps a township) at ``seq``: pull tells who lost it."""

    __tablename__ = "scope_moves"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    record_id: Mapped[str] = mapped_column(String(36), ForeignKey("records.id"), index=True)
    old_village_code: Mapped[str] = mapped_column(String(12))
    old_township_code: Mapped[str] = mapped_column(String(12))


class SeqCounter(Base):
    """One row: the last global change sequence handed out."""

    __tablename__ = "seq_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger)


class AuditEntry(Base):
    """Who read or changed which records, when. Never field values."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    actor: Mapped[str] = mapped_column(String(100))  # user name, or "admin" for the CLI
    action: Mapped[str] = mapped_column(String(32))
    record_ids: Mapped[str] = mapped_column(Text)  # JSON list
    detail: Mapped[str] = mapped_column(Text)  # JSON object: counts, statuses, no values
