"""What a delete leaves behind, written once for the server (and any reader of it).

- A deleted record's current version keeps no personal fields: only its clear fields
  (links, dates, codes) stay, so the tombstone still says what it was and where it hung.
  Earlier versions stay in the county's history (README, "The county server").
- Deleting a child deletes its dependent records, except two that are closed instead and
  kept: a filed mandatory report (locked: a record of what was reported to the police)
  and a supervision note (the supervisor's record, not the director's to delete).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from casework.records import CLEAR_FIELDS


def without_personal_fields(kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a tombstone of ``kind`` keeps: its clear fields only."""
    keep = CLEAR_FIELDS.get(kind, frozenset())
    return {name: value for name, value in fields.items() if name in keep}


@dataclass(frozen=True)
class AfterChildDeleted:
    """What becomes of one dependent record when its child is deleted."""

    deleted: bool
    fields: dict[str, Any]


def after_child_deleted(kind: str, fields: Mapping[str, Any]) -> AfterChildDeleted | None:
    """The dependent's new state, or None when it needs no change (already closed)."""
    if kind == "mandatory_report" and fields.get("filed") is True:
        if fields.get("follow_up_status") == "closed":
            return None
        return AfterChildDeleted(False, {**fields, "follow_up_status": "closed"})
    if kind == "supervision_note":
        if fields.get("status") == "done":
            return None
        return AfterChildDeleted(False, {**fields, "status": "done"})
    return AfterChildDeleted(True, without_personal_fields(kind, fields))
