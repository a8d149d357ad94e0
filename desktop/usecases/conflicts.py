"""Conflicts the sync could not settle, with the child and date that tell them apart."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from desktop.models.store import CaseStore, RecordNotFoundError
from desktop.services.conflicts import resolve_conflict
from desktop.sync.state import ConflictView, SyncState

# -- conflicts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictItem:
    conflict: ConflictView
    child_name: str  # the child the record is about ("" when unknown)
    record_date: str  # a visit's date and the like, to tell records apart


def list_conflicts(store: CaseStore) -> tuple[ConflictItem, ...]:
    items = []
    names: dict[str, str] = {}
    for conflict in SyncState(store).conflicts():
        try:
            record = store.get(conflict.record_id)
        except RecordNotFoundError:
            items.append(ConflictItem(conflict, "", ""))
            continue
        if record.kind == "child":
            name = str(record.fields.get("name") or "")
        elif record.child_id:
            if record.child_id not in names:
                try:
                    names[record.child_id] = str(store.get(record.child_id).fields.get("name"))
                except RecordNotFoundError:
                    names[record.child_id] = ""
            name = names[record.child_id]
        else:
            name = ""
        when = next(
            (
                str(record.fields[f])
                for f in ("visit_date", "signed_date", "referred_on", "assessed_on", "found_at")
                if record.fields.get(f)
            ),
            "",
        )
        items.append(ConflictItem(conflict, name, when))
    return tuple(items)


def parse_edited_value(text: str, like: Any) -> Any:
    """A value typed in the conflict editor, read in the shape of the values it replaces."""
    stripped = text.strip()
    if not stripped:
        return None
    if isinstance(like, bool):
        lowered = stripped.lower()
        if lowered in {"true", "yes", "1", "是"}:
            return True
        if lowered in {"false", "no", "0", "否"}:
            return False
        raise ValueError(stripped)
    if isinstance(like, int):
        return int(stripped)
    if isinstance(like, list | dict) or stripped[0] in "[{":
        return json.loads(stripped)
    return stripped


def editable_text(value: Any) -> str:
    """A value as the conflict editor shows it for changing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def decide_conflict(
    store: CaseStore,
    *,
    record_id: str,
    field: str,
    keep: Literal["mine", "theirs"] | None,
    value: Any = None,
) -> str:
    """Settle one field: keep this computer's value, the county's, or ``value`` (keep None);
    the record whose value it settled."""
    resolve_conflict(store, record_id=record_id, field=field, keep=keep, value=value)
    return record_id
