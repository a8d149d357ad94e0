"""Referrals (转介帮扶): where one stands and when it needs chasing.

Readings of the policy (issue 17, seed §二(五) "一门受理、协同救助" and annex 3.5):

- a referral is sent (stored ``open``), then accepted (``in_progress``) by the department,
  then done, or declined with a reason; each answer has its day;
- a referral still unanswered (sent, neither accepted nor declined) 14 days after it was
  made goes on the to-do: the director asks the department how it stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from casework.dates import add_days, read_day

UNANSWERED_DAYS = 14  # issue 17: "open 14 days without an answer"
# Where each status may go next (the window offers these).
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    "open": ("in_progress", "declined"),
    "in_progress": ("done", "declined"),
    "done": (),
    "declined": (),
}
ANSWERED_ON = {"in_progress": "accepted_on", "done": "closed_on", "declined": "closed_on"}


def is_settled(fields: Mapping[str, Any]) -> bool:
    return fields.get("status") in ("done", "declined")


def unanswered_due(fields: Mapping[str, Any]) -> date | None:
    """The day a sent referral without an answer is to be chased (14 days after it was
    made), or None when it has an answer or no readable date."""
    if fields.get("status", "open") != "open" or fields.get("accepted_on"):
        return None
    referred = read_day(fields.get("referred_on"))
    return None if referred is None else add_days(referred, UNANSWERED_DAYS)


def answer_dates(status: str, fields: Mapping[str, Any], today: date) -> dict[str, str]:
    """The answer's day filled in (today) when the status moves on and it is blank."""
    name = ANSWERED_ON.get(status)
    if name is None or fields.get(name):
        return {}
    found = {name: today.isoformat()}
    if status in ("done",) and not fields.get("accepted_on"):
        found["accepted_on"] = today.isoformat()  # done implies it was accepted
    return found
