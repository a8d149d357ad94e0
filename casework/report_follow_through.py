"""What follows a mandatory report (强制报告, seed §二(六)1–2), written once for the
window, the to-do and the CLI.

Readings of the policy:

- §二(六)1 asks for a report to the police "在第一时间" (at once): a report made more than
  24 hours after the child was found was not at once, and the window says so;
- filing a report sets the child's risk level to high (issue 17): the child is in danger
  until an assessment (§二(六)3) says otherwise;
- after filing, the director visits the child again (随访) within 7 days: a to-do from the
  day of the report until a follow-up visit (随访) on or after that day is on file;
- the police inform the township (§二(六)2), which then assesses (§二(六)3): a filed
  report without an assessment on or after its day is an assessment task on the to-do of
  the director and the township supervisor, until the report's follow-up is closed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from casework.dates import add_days, read_day

AT_ONCE = timedelta(hours=24)
FOLLOW_UP_VISIT_DAYS = 7
RISK_ON_FILING = "high"


def _moment(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).replace(" ", "T")) if value else None
    except ValueError:
        return None


def reporting_delay(fields: Mapping[str, Any]) -> timedelta | None:
    """From finding the child to reporting to the police; None until both are known."""
    found, reported = _moment(fields.get("found_at")), _moment(fields.get("reported_at"))
    if found is None or reported is None or reported < found:
        return None
    return reported - found


def reported_at_once(fields: Mapping[str, Any]) -> bool | None:
    """Within 24 hours (§二(六)1 "第一时间"); None until both times are known."""
    delay = reporting_delay(fields)
    return None if delay is None else delay <= AT_ONCE


def _filed_day(report: Mapping[str, Any]) -> date | None:
    if not report.get("filed"):
        return None
    return read_day(report.get("reported_at"))


def follow_up_visit_due(
    report: Mapping[str, Any], visits: Iterable[Mapping[str, Any]]
) -> date | None:
    """The day a follow-up visit (随访) is due by, or None when one was made or the report
    is not filed (or closed)."""
    day = _filed_day(report)
    if day is None or report.get("follow_up_status") == "closed":
        return None
    for visit in visits:
        visited = read_day(visit.get("visit_date"))
        if visit.get("visit_type") == "follow_up" and visited is not None and visited >= day:
            return None
    return add_days(day, FOLLOW_UP_VISIT_DAYS)


def assessment_task_since(
    report: Mapping[str, Any], assessments: Iterable[Mapping[str, Any]]
) -> date | None:
    """The day the township's assessment became due (the report's), or None when an
    assessment on or after it is on file."""
    day = _filed_day(report)
    if day is None or report.get("follow_up_status") == "closed":
        return None
    for assessment in assessments:
        assessed = read_day(assessment.get("assessed_on"))
        if assessed is not None and assessed >= day:
            return None
    return day
