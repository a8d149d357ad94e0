"""Assessments and help plans (评估帮扶, seed §二(六)3): what follows from one.

Readings of the policy:

- the township (乡镇政府（街道办事处）) assesses, with 民政 and the police, helped by the
  village committee, schools, medical institutions, relatives and social workers: the
  child's safety, guardianship and physical and mental health;
- the latest assessment's risk level is the child's (issue 17: "risk level, which becomes
  the child's"): saving it sets the child's ``risk_level``;
- each item of the help plan not yet done is on the to-do of the village director and the
  township supervisor, from its due date (or the assessment's day when it has none):
  urgent once overdue, a warning within 7 days of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from casework.dates import read_day

PLAN_ITEM_SOON_DAYS = 7


@dataclass(frozen=True)
class OpenPlanItem:
    index: int  # its place in the assessment's plan_items
    what: str
    department: str | None
    due: date  # its due date, or the assessment's day when it has none
    has_due: bool


def open_plan_items(fields: Mapping[str, Any]) -> list[OpenPlanItem]:
    """The plan items of one assessment that are not done."""
    assessed = read_day(fields.get("assessed_on"))
    found = []
    items: Sequence[Any] = fields.get("plan_items") or ()
    for index, item in enumerate(items):
        if not isinstance(item, Mapping) or item.get("done"):
            continue
        due = read_day(item.get("due"))
        day = due or assessed
        if day is None:
            continue
        department = item.get("department")
        found.append(
            OpenPlanItem(index, str(item.get("what") or ""), department, day, due is not None)
        )
    return found


def plan_item_severity(item: OpenPlanItem, today: date) -> Literal["urgent", "warning", "info"]:
    if item.due < today:
        return "urgent" if item.has_due else "info"
    if (item.due - today).days <= PLAN_ITEM_SOON_DAYS:
        return "warning"
    return "info"


def latest(assessments: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The latest assessment by its day (None when there is none with a readable day)."""
    dated = [(read_day(a.get("assessed_on")), a) for a in assessments]
    known = [(day, a) for day, a in dated if day is not None]
    return max(known, key=lambda pair: pair[0])[1] if known else None


def child_risk_after(saved: Mapping[str, Any], others: Iterable[Mapping[str, Any]]) -> str | None:
    """The child's risk level once ``saved`` is on file: its own, unless another assessment
    is later (that one set it already): then None."""
    day = read_day(saved.get("assessed_on"))
    if day is None:
        return None
    for other in others:
        other_day = read_day(other.get("assessed_on"))
        if other_day is not None and other_day > day:
            return None
    return str(saved.get("risk_level"))
