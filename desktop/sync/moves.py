"""Moving a child to another village, on the laptop (issue 17 item 5; the rules, and the
words of a refusal: ``casework/moves.py``; the county's side: ``county_server/services/
moves.py``).

1. :func:`request_move`: the director asks from the child's file. The request is an
   outbox entry ``move`` on the child, its target sealed with it (an op's own values, as
   an entry frozen while on its way), audited, the child's state ``pending``. Asking
   again replaces a request still waiting; :func:`cancel_move` takes it back. Offline it
   simply waits in the outbox.
2. The sync sends it only once nothing else of the child's file waits here
   (:func:`sendable_moves`): every edit of the child and its records goes up first, in
   earlier batches, even an edit made after the move was asked for.
3. The county's answer: moved to a village out of this laptop's reach, the child and its
   records leave this laptop at once (:func:`forget_family`, the same as a pull's
   departures); within its reach (a county laptop, a supervisor of the same township)
   the answer is written like any other. Refused, the child's file says why
   (:func:`move_request`) until the director asks again or takes note.
4. Whatever a pull says left this laptop's reach goes with its waiting changes,
   conflicts and refusals (``SyncState._forget``); the sync counts the children that
   left and the local changes that went with them, and the sync log says so: the old
   village keeps nothing personal.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from casework.messages import CaseworkError, Message
from casework.moves import MOVE_REFUSALS
from desktop.models.store import CaseStore, RecordNotFoundError
from desktop.models.tables import AuditEntry, Meta, OutboxEntry, Record, Rejection, SyncStatus
from desktop.sync.directory import read_directory

MOVE = "move"  # the outbox op

M_NOT_A_CHILD = Message("只能迁移儿童档案", "Only a child's file can be moved")
M_SAME_VILLAGE = Message(
    "儿童已经在{village}，请选择其他村（社区）",
    "The child is already in {village}; choose another village",
)
M_UNKNOWN_VILLAGE = Message(
    "县里的村（社区）名录中没有这个村（{code}）", "The county's directory has no village {code}"
)
M_BEING_SENT = Message(
    "迁移申请正在发往县里，请等这次同步结束",
    "The move is on its way to the county; wait for the sync to end",
)


class MoveError(CaseworkError):
    """A move this laptop can't ask for; ``message`` says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(message, code="move")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def op_label(op_id: str) -> str:
    return f"outbox\x1f{op_id}"


def waiting_moves(session: Session, child_id: str) -> list[OutboxEntry]:
    return list(
        session.scalars(
            select(OutboxEntry).where(OutboxEntry.record_id == child_id, OutboxEntry.op == MOVE)
        )
    )


def request_move(store: CaseStore, child_id: str, to_village: str) -> None:
    """Ask the county to move the child (and its records) to ``to_village``."""
    directory = read_directory(store)
    now = _now()
    with Session(store.engine) as session, session.begin():
        row = session.get(Record, child_id)
        if row is None or row.deleted:
            raise RecordNotFoundError(child_id)
        if row.kind != "child":
            raise MoveError(M_NOT_A_CHILD)
        if to_village == row.village_code:
            raise MoveError(M_SAME_VILLAGE.format(village=directory.village(to_village)))
        if directory.villages and to_village not in directory.villages:
            raise MoveError(M_UNKNOWN_VILLAGE.format(code=to_village))
        for entry in waiting_moves(session, child_id):
            if entry.state == SyncStatus.SENDING:
                raise MoveError(M_BEING_SENT)
            session.delete(entry)
        _drop_refusals(session, child_id)
        op_id = str(uuid.uuid4())
        session.add(
            OutboxEntry(
                op_id=op_id,
                record_id=child_id,
                kind="child",
                base_rev=row.rev,
                op=MOVE,
                fields="[]",
                sealed_values=store.codec.seal_values(op_label(op_id), {"to_village": to_village}),
                state=SyncStatus.PENDING,
                created_at=now,
            )
        )
        if row.sync_state in (SyncStatus.SYNCED, SyncStatus.REJECTED):
            row.sync_state = SyncStatus.PENDING
        session.execute(
            insert(AuditEntry).values(
                at=now, actor=store.actor, action="move", record_id=child_id, kind="child",
                fields=json.dumps(["village_code"]),
            )
        )  # fmt: skip


def cancel_move(store: CaseStore, child_id: str) -> bool:
    """Take back a request still waiting, or take note of a refused one; False when there
    was none (or it is on its way)."""
    with Session(store.engine) as session, session.begin():
        entries = [e for e in waiting_moves(session, child_id) if e.state == SyncStatus.PENDING]
        for entry in entries:
            session.delete(entry)
        dropped = _drop_refusals(session, child_id)
        if not entries and not dropped:
            return False
        session.flush()
        _settle_state(session, child_id)
        session.execute(
            insert(AuditEntry).values(
                at=_now(), actor=store.actor, action="move_cancel", record_id=child_id,
                kind="child", fields="[]",
            )
        )  # fmt: skip
    return True


def _drop_refusals(session: Session, child_id: str) -> int:
    dropped = session.execute(
        delete(Rejection).where(Rejection.record_id == child_id, Rejection.code.in_(MOVE_REFUSALS))
    )
    return int(dropped.rowcount or 0)  # type: ignore[attr-defined]


def _settle_state(session: Session, child_id: str) -> None:
    row = session.get(Record, child_id)
    if row is None:
        return
    waiting = session.scalar(
        select(func.count()).select_from(OutboxEntry).where(OutboxEntry.record_id == child_id)
    )
    refused = session.scalar(
        select(func.count()).select_from(Rejection).where(Rejection.record_id == child_id)
    )
    if row.sync_state in (SyncStatus.PENDING, SyncStatus.REJECTED):
        row.sync_state = (
            SyncStatus.PENDING
            if waiting
            else (SyncStatus.REJECTED if refused else SyncStatus.SYNCED)
        )


# -- the sync's side -----------------------------------------------------------------------


def family_ids(session: Session, child_id: str) -> list[str]:
    """The child and every record here that hangs on it."""
    return list(
        session.scalars(
            select(Record.id).where(or_(Record.id == child_id, Record.child_id == child_id))
        )
    )


def sendable_moves(
    session: Session, limit: int, *, besides: Collection[str] = ()
) -> list[OutboxEntry]:
    """Moves that may go now: nothing else of the child's file waits in the outbox."""
    if limit <= 0:
        return []
    query = select(OutboxEntry).where(
        OutboxEntry.op == MOVE,
        OutboxEntry.state.in_((SyncStatus.PENDING, SyncStatus.SENDING)),
    )
    if besides:
        query = query.where(OutboxEntry.record_id.not_in(list(besides)))
    ready = []
    for entry in session.scalars(query.order_by(OutboxEntry.seq)):
        family = family_ids(session, entry.record_id)
        others = session.scalar(
            select(func.count())
            .select_from(OutboxEntry)
            .where(OutboxEntry.record_id.in_(family), OutboxEntry.op != MOVE)
        )
        if not others:
            ready.append(entry)
        if len(ready) == limit:
            break
    return ready


def target_of(store: CaseStore, entry: OutboxEntry) -> str:
    values = store.codec.open_values(
        op_label(entry.op_id), entry.sealed_values, record_id=entry.record_id
    )
    return str(values["to_village"])


def within_reach(session: Session, store: CaseStore, village_code: str) -> bool:
    """Does this laptop's enrolment reach ``village_code`` (its village, its township's
    villages, or the county's)? Not enrolled, or unknown: taken as yes (the pull decides)."""
    level = session.get(Meta, "scope_level")
    scope = session.get(Meta, "scope_code")
    if level is None or scope is None:
        return True
    if level.value == "village":
        return village_code == scope.value
    if level.value == "township":
        return read_directory(store).township_of(village_code) == scope.value
    return True


@dataclass
class Departures:
    """What left this laptop in one sync: children's files, and the local changes (waiting,
    in conflict or refused) that went with their records."""

    children: int = 0
    changes: int = 0


def note_departure(session: Session, record_id: str, departures: Departures) -> None:
    """Count what goes with a record that left this laptop's reach (before it goes)."""
    from desktop.models.tables import ConflictEntry

    kind = session.scalar(select(Record.kind).where(Record.id == record_id))
    if kind is None:
        return  # never here, or gone already
    if kind == "child":
        departures.children += 1
    for table in (OutboxEntry, ConflictEntry, Rejection):
        departures.changes += int(
            session.scalar(
                select(func.count()).select_from(table).where(table.record_id == record_id)
            )
            or 0
        )
