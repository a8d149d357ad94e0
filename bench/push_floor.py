"""The floor under a push of edits (issue 20): what a batch must do at the very least,
each part timed alone, so the push's figure can be read against what it is made of.

- **The database's part.** A fresh database of the same back end, made by the server's
  own migrations and engine (the same pragmas, the same fsync'd commits), holding a copy
  of the server's records as they are stored. Each batch runs only the writes a push batch
  of one-field edits makes, through the server's own write path (``RecordStore``,
  ``SeqAllocator``, ``record_audit``): lock the sequence, look up the stored answers and
  read the records, save each record's new version (its row and history entry) and its
  kept answer, write them out, advance the sequence, the audit entry, commit. Nothing is
  decided, opened, validated or sealed: the new ciphertexts are made beforehand.
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

from sqlalchemy import Table, insert, select, update

from casework.protocol import Kind
from county_server.db import Database
from county_server.models import Device, Record, SeqCounter, Township, User, Village
from county_server.services.audit import record_audit
from county_server.services.sealing import Sealer
from county_server.services.store import APPLIED, RecordStore, SeqAllocator

# The tables copied from the server into the floor's database, parents first.
_COPIED = (Township, Village, User, Device, Record)
_KEPT_ANSWER_BYTES = 120  # a sealed applied answer: nonce, ~90 bytes of JSON, tag


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


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
        with self.database.session() as session:
            stored = {
                record_id: (clear, sealed)
                for record_id, clear, sealed in session.execute(
                    select(Record.id, Record.clear, Record.sealed).where(Record.id.in_(ids))
                )
            }
        made = [_Made.anew(*stored[record_id]) for record_id in ids]
        started = time.perf_counter()
        for start in range(0, count, batch):
            self._batch(ids[start : start + batch], made[start : start + batch])
        return time.perf_counter() - started

    def _batch(self, ids: Sequence[str], made: Sequence[_Made]) -> None:
        """One batch, written as ``services/push.py`` writes an accepted edit."""
        now = datetime.now(UTC)
        by_id = dict(zip(ids, made, strict=True))
        with self.database.session() as session:
            sealer = _PreSealed({rid: (item.clear, item.sealed) for rid, item in by_id.items()})
            store = RecordStore(session, cast(Sealer, sealer))
            seq = SeqAllocator(session)
            store.op_results([item.op_id for item in made])
            store.read_ahead(ids)
            for record_id, item in by_id.items():
                row = store.row(record_id)
                assert row is not None  # copied from the server
                village = store.village(row.village_code)
                assert village is not None
                store.save(
                    row=row, record_id=record_id, kind=cast(Kind, row.kind), village=village,
                    fields={}, deleted=row.deleted, rev=row.rev + 1, seq=seq.next(),
                    by="floor", at=now, device_id=self.device_id, op_id=item.op_id,
                    outcome=APPLIED,
                )  # fmt: skip
                store.save_answer(
                    op_id=item.op_id, device_id=self.device_id, record_id=record_id,
                    result=item.kept_answer, at=now,
                )  # fmt: skip
            store.flush()
            seq.flush()
            record_audit(
                session, at=now, actor="floor", device_id=self.device_id, action="push",
                record_ids=list(by_id), detail={"ops": len(ids)},
            )  # fmt: skip
            session.commit()


class _PreSealed:
    """Stands in for the sealer in :class:`RecordStore.save`: hands back the (clear,
    sealed) pair made before the clock started (sealing is timed on its own)."""

    def __init__(self, made: dict[str, tuple[str, str]]) -> None:
        self._made = made

    def seal_fields(self, record_id: str, kind: str, fields: dict[str, Any]) -> tuple[str, str]:
        return self._made[record_id]


@dataclass(frozen=True, slots=True)
class _Made:
    """What the per-op work would have made for one edit."""

    op_id: str
    clear: str
    sealed: str
    kept_answer: str

    @classmethod
    def anew(cls, clear: str, sealed: str) -> _Made:
        """A new op id, another ciphertext of the same length (as re-sealing an edit of
        one field gives) beside the stored clear part, and a kept answer's ciphertext."""
        resealed = os.urandom(len(base64.b64decode(sealed)))
        kept = os.urandom(_KEPT_ANSWER_BYTES)
        return cls(str(uuid.uuid4()), clear, _text(resealed), _text(kept))


def _text(ciphertext: bytes) -> str:
    return base64.b64encode(ciphertext).decode("ascii")


def cpu_floor(server_url: str, key_file: Path, sample: int = 500, repeats: int = 5) -> CpuFloor:
    """The per-op work every accepted edit needs, on the server's children: ``repeats``
    sets of ``sample`` children, each set new to this process (as a push's children are
    to the server: no cached ID-number checks), after one set to warm up."""
    from casework.records import to_wire, validate
    from county_server.services.sealing import load_key

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
