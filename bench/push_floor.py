"""The floor under a push of edits (issue 20): what a batch must do at the very least,
each part timed alone, so the push's figure can be read against what it is made of.

- **The database's part.** A fresh database of the same back end, made by the server's
  own migrations and engine (the same pragmas, the same fsync'd commits), holding a copy
  of the server's records as they are stored. Each batch runs only the statements a push
  batch of one-field edits runs, through SQLAlchemy Core as the server does: lock the
  sequence, look up the stored answers and read the records, UPDATE the records, INSERT
  their history entries and their kept answers, advance the sequence, write the audit
  entry, commit. Nothing is decided, opened, validated or sealed.
- **The per-op work the design of record requires** (DESIGN §6 and §7): open the stored
  record (AES-GCM), validate the merged record whole, seal it again, seal the answer kept
  for a replay. Timed on the same records, in this process, with the server's key.

Their sum is a ceiling no push can pass however lean the rest becomes: HTTP, parsing the
ops and merging them, building and writing the answers all come on top.
"""

from __future__ import annotations

import base64
import os
import statistics
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update

from county_server.db import Database
from county_server.models import (
    AuditEntry,
    Device,
    OpResultRow,
    Record,
    RecordVersion,
    SeqCounter,
    Township,
    User,
    Village,
)

# The tables copied from the server into the floor's database, parents first.
_COPIED = (Township, Village, User, Device, Record)
_KEPT_ANSWER_BYTES = 120  # a sealed applied answer: nonce, ~90 bytes of JSON, tag


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


_RECORDS = _table(Record)
_ANSWERS = _table(OpResultRow)


@dataclass(frozen=True)
class CpuFloor:
    """Microseconds a op, medians over the sample: the per-op work no push can skip."""

    open_us: float
    validate_us: float
    seal_us: float
    seal_answer_us: float

    @property
    def total_us(self) -> float:
        return self.open_us + self.validate_us + self.seal_us + self.seal_answer_us


class PushFloor:
    """The database's part of a push batch, run alone in a copy of the server's records."""

    def __init__(self, database: Database, children: list[str], device_id: str) -> None:
        self.database = database
        self.children = children
        self.device_id = device_id
        self._next = 0

    @classmethod
    @contextmanager
    def copied_from(cls, server_url: str, floor_url: str) -> Iterator[PushFloor]:
        """A floor whose database at ``floor_url`` (fresh, emptied by the caller's context)
        holds the server's places, users, devices and records."""
        source = Database(server_url)
        database = Database(floor_url)
        try:
            database.upgrade()
            with source.engine.connect() as reading, database.engine.begin() as writing:
                for model in _COPIED:
                    rows = [dict(row._mapping) for row in reading.execute(select(_table(model)))]
                    if rows:
                        writing.execute(insert(_table(model)), rows)
                top = reading.execute(select(SeqCounter.value)).scalar_one()
                writing.execute(update(_table(SeqCounter)).values(value=top))
                device_id = reading.execute(select(Device.id).limit(1)).scalar_one()
                children = list(
                    reading.scalars(
                        select(Record.id).where(Record.kind == "child").order_by(Record.id)
                    )
                )
            yield cls(database, children, device_id)
        finally:
            source.dispose()
            database.dispose()

    def run(self, count: int, batch: int) -> float:
        """Seconds for ``count`` one-record edits in transactions of ``batch``, of the
        children in turn (each run goes on from where the last one stopped). The new
        ciphertexts and op ids are made before the clock starts: making them is the
        per-op work, timed on its own (:func:`cpu_floor`)."""
        ids = [self.children[(self._next + i) % len(self.children)] for i in range(count)]
        self._next += count
        with self.database.engine.connect() as connection:
            stored = {
                record_id: sealed
                for record_id, sealed in connection.execute(
                    select(_RECORDS.c.id, _RECORDS.c.sealed).where(_RECORDS.c.id.in_(ids))
                )
            }
        made = [_Made(str(uuid.uuid4()), _resealed(stored[rid]), _kept_answer()) for rid in ids]
        started = time.perf_counter()
        for start in range(0, count, batch):
            self._batch(ids[start : start + batch], made[start : start + batch])
        return time.perf_counter() - started

    def _batch(self, ids: Sequence[str], made: Sequence[_Made]) -> None:
        now = datetime.now(UTC)
        by_id = dict(zip(ids, made, strict=True))
        with self.database.engine.begin() as connection:
            seq = connection.execute(
                select(SeqCounter.value).where(SeqCounter.id == 1).with_for_update()
            ).scalar_one()
            op_ids = [item.op_id for item in made]
            connection.execute(select(OpResultRow.op_id).where(OpResultRow.op_id.in_(op_ids)))
            rows = connection.execute(select(_RECORDS).where(_RECORDS.c.id.in_(ids))).all()
            changed: list[dict[str, Any]] = []
            versions: list[dict[str, Any]] = []
            answers: list[dict[str, Any]] = []
            for row in rows:
                seq += 1
                item = by_id[row.id]
                values = {**row._mapping, "rev": row.rev + 1, "seq": seq}
                values.update(sealed=item.sealed, updated_at=now)
                values.update(updated_by="floor", device_id=self.device_id)
                versions.append(_version(values, item.op_id, self.device_id))
                answers.append(_answer(item, row.id, self.device_id, now))
                values["row_id"] = values.pop("id")
                del values["kind"]
                changed.append(values)
            connection.execute(
                update(_RECORDS).where(_RECORDS.c.id == bindparam("row_id")), changed
            )
            connection.execute(insert(_table(RecordVersion)), versions)
            connection.execute(insert(_ANSWERS), answers)
            connection.execute(
                update(_table(SeqCounter)).where(SeqCounter.id == 1).values(value=seq)
            )
            audit = {"at": now, "device_id": self.device_id, "actor": "floor"}
            audit.update(action="push", record_ids="[]", detail="{}")
            connection.execute(insert(_table(AuditEntry)).values(**audit))


@dataclass(frozen=True, slots=True)
class _Made:
    """What the per-op work would have made for one edit."""

    op_id: str
    sealed: str
    kept_answer: str


def _resealed(sealed: str) -> str:
    """Another ciphertext of the same length, as a re-sealed edit of one field gives."""
    return base64.b64encode(os.urandom(len(base64.b64decode(sealed)))).decode("ascii")


def _version(values: dict[str, Any], op_id: str, device_id: str) -> dict[str, Any]:
    return {
        "record_id": values["id"],
        "kind": values["kind"],
        "village_code": values["village_code"],
        "rev": values["rev"],
        "seq": values["seq"],
        "deleted": values["deleted"],
        "clear": values["clear"],
        "sealed": values["sealed"],
        "by": values["updated_by"],
        "at": values["updated_at"],
        "device_id": device_id,
        "op_id": op_id,
        "outcome": "applied",
    }


def _kept_answer() -> str:
    return base64.b64encode(os.urandom(_KEPT_ANSWER_BYTES)).decode("ascii")


def _answer(made: _Made, record_id: str, device_id: str, at: datetime) -> dict[str, Any]:
    return {
        "op_id": made.op_id,
        "device_id": device_id,
        "record_id": record_id,
        "result": made.kept_answer,
        "at": at,
    }


def cpu_floor(server_url: str, key_file: Path, sample: int = 500, repeats: int = 5) -> CpuFloor:
    """The per-op work every accepted edit needs, on the server's children: ``repeats``
    sets of ``sample`` children, each set new to this process (as a push's children are
    to the server: no cached ID-number checks), after one set to warm up."""
    from casework.records import to_wire, validate
    from county_server.services.sealing import Sealer, load_key

    sealer = Sealer(load_key(key_file))
    source = Database(server_url)
    try:
        with source.engine.connect() as connection:
            rows = connection.execute(
                select(Record.id, Record.kind, Record.clear, Record.sealed)
                .where(Record.kind == "child")
                .limit(sample * (repeats + 1))
            ).all()
    finally:
        source.dispose()
    sets = [rows[start : start + sample] for start in range(0, len(rows), sample)]
    if len(sets) < 2:  # too few children for a set new to the process: the same one again
        sets = [rows, rows]
    answer = b'{"record_rev":2,"answer":{"op_id":"%s","status":"applied","conflicts":[]}}'
    runs: dict[str, list[float]] = {"open": [], "validate": [], "seal": [], "answer": []}
    for number, chosen in enumerate(sets):
        started = time.perf_counter()
        opened = [sealer.open_fields(*row) for row in chosen]
        opening = time.perf_counter()
        for fields in opened:
            to_wire(validate("child", fields))
        validating = time.perf_counter()
        for row, fields in zip(chosen, opened, strict=True):
            sealer.seal_fields(row.id, "child", fields)
        sealing = time.perf_counter()
        for row in chosen:
            sealer.seal_blob(row.id, "op_result", answer % row.id.encode())
        answering = time.perf_counter()
        if number == 0:
            continue  # the warm-up: the schema is built on its first use
        for name, seconds in (
            ("open", opening - started),
            ("validate", validating - opening),
            ("seal", sealing - validating),
            ("answer", answering - sealing),
        ):
            runs[name].append(1e6 * seconds / len(chosen))
    median = {name: statistics.median(values) for name, values in runs.items()}
    return CpuFloor(median["open"], median["validate"], median["seal"], median["answer"])
