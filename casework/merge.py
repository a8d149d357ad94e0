"""Field-level three-way merge: the policy that decides, so dialogs show only what it can't.

``base`` is the record as the device last saw it (at ``base_rev``), ``theirs`` the server's
current version, ``mine`` the fields the device changed. A field changed on one side only
merges silently; the same field changed to different values on both sides is a conflict,
and the server's value stays until a person decides. Clocks decide nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The tombstone takes part in the merge as a pseudo-field, so that an edit against a
# delete (or a delete against an edit) surfaces as a conflict instead of vanishing.
DELETED = "_deleted"


@dataclass(frozen=True)
class FieldConflict:
    field: str
    base: Any
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class MergeResult:
    merged: dict[str, Any]
    changed: tuple[str, ...]  # fields whose value in ``merged`` differs from ``theirs``
    conflicts: tuple[FieldConflict, ...] = field(default=())

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_fields(
    *,
    base: Mapping[str, Any],
    theirs: Mapping[str, Any],
    mine: Mapping[str, Any],
) -> MergeResult:
    """Apply ``mine`` (changed fields only) onto ``theirs`` against their common ``base``."""
    merged = dict(theirs)
    changed: list[str] = []
    conflicts: list[FieldConflict] = []
    for name, my_value in mine.items():
        base_value, their_value = base.get(name), theirs.get(name)
        if my_value == their_value:
            continue  # both sides agree (or I changed nothing)
        if their_value == base_value:
            merged[name] = my_value  # only I changed it
            changed.append(name)
        elif my_value == base_value:
            continue  # only they changed it: theirs stands
        else:
            conflicts.append(FieldConflict(name, base_value, my_value, their_value))
    return MergeResult(merged, tuple(sorted(changed)), tuple(conflicts))


def merge_with_tombstones(
    *,
    base: Mapping[str, Any],
    base_deleted: bool,
    theirs: Mapping[str, Any],
    theirs_deleted: bool,
    mine: Mapping[str, Any],
    mine_deletes: bool,
) -> MergeResult:
    """:func:`merge_fields`, where either side may have deleted the record.

    - they deleted, I edited: conflict on ``_deleted`` (keep mine = restore and apply);
    - I delete, they edited since my base: conflict on ``_deleted``;
    - both deleted, or I delete an untouched record: no conflict.
    """
    if theirs_deleted and not base_deleted and not mine_deletes and mine:
        their_changes = {k: v for k, v in mine.items() if theirs.get(k) != v}
        if their_changes:
            return MergeResult(dict(theirs), (), (FieldConflict(DELETED, False, False, True),))
    if mine_deletes and not theirs_deleted:
        edited_since = any(theirs.get(k) != base.get(k) for k in set(theirs) | set(base))
        if edited_since:
            return MergeResult(dict(theirs), (), (FieldConflict(DELETED, False, True, False),))
        return MergeResult(dict(theirs), (DELETED,), ())
    if mine_deletes:
        return MergeResult(dict(theirs), (), ())
    return merge_fields(base=base, theirs=theirs, mine=mine)
