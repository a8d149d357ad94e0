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

Dates as people write them (a ledger cell, the CLI's ``--set``) are read by
:func:`parse_written_date`, the one place that knows the spellings: ``2013-04-02``,
``2013/4/2``, ``2013.4.2``, ``20130402``, ``2013年4月2日``, an Excel day number, or a
month alone (``2013.04``, ``2013年4月``: a :class:`YearMonth`).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import NamedTuple

from casework.messages import Message, WordError

M_BAD_DATE = Message(
    "“{value}”不是有效日期；请写成 2013-04-02、2013/4/2、2013.4.2、20130402 或 2013年4月2日",
    "'{value}' is not a date; write it as 2013-04-02, 2013/4/2, 2013.4.2, 20130402 or 2013年4月2日",
)
M_BAD_TIME = Message(
    "“{value}”不是有效时间；请写成 2026-05-01 14:30（日期的写法同上）",
    "'{value}' is not a time; write it as 2026-05-01 14:30",
)


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


_DATE_SEPARATED = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YEAR_MONTH = re.compile(r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))")
_TIME = re.compile(r"(.+?)(?:\s+|T|日)(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*\d{2}秒?|分)?")
# Excel's day numbers of 1900-01-01 .. 2100-12-31 (a date cell saved as a number).
_EXCEL_SERIALS = (1, 73415)
_EXCEL_EPOCH = date(1899, 12, 30)


class YearMonth(NamedTuple):
    """A date given to the month only (出生年月 2013.04): the day comes later, from the
    ID number for a birth date, or the month's first/last day for a term."""

    year: int
    month: int

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def last_day(self) -> date:
        following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - timedelta(days=1)

    def text(self) -> str:
        return f"{self.year}年{self.month}月"


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_written_date(value: object) -> date | YearMonth:
    """A date as written (see the module's docstring), or a :class:`YearMonth` when only
    the month is given; a :class:`~casework.messages.WordError` naming the value otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and _EXCEL_SERIALS[0] <= value <= _EXCEL_SERIALS[1]
        and float(value).is_integer()
    ):
        return _EXCEL_EPOCH + timedelta(days=int(value))
    text = unicodedata.normalize("NFKC", _as_text(value)).strip()
    match = _DATE_SEPARATED.fullmatch(text) or _DATE_DIGITS.fullmatch(text)
    if match is not None:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    month = _YEAR_MONTH.fullmatch(text)
    if match is None and month is not None:
        number = int(month[2] or month[3])
        if 1 <= number <= 12:
            return YearMonth(int(month[1]), number)
    raise WordError(M_BAD_DATE.format(value=text))


def parse_written_day(value: object) -> date:
    """A whole day as written; a month alone is refused (a record's date names its day)."""
    parsed = parse_written_date(value)
    if isinstance(parsed, YearMonth):
        raise WordError(M_BAD_DATE.format(value=_as_text(value)))
    return parsed


def parse_written_time(value: object) -> datetime:
    """A day and a time as written (``2026年5月1日 14:30``, ``2026/5/1 14:30``,
    ``2026-05-01T14:30``); a day alone is its midnight."""
    if isinstance(value, datetime):
        return value
    text = unicodedata.normalize("NFKC", _as_text(value)).strip()
    found = _TIME.fullmatch(text)
    try:
        if found is None:
            return datetime.combine(parse_written_day(text), datetime.min.time())
        day = parse_written_day(found[1])
        return datetime(day.year, day.month, day.day, int(found[2]), int(found[3]))
    except (WordError, ValueError):
        raise WordError(M_BAD_TIME.format(value=text)) from None
