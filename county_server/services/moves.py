"""Moving a child to another village with every record that hangs on it (issue 17 item 5).

Asked by the director of the child's village (a ``move`` op in a push: ``push.py`` checks
who asks and answers in words), or by the county (a county device's ``move`` op, or
``county-server move-child``, :func:`move_by_admin`). The rules are ``casework.moves``.

In the caller's one transaction:

1. the target must be a village of the county's directory and not the child's own;
2. the child and each record whose ``child_id`` is the child (tombstones too) get a new
   version in the target village: the sealed fields go unchanged, except that a
   supervision note about the child that named its old village (or township) now names
   the new one. History keeps every earlier version;
3. each move is noted (``scope_moves``), so a pull tells every device that could see the
   records before and can't now that they left (``in_scope: false``: the laptop removes
   them), and the new village's devices pull them as changes;
4. one audit entry names the records moved, from where and to where (:func:`audit_move`,
   written by the caller once the move stands).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from casework.moves import note_place_after_move
from county_server.models import Village
from county_server.services.audit import ADMIN, record_audit
from county_server.services.sealing import Sealer
from county_server.services.store import (
    APPLIED,
    RecordRow,
    RecordStore,
    SeqAllocator,
    StoredRecord,
)

logger = logging.getLogger(__name__)

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class Moved:
    child: StoredRecord  # the child as it stands after the move
    record_ids: tuple[str, ...]  # every record moved, the child first
    from_village: Village
    to_village: Village


class MoveRefused(Exception):
    """The administrator's move can't be done; the message says why and what to do."""


def move_child(
    store: RecordStore,
    seq: SeqAllocator,
    child: RecordRow,
    to: Village,
    *,
    by: str,
    at: datetime,
    device_id: str | None,
    op_id: str | None,
) -> Moved:
    """Move ``child`` and its records to ``to`` (checked by the caller: a living child,
    another village of the directory); written when the store flushes, audited by the
    caller (:func:`audit_move`) once the move stands."""
    before = store.village(child.village_code)
    assert before is not None and before.code != to.code
    # Read before the first write: a read flushes the batch, and an op's writes that
    # reached the database could no longer be taken back alone (store.undone_on_failure).
    dependents = store.dependents(child.id)
    moved = store.move(
        child, to=to, seq=seq.next(), by=by, at=at, device_id=device_id, op_id=op_id,
        answered=device_id is not None,
    )  # fmt: skip
    if moved is None:  # not in a push answer: opened here for the caller
        moved = store.open(child)
    followed = move_dependents(
        store, seq, child.id, to, by=by, at=at, device_id=device_id, op_id=op_id,
        rows=dependents,
    )  # fmt: skip
    record_ids = [child.id, *followed]
    logger.info(
        "child %s moved from village %s to %s with %d records",
        child.id,
        before.code,
        to.code,
        len(record_ids) - 1,
    )
    return Moved(moved, tuple(record_ids), before, to)


def audit_move(
    session: Session, moved: Moved, *, at: datetime, actor: str, device_id: str | None
) -> None:
    """The audit log's entry of a move: the records, from where, to where (no values)."""
    record_audit(
        session,
        at=at,
        actor=actor,
        device_id=device_id,
        action="move_child",
        record_ids=moved.record_ids,
        detail={
            "from": moved.from_village.code,
            "to": moved.to_village.code,
            "records": len(moved.record_ids),
        },
    )


def move_dependents(
    store: RecordStore,
    seq: SeqAllocator,
    child_id: str,
    to: Village,
    *,
    by: str,
    at: datetime,
    device_id: str | None,
    op_id: str | None,
    rows: list[RecordRow] | None = None,
) -> list[str]:
    """Every record of the child not yet in ``to`` follows it there; their ids. ``rows``:
    the child's records, read before (else read here)."""
    moved = []
    for dependent in store.dependents(child_id) if rows is None else rows:
        if dependent.village_code == to.code:
            continue  # already there (a county device may have moved it on its own)
        if dependent.kind == "supervision_note":
            _move_note(
                store, dependent, to, seq=seq.next(), by=by, at=at, device_id=device_id,
                op_id=op_id,
            )  # fmt: skip
        else:
            store.move(
                dependent, to=to, seq=seq.next(), by=by, at=at, device_id=device_id, op_id=op_id
            )
        moved.append(dependent.id)
    return moved


def _move_note(
    store: RecordStore,
    note: RecordRow,
    to: Village,
    *,
    seq: int,
    by: str,
    at: datetime,
    device_id: str | None,
    op_id: str | None,
) -> None:
    """A supervision note about the moved child follows it, naming its new place."""
    stored = store.open(note)
    place = stored.fields.get("village_code")
    after = note_place_after_move(
        place,
        old_village=note.village_code,
        old_township=note.township_code,
        new_village=to.code,
        new_township=to.township_code,
    )
    if after == place:
        store.move(note, to=to, seq=seq, by=by, at=at, device_id=device_id, op_id=op_id)
        return
    old_village, old_township = note.village_code, note.township_code
    store.save(
        row=note,
        record_id=note.id,
        kind=stored.kind,
        village=to,
        fields={**stored.fields, "village_code": after},
        deleted=note.deleted,
        rev=note.rev + 1,
        seq=seq,
        by=by,
        at=at,
        device_id=device_id,
        op_id=op_id,
        outcome=APPLIED,
        answered=False,
    )
    store.note_move(note.id, seq=seq, old_village=old_village, old_township=old_township)


def move_by_admin(
    session: Session, sealer: Sealer, child_id: str, to_code: str, *, now: datetime
) -> Moved:
    """``county-server move-child``: the county moves a child, in the session's
    transaction (the caller commits); :class:`MoveRefused` in words when it can't."""
    seq = SeqAllocator(session)  # first: the change sequence locked before any read
    store = RecordStore(session, sealer)
    child = store.row(child_id) if _UUID.match(child_id) else None
    if child is None or child.kind != "child":
        raise MoveRefused(f"no child record {child_id} on the county server")
    if child.deleted:
        raise MoveRefused(f"the child record {child_id} is deleted; nothing to move")
    to = store.village(to_code)
    if to is None:
        raise MoveRefused(
            f"no village {to_code} in the county's directory; nothing was moved "
            "(county-server add-village adds one)"
        )
    if to.code == child.village_code:
        raise MoveRefused(f"the child is already in village {to.code} ({to.name}); nothing to move")
    moved = move_child(store, seq, child, to, by=ADMIN, at=now, device_id=None, op_id=None)
    store.flush()
    seq.flush()
    audit_move(session, moved, at=now, actor=ADMIN, device_id=None)
    return moved
