"""Dates at the edges: reading and arithmetic that never raise.

A record's dates are checked against a plausible range when it is saved
(``casework.records.DATE_RANGES``), but the rules, reminders and reports also read what
was stored before those checks existed, or what came from another device through the
county server. Whatever computes with a stored date goes through here:

1. a day moved past ``date.max`` or before ``date.min`` stops there (clamped) instead of
   raising ``OverflowError``: 9999-12-31 plus a day is still 9999-12-31, which every rule
   reads as "not in any lifetime";
2. a value that names no day (empty, ``1900-02-29``, a number, a year of five digits) is
   unknown (``None``) instead of raising ``ValueError``: the rule then acts as for a date
   not filled in.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta


def add_days(day: date, days: int) -> date:
    """``day`` moved by ``days``, stopping at ``date.min`` / ``date.max``."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def add_months(day: date, months: int) -> date:
    """``day`` moved by calendar months, clamped to the end of a shorter month, and
    stopping at ``date.min`` / ``date.max``."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(month_index, 12)
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    month = month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February falls on 1 March in a common year (one
    born then has not completed the year until 28 February is over). Stops at the ends."""
    year = day.year + years
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return day.replace(year=year)


def read_day(value: object) -> date | None:
    """The day a stored date or time names (``YYYY-MM-DD…``), or None when it names none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10 or value[4] != "-":
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
