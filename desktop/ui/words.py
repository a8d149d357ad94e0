"""Names shown for codes and fields: one place, so a thing is called the same everywhere.

Field names come from ``casework.labels`` and every coded value's words from the one
vocabulary, ``casework.vocabulary`` (bilingual, shared with the CLI, the ledger and the
printed files); the window picks the language. Only the window's own words (actions,
"(empty)") are translated here.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from casework import vocabulary
from casework.labels import FIELD_LABELS
from casework.merge import DELETED
from desktop.models.tables import SyncStatus
from desktop.ui.i18n import message_text


def sync_state_text(state: SyncStatus) -> str:
    """A record's sync state in words (casework.vocabulary.SYNC_STATE, as the CLI's list)."""
    return message_text(vocabulary.SYNC_STATE.name(str(state)))


def sync_state_codes() -> tuple[SyncStatus, ...]:
    """The states in the order the children page offers them as a filter."""
    return (
        SyncStatus.SYNCED,
        SyncStatus.PENDING,
        SyncStatus.SENDING,
        SyncStatus.CONFLICT,
        SyncStatus.REJECTED,
    )


def value_text(code: Any, field: str = "", kind: str = "") -> str:
    """A coded value in words (female → 女), from the one vocabulary (casework.vocabulary)
    that the CLI, the ledger and the reports read too; with ``field`` (and ``kind``) the
    field's own words (a referral's "done" is 已办结, a note's 已完成; a disability grade 二级).
    Other values as they are."""
    if code is None:
        return ""
    if field:
        return message_text(vocabulary.value_name(kind, field, code)) if code != "" else ""
    if isinstance(code, bool):
        return yes_no(code)
    if isinstance(code, str):
        name = _FLAT_NAMES.get(code)
        return message_text(name) if name is not None else code
    return str(code)


def short_value_text(domain: vocabulary.Domain, code: Any) -> str:
    """A code's short name, for a narrow column (the list's categories)."""
    return message_text(domain.short(code))


_FLAT_NAMES = vocabulary.flat_names()


def yes_no(value: bool) -> str:
    if value:
        return QCoreApplication.translate("Words", "Yes")
    return QCoreApplication.translate("Words", "No")


def field_text(field: str) -> str:
    if field == DELETED:
        return QCoreApplication.translate("Words", "Whole record (deleted or kept)")
    label = FIELD_LABELS.get(field)
    return message_text(label) if label else field


def kind_text(kind: str) -> str:
    return message_text(vocabulary.RECORD_KIND.name(kind))


def action_text(action: str) -> str:
    names = {
        "create": QCoreApplication.translate("Words", "Created"),
        "update": QCoreApplication.translate("Words", "Changed"),
        "delete": QCoreApplication.translate("Words", "Deleted"),
        "restore": QCoreApplication.translate("Words", "Restored"),
        "move": QCoreApplication.translate("Words", "Move to another village asked for"),
        "move_cancel": QCoreApplication.translate("Words", "Move request taken back"),
    }
    return names.get(action, action)


def any_value_text(field: str, value: Any, kind: str = "") -> str:
    """A field value of any shape, for reading (conflicts, history)."""
    if field == DELETED:
        if value:
            return QCoreApplication.translate("Words", "Deleted")
        return QCoreApplication.translate("Words", "Kept")
    if value is None or value == "":
        return QCoreApplication.translate("Words", "(empty)")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return value_text(value, field=field, kind=kind)


def local_time_text(moment: datetime) -> str:
    """A stored UTC time (naive or aware) as local time, to the minute."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")


def date_text(value: date | None) -> str:
    return value.isoformat() if value else ""


__all__ = [
    "action_text",
    "any_value_text",
    "date_text",
    "field_text",
    "kind_text",
    "local_time_text",
    "short_value_text",
    "sync_state_codes",
    "sync_state_text",
    "value_text",
    "yes_no",
]
