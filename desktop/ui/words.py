"""Names shown for codes and fields: one place, so a thing is called the same everywhere.

Field names and most coded values come from ``casework.labels`` (bilingual, shared with
the ledger and the CLI); the few codes only the window shows are translated here.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from casework.labels import FIELD_LABELS, VALUE_LABELS
from casework.merge import DELETED
from desktop.ui.i18n import message_text


def sync_state_text(state: str) -> str:
    names = {
        "synced": QCoreApplication.translate("Words", "Synced"),
        "pending": QCoreApplication.translate("Words", "Waiting to send"),
        "sending": QCoreApplication.translate("Words", "Sending"),
        "conflict": QCoreApplication.translate("Words", "Conflict"),
        "rejected": QCoreApplication.translate("Words", "Refused by the county"),
    }
    return names.get(state, state)


def sync_state_codes() -> tuple[str, ...]:
    return ("synced", "pending", "sending", "conflict", "rejected")


def _window_values() -> dict[str, str]:
    return {
        "regular": QCoreApplication.translate("Words", "Regular visit"),
        "key_check": QCoreApplication.translate("Words", "Key check"),
        "follow_up": QCoreApplication.translate("Words", "Follow-up"),
        **_report_values(),
        **_family_values(),
    }


def _report_values() -> dict[str, str]:
    """A mandatory report's triggers and follow-up states."""
    return {
        "living_alone": QCoreApplication.translate("Words", "Child living alone"),
        "missing": QCoreApplication.translate("Words", "Child missing"),
        "guardian_incapable": QCoreApplication.translate(
            "Words", "Guardian unable to look after the child"
        ),
        "not_fulfilling_guardianship": QCoreApplication.translate(
            "Words", "Guardian neglecting the child"
        ),
        "suspected_violence": QCoreApplication.translate("Words", "Suspected violence or abuse"),
        "accidental_injury": QCoreApplication.translate("Words", "Injured by accident"),
        "unlawful_harm": QCoreApplication.translate("Words", "Harmed unlawfully"),
        "open": QCoreApplication.translate("Words", "Not handled yet"),
        "following": QCoreApplication.translate("Words", "Following up"),
        "closed": QCoreApplication.translate("Words", "Closed"),
        # A supervision note's task, or a referral, once done.
        "done": QCoreApplication.translate("Words", "Done"),
    }


def _family_values() -> dict[str, str]:
    """Relations, parents' situations and entrustment states."""
    return {
        "father": QCoreApplication.translate("Words", "Father"),
        "mother": QCoreApplication.translate("Words", "Mother"),
        "grandfather": QCoreApplication.translate("Words", "Grandfather (father's side)"),
        "grandmother": QCoreApplication.translate("Words", "Grandmother (father's side)"),
        "maternal_grandfather": QCoreApplication.translate("Words", "Grandfather (mother's side)"),
        "maternal_grandmother": QCoreApplication.translate("Words", "Grandmother (mother's side)"),
        "sibling": QCoreApplication.translate("Words", "Brother or sister"),
        "uncle_aunt": QCoreApplication.translate("Words", "Uncle or aunt"),
        "other_relative": QCoreApplication.translate("Words", "Other relative"),
        "other": QCoreApplication.translate("Words", "Other"),
        "migrant_work": QCoreApplication.translate("Words", "Working away from home"),
        "deceased": QCoreApplication.translate("Words", "Deceased"),
        "declared_dead": QCoreApplication.translate("Words", "Declared dead"),
        "declared_missing": QCoreApplication.translate("Words", "Declared missing"),
        "unidentified": QCoreApplication.translate("Words", "Cannot be found"),
        "disability": QCoreApplication.translate("Words", "Disability"),
        "serious_illness": QCoreApplication.translate("Words", "Serious illness"),
        "imprisoned": QCoreApplication.translate("Words", "Serving a sentence"),
        "compulsory_rehab": QCoreApplication.translate("Words", "Compulsory drug rehabilitation"),
        "restricted_liberty": QCoreApplication.translate("Words", "Liberty restricted"),
        "lost_contact": QCoreApplication.translate("Words", "Lost contact"),
        "unable_to_guard": QCoreApplication.translate("Words", "Unable to look after the child"),
        "draft": QCoreApplication.translate("Words", "Draft"),
        "signed": QCoreApplication.translate("Words", "Signed"),
        "expired": QCoreApplication.translate("Words", "Expired"),
        "revoked": QCoreApplication.translate("Words", "Revoked"),
    }


def value_text(code: Any) -> str:
    """A coded value in words (male → 男); other values as they are."""
    if code is None:
        return ""
    if isinstance(code, bool):
        return yes_no(code)
    if isinstance(code, str):
        if code in VALUE_LABELS:
            return message_text(VALUE_LABELS[code])
        return _window_values().get(code, code)
    return str(code)


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
    names = {
        "child": QCoreApplication.translate("Words", "Child"),
        "family_member": QCoreApplication.translate("Words", "Family member"),
        "visit": QCoreApplication.translate("Words", "Visit"),
        "entrustment": QCoreApplication.translate("Words", "Entrustment"),
        "mandatory_report": QCoreApplication.translate("Words", "Mandatory report"),
        "referral": QCoreApplication.translate("Words", "Referral"),
        "assessment": QCoreApplication.translate("Words", "Assessment"),
        "supervision_note": QCoreApplication.translate("Words", "Supervision note"),
    }
    return names.get(kind, kind)


def action_text(action: str) -> str:
    names = {
        "create": QCoreApplication.translate("Words", "Created"),
        "update": QCoreApplication.translate("Words", "Changed"),
        "delete": QCoreApplication.translate("Words", "Deleted"),
        "restore": QCoreApplication.translate("Words", "Restored"),
    }
    return names.get(action, action)


def any_value_text(field: str, value: Any) -> str:
    """A field value of any shape, for reading (conflicts, history)."""
    if field == DELETED:
        if value:
            return QCoreApplication.translate("Words", "Deleted")
        return QCoreApplication.translate("Words", "Kept")
    if value is None or value == "":
        return QCoreApplication.translate("Words", "(empty)")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return value_text(value)


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
    "sync_state_codes",
    "sync_state_text",
    "value_text",
    "yes_no",
]
