"""The write path and read path of the encrypted case store.

Every change goes through :class:`CaseStore`: it validates the whole record with the
``casework`` rules, seals its personal fields together, and writes the record, its outbox
entry (for sync) and an audit entry in one SQLite transaction, so either all three are on
disk or none is.
"""

from __future__ import annotations

import base64
import binascii
import gc
import json
import logging
import operator
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol

import orjson
from sqlalchemy import Engine, func, insert, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from casework.records import (
    CLEAR_FIELDS,
    FILED_REPORT_EDITABLE,
    SEALED_FIELDS,
    RecordValidationError,
    to_wire,
    validate,
)
from casework.sealing import NONCE_BYTES
from desktop.models.crypto import (
    FieldCodec,
    TamperedError,
    associated_data,
    record_associated_data,
)
from desktop.models.damage import (
    CLEAR_CELL,
    SEALED_CELL,
    Damage,
    DamagedRecord,
    cell_value,
    sealed_cell,
)
from desktop.models.db import SCHEMA_HEAD, current_revision, in_chunks
from desktop.models.tables import (
    SEALED_AS_TEXT,
    AuditEntry,
    Meta,
    OutboxEntry,
    Record,
    SyncStatus,
)

logger = logging.getLogger(__name__)

INDEXED_KINDS = frozenset({"child", "family_member"})
PROGRESS_EVERY = 250  # records between two reports of create_many's progress
# The "field" named in the associated data of a record's sealed personal fields.
PERSONAL_FIELDS = "personal"
# Set in ``meta`` by migration 0005 when a store holds records sealed before their clear
# fields were covered; the next unlock reseals them (``cover_clear_fields``) and drops it.
RESEAL_MARKER = "reseal_to_cover_clear_fields"
# A ciphertext's version byte, nonce and tag: anything shorter was cut short.
_SHORTEST_SEALED = 1 + NONCE_BYTES + 16
# An outbox entry's ``sealed_values`` when its values are its record's (one seal per save):
# the op sends the named fields as the row holds them. Entries of earlier releases carry
# their own sealed copy, still read.
VALUES_IN_RECORD = b""


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


class StoredRow(Protocol):
    """What decryption needs of a row: an ORM object or a plain result row."""

    id: str
    kind: str
    child_id: str | None
    clear: str
    sealed: bytes | str


class StoreError(Exception):
    """Base of the store's refusals; each carries the record it concerns."""

    def __init__(self, record_id: str, detail: str = "") -> None:
        super().__init__(f"{record_id}: {detail}" if detail else record_id)
        self.record_id = record_id


class RecordNotFoundError(StoreError):
    pass


class DuplicateIdNumberError(StoreError):
    """Another child already holds this ID number; ``record_id`` is that child."""


class LockedRecordError(StoreError):
    """A filed mandatory report: only its follow-up may change."""


class MissingChildError(StoreError):
    """The record points at a child that is not in the store."""


class CorruptRecordError(StoreError):
    """A record cannot be trusted: its sealed value failed authentication (tampered,
    truncated, swapped, or its clear fields edited), or its row is not what was written."""

    def __init__(
        self, record_id: str, where: str, damage: Damage = Damage.FAILED_AUTHENTICATION
    ) -> None:
        super().__init__(record_id, where)
        self.where = where
        self.damage = damage


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
    sync_state: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    fields: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class NewRecord:
    kind: str
    fields: Mapping[str, Any]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass(frozen=True)
class IntegrityReport:
    schema_revision: str | None
    schema_current: bool
    sqlite_ok: bool
    records_checked: int
    outbox_checked: int
    problems: tuple[str, ...]
    damaged: tuple[DamagedRecord, ...] = ()  # each damaged record, for the user

    @property
    def ok(self) -> bool:
        return self.schema_current and self.sqlite_ok and not self.problems


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class CaseStore:
    """An unlocked store: the engine plus the codec holding the data key."""

    def __init__(self, engine: Engine, codec: FieldCodec, *, actor: str, village_code: str) -> None:
        self._engine = engine
        self._codec = codec
        self.actor = actor
        self.village_code = village_code
        # Damaged records the latest read of each (kind, child) found: read_damaged() tells.
        self._damaged_lock = threading.Lock()
        self._damaged_seen: dict[tuple[str | None, str | None], tuple[DamagedRecord, ...]] = {}
        # Records sealed by this store object (the tests and benches count them).
        self.sealed_count = 0

    # -- sealing ---------------------------------------------------------------------

    def seal_fields(self, record_id: str, kind: str, wire: Mapping[str, Any]) -> tuple[str, bytes]:
        """The record's clear JSON column and its sealed column for these field values.

        The personal fields of a record are sealed together as one AES-GCM message whose
        associated data names the record, its kind and its clear fields: no part can be
        moved to another record or kind, no clear field edited in the file unnoticed, and
        a store of 30,000 records opens with one decryption each.
        """
        clear = {k: v for k, v in wire.items() if k in CLEAR_FIELDS[kind]}
        personal = {name: wire[name] for name in SEALED_FIELDS[kind] if wire.get(name) is not None}
        plaintext = orjson.dumps(personal, option=orjson.OPT_SORT_KEYS)
        clear_json = orjson.dumps(clear, option=orjson.OPT_SORT_KEYS)
        blob = self._codec.seal(plaintext, record_associated_data(record_id, kind, clear_json))
        self.sealed_count += 1
        return clear_json.decode(), blob

    def open_fields(self, row: StoredRow) -> dict[str, Any]:
        """Every field of a row, decrypted; :class:`CorruptRecordError` if it is damaged."""
        return self._open(row.id, row.kind, row.child_id, row.clear, row.sealed)

    def _open(
        self,
        record_id: str,
        kind: str,
        child_id: str | None,
        clear: bytes | str,
        sealed: bytes | str | None,
    ) -> dict[str, Any]:
        if isinstance(clear, str):  # from the ORM: the file's bytes, losslessly decoded
            clear = clear.encode("utf-8", "surrogateescape")
        if isinstance(sealed, str) and sealed.startswith("{"):
            personal = self._open_per_field(record_id, kind, sealed)
        else:
            blob = _ciphertext(record_id, kind, sealed)
            try:
                opened = self._codec.open(blob, record_associated_data(record_id, kind, clear))
            except TamperedError as error:
                damage = (
                    Damage.TRUNCATED
                    if len(blob) < _SHORTEST_SEALED
                    else Damage.FAILED_AUTHENTICATION
                )
                raise CorruptRecordError(record_id, kind, damage) from error
            try:
                # orjson: parsing is a good part of the cost of opening a large store.
                personal = orjson.loads(opened)
            except ValueError as error:
                raise CorruptRecordError(record_id, kind, Damage.UNREADABLE) from error
        try:
            # Every field of the kind is present; empty personal fields are not stored.
            fields: dict[str, Any] = {
                **_NO_PERSONAL_FIELDS[kind],
                **orjson.loads(clear),
                **personal,
            }
        except (ValueError, TypeError, KeyError) as error:
            raise CorruptRecordError(record_id, kind, Damage.UNREADABLE) from error
        if fields.get("child_id") != child_id:
            # The column lists and files select by, against the authenticated value.
            raise CorruptRecordError(record_id, kind, Damage.LINK_CHANGED)
        return fields

    def _open_per_field(self, record_id: str, kind: str, sealed: str) -> dict[str, Any]:
        """Stores written by the first releases sealed each field on its own."""
        values: dict[str, Any] = {}
        try:
            blobs = json.loads(sealed).items()
        except (ValueError, AttributeError) as error:
            raise CorruptRecordError(record_id, kind) from error
        for name, blob in blobs:
            try:
                plaintext = self._codec.open(
                    base64.b64decode(blob, validate=True),
                    associated_data(record_id, kind, name),
                )
                values[name] = json.loads(plaintext)
            except (TamperedError, ValueError) as error:
                raise CorruptRecordError(record_id, f"{kind}.{name}") from error
        return values

    def seal_values(self, label: str, values: Any) -> bytes:
        """Seal any JSON value under ``label`` (an outbox op, a conflict, a credential)."""
        plaintext = json.dumps(values, ensure_ascii=False, sort_keys=True).encode()
        return self._codec.seal(plaintext, f"childdesk/v1\x1f{label}".encode())

    def open_values(self, label: str, sealed: bytes | str | None, *, record_id: str) -> Any:
        if not isinstance(sealed, bytes):
            raise CorruptRecordError(record_id, label, Damage.NOT_BYTES)
        try:
            plaintext = self._codec.open(sealed, f"childdesk/v1\x1f{label}".encode())
        except TamperedError as error:
            raise CorruptRecordError(record_id, label) from error
        return json.loads(plaintext)

    def op_values(self, entry: OutboxEntry, current: Mapping[str, Any]) -> dict[str, Any]:
        """What an outbox op sends: the fields it names as the record holds them now
        (``current``, the record's opened fields), or an earlier release's sealed copy.

        The row's values are the op's: an edit while the entry waits changes the row and
        adds its fields to the entry, so nothing needs sealing twice for one save.
        """
        if entry.sealed_values:
            values: dict[str, Any] = self.open_values(
                f"outbox\x1f{entry.op_id}", entry.sealed_values, record_id=entry.record_id
            )
            return values
        return {name: current.get(name) for name in json.loads(entry.fields)}

    @property
    def engine(self) -> Engine:
        return self._engine

    def id_index_of(self, kind: str, wire: Mapping[str, Any]) -> str | None:
        return self._id_index(kind, wire)

    def _view(self, row: Any) -> RecordView:
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
            fields=MappingProxyType(self.open_fields(row)),
        )

    def _id_index(self, kind: str, wire: Mapping[str, Any]) -> str | None:
        id_number = wire.get("id_number")
        if kind not in INDEXED_KINDS or not id_number:
            return None
        return self._codec.blind_index(str(id_number))

    # -- writes ----------------------------------------------------------------------

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
                clear, sealed = self.seal_fields(new.id, new.kind, wire)
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
                        "id_index": self._id_index(new.kind, wire),
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
            current = self.open_fields(row)
            wire = to_wire(validate(row.kind, {**current, **changes}))
            changed = {k: v for k, v in wire.items() if current.get(k) != v}
            if not changed:
                return self._view(row)
            if row.kind == "mandatory_report" and current.get("filed"):
                locked = sorted(set(changed) - FILED_REPORT_EDITABLE)
                if locked:
                    raise LockedRecordError(record_id, ", ".join(locked))
            if "child_id" in changed:
                self._known_children(session, [(NewRecord(row.kind, wire, row.id), wire)])
            if "id_number" in changed:
                self._refuse_duplicates(session, [(row.id, row.kind, wire)])
            row.clear, row.sealed = self.seal_fields(row.id, row.kind, wire)
            row.id_index = self._id_index(row.kind, wire)
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
            fields = self.open_fields(row)
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
            if row.kind == "mandatory_report" and self.open_fields(row).get("filed"):
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
            fields = self.open_fields(row) if before is None else before
            values = self.op_values(entry, fields)
            entry.sealed_values = self.seal_values(f"outbox\x1f{entry.op_id}", values)

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
            index = self._id_index(kind, wire) if kind == "child" else None
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

    # -- reads -----------------------------------------------------------------------

    def _row(self, session: Session, record_id: str) -> Record:
        try:
            row = session.get(Record, record_id)
        except (ValueError, OperationalError) as error:
            if isinstance(error, OperationalError) and not _undecodable(error):
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
        opened = self._open
        parse = datetime.fromisoformat
        new = tuple.__new__
        views: list[RecordView] = []
        damaged: list[DamagedRecord] = []
        # Tens of thousands of new objects (the rows fetched, then the views) would set
        # off the cyclic collector over and over while none of them can be garbage yet.
        with _collector_paused():
            rows, lossless = self._fetch(sql, params)
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
                    if lossless and _has_undecodable_text(row):
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
                            state,
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
                except (ValueError, TypeError):  # a time that is no time, a number no number
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

    def _fetch(self, sql: str, params: Sequence[Any]) -> tuple[list[Any], bool]:
        """The rows, through the DB-API cursor itself (plain tuples, no per-row work in
        SQLAlchemy); and whether they had to be read losslessly (text that is not UTF-8,
        kept as surrogates, which :func:`_has_undecodable_text` finds)."""
        with self._engine.connect() as connection:
            dbapi = connection.connection.dbapi_connection
            assert isinstance(dbapi, sqlite3.Connection)
            cursor = dbapi.cursor()
            try:
                return cursor.execute(sql, params).fetchall(), False
            except sqlite3.OperationalError as error:
                if not _undecodable(error):
                    raise
            finally:
                cursor.close()
            # Only after a failure: a text factory in Python on every read would cost
            # a tenth of opening a large store.
            dbapi.text_factory = _lossless_text
            try:
                cursor = dbapi.cursor()
                try:
                    return cursor.execute(sql, params).fetchall(), True
                finally:
                    cursor.close()
            finally:
                dbapi.text_factory = str

    def find_by_id_number(self, id_number: str, *, kind: str | None = None) -> list[str]:
        """Ids of living records holding this ID number, found by the blind index."""
        query = select(Record.id).where(
            Record.id_index == self._codec.blind_index(id_number), Record.deleted.is_(False)
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

    # -- maintenance -----------------------------------------------------------------

    def reseal_per_field_records(self) -> int:
        """Rewrite records sealed field by field (first releases) as one sealed message.

        A damaged record is left as it is (``check`` and any read of it name it): one bad
        record must not keep the director out of all the others at unlock.
        """
        resealed = 0
        with Session(self._engine) as session, session.begin():
            rows = session.scalars(select(Record).where(text(SEALED_AS_TEXT)))
            for row in rows:
                fields = self._readable_fields(row, "reseal")
                if fields is not None:
                    row.clear, row.sealed = self.seal_fields(row.id, row.kind, fields)
                    resealed += 1
        return resealed

    def _readable_fields(self, row: Record, step: str) -> dict[str, Any] | None:
        try:
            return self.open_fields(row)
        except CorruptRecordError:
            logger.error("record %s is damaged; left out of the %s at unlock", row.id, step)
            return None

    def backfill_id_index(self) -> int:
        """Fill the blind index of records written before it existed (schema 0001).

        Runs once per store: records without an ID number keep an empty index, so a
        flag in ``meta`` rather than the empty column says the work is done.
        """
        filled = 0
        with Session(self._engine) as session, session.begin():
            if session.get(Meta, "id_index_backfilled") is not None:
                return 0
            session.add(Meta(key="id_index_backfilled", value="1"))
            rows = session.scalars(
                select(Record).where(Record.kind.in_(INDEXED_KINDS), Record.id_index.is_(None))
            )
            for row in rows:
                fields = self._readable_fields(row, "ID number index")
                index = None if fields is None else self._id_index(row.kind, fields)
                if index is not None:
                    session.execute(
                        update(Record).where(Record.id == row.id).values(id_index=index)
                    )
                    filled += 1
        return filled

    def cover_clear_fields(self) -> int:
        """Reseal the records an earlier release sealed under associated data that did not
        cover their clear fields (migration 0005 marks such a store); one transaction.

        The plaintext is sealed again as it is, under the record's clear fields as they
        are in the file. A record that does not open is left as it is, for ``check`` and
        every read to name: one bad record must not keep the director out of the others.
        """
        resealed: list[dict[str, Any]] = []
        with Session(self._engine) as session, session.begin():
            marker = session.get(Meta, RESEAL_MARKER)
            if marker is None:
                return 0
            session.delete(marker)
            rows = session.execute(
                text(f"SELECT id, kind, {CLEAR_CELL}, {SEALED_CELL} FROM records")
            ).all()
            for record_id, kind, clear, cell in rows:
                sealed = cell_value(cell)
                if isinstance(sealed, str) and sealed.startswith("{"):
                    continue  # field by field (first releases): resealed whole next
                try:
                    blob = _ciphertext(record_id, kind, sealed)
                    plaintext = self._codec.open(
                        blob, associated_data(record_id, kind, PERSONAL_FIELDS)
                    )
                except (CorruptRecordError, TamperedError):
                    logger.error("record %s does not open; left out of the reseal", record_id)
                    continue
                aad = record_associated_data(record_id, kind, clear)
                resealed.append({"id": record_id, "sealed": self._codec.seal(plaintext, aad)})
            if resealed:
                session.execute(
                    text("UPDATE records SET sealed = :sealed WHERE id = :id"), resealed
                )
        return len(resealed)

    def check(self) -> IntegrityReport:
        """Every record and outbox entry decrypts, the schema is current, SQLite is sound.

        Reads every cell through the same guards as :meth:`records`, so a damaged row is
        named, never the end of the check.
        """
        problems: list[str] = []
        with self._engine.connect() as connection:
            verdict = [r[0] for r in connection.execute(text("PRAGMA integrity_check"))]
        sqlite_ok = verdict == ["ok"]
        if not sqlite_ok:
            problems.extend(f"sqlite: {line}" for line in verdict[:20])
        revision = current_revision(self._engine)
        damaged: list[DamagedRecord] = []
        rows, lossless = self._fetch(_CHECK_SQL, ())
        for row in rows:
            record_id, kind, child_id, rev, deleted, id_index, created, updated, clear, cell = row[
                :10
            ]
            try:
                if lossless and _has_undecodable_text(row):
                    raise CorruptRecordError(record_id, "row", Damage.UNREADABLE)
                datetime.fromisoformat(created), datetime.fromisoformat(updated)
                values = self._open(record_id, kind, child_id, clear, cell_value(cell))
            except CorruptRecordError as error:
                damaged.append(_damaged(record_id, kind, rev, error.damage))
                continue
            except (ValueError, TypeError):
                damaged.append(_damaged(record_id, kind, rev, Damage.UNREADABLE))
                continue
            if self._id_index(kind, values) != id_index and not deleted:
                problems.append(f"{record_id}: id number index out of date")
        problems.extend(record.problem for record in damaged)
        outbox, _ = self._fetch(_OUTBOX_SQL, ())
        for op_id, record_id, cell in outbox:
            if cell == VALUES_IN_RECORD:
                continue  # its values are its record's, checked above
            try:
                self.open_values(f"outbox\x1f{op_id}", cell_value(cell), record_id=record_id)
            except CorruptRecordError:
                problems.append(f"{record_id}: outbox.{op_id} failed authentication")
        return IntegrityReport(
            schema_revision=revision,
            schema_current=revision == SCHEMA_HEAD,
            sqlite_ok=sqlite_ok,
            records_checked=len(rows),
            outbox_checked=len(outbox),
            problems=tuple(problems),
            damaged=tuple(damaged),
        )


@dataclass(frozen=True)
class AuditEntryView:
    at: datetime
    actor: str
    action: str
    fields: tuple[str, ...]


# Per kind, every personal field empty: copied as the start of each opened record.
_NO_PERSONAL_FIELDS: dict[str, dict[str, Any]] = {
    kind: dict.fromkeys(sorted(names)) for kind, names in SEALED_FIELDS.items()
}
# What records() reads of a living row (``deleted`` is false in all of them): the clear
# and sealed cells through guards that read any cell, whatever is in it.
_VIEW_COLUMNS = (
    "id, kind, village_code, child_id, rev, sync_state,"
    f" created_at, created_by, updated_at, updated_by, {CLEAR_CELL}, {SEALED_CELL}"
)
_CREATED_AT = operator.itemgetter(6)
_CHECK_SQL = (
    "SELECT id, kind, child_id, rev, deleted, id_index, created_at, updated_at,"
    f" {CLEAR_CELL}, {SEALED_CELL}, village_code, sync_state, created_by, updated_by"
    " FROM records"
)
_OUTBOX_SQL = f"SELECT op_id, record_id, {sealed_cell('sealed_values')} FROM outbox"


def _ciphertext(record_id: str, kind: str, sealed: bytes | str | None) -> bytes:
    """The ciphertext in a sealed cell: its bytes, or the base64 text that stood for them
    up to schema 0003 (authenticated all the same). Other text was never written here."""
    if isinstance(sealed, bytes):
        return sealed
    if isinstance(sealed, str):
        try:
            return binascii.a2b_base64(sealed, strict_mode=True)
        except ValueError:  # binascii.Error, and text that is not ASCII
            pass
    raise CorruptRecordError(record_id, kind, Damage.NOT_BYTES)


def _damaged(record_id: str, kind: str, rev: object, damage: Damage) -> DamagedRecord:
    on_county = isinstance(rev, int) and rev > 0
    return DamagedRecord(str(record_id), str(kind), damage, on_county)


def _undecodable(error: Exception) -> bool:
    return "decode" in str(error).lower()


def _lossless_text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _has_undecodable_text(row: Sequence[object]) -> bool:
    for value in row:
        if isinstance(value, str):
            try:
                value.encode()
            except UnicodeEncodeError:
                return True
    return False


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


__all__ = [
    "VALUES_IN_RECORD",
    "AuditEntryView",
    "CaseStore",
    "CorruptRecordError",
    "DuplicateIdNumberError",
    "IntegrityReport",
    "LockedRecordError",
    "MissingChildError",
    "NewRecord",
    "RecordNotFoundError",
    "RecordValidationError",
    "RecordView",
    "StoreError",
]
