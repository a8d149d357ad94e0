"""Deciding a conflict, one field at a time: keep mine, keep theirs, or a new value.

Keeping mine or a new value is an ordinary edit on top of the county's revision, so it
goes up as a new op; keeping theirs changes nothing here (the record already shows it).
"""

from __future__ import annotations

from typing import Any, Literal

from casework.merge import DELETED
from casework.messages import Message
from desktop.models.store import CaseStore
from desktop.sync.state import ConflictView, SyncState

NO_SUCH_CONFLICT = Message(
    "记录 {record} 的字段 {field} 没有待处理的冲突",
    "No open conflict on field {field} of record {record}",
)


class NoConflictError(LookupError):
    def __init__(self, record_id: str, field: str) -> None:
        super().__init__(f"{record_id}/{field}")
        self.message = NO_SUCH_CONFLICT.format(record=record_id, field=field)


def find_conflict(state: SyncState, record_id: str, field: str) -> ConflictView:
    for conflict in state.conflicts(record_id):
        if conflict.field == field:
            return conflict
    raise NoConflictError(record_id, field)


def resolve_conflict(
    store: CaseStore,
    *,
    record_id: str,
    field: str,
    keep: Literal["mine", "theirs"] | None = None,
    value: Any = None,
) -> None:
    state = SyncState(store)
    conflict = find_conflict(state, record_id, field)
    if field == DELETED:
        they_deleted = conflict.theirs is True
        if keep == "mine":
            if they_deleted:
                store.requeue_whole(record_id)  # bring it back with what was typed here
            else:
                store.delete(record_id)
        elif keep == "theirs" and they_deleted:
            state.mark_deleted_locally(record_id)
    elif keep == "mine":
        store.update(record_id, {field: conflict.mine})
    elif keep is None:
        store.update(record_id, {field: value})
    state.drop_conflict(conflict.id)
