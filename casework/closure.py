"""Leaving care and coming back (退出/结案, issue 17), and the referral that turning 18
brings to an orphan or a child in difficulty.

Readings of the policy:

- a file is closed on a day for a reason (年满18周岁, 不再符合条件, 父母返乡, 迁出本县, 死亡,
  其他); a closed file leaves the lists and the to-do and is kept in the archive, from which
  it may be reopened with the reason (the history keeps the closing);
- §二(五)10: 县人力社保局 supports orphans and children in difficulty into work once adult
  (就业扶持和职业技能培训); §二(五)5: 民政 takes an adult orphan who cannot work into 低保
  or 特困供养. So a child in difficulty (categories 2–6) the day before turning 18 is
  referred to 人社 and 民政 when the file closes for that birthday, and until then the
  to-do asks for it from the birthday on;
- a referral to either made from 90 days before the birthday counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from casework.dates import add_days, read_day

ADULT_REFERRALS: dict[str, str] = {
    "human_resources": "年满18周岁，申请就业扶持和职业技能培训（工作方案二（五）10）",
    "civil_affairs": "年满18周岁，核查是否符合低保或特困供养条件（工作方案二（五）5）",
}
REFERRAL_LEAD_DAYS = 90


def is_closed(child: Mapping[str, Any]) -> bool:
    return read_day(child.get("file_closed_on")) is not None


def closing(reason: str, day: date, note: str | None = None) -> dict[str, Any]:
    """The child's fields that close the file."""
    return {
        "file_closed_on": day.isoformat(),
        "closure_reason": reason,
        "closure_note": note or None,
    }


def reopening(day: date, reason: str) -> dict[str, Any]:
    """The child's fields that reopen a closed file (the closing stays in the history)."""
    return {
        "file_closed_on": None,
        "closure_reason": None,
        "closure_note": None,
        "reopened_on": day.isoformat(),
        "reopen_reason": reason,
    }


def adult_referrals_missing(
    *, eighteenth: date, referrals: Iterable[Mapping[str, Any]]
) -> list[str]:
    """The departments (人社, 民政) not yet referred to around the 18th birthday."""
    since = add_days(eighteenth, -REFERRAL_LEAD_DAYS)
    done = {
        str(r.get("department"))
        for r in referrals
        if (day := read_day(r.get("referred_on"))) is not None and day >= since
    }
    return [department for department in ADULT_REFERRALS if department not in done]
