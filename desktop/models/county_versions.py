"""The county's versions of records, written into the store for the sync.

The sync decides what a record becomes here (the county's fields with what still waits
locally on top, its state); the rows themselves are written only here, in the store, and
only here is anything about the ``records`` table known to the sync: every method takes
the sync's session, so a pulled page and its cursor, or a push's answers and the outbox
entries they settle, are one transaction.

A page is written as one executemany per kind of write, each with one parameter shape
(the ORM's bulk insert splits rows whose keys differ into separate statements).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Engine,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop.models.codec import RecordCodec
from desktop.models.db import in_chunks
from desktop.models.errors import CorruptRecordError
from desktop.models.tables import Record, SyncStatus

_RECORDS: Table = Record.__table__  # type: ignore[assignment]
_INSERT_RECORDS = insert(_RECORDS)
_UPDATE_RECORDS = update(_RECORDS).where(_RECORDS.c.id == bindparam("b_id"))
_CHILDREN_FIRST = case((Record.kind == "child", 0), else_=1)
# A pulled page's 2,000 ids bound as one expanding parameter, the statement built once.
_HELD = select(Record.id, Record.rev, Record.sync_state).where(
    Record.id.in_(bindparam("ids", expanding=True))
)
# New rows of a page go to the driver as tuples in the cells' stored forms (the store is
# SQLite): SQLAlchemy's per-value bind processing was a fifth of a first pull's local time.
_INSERT_COLUMNS = (
    "id", "kind", "village_code", "child_id", "rev", "deleted", "sync_state", "created_at",
    "created_by", "updated_at", "updated_by", "clear", "sealed", "id_index",
)  # fmt: skip
_INSERT_SQL = (
    f"INSERT INTO records ({', '.join(_INSERT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_INSERT_COLUMNS))})"
)


def _stored_time(moment: datetime) -> str:
    """A naive UTC time as SQLAlchemy's SQLite DATETIME writes it (microseconds always)."""
    return moment.isoformat(" ", "microseconds")


class CountyVersion(NamedTuple):
    """A record as it is to stand here after the county's version of it arrived."""

    id: str
    kind: str
    village_code: str
    rev: int
    updated_at: datetime  # naive UTC, as every time in the store
    updated_by: str
    fields: Mapping[str, Any]  # the county's, with what waits here on top
    deleted: bool
    sync_state: SyncStatus


class Settled(NamedTuple):
    """A record the county took exactly as sent: the row keeps its sealed cell."""

    id: str
    rev: int
    village_code: str
    updated_at: datetime
    updated_by: str


class SendingRow(NamedTuple):
    """What an outbox op needs of its record's row."""

    id: str
    kind: str
    village_code: str
    child_id: str | None
    clear: str
    sealed: bytes | str


class CountyVersions:
    """The store's side of the sync: its reads and writes of ``records``."""

    def __init__(self, engine: Engine, codec: RecordCodec) -> None:
        self._engine = engine
        self._codec = codec

    # -- reads ---------------------------------------------------------------------------

    def held(self, session: Session, ids: Sequence[str]) -> dict[str, tuple[int, SyncStatus]]:
        """The revision and sync state of each of these records held here."""
        found: dict[str, tuple[int, SyncStatus]] = {}
        for chunk in in_chunks(ids):
            for record_id, rev, state in session.execute(_HELD, {"ids": list(chunk)}):
                found[record_id] = (rev, state)
        return found

    def sending_rows(self, session: Session, ids: Sequence[str]) -> dict[str, SendingRow]:
        """The rows the outbox ops of these records are read from."""
        found: dict[str, SendingRow] = {}
        for chunk in in_chunks(ids):
            for row in session.execute(
                select(
                    Record.id,
                    Record.kind,
                    Record.village_code,
                    Record.child_id,
                    Record.clear,
                    Record.sealed,
                ).where(Record.id.in_(chunk))
            ):
                found[row.id] = SendingRow(*row)
        return found

    def current_fields(
        self, session: Session, ids: Sequence[str]
    ) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """Each record's fields as held here, and the records whose rows are damaged."""
        found: dict[str, dict[str, Any]] = {}
        damaged: list[str] = []
        for chunk in in_chunks(ids):
            for row in session.execute(
                select(Record.id, Record.kind, Record.child_id, Record.clear, Record.sealed).where(
                    Record.id.in_(chunk)
                )
            ):
                try:
                    found[row.id] = self._codec.open_fields(row)
                except CorruptRecordError:
                    damaged.append(row.id)
        return found, damaged

    def on_county_count(self) -> int:
        """Records the county holds a version of (revision above 0), deleted or not."""
        with Session(self._engine) as session:
            return int(session.scalar(select(func.count()).where(Record.rev > 0)) or 0)

    def on_county_after(self, session: Session, after: Sequence[Any], limit: int) -> list[Record]:
        """The next records the county holds a version of, children first, after
        ``after`` ([0 for a child else 1, id]) in that order."""
        group, last = after
        return list(
            session.scalars(
                select(Record)
                .where(
                    Record.rev > 0,
                    or_(
                        group < _CHILDREN_FIRST,
                        and_(group == _CHILDREN_FIRST, Record.id > last),
                    ),
                )
                .order_by(_CHILDREN_FIRST, Record.id)
                .limit(limit)
            ).all()
        )

    # -- writes --------------------------------------------------------------------------

    def write(
        self, session: Session, versions: Iterable[CountyVersion], held: Collection[str]
    ) -> int:
        """Seal and write these versions (an update where ``held``, else an insert); how
        many rows were written. One executemany per kind of write."""
        inserts: list[tuple[Any, ...]] = []
        updates: list[dict[str, Any]] = []
        seal = self._codec.seal_fields
        id_index = self._codec.id_index
        for version in versions:
            fields = version.fields
            clear, sealed = seal(version.id, version.kind, fields)
            by = version.updated_by[:64]
            if version.id not in held:
                at = _stored_time(version.updated_at)
                inserts.append(
                    (
                        version.id, version.kind, version.village_code, fields.get("child_id"),
                        version.rev, int(version.deleted), version.sync_state.value, at, by, at,
                        by, clear, sealed, id_index(version.kind, fields),
                    )
                )  # fmt: skip
                continue
            updates.append(
                {
                    "b_id": version.id,
                    "kind": version.kind,
                    "village_code": version.village_code,
                    "child_id": fields.get("child_id"),
                    "rev": version.rev,
                    "deleted": version.deleted,
                    "sync_state": version.sync_state,
                    "updated_at": version.updated_at,
                    "updated_by": by,
                    "clear": clear,
                    "sealed": sealed,
                    "id_index": id_index(version.kind, fields),
                }
            )
        if inserts:
            session.connection().exec_driver_sql(_INSERT_SQL, inserts)
        if updates:
            session.execute(_UPDATE_RECORDS, updates)
        return len(inserts) + len(updates)

    def settle(self, session: Session, settled: Iterable[Settled]) -> int:
        """Records the county took as sent: revision, author and state move, nothing is
        sealed again; how many."""
        rows = [
            {
                "b_id": record.id,
                "rev": record.rev,
                "sync_state": SyncStatus.SYNCED,
                "village_code": record.village_code,
                "updated_at": record.updated_at,
                "updated_by": record.updated_by[:64],
            }
            for record in settled
        ]
        if rows:
            session.execute(_UPDATE_RECORDS, rows)
        return len(rows)

    def set_state(
        self,
        session: Session,
        ids: Sequence[str],
        state: SyncStatus,
        *,
        only_from: SyncStatus | None = None,
    ) -> None:
        """Set these records' sync state (those in ``only_from``, if given)."""
        for chunk in in_chunks(ids):
            where: list[ColumnElement[bool]] = [Record.id.in_(chunk)]
            if only_from is not None:
                where.append(Record.sync_state == only_from)
            session.execute(
                update(Record)
                .where(*where)
                .values(sync_state=state)
                # Not matched against the session's loaded objects: none is read after.
                .execution_options(synchronize_session=False)
            )

    def set_state_everywhere(self, session: Session, old: SyncStatus, new: SyncStatus) -> None:
        """Every record in state ``old`` moves to ``new``."""
        session.execute(update(Record).where(Record.sync_state == old).values(sync_state=new))

    def forget(self, session: Session, record_id: str) -> None:
        """A record that left this device's scope: its row goes (the sync has dropped its
        outbox entries, conflicts and refusals first)."""
        session.execute(delete(Record).where(Record.id == record_id))

    def accept_deletion(self, record_id: str) -> None:
        """The county's delete accepted: the record becomes a tombstone here, no op."""
        with Session(self._engine) as session, session.begin():
            session.execute(update(Record).where(Record.id == record_id).values(deleted=True))


__all__ = ["CountyVersion", "CountyVersions", "SendingRow", "Settled"]
