"""The encrypted case store: its writes and its reads.

Every change goes through :class:`CaseStore`: it validates the whole record with the
``casework`` rules, seals its personal fields together, and writes the record, its outbox
entry (for sync) and an audit entry in one SQLite transaction, so either all three are on
disk or none is. The store is the one owner of the ``records`` table; it is made of

- the codec (``codec.py``): the sealing format, cells to values and back, no database;
- the writes here, and the reads (``reads.py``) through the raw read path (``raw_rows.py``);
- the county's versions the sync writes (``county_versions.py``), in the sync's
  transaction, through :attr:`CaseStore.county`;
- its upkeep (``maintenance.py``): the integrity check and the reseals an upgrade leaves
  for the first unlock.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, event, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from casework.records import FILED_REPORT_EDITABLE, RecordValidationError, to_wire, validate
from casework.role_refusals import check_write
from desktop.models.codec import VALUES_IN_RECORD, RecordCodec
from desktop.models.county_versions import CountyVersions
from desktop.models.crypto import FieldCodec
from desktop.models.db import in_chunks
from desktop.models.errors import (
    CorruptRecordError,
    DuplicateIdNumberError,
    LockedRecordError,
    MissingChildError,
    RecordNotFoundError,
    StoreError,
)
from desktop.models.maintenance import RESEAL_MARKER, IntegrityReport, StoreMaintenance
from desktop.models.reads import (
    AuditEntryView,
    RecordView,
    StoreReads,
    SyncTrouble,
    WaitingChanges,
)
from desktop.models.tables import AuditEntry, Meta, OutboxEntry, Record, SyncStatus

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 250  # records between two reports of create_many's progress


class _ProgressReports:
    """create_many's progress: every PROGRESS_EVERY steps, the last only once written."""

    def __init__(self, progress: Callable[[int, int], None] | None, total: int) -> None:
        self._progress = progress
        self._total = total
        self._done = 0

    def one_more(self) -> None:
        self._done += 1
        if self._done % PROGRESS_EVERY == 0 and self._done < self._total:
            self._send(self._done)

    def finished(self) -> None:
        self._send(self._total)

    def _send(self, done: int) -> None:
        if self._progress is None:
            return
        try:
            self._progress(done, self._total)
        except Exception:
            logger.exception("a progress report failed; no more are sent")
            self._progress = None


@dataclass(frozen=True)
class NewRecord:
    kind: str
    fields: Mapping[str, Any]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


class DataVersion:
    """How many commits changed rows in one store's file, counted when each commit starts
    and again when its connection goes back to the pool, after the commit.

    SQLite's ``total_changes`` of each pooled connection tells a commit that changed rows
    from one that changed none. A reader takes the version before it reads and files its
    result under it, so a result that raced a write is filed under a version that has
    already passed (the read cache, ``services/read_cache.py``).
    """

    _CHANGES_SEEN = "childdesk_total_changes"  # in each pooled connection's info
    _DIRTY = "childdesk_dirty"

    def __init__(self, engine: Engine) -> None:
        self.value = 0
        self._lock = threading.Lock()
        event.listen(engine, "commit", self._committing)
        event.listen(engine.pool, "checkin", self._checked_in)

    def _bump(self) -> None:
        with self._lock:
            self.value += 1

    def _committing(self, connection: Connection) -> None:
        pooled = connection.connection
        changes = getattr(pooled.dbapi_connection, "total_changes", None)
        if changes is None or changes != pooled.info.get(self._CHANGES_SEEN):
            pooled.info[self._CHANGES_SEEN] = changes
            pooled.info[self._DIRTY] = True
            self._bump()

    def _checked_in(self, _dbapi_connection: Any, record: Any) -> None:
        if record is not None and record.info.pop(self._DIRTY, False):
            self._bump()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class CaseStore(StoreReads):
    """An unlocked store: its engine, and its codec holding the data key; its writes here,
    its reads in :class:`~desktop.models.reads.StoreReads`."""

    def __init__(self, engine: Engine, codec: FieldCodec, *, actor: str, village_code: str) -> None:
        self._engine = engine
        self.codec = RecordCodec(codec)
        self.county = CountyVersions(engine, self.codec)
        self.maintenance = StoreMaintenance(engine, self.codec)
        self.actor = actor
        self.village_code = village_code
        super().__init__()
        self._version: DataVersion | None = None
        self._version_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        """Close every pooled connection to the file (before it is copied over, replaced
        or removed: Windows refuses that for a file still open)."""
        self._engine.dispose()

    @property
    def sealed_count(self) -> int:
        """Records sealed by this store object (the tests and benches count them)."""
        return self.codec.sealed_count

    def check(self) -> IntegrityReport:
        """The integrity check (``maintenance.py``)."""
        return self.maintenance.check()

    def data_version(self) -> int:
        """Commits that changed rows since first asked (see :class:`DataVersion`)."""
        version = self._version
        if version is None:
            with self._version_lock:
                if self._version is None:
                    self._version = DataVersion(self._engine)
                version = self._version
        return version.value

    # -- writes ----------------------------------------------------------------------

    @staticmethod
    def device_role(session: Session) -> str | None:
        """The role the county enrolled this laptop with (None: never enrolled, the
        director's own). Every write is checked against ``casework.permissions`` for it
        before anything is written (``casework.role_refusals``): nothing is saved here
        that the county would refuse."""
        role = session.get(Meta, "role")
        if role is not None and role.value:
            return role.value
        level = session.get(Meta, "scope_level")  # enrolled before the role was kept
        return "supervisor" if level is not None and level.value == "township" else None

    def role(self) -> str | None:
        """:meth:`device_role`, read on its own."""
        with Session(self._engine) as session:
            return self.device_role(session)

    def create(self, kind: str, fields: Mapping[str, Any], *, record_id: str | None = None) -> str:
        new = NewRecord(kind, fields) if record_id is None else NewRecord(kind, fields, record_id)
        return self.create_many([new])[0]

    def create_many(
        self, records: Sequence[NewRecord], *, progress: Callable[[int, int], None] | None = None
    ) -> list[str]:
        """Validate all, then write all in one transaction (an import is all or nothing).

        ``progress(done, total)``: every record is counted twice, validated then sealed;
        ``done == total`` once, after the commit. A report that fails is logged and the
        rest are not sent: showing progress never stops a write.
        """
        now = _now()
        total = 2 * len(records)
        report = _ProgressReports(progress, total)
        prepared = []
        for new in records:
            prepared.append((new, to_wire(validate(new.kind, new.fields))))
            report.one_more()
        with Session(self._engine) as session, session.begin():
            role = self.device_role(session)
            for new, wire in prepared:
                check_write(role, new.kind, "create", wire)
            self._refuse_duplicates(session, [(n.id, n.kind, w) for n, w in prepared])
            known_children = self._known_children(session, prepared)
            record_rows: list[dict[str, Any]] = []
            outbox_rows: list[dict[str, Any]] = []
            audit_rows: list[dict[str, Any]] = []
            for new, wire in prepared:
                child_id = wire.get("child_id")
                if child_id is not None and child_id not in known_children:
                    raise MissingChildError(new.id, str(child_id))
                village = known_children.get(child_id, self.village_code) if child_id else None
                clear, sealed = self.codec.seal_fields(new.id, new.kind, wire)
                record_rows.append(
                    {
                        "id": new.id,
                        "kind": new.kind,
                        "village_code": village or wire.get("village_code") or self.village_code,
                        "child_id": child_id,
                        "rev": 0,
                        "deleted": False,
                        "sync_state": SyncStatus.PENDING,
                        "created_at": now,
                        "created_by": self.actor,
                        "updated_at": now,
                        "updated_by": self.actor,
                        "clear": clear,
                        "sealed": sealed,
                        "id_index": self.codec.id_index(new.kind, wire),
                    }
                )
                op_id = str(uuid.uuid4())
                outbox_rows.append(
                    {
                        "op_id": op_id,
                        "record_id": new.id,
                        "kind": new.kind,
                        "base_rev": 0,
                        "op": "upsert",
                        "fields": json.dumps(sorted(wire)),
                        "sealed_values": VALUES_IN_RECORD,
                        "state": SyncStatus.PENDING,
                        "created_at": now,
                    }
                )
                audit_rows.append(self._audit_row(now, "create", new.id, new.kind, wire))
                report.one_more()
            if record_rows:
                # render_nulls: rows with and without a child_id or id_index keep one
                # parameter shape, so each table is one executemany, not one per shape run.
                for table, rows in ((Record, record_rows), (OutboxEntry, outbox_rows)):
                    session.execute(insert(table).execution_options(render_nulls=True), rows)
                session.execute(insert(AuditEntry).execution_options(render_nulls=True), audit_rows)
        report.finished()
        return [new.id for new, _ in prepared]

    def update(self, record_id: str, changes: Mapping[str, Any]) -> RecordView:
        """Apply ``changes`` to a record; only the fields that really change are written."""
        now = _now()
        with Session(self._engine) as session, session.begin():
            row = self._row(session, record_id)
            current = self.codec.open_fields(row)
            wire = to_wire(validate(row.kind, {**current, **changes}))
            changed = {k: v for k, v in wire.items() if current.get(k) != v}
            if not changed:
                return self._view(row)
            check_write(self.device_role(session), row.kind, "update", changed)
            if row.kind == "mandatory_report" and current.get("filed"):
                locked = sorted(set(changed) - FILED_REPORT_EDITABLE)
                if locked:
                    raise LockedRecordError(record_id, ", ".join(locked))
            if "child_id" in changed:
                self._known_children(session, [(NewRecord(row.kind, wire, row.id), wire)])
            if "id_number" in changed:
                self._refuse_duplicates(session, [(row.id, row.kind, wire)])
            row.clear, row.sealed = self.codec.seal_fields(row.id, row.kind, wire)
            row.id_index = self.codec.id_index(row.kind, wire)
            row.child_id = wire.get("child_id")
            self._freeze_sending(session, row, current)
            row.updated_at, row.updated_by = now, self.actor
            row.sync_state = SyncStatus.PENDING
            self._queue(session, row, "upsert", changed, now)
            session.add(AuditEntry(**self._audit_row(now, "update", row.id, row.kind, changed)))
            session.flush()
            return self._view(row)

    def requeue_whole(self, record_id: str) -> None:
        """Send every field again on top of the record's revision (restoring a record
        the county deleted while it was edited here)."""
        now = _now()
        with Session(self._engine) as session, session.begin():
            row = self._row(session, record_id)
            check_write(self.device_role(session), row.kind, "update", ())
            fields = self.codec.open_fields(row)
            self._freeze_sending(session, row, fields)
            values = {k: v for k, v in fields.items() if v is not None}
            row.sync_state = SyncStatus.PENDING
            row.updated_at, row.updated_by = now, self.actor
            op_id = str(uuid.uuid4())
            session.add(
                OutboxEntry(
                    op_id=op_id,
                    record_id=row.id,
                    kind=row.kind,
                    base_rev=row.rev,
                    op="upsert",
                    fields=json.dumps(sorted(values)),
                    sealed_values=VALUES_IN_RECORD,
                    state=SyncStatus.PENDING,
                    created_at=now,
                )
            )
            session.add(AuditEntry(**self._audit_row(now, "restore", row.id, row.kind, values)))

    def delete(self, record_id: str) -> None:
        """Mark a record deleted (a tombstone that sync carries to the county)."""
        now = _now()
        with Session(self._engine) as session, session.begin():
            row = self._row(session, record_id)
            check_write(self.device_role(session), row.kind, "delete", ())
            if row.kind == "mandatory_report" and self.codec.open_fields(row).get("filed"):
                raise LockedRecordError(record_id, "filed")
            self._freeze_sending(session, row, None)
            row.deleted = True
            row.updated_at, row.updated_by = now, self.actor
            row.sync_state = SyncStatus.PENDING
            self._queue(session, row, "delete", {}, now)
            session.add(AuditEntry(**self._audit_row(now, "delete", row.id, row.kind, {})))

    def _freeze_sending(
        self, session: Session, row: Record, before: Mapping[str, Any] | None
    ) -> None:
        """Seal the values of the record's op out on its way, before the row changes.

        An op sent again after a lost answer must say what it said the first time; its
        values were the row's, which this change is about to move on. Only an edit during
        a send pays this second seal.
        """
        out = session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.record_id == row.id,
                OutboxEntry.state == SyncStatus.SENDING,
                OutboxEntry.sealed_values == VALUES_IN_RECORD,
            )
        ).all()
        for entry in out:
            fields = self.codec.open_fields(row) if before is None else before
            values = self.codec.op_values(entry, fields)
            entry.sealed_values = self.codec.seal_values(f"outbox\x1f{entry.op_id}", values)

    def _queue(
        self, session: Session, row: Record, op: str, changed: Mapping[str, Any], now: datetime
    ) -> None:
        # Fold an edit into the record's waiting entry; one already sending is left alone,
        # so an edit made during a send goes up in its own later op.
        waiting = session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.record_id == row.id,
                OutboxEntry.state == SyncStatus.PENDING,
                OutboxEntry.op == "upsert",
            )
        ).first()
        if waiting is not None and op == "upsert":
            # The row now holds every value the entry sends (an earlier release's sealed
            # copy too was the row's values): only the names grow, nothing is sealed.
            names = set(json.loads(waiting.fields)) | set(changed)
            waiting.fields = json.dumps(sorted(names))
            waiting.sealed_values = VALUES_IN_RECORD
            return
        op_id = str(uuid.uuid4())
        session.add(
            OutboxEntry(
                op_id=op_id,
                record_id=row.id,
                kind=row.kind,
                base_rev=row.rev,
                op=op,
                fields=json.dumps(sorted(changed)),
                sealed_values=VALUES_IN_RECORD,
                state=SyncStatus.PENDING,
                created_at=now,
            )
        )

    def _audit_row(
        self, now: datetime, action: str, record_id: str, kind: str, fields: Iterable[str]
    ) -> dict[str, Any]:
        return {
            "at": now,
            "actor": self.actor,
            "action": action,
            "record_id": record_id,
            "kind": kind,
            "fields": json.dumps(sorted(fields)),
        }

    def _refuse_duplicates(
        self, session: Session, items: Sequence[tuple[str, str, Mapping[str, Any]]]
    ) -> None:
        wanted: dict[str, str] = {}
        for record_id, kind, wire in items:
            index = self.codec.id_index(kind, wire) if kind == "child" else None
            if index is None:
                continue
            if index in wanted:
                raise DuplicateIdNumberError(wanted[index], record_id)
            wanted[index] = record_id
        for chunk in in_chunks(list(wanted)):
            for existing_id, index in session.execute(
                select(Record.id, Record.id_index).where(
                    Record.kind == "child", Record.deleted.is_(False), Record.id_index.in_(chunk)
                )
            ):
                if index is not None and existing_id != wanted[index]:
                    raise DuplicateIdNumberError(existing_id, wanted[index])

    def _known_children(
        self, session: Session, prepared: Sequence[tuple[NewRecord, Mapping[str, Any]]]
    ) -> dict[str, str]:
        """Village of every child referred to, from the store or from this batch."""
        batch = {n.id: self.village_code for n, _ in prepared if n.kind == "child"}
        wanted = {str(w["child_id"]) for _, w in prepared if w.get("child_id")} - set(batch)
        found = dict(batch)
        for ids in in_chunks(sorted(wanted)):
            rows = session.execute(
                select(Record.id, Record.village_code).where(
                    Record.id.in_(ids), Record.kind == "child", Record.deleted.is_(False)
                )
            )
            found.update({child: village for child, village in rows})
        for new, wire in prepared:
            child_id = wire.get("child_id")
            if child_id and child_id not in found:
                raise MissingChildError(new.id, str(child_id))
        return found


__all__ = [
    "RESEAL_MARKER",
    "VALUES_IN_RECORD",
    "AuditEntryView",
    "CaseStore",
    "CorruptRecordError",
    "DataVersion",
    "DuplicateIdNumberError",
    "IntegrityReport",
    "LockedRecordError",
    "MissingChildError",
    "NewRecord",
    "RecordNotFoundError",
    "RecordValidationError",
    "RecordView",
    "StoreError",
    "SyncTrouble",
    "WaitingChanges",
]
