"""The store's reads: records decrypted through the raw read path, never ORM objects.

:class:`StoreReads` is half of :class:`~desktop.models.store.CaseStore` (the writes are
the other): every living record of a kind or a child in one query through the DB-API
cursor, decrypted; one record; the ids the blind index finds; a record's audit history;
and the clear columns the to-do and the sync page read without decrypting anything. A
damaged record is left out of every list, logged, and named by :meth:`read_damaged`.
"""

from __future__ import annotations

import json
import logging
import operator
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, NamedTuple

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desktop.models.codec import RecordCodec
from desktop.models.damage import CLEAR_CELL, SEALED_CELL, Damage, DamagedRecord, cell_value
from desktop.models.errors import CorruptRecordError, RecordNotFoundError
from desktop.models.raw_rows import collector_paused, fetch, has_undecodable_text, undecodable
from desktop.models.raw_rows import damaged as _damaged
from desktop.models.tables import AuditEntry, OutboxEntry, Record, SyncStatus

logger = logging.getLogger(__name__)


class RecordView(NamedTuple):
    """A decrypted record as the services and the UI see it (never an ORM object).

    A named tuple rather than a frozen dataclass: just as immutable, and five times
    cheaper to build, which counts when a store of 30,000 records opens.
    """

    id: str
    kind: str
    village_code: str
    child_id: str | None
    rev: int
    deleted: bool
    sync_state: SyncStatus
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    fields: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class AuditEntryView:
    at: datetime
    actor: str
    action: str
    fields: tuple[str, ...]


class SyncTrouble(NamedTuple):
    """A living record the county refused or the user must decide (its state is clear)."""

    id: str
    kind: str
    child_id: str | None
    sync_state: SyncStatus


class WaitingChanges(NamedTuple):
    """A record with changes waiting to go up: how many ops, since when (naive UTC)."""

    id: str
    kind: str
    child_id: str | None
    ops: int
    since: datetime


class StoreReads:
    """The reads of an unlocked store (its engine, its codec)."""

    _engine: Engine
    codec: RecordCodec

    def __init__(self) -> None:
        # Damaged records the latest read of each (kind, child) found: read_damaged() tells.
        self._damaged_lock = threading.Lock()
        self._damaged_seen: dict[tuple[str | None, str | None], tuple[DamagedRecord, ...]] = {}

    # -- reads -----------------------------------------------------------------------

    def _row(self, session: Session, record_id: str) -> Record:
        try:
            row = session.get(Record, record_id)
        except (ValueError, OperationalError) as error:
            if isinstance(error, OperationalError) and not undecodable(error):
                raise
            # A time that is no time, or text that is not UTF-8, in a column of its row.
            raise CorruptRecordError(record_id, "row", Damage.UNREADABLE) from error
        if row is None or row.deleted:
            raise RecordNotFoundError(record_id)
        return row

    def get(self, record_id: str) -> RecordView:
        with Session(self._engine) as session:
            return self._view(self._row(session, record_id))

    def find_id(self, prefix: str) -> str:
        """The full id of the one record whose id starts with ``prefix``."""
        with Session(self._engine) as session:
            ids = session.scalars(
                select(Record.id).where(Record.id.like(f"{prefix}%"), Record.deleted.is_(False))
            ).all()
        if len(ids) != 1:
            raise RecordNotFoundError(prefix, "ambiguous" if ids else "")
        return ids[0]

    def records(self, kind: str | None = None, *, child_id: str | None = None) -> list[RecordView]:
        """Every living record (of ``kind``, of ``child_id``), decrypted, oldest first.

        A damaged record is left out, logged, and kept for :meth:`read_damaged`: one bad
        row must not take the list, the to-do, the ledger or a report down with it.
        """
        sql = f"SELECT {_VIEW_COLUMNS} FROM records WHERE deleted = 0"
        params: list[str] = []
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        if child_id is not None:
            sql += " AND child_id = ?"
            params.append(child_id)
        opened = self.codec.open_cells
        parse = datetime.fromisoformat
        state_of = _STATE_OF
        new = tuple.__new__
        views: list[RecordView] = []
        damaged: list[DamagedRecord] = []
        # Tens of thousands of new objects (the rows fetched, then the views) would set
        # off the cyclic collector over and over while none of them can be garbage yet.
        with collector_paused():
            rows, lossless = fetch(self._engine, sql, params)
            # Sorted here rather than by SQLite, which would sort the whole rows,
            # ciphertext and all, where they come in the order written, nearly sorted
            # already; ties keep that order.
            rows.sort(key=_CREATED_AT)
            for row in rows:
                (
                    record_id,
                    row_kind,
                    village,
                    child,
                    rev,
                    state,
                    created_at,
                    created_by,
                    updated_at,
                    updated_by,
                    clear,
                    sealed,
                ) = row
                try:
                    if lossless and has_undecodable_text(row):
                        raise CorruptRecordError(record_id, "row", Damage.UNREADABLE)
                    fields = opened(
                        record_id,
                        row_kind,
                        child,
                        clear,
                        sealed if sealed.__class__ is bytes else cell_value(sealed),
                    )
                    view = new(
                        RecordView,
                        (
                            record_id,
                            row_kind,
                            village,
                            child,
                            rev,
                            False,  # deleted: only the living are read
                            state_of[state],
                            parse(created_at),
                            created_by,
                            parse(updated_at),
                            updated_by,
                            MappingProxyType(fields),
                        ),
                    )
                except CorruptRecordError as error:
                    damaged.append(_damaged(record_id, row_kind, rev, error.damage))
                    continue
                except (ValueError, TypeError, KeyError):  # a time that is no time, a state
                    # that is none
                    damaged.append(_damaged(record_id, row_kind, rev, Damage.UNREADABLE))
                    continue
                views.append(view)
            # Freed before the collector resumes, so its next pass has only the views.
            del rows
        self._note_damaged((kind, child_id), damaged)
        return views

    def read_damaged(self) -> tuple[DamagedRecord, ...]:
        """The damaged records the latest reads left out (each list as last read)."""
        with self._damaged_lock:
            found = {d.record_id: d for seen in self._damaged_seen.values() for d in seen}
        return tuple(found[record_id] for record_id in sorted(found))

    def _note_damaged(
        self, query: tuple[str | None, str | None], damaged: Sequence[DamagedRecord]
    ) -> None:
        for record in damaged:
            logger.warning(
                "record %s (%s) is damaged (%s); left out",
                record.record_id,
                record.kind,
                record.damage.value,
            )
        with self._damaged_lock:
            if damaged:
                self._damaged_seen[query] = tuple(damaged)
            else:
                self._damaged_seen.pop(query, None)

    def _view(self, row: Record) -> RecordView:
        return RecordView(
            id=row.id,
            kind=row.kind,
            village_code=row.village_code,
            child_id=row.child_id,
            rev=row.rev,
            deleted=row.deleted,
            sync_state=row.sync_state,
            created_at=row.created_at,
            created_by=row.created_by,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
            fields=MappingProxyType(self.codec.open_fields(row)),
        )

    def find_by_id_number(self, id_number: str, *, kind: str | None = None) -> list[str]:
        """Ids of living records holding this ID number, found by the blind index."""
        query = select(Record.id).where(
            Record.id_index == self.codec.blind_index(id_number), Record.deleted.is_(False)
        )
        if kind is not None:
            query = query.where(Record.kind == kind)
        with Session(self._engine) as session:
            return list(session.scalars(query))

    def pending_count(self) -> int:
        with Session(self._engine) as session:
            return int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)

    def history(self, record_id: str) -> list[AuditEntryView]:
        with Session(self._engine) as session:
            rows = session.scalars(
                select(AuditEntry).where(AuditEntry.record_id == record_id).order_by(AuditEntry.id)
            )
            return [
                AuditEntryView(r.at, r.actor, r.action, tuple(json.loads(r.fields))) for r in rows
            ]

    def sync_troubles(self) -> list[SyncTrouble]:
        """Living records in conflict or refused by the county, by id (the states are
        clear: nothing is decrypted)."""
        query = (
            select(Record.id, Record.kind, Record.child_id, Record.sync_state)
            .where(
                Record.sync_state.in_((SyncStatus.CONFLICT, SyncStatus.REJECTED)),
                Record.deleted.is_(False),
            )
            .order_by(Record.id)
        )
        with Session(self._engine) as session:
            return [SyncTrouble(*row) for row in session.execute(query)]

    def waiting_records(self, *, limit: int = 500) -> list[WaitingChanges]:
        """Records with changes waiting to go up, the oldest waiting first."""
        query = (
            select(
                OutboxEntry.record_id,
                Record.kind,
                Record.child_id,
                func.count(),
                func.min(OutboxEntry.created_at),
            )
            .join(Record, Record.id == OutboxEntry.record_id)
            .group_by(OutboxEntry.record_id, Record.kind, Record.child_id)
            .order_by(func.min(OutboxEntry.seq))
            .limit(limit)
        )
        with Session(self._engine) as session:
            return [
                WaitingChanges(record_id, kind, child_id, int(count), since)
                for record_id, kind, child_id, count, since in session.execute(query)
            ]


# What records() reads of a living row (``deleted`` is false in all of them): the clear
# and sealed cells through guards that read any cell, whatever is in it.
_VIEW_COLUMNS = (
    "id, kind, village_code, child_id, rev, sync_state,"
    f" created_at, created_by, updated_at, updated_by, {CLEAR_CELL}, {SEALED_CELL}"
)
_CREATED_AT = operator.itemgetter(6)
# A state as stored, to its member: a look-up, cheaper than the enum's call per row.
_STATE_OF: dict[str, SyncStatus] = {state.value: state for state in SyncStatus}


__all__ = ["AuditEntryView", "RecordView", "StoreReads", "SyncTrouble", "WaitingChanges"]
