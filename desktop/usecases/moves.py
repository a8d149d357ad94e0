"""迁往其他村 (issue 17 item 5): a child's file asked to move to another village, or not.

The request waits in the outbox until the county moves the file at the next sync; until
it is sent it can be taken back.
"""

from __future__ import annotations

from desktop.models.store import CaseStore, RecordNotFoundError
from desktop.services.moves import (
    MoveRequest,
    VillageChoice,
    cancel_move,
    move_request,
    request_move,
    village_choices,
)

__all__ = [
    "MoveRequest",
    "VillageChoice",
    "ask_to_move",
    "child_on_file",
    "move_of",
    "take_move_back",
    "villages_to_move_to",
]


def move_of(store: CaseStore, *, child_id: str) -> MoveRequest | None:
    """The child's move asked for and not done yet (or refused by the county)."""
    return move_request(store, child_id)


def villages_to_move_to(store: CaseStore, *, besides: str | None) -> tuple[VillageChoice, ...]:
    return village_choices(store, besides=besides)


def ask_to_move(store: CaseStore, *, child_id: str, village_code: str) -> str:
    """Put the request in the outbox; the child it is about."""
    request_move(store, child_id, village_code)
    return child_id


def take_move_back(store: CaseStore, *, child_id: str) -> str:
    cancel_move(store, child_id)
    return child_id


def child_on_file(store: CaseStore, *, child_id: str) -> bool:
    """Whether the child is still here (a sync may have taken the file to its new village)."""
    try:
        store.get(child_id)
    except RecordNotFoundError:
        return False
    return True
