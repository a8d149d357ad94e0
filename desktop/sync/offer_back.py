"""After the county server was restored from a backup: offer back every record held here.

The server refuses a push or pull from another history (``history_changed``, see
``county_server/services/epochs.py``) and says up to which seq this laptop's history is
still the server's. Then, each step in one local transaction so a killed sync resumes:

1. :func:`begin` takes the server's epoch, starts the cursor again from 0, puts what was
   ``sending`` back to ``pending`` (it went to the old history) and keeps the plan in
   ``meta``: a salt for the ops' ids, the shared seq, and how far the offering has got;
2. :func:`next_batch` turns the next records (children first, so a dependent record
   never arrives before its child) into ops: the record as the server last sent it here
   (its fields without those local edits still wait to send; with them only if the
   record is not whole without them), ``base_rev`` its revision and ``shared_seq`` from
   the plan. Each op's id comes from the salt and the record, so an op sent again after
   a lost answer is a replay the server answers from what it stored;
3. :func:`apply_answers` writes the server's answers like any push's (the record as the
   server now holds it, conflicts queued), which rebases the waiting local edits on the
   new revision: they go next, as ordinary edits on top (never mistaken for a change
   some other laptop made in the lost history). A refused record's waiting edits are
   based on nothing (``base_rev`` 0: a field that differs is a conflict, never lost);
   a refusal of a record with no local edits is only logged, as this laptop had nothing
   of its own in it (a supervisor's copy of a child, say). Then the plan moves on;
4. when no record is left, :func:`finish` ends the plan and the sync pushes and pulls as
   usual, pulling everything again from the start.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from casework.protocol import HistoryChanged, Op, OpResult, ServerRecord
from casework.records import RecordValidationError, validate
from desktop.models.tables import Meta, OutboxEntry, Record, Rejection, SyncStatus
from desktop.sync.state import MINE_FLOOR, MINE_UPTO, OFFER_BACK_PLAN, SyncState

logger = logging.getLogger(__name__)

PLAN = OFFER_BACK_PLAN  # meta key: JSON {"salt", "shared_seq", "after": [group, id], "sent"}


@dataclass(frozen=True)
class Batch:
    ops: list[Op]
    edited: set[str]  # records with local edits waiting to send
    after: list[Any]  # [group, id] of the batch's last record


def _plan(session: Session) -> dict[str, Any] | None:
    row = session.get(Meta, PLAN)
    return None if row is None else dict(json.loads(row.value))


def begin(state: SyncState, history: HistoryChanged) -> None:
    """Start offering back (step 1); a plan still unfinished trusts no history at all."""
    with Session(state.engine) as session, session.begin():
        unfinished = _plan(session) is not None
        plan = {
            "salt": str(uuid.uuid4()),
            "shared_seq": 0 if unfinished else history.shared_seq,
            "after": [-1, ""],
            "sent": 0,
        }
        session.merge(Meta(key=PLAN, value=json.dumps(plan)))
        session.merge(Meta(key="epoch", value=history.epoch))
        session.merge(Meta(key="cursor", value="0"))
        # The restored history may hold versions this laptop wrote but lost (its answers
        # were for the old history): the pull from 0 takes them all up to the server's last
        # change; only answers from here on may be left out of pulls.
        session.merge(Meta(key=MINE_UPTO, value="0"))
        session.merge(Meta(key=MINE_FLOOR, value=str(history.last_seq)))
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.state == SyncStatus.SENDING)
            .values(state=SyncStatus.PENDING)
        )
        state.store.county.set_state_everywhere(session, SyncStatus.SENDING, SyncStatus.PENDING)
    logger.warning(
        "the county server's history changed (restored from a backup?): offering back "
        "every record, shared up to seq %d",
        plan["shared_seq"],
    )


def total(state: SyncState) -> int:
    """How many records the offering covers (for progress)."""
    return state.store.county.on_county_count()


def next_batch(state: SyncState, limit: int) -> Batch | None:
    """The next records as ops (step 2); None when the plan is done or there is none."""
    with Session(state.engine) as session:
        plan = _plan(session)
        if plan is None:
            return None
        rows = state.store.county.on_county_after(session, plan["after"], limit)
        if not rows:
            return None
        waiting: dict[str, list[tuple[str, list[str]]]] = {}
        for record_id, op, names in session.execute(
            select(OutboxEntry.record_id, OutboxEntry.op, OutboxEntry.fields).where(
                OutboxEntry.record_id.in_([row.id for row in rows])
            )
        ):
            waiting.setdefault(record_id, []).append((op, json.loads(names)))
        salt = uuid.UUID(plan["salt"])
        shared_seq = int(plan["shared_seq"])
        ops = [_op(state, row, waiting.get(row.id, []), salt, shared_seq) for row in rows]
        last = rows[-1]
        return Batch(ops, set(waiting), [0 if last.kind == "child" else 1, last.id])


def _op(
    state: SyncState,
    row: Record,
    waiting: list[tuple[str, list[str]]],
    salt: uuid.UUID,
    shared_seq: int,
) -> Op:
    """One record offered back: as the server last sent it, as far as this laptop knows."""
    fields = state.store.codec.open_fields(row)
    edited = {name for _, names in waiting for name in names}
    known = {name: value for name, value in fields.items() if name not in edited}
    if edited and not _whole(row.kind, known):
        known = fields  # a record the server may lack must be whole to be made again
    deleting_here = any(op == "delete" for op, _ in waiting)
    return Op(
        op_id=str(uuid.uuid5(salt, row.id)),
        record_id=row.id,
        kind=row.kind,
        village_code=row.village_code,
        base_rev=row.rev,
        op="delete" if row.deleted and not deleting_here else "upsert",
        fields=known,
        shared_seq=shared_seq,
    )


def _whole(kind: str, fields: dict[str, Any]) -> bool:
    try:
        validate(kind, fields)
    except RecordValidationError:
        return False
    return True


def apply_answers(state: SyncState, batch: Batch, results: list[OpResult]) -> None:
    """Write the server's answers and move the plan on (step 3), in one transaction."""
    accepted: list[ServerRecord] = []
    with Session(state.engine) as session, session.begin():
        for op, result in zip(batch.ops, results, strict=True):
            session.execute(delete(Rejection).where(Rejection.record_id == op.record_id))
            if result.status == "rejected":
                code = result.reason.code if result.reason else "?"
                logger.warning("record %s not taken back: %s", op.record_id, code)
                if op.record_id in batch.edited:
                    state.note_rejection(session, op, result)
                    session.execute(
                        update(OutboxEntry)
                        .where(OutboxEntry.record_id == op.record_id)
                        .values(base_rev=0)
                    )
                continue
            assert result.record is not None
            if result.status == "conflict":
                state.queue_conflicts(session, op, result)
            accepted.append(result.record)
        state.write_server_records(session, accepted)
        state.note_answers(session, accepted)
        plan = _plan(session) or {}
        plan["after"] = batch.after
        plan["sent"] = int(plan.get("sent", 0)) + len(batch.ops)
        session.merge(Meta(key=PLAN, value=json.dumps(plan)))


def finish(state: SyncState) -> int:
    """End the plan (step 4); how many records were offered back."""
    with Session(state.engine) as session, session.begin():
        plan = _plan(session)
        session.execute(delete(Meta).where(Meta.key == PLAN))
    return 0 if plan is None else int(plan.get("sent", 0))
