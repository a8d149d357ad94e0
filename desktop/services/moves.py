"""Moving a child to another village, as the window shows it: the county's villages to
choose from, and the child's request waiting or refused. Asking and taking back are the
sync's (``desktop/sync/moves.py``, re-exported here for the window)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.messages import Message
from casework.moves import MOVE_REFUSALS
from desktop.models.store import CaseStore
from desktop.models.tables import Rejection, SyncStatus
from desktop.services import pinyin
from desktop.services.directory import Directory, directory_of
from desktop.sync.moves import MoveError, cancel_move, op_label, request_move, waiting_moves

__all__ = [
    "MoveError",
    "MoveRequest",
    "VillageChoice",
    "cancel_move",
    "move_request",
    "request_move",
    "village_choices",
]


@dataclass(frozen=True)
class VillageChoice:
    code: str
    name: str
    township: str  # the township's name


@dataclass(frozen=True)
class MoveRequest:
    """A child's move as this laptop knows it: waiting to go up, or refused (with why)."""

    to_village: str | None  # waiting: the target's code
    to_name: str  # "递铺街道 古城村"
    asked_at: datetime | None
    sending: bool = False
    refused: Message | None = None  # the county's words


def place_name(directory: Directory, code: str) -> str:
    township = directory.township(directory.township_of(code))
    return f"{township} {directory.village(code)}".strip()


def village_choices(store: CaseStore, *, besides: str | None = None) -> tuple[VillageChoice, ...]:
    """The villages of the county a child may move to (the synced directory), by township
    and name; ``besides``: the child's own, left out."""
    directory = directory_of(store)
    choices = [
        VillageChoice(code, name, directory.township(directory.township_of(code)))
        for code, name in directory.villages.items()
        if code != besides
    ]
    # As readers look them up: by township, then village, in pinyin order.
    return tuple(
        sorted(choices, key=lambda c: (pinyin.sort_key(c.township), pinyin.sort_key(c.name)))
    )


def move_request(store: CaseStore, child_id: str) -> MoveRequest | None:
    """The child's move waiting here, or the county's refusal of the last one asked."""
    directory = directory_of(store)
    with Session(store.engine) as session:
        for entry in waiting_moves(session, child_id):
            target = str(
                store.codec.open_values(
                    op_label(entry.op_id), entry.sealed_values, record_id=child_id
                ).get("to_village")
            )
            return MoveRequest(
                target,
                place_name(directory, target),
                entry.created_at.replace(tzinfo=UTC),
                sending=entry.state == SyncStatus.SENDING,
            )
        refusal = session.scalars(
            select(Rejection)
            .where(Rejection.record_id == child_id, Rejection.code.in_(MOVE_REFUSALS))
            .order_by(Rejection.id.desc())
            .limit(1)
        ).first()
    if refusal is None:
        return None
    words = Message(refusal.reason_zh, refusal.reason_en)
    return MoveRequest(None, "", refusal.created_at.replace(tzinfo=UTC), refused=words)
