"""Reading and writing records and their history, sealed at rest.

The services above see decrypted, frozen :class:`StoredRecord` / :class:`StoredVersion`
values; only this module touches the ``records`` and ``record_versions`` rows and the
sealer. The global change sequence is handed out by :class:`SeqAllocator`.

A push writes through :class:`RecordStore` without the ORM's unit of work: rows are read
as plain :class:`RecordRow` values, and the new and changed records, history entries,
scope moves and stored answers are kept in lists that :meth:`RecordStore.flush` writes
with one executemany statement each (SQLAlchemy Core; PostgreSQL gets multi-row INSERTs),
before any query that could need them and at the end of the batch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from datetime import datetime
from operator import attrgetter
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from casework.protocol import HistoryEntry, Kind, ServerRecord
from county_server.models import (
    OpResultRow,
    Record,
    RecordVersion,
    ScopeMove,
    SeqCounter,
    Village,
)
from county_server.services.sealing import Sealer

APPLIED, MERGED, LOST = "applied", "merged", "lost"
_CHUNK = 500  # ids per IN (...) query, well under SQLite's limit on bound parameters
_ABSENT = object()  # an id the batch had not read at all


@dataclass(slots=True)
class RecordRow:
    """One ``records`` row as plain values: read, changed, and written back by a push."""

    id: str
    kind: str
    village_code: str
    township_code: str
    child_id: str | None
    rev: int
    seq: int
    deleted: bool
    clear: str
    sealed: str
    updated_by: str
    updated_at: datetime
    device_id: str | None


_RECORDS = cast(Table, Record.__table__)
_ROW_NAMES = tuple(field.name for field in dataclass_fields(RecordRow))
_ROW_COLUMNS = [_RECORDS.c[name] for name in _ROW_NAMES]
assert set(_RECORDS.c.keys()) == set(_ROW_NAMES)


@dataclass
class _OpJournal:
    """What one op found before it wrote: enough to put the batch back as it was."""

    versions: int
    moves: int
    answers: int
    rows: dict[str, tuple[object, bool, bool]] = field(default_factory=dict)
    flushed: bool = False  # some of the op's writes reached the database: no undo

    def before_flush(self, *lists: list[dict[str, Any]]) -> None:
        """The batch's lists are about to be written and emptied."""
        if self.rows or [len(items) for items in lists] != [
            self.versions,
            self.moves,
            self.answers,
        ]:
            self.flushed = True
        else:  # only earlier ops' writes go out: the op's own start afresh
            self.versions = self.moves = self.answers = 0


_ROW_GETTER = attrgetter(*_ROW_NAMES)


def _row_values(row: RecordRow) -> dict[str, Any]:
    return dict(zip(_ROW_NAMES, _ROW_GETTER(row), strict=True))


def _copy(row: RecordRow) -> RecordRow:
    """A copy of the row's values (dataclasses.replace took 5x as long, once per op)."""
    return RecordRow(*_ROW_GETTER(row))


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """The sealed answer once given to an op, the device it was given to, its record."""

    device_id: str
    result: str
    record_id: str


@dataclass(frozen=True)
class StoredRecord:
    id: str
    kind: Kind
    village_code: str
    township_code: str
    rev: int
    seq: int
    deleted: bool
    fields: dict[str, Any]
    updated_by: str
    updated_at: datetime

    def to_wire(self) -> ServerRecord:
        # Built without validation: every stored version was validated when accepted, and
        # validating again was a third of the time of a pull.
        return ServerRecord.model_construct(
            id=self.id,
            kind=self.kind,
            village_code=self.village_code,
            rev=self.rev,
            seq=self.seq,
            deleted=self.deleted,
            fields=self.fields,
            updated_by=self.updated_by,
            updated_at=self.updated_at,
        )


@dataclass(frozen=True)
class StoredVersion:
    rev: int
    seq: int
    village_code: str
    deleted: bool
    fields: dict[str, Any]
    by: str
    at: datetime
    op_id: str | None
    outcome: str

    def to_wire(self) -> HistoryEntry:
        return HistoryEntry(
            rev=self.rev,
            seq=self.seq,
            deleted=self.deleted,
            fields=self.fields,
            by=self.by,
            at=self.at,
            op_id=self.op_id,
            outcome=self.outcome,
        )


class SeqAllocator:
    """Hands out the global change sequence for one transaction.

    The counter row is locked (PostgreSQL ``SELECT ... FOR UPDATE``; SQLite transactions
    are serialized by ``BEGIN IMMEDIATE``) when the allocator is made and stays locked to
    commit, so sequences commit in order: a pull never sees a lower seq appear later.
    Ops run in savepoints; the row is only written by :meth:`flush` in the outer
    transaction, so a rolled-back savepoint never releases the lock.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._start = session.execute(
            select(SeqCounter.value).where(SeqCounter.id == 1).with_for_update()
        ).scalar_one()
        self.value = self._start

    def next(self) -> int:
        self.value += 1
        return self.value

    def flush(self) -> None:
        if self.value != self._start:
            self._session.execute(
                update(SeqCounter).where(SeqCounter.id == 1).values(value=self.value)
            )
            self._start = self.value


class OpNotUndone(Exception):
    """An op failed after some of its writes were flushed: the batch can't go on."""


class RecordStore:
    def __init__(self, session: Session, sealer: Sealer) -> None:
        self.session = session
        self.sealer = sealer
        # Rows read or made by this batch (None: known not to exist). Each id has one
        # RecordRow, changed in place; _new and _changed say which of them flush writes.
        self._rows: dict[str, RecordRow | None] = {}
        self._villages: dict[str, Village | None] = {}
        self._new: dict[str, RecordRow] = {}
        self._changed: dict[str, RecordRow] = {}
        self._versions: list[dict[str, Any]] = []
        self._moves: list[dict[str, Any]] = []
        self._answers: list[dict[str, Any]] = []
        self._journal: _OpJournal | None = None

    # -- reading ---------------------------------------------------------------------

    def _cached(self, found: Any) -> RecordRow:
        """The batch's one RecordRow for a row just read (the batch's own if it has one)."""
        row = self._rows.get(found.id)
        if row is None:
            row = RecordRow(*found)
            self._rows[row.id] = row
        return row

    def read_ahead(self, record_ids: Sequence[str]) -> None:
        """Load these records in a few queries, so :meth:`row` needs none for them."""
        wanted = [rid for rid in dict.fromkeys(record_ids) if rid not in self._rows]
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            self._rows.update(dict.fromkeys(chunk))
            for found in self.session.execute(
                select(*_ROW_COLUMNS).where(_RECORDS.c.id.in_(chunk))
            ):
                self._cached(found)

    def op_results(self, op_ids: Sequence[str]) -> dict[str, StoredAnswer]:
        """The stored answers to any of these ops."""
        found: dict[str, StoredAnswer] = {}
        wanted = list(dict.fromkeys(op_ids))
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            for op_id, *answer in self.session.execute(
                select(
                    OpResultRow.op_id,
                    OpResultRow.device_id,
                    OpResultRow.result,
                    OpResultRow.record_id,
                ).where(OpResultRow.op_id.in_(chunk))
            ):
                found[op_id] = StoredAnswer(*answer)
        return found

    def row(self, record_id: str) -> RecordRow | None:
        if record_id not in self._rows:
            self.read_ahead([record_id])
        return self._rows[record_id]

    def village(self, code: str) -> Village | None:
        if code not in self._villages:
            self._villages[code] = self.session.get(Village, code)
        return self._villages[code]

    def open(self, row: Record | RecordRow) -> StoredRecord:
        return _stored(row, self.sealer.open_fields(row.id, row.kind, row.clear, row.sealed))

    def _open_version(self, row: RecordVersion) -> StoredVersion:
        return StoredVersion(
            rev=row.rev,
            seq=row.seq,
            village_code=row.village_code,
            deleted=row.deleted,
            fields=self.sealer.open_fields(row.record_id, row.kind, row.clear, row.sealed),
            by=row.by,
            at=row.at,
            op_id=row.op_id,
            outcome=row.outcome,
        )

    def version_at(self, record_id: str, rev: int) -> StoredVersion | None:
        """The accepted version ``rev`` of a record (never a losing side)."""
        self.flush()
        row = self.session.scalars(
            select(RecordVersion)
            .where(
                RecordVersion.record_id == record_id,
                RecordVersion.rev == rev,
                RecordVersion.outcome != LOST,
            )
            .order_by(RecordVersion.id.desc())
            .limit(1)
        ).first()
        return None if row is None else self._open_version(row)

    def version_record(self, record_id: str, rev: int) -> ServerRecord:
        """The record as it stood at ``rev``, as an answer gave it (from history)."""
        row = self.row(record_id)
        version = self.version_at(record_id, rev)
        assert row is not None and version is not None  # every accepted version is kept
        then = replace(row, village_code=version.village_code, rev=version.rev, seq=version.seq)
        then.deleted, then.updated_by, then.updated_at = version.deleted, version.by, version.at
        return _stored(then, version.fields).to_wire()

    def versions(
        self, record_id: str, *, from_rev: int = 0, include_lost: bool = True
    ) -> list[StoredVersion]:
        self.flush()
        query = select(RecordVersion).where(
            RecordVersion.record_id == record_id, RecordVersion.rev >= from_rev
        )
        if not include_lost:
            query = query.where(RecordVersion.outcome != LOST)
        rows = self.session.scalars(query.order_by(RecordVersion.id)).all()
        return [self._open_version(row) for row in rows]

    def rows_where(self, *where: ColumnElement[bool], limit: int | None = None) -> list[RecordRow]:
        """The records meeting ``where``, in seq order: plain rows, no ORM objects."""
        self.flush()
        query = select(*_ROW_COLUMNS).where(*where).order_by(_RECORDS.c.seq).limit(limit)
        return [self._cached(found) for found in self.session.execute(query)]

    def dependents(self, child_id: str) -> list[RecordRow]:
        return self.rows_where(_RECORDS.c.child_id == child_id)

    # -- writing ---------------------------------------------------------------------

    def save(
        self,
        *,
        row: RecordRow | None,
        record_id: str,
        kind: Kind,
        village: Village,
        fields: dict[str, Any],
        deleted: bool,
        rev: int,
        seq: int,
        by: str,
        at: datetime,
        device_id: str | None,
        op_id: str | None,
        outcome: str,
        answered: bool = True,
    ) -> StoredRecord:
        """Write a new current version (creating the row if needed) and its history entry.

        ``answered``: the version goes back to ``device_id`` in its push answer, so that
        device's pull may leave it out (``services/pull.py``); a version written on the
        side (a deleted child's dependents) is not answered, and the row names no device.
        """
        clear, sealed = self.sealer.seal_fields(record_id, kind, fields)
        child_id = fields.get("child_id") if kind != "child" else None
        new = RecordRow(
            id=record_id,
            kind=kind,
            village_code=village.code,
            township_code=village.township_code,
            child_id=child_id if isinstance(child_id, str) else None,
            rev=rev,
            seq=seq,
            deleted=deleted,
            clear=clear,
            sealed=sealed,
            updated_by=by,
            updated_at=at,
            device_id=device_id if answered else None,
        )
        self._remember(record_id)
        if row is None:
            row = self._rows[record_id] = self._new[record_id] = new
        else:  # the batch's one RecordRow of this record takes the new values
            for name in _ROW_NAMES:
                setattr(row, name, getattr(new, name))
            self._note_changed(row)
        self._add_version(row, by=by, at=at, device_id=device_id, op_id=op_id, outcome=outcome)
        return _stored(row, fields)

    def _note_changed(self, row: RecordRow) -> None:
        if row.id not in self._new:
            self._changed[row.id] = row

    def _add_version(
        self,
        row: RecordRow,
        *,
        by: str,
        at: datetime,
        device_id: str | None,
        op_id: str | None,
        outcome: str,
    ) -> None:
        """The history entry of the row's current values."""
        self._versions.append(
            {
                "record_id": row.id,
                "kind": row.kind,
                "village_code": row.village_code,
                "rev": row.rev,
                "seq": row.seq,
                "deleted": row.deleted,
                "clear": row.clear,
                "sealed": row.sealed,
                "by": by,
                "at": at,
                "device_id": device_id,
                "op_id": op_id,
                "outcome": outcome,
            }
        )

    def save_lost(
        self,
        *,
        current: StoredRecord,
        village_code: str,
        fields: dict[str, Any],
        deleted: bool,
        by: str,
        at: datetime,
        device_id: str | None,
        op_id: str,
    ) -> None:
        """Keep the losing side of a conflict, against the version it lost to."""
        clear, sealed = self.sealer.seal_fields(current.id, current.kind, fields)
        row = self._rows[current.id]
        assert row is not None and (row.rev, row.seq) == (current.rev, current.seq)
        lost = replace(row, village_code=village_code, deleted=deleted, clear=clear, sealed=sealed)
        self._add_version(lost, by=by, at=at, device_id=device_id, op_id=op_id, outcome=LOST)

    def move(
        self,
        row: RecordRow,
        *,
        to: Village,
        seq: int,
        by: str,
        at: datetime,
        device_id: str | None,
        op_id: str | None,
        answered: bool = False,
    ) -> StoredRecord | None:
        """Move a record to another village as a new version; its sealed fields go unchanged.

        A record that follows its child's move is not in a push answer (``answered``
        False), so the row names no device: every device in the new scope pulls it, the
        mover's included. The child of a move asked for by a ``move`` op is in the answer
        (and then returned, opened)."""
        self._remember(row.id)
        old_village, old_township = row.village_code, row.township_code
        row.village_code = to.code
        row.township_code = to.township_code
        row.rev += 1
        row.seq = seq
        row.updated_by = by
        row.updated_at = at
        row.device_id = device_id if answered else None
        self._note_changed(row)
        self._add_version(row, by=by, at=at, device_id=device_id, op_id=op_id, outcome=APPLIED)
        self.note_move(row.id, seq=seq, old_village=old_village, old_township=old_township)
        return self.open(row) if answered else None

    def moved_from(self, record_id: str, where: ColumnElement[bool]) -> bool:
        """Did the record ever leave a place ``where`` names (over ``scope_moves``' old
        village and township columns)?"""
        self.flush()
        found = self.session.execute(
            select(ScopeMove.id).where(ScopeMove.record_id == record_id, where).limit(1)
        ).first()
        return found is not None

    def has_version_by_op(self, record_id: str, op_id: str) -> bool:
        """Does the record's history hold a version written by this op (a lost side too)?"""
        self.flush()
        found = self.session.execute(
            select(RecordVersion.id)
            .where(RecordVersion.record_id == record_id, RecordVersion.op_id == op_id)
            .limit(1)
        ).first()
        return found is not None

    def note_move(self, record_id: str, *, seq: int, old_village: str, old_township: str) -> None:
        self._moves.append(
            {
                "seq": seq,
                "record_id": record_id,
                "old_village_code": old_village,
                "old_township_code": old_township,
            }
        )

    def save_answer(
        self, *, op_id: str, device_id: str, record_id: str, result: str, at: datetime
    ) -> None:
        """Keep the (sealed) answer to an accepted op, for a replay of it."""
        self._answers.append(
            {
                "op_id": op_id,
                "device_id": device_id,
                "record_id": record_id,
                "result": result,
                "at": at,
            }
        )

    # -- one op at a time ------------------------------------------------------------

    @contextmanager
    def undone_on_failure(self) -> Iterator[None]:
        """What one op writes to the batch is taken back if it raises, so the batch can go
        on without it; :class:`OpNotUndone` instead when some of it already reached the
        database (then only the whole transaction can go)."""
        journal = self._journal = _OpJournal(
            len(self._versions), len(self._moves), len(self._answers)
        )
        try:
            yield
        except BaseException as error:
            if journal.flushed:
                raise OpNotUndone() from error
            self._undo(journal)
            raise
        finally:
            self._journal = None

    def _remember(self, record_id: str) -> None:
        journal = self._journal
        if journal is None or record_id in journal.rows:
            return
        before = self._rows.get(record_id, _ABSENT)
        kept = _copy(before) if isinstance(before, RecordRow) else before
        journal.rows[record_id] = (kept, record_id in self._new, record_id in self._changed)

    def _undo(self, journal: _OpJournal) -> None:
        for record_id, (before, was_new, was_changed) in journal.rows.items():
            if isinstance(before, RecordRow):
                row = self._rows[record_id]
                assert row is not None  # the batch's one RecordRow, changed in place
                for name in _ROW_NAMES:
                    setattr(row, name, getattr(before, name))
            elif before is _ABSENT:
                del self._rows[record_id]
            else:
                self._rows[record_id] = None
            if not was_new:
                self._new.pop(record_id, None)
            if not was_changed:
                self._changed.pop(record_id, None)
        del self._versions[journal.versions :]
        del self._moves[journal.moves :]
        del self._answers[journal.answers :]

    def flush(self) -> None:
        """Write what the batch has made so far: one executemany statement per table."""
        if self._journal is not None:
            self._journal.before_flush(self._versions, self._moves, self._answers)
        connection = self.session.connection()
        if self._new:
            connection.execute(insert(_RECORDS), [_row_values(row) for row in self._new.values()])
        if self._changed:
            connection.execute(
                update(_RECORDS).where(_RECORDS.c.id == bindparam("row_id")),
                [_changed_values(row) for row in self._changed.values()],
            )
        for model, rows in (
            (RecordVersion, self._versions),
            (ScopeMove, self._moves),
            (OpResultRow, self._answers),
        ):
            if rows:
                connection.execute(insert(cast(Table, model.__table__)), rows)
        self._new, self._changed = {}, {}
        self._versions, self._moves, self._answers = [], [], []


def _stored(row: Record | RecordRow, fields: dict[str, Any]) -> StoredRecord:
    return StoredRecord(
        id=row.id,
        kind=row.kind,  # type: ignore[arg-type]  # only valid kinds are ever stored
        village_code=row.village_code,
        township_code=row.township_code,
        rev=row.rev,
        seq=row.seq,
        deleted=row.deleted,
        fields=fields,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def _changed_values(row: RecordRow) -> dict[str, Any]:
    values = _row_values(row)
    values["row_id"] = values.pop("id")
    del values["kind"]  # a record never changes kind
    return values
