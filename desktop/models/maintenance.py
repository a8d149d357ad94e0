"""The case store's upkeep: the integrity check and the upgrades an unlock finishes.

A schema migration runs before the unlock and has no key; what needs the key (resealing
records an earlier release sealed another way, filling the ID number index) is done here
right after the unlock, once per store, each in one transaction. One damaged record never
keeps the director out of the others: it is left as it is, for :meth:`check` and every
read to name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select, text, update
from sqlalchemy.orm import Session

from desktop.models.codec import INDEXED_KINDS, VALUES_IN_RECORD, RecordCodec
from desktop.models.damage import (
    CLEAR_CELL,
    SEALED_CELL,
    Damage,
    DamagedRecord,
    cell_value,
    sealed_cell,
)
from desktop.models.db import SCHEMA_HEAD, current_revision
from desktop.models.errors import CorruptRecordError
from desktop.models.raw_rows import damaged, fetch, has_undecodable_text
from desktop.models.tables import SEALED_AS_TEXT, Meta, Record, SyncStatus

logger = logging.getLogger(__name__)

# Set in ``meta`` by migration 0005 when a store holds records sealed before their clear
# fields were covered; the next unlock reseals them (``cover_clear_fields``) and drops it.
RESEAL_MARKER = "reseal_to_cover_clear_fields"
_CHECK_SQL = (
    "SELECT id, kind, child_id, rev, deleted, id_index, created_at, updated_at,"
    f" {CLEAR_CELL}, {SEALED_CELL}, village_code, sync_state, created_by, updated_by"
    " FROM records"
)
_OUTBOX_SQL = f"SELECT op_id, record_id, {sealed_cell('sealed_values')} FROM outbox"


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


class StoreMaintenance:
    """Upkeep of one unlocked store's file (its engine, its codec)."""

    def __init__(self, engine: Engine, codec: RecordCodec) -> None:
        self._engine = engine
        self._codec = codec

    def after_unlock(self) -> None:
        """What an upgrade left for the key to do, each step once per store."""
        covered = self.cover_clear_fields()
        if covered:
            logger.info("resealed %d records to cover their clear fields", covered)
        resealed = self.reseal_per_field_records()
        if resealed:
            logger.info("resealed %d records written by an earlier release", resealed)
        filled = self.backfill_id_index()
        if filled:
            logger.info("filled the ID number index of %d records", filled)

    def reseal_per_field_records(self) -> int:
        """Rewrite records sealed field by field (first releases) as one sealed message."""
        resealed = 0
        with Session(self._engine) as session, session.begin():
            rows = session.scalars(select(Record).where(text(SEALED_AS_TEXT)))
            for row in rows:
                fields = self._readable_fields(row, "reseal")
                if fields is not None:
                    row.clear, row.sealed = self._codec.seal_fields(row.id, row.kind, fields)
                    resealed += 1
        return resealed

    def _readable_fields(self, row: Record, step: str) -> dict[str, Any] | None:
        try:
            return self._codec.open_fields(row)
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
                index = None if fields is None else self._codec.id_index(row.kind, fields)
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
        are in the file. A record that does not open is left as it is.
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
                    blob = self._codec.reseal_covering_clear(record_id, kind, clear, sealed)
                except CorruptRecordError:
                    logger.error("record %s does not open; left out of the reseal", record_id)
                    continue
                resealed.append({"id": record_id, "sealed": blob})
            if resealed:
                session.execute(
                    text("UPDATE records SET sealed = :sealed WHERE id = :id"), resealed
                )
        return len(resealed)

    def check(self) -> IntegrityReport:
        """Every record and outbox entry decrypts, the schema is current, SQLite is sound.

        Reads every cell through the same guards as the store's reads, so a damaged row is
        named, never the end of the check.
        """
        problems: list[str] = []
        with self._engine.connect() as connection:
            verdict = [r[0] for r in connection.execute(text("PRAGMA integrity_check"))]
        sqlite_ok = verdict == ["ok"]
        if not sqlite_ok:
            problems.extend(f"sqlite: {line}" for line in verdict[:20])
        revision = current_revision(self._engine)
        found: list[DamagedRecord] = []
        rows, lossless = fetch(self._engine, _CHECK_SQL, ())
        for row in rows:
            record_id, kind, child_id, rev, deleted, id_index, created, updated, clear, cell = row[
                :10
            ]
            try:
                if lossless and has_undecodable_text(row):
                    raise CorruptRecordError(record_id, "row", Damage.UNREADABLE)
                datetime.fromisoformat(created), datetime.fromisoformat(updated)
                SyncStatus(row[11])  # a state that is none of them: the row is unreadable
                values = self._codec.open_cells(record_id, kind, child_id, clear, cell_value(cell))
            except CorruptRecordError as error:
                found.append(damaged(record_id, kind, rev, error.damage))
                continue
            except (ValueError, TypeError):
                found.append(damaged(record_id, kind, rev, Damage.UNREADABLE))
                continue
            if self._codec.id_index(kind, values) != id_index and not deleted:
                problems.append(f"{record_id}: id number index out of date")
        problems.extend(record.problem for record in found)
        outbox, _ = fetch(self._engine, _OUTBOX_SQL, ())
        for op_id, record_id, cell in outbox:
            if cell == VALUES_IN_RECORD:
                continue  # its values are its record's, checked above
            try:
                self._codec.open_values(f"outbox\x1f{op_id}", cell_value(cell), record_id=record_id)
            except CorruptRecordError:
                problems.append(f"{record_id}: outbox.{op_id} failed authentication")
        return IntegrityReport(
            schema_revision=revision,
            schema_current=revision == SCHEMA_HEAD,
            sqlite_ok=sqlite_ok,
            records_checked=len(rows),
            outbox_checked=len(outbox),
            problems=tuple(problems),
            damaged=tuple(found),
        )


__all__ = ["RESEAL_MARKER", "IntegrityReport", "StoreMaintenance"]
