"""Checks a family member must pass before it is saved, beyond its own record's schema:
one father and one mother per child (``casework.file_checks``, seed §二(一)1). The
window's and the CLI's saves call :func:`check_family_member` before the store writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casework.file_checks import check_one_parent_each
from desktop.models.store import CaseStore


def check_family_member(
    store: CaseStore, *, record_id: str | None, fields: Mapping[str, Any]
) -> None:
    """Raise ``SecondParentError`` when saving ``fields`` (a new family member, or changes
    to ``record_id``) would give the child a second father or mother."""
    current: Mapping[str, Any] = store.get(record_id).fields if record_id else {}
    member = {**current, **fields}
    child_id = member.get("child_id")
    if not child_id:
        return
    kin = store.records("family_member", child_id=str(child_id))
    others = [m.fields for m in kin if m.id != record_id]
    check_one_parent_each(member, others)
