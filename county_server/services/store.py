"""Reading and writing records and their history, sealed at rest.

The services above see decrypted, frozen :class:`StoredRecord` / :class:`StoredVersion`
values; only this module touches the ``records`` and ``record_versions`` rows and the
sealer. The global change sequence is handed out by :class:`SeqAllocator`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
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


class RecordStore:
    def __init__(self, session: Session, sealer: Sealer) -> None:
        self.session = session
        self.sealer = sealer
        # Rows read ahead for a batch (None: known not to exist), and what it created.
        self._rows: dict[str, Record | None] = {}
        self._villages: dict[str, Village | None] = {}

    # -- reading ---------------------------------------------------------------------

    def read_ahead(self, record_ids: Sequence[str]) -> None:
        """Load these records in a few queries, so :meth:`row` needs none for them."""
        wanted = list(dict.fromkeys(record_ids))
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            self._rows.update(dict.fromkeys(chunk))
            for row in self.session.scalars(select(Record).where(Record.id.in_(chunk))):
                self._rows[row.id] = row

    def op_results(self, op_ids: Sequence[str]) -> dict[str, OpResultRow]:
        """The stored answers to any of these ops."""
        found: dict[str, OpResultRow] = {}
        wanted = list(dict.fromkeys(op_ids))
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            for row in self.session.scalars(
                select(OpResultRow).where(OpResultRow.op_id.in_(chunk))
            ):
                found[row.op_id] = row
        return found

    def row(self, record_id: str) -> Record | None:
        if record_id in self._rows:
            return self._rows[record_id]
        return self.session.get(Record, record_id)

    def village(self, code: str) -> Village | None:
        if code not in self._villages:
            self._villages[code] = self.session.get(Village, code)
        return self._villages[code]

    def open(self, row: Record) -> StoredRecord:
        return StoredRecord(
            id=row.id,
            kind=row.kind,  # type: ignore[arg-type]  # only valid kinds are ever stored
            village_code=row.village_code,
            township_code=row.township_code,
            rev=row.rev,
            seq=row.seq,
            deleted=row.deleted,
            fields=self.sealer.open_fields(row.id, row.kind, row.clear, row.sealed),
            updated_by=row.updated_by,
            updated_at=row.updated_at,
        )

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

    def versions(
        self, record_id: str, *, from_rev: int = 0, include_lost: bool = True
    ) -> list[StoredVersion]:
        query = select(RecordVersion).where(
            RecordVersion.record_id == record_id, RecordVersion.rev >= from_rev
        )
        if not include_lost:
            query = query.where(RecordVersion.outcome != LOST)
        rows = self.session.scalars(query.order_by(RecordVersion.id)).all()
        return [self._open_version(row) for row in rows]

    def dependents(self, child_id: str) -> list[Record]:
        return list(
            self.session.scalars(
                select(Record).where(Record.child_id == child_id).order_by(Record.seq)
            ).all()
        )

    # -- writing ---------------------------------------------------------------------

    def save(
        self,
        *,
        row: Record | None,
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
    ) -> StoredRecord:
        """Write a new current version (creating the row if needed) and its history entry."""
        clear, sealed = self.sealer.seal_fields(record_id, kind, fields)
        child_id = fields.get("child_id") if kind != "child" else None
        if row is None:
            row = Record(id=record_id, kind=kind)
            self.session.add(row)
            self._rows[record_id] = row
        row.village_code = village.code
        row.township_code = village.township_code
        row.child_id = child_id if isinstance(child_id, str) else None
        row.rev = rev
        row.seq = seq
        row.deleted = deleted
        row.clear = clear
        row.sealed = sealed
        row.updated_by = by
        row.updated_at = at
        row.device_id = device_id
        self.session.add(
            RecordVersion(
                record_id=record_id,
                kind=kind,
                village_code=village.code,
                rev=rev,
                seq=seq,
                deleted=deleted,
                clear=clear,
                sealed=sealed,
                by=by,
                at=at,
                device_id=device_id,
                op_id=op_id,
                outcome=outcome,
            )
        )
        return StoredRecord(
            id=record_id,
            kind=kind,
            village_code=village.code,
            township_code=village.township_code,
            rev=rev,
            seq=seq,
            deleted=deleted,
            fields=fields,
            updated_by=by,
            updated_at=at,
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
        self.session.add(
            RecordVersion(
                record_id=current.id,
                kind=current.kind,
                village_code=village_code,
                rev=current.rev,
                seq=current.seq,
                deleted=deleted,
                clear=clear,
                sealed=sealed,
                by=by,
                at=at,
                device_id=device_id,
                op_id=op_id,
                outcome=LOST,
            )
        )

    def move(
        self,
        row: Record,
        *,
        to: Village,
        seq: int,
        by: str,
        at: datetime,
        device_id: str | None,
        op_id: str | None,
    ) -> None:
        """Move a record to another village as a new version; its sealed fields go unchanged."""
        old_village, old_township = row.village_code, row.township_code
        row.village_code = to.code
        row.township_code = to.township_code
        row.rev += 1
        row.seq = seq
        row.updated_by = by
        row.updated_at = at
        row.device_id = device_id
        self.session.add(
            RecordVersion(
                record_id=row.id,
                kind=row.kind,
                village_code=to.code,
                rev=row.rev,
                seq=seq,
                deleted=row.deleted,
                clear=row.clear,
                sealed=row.sealed,
                by=by,
                at=at,
                device_id=device_id,
                op_id=op_id,
                outcome=APPLIED,
            )
        )
        self.note_move(row.id, seq=seq, old_village=old_village, old_township=old_township)

    def note_move(self, record_id: str, *, seq: int, old_village: str, old_township: str) -> None:
        self.session.add(
            ScopeMove(
                seq=seq,
                record_id=record_id,
                old_village_code=old_village,
                old_township_code=old_township,
            )
        )
