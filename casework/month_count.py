"""One child's part in a month's figures, shared by the township's monthly report on the
laptop (``desktop/services/month_figures.py``, whose docstring is the counting contract)
and the county's report on the server (``county_server/services/county_report.py``), so
the county's figures for a village are the village's own.

For a calendar month from ``first`` to ``last`` (seed §二(一) categories as of the day,
``casework.category_history``; visit intervals by ``casework.visits_policy``):

- *on file* from the opening day (``casework.opening``); a file closed (退出/结案) before
  ``first`` is in no figures; one closed in the month counts as closed in it;
- *in scope* (in care): in a category on ``last``;
- *due* a visit: by the categories on ``last`` (or, closed in the month, on the day
  before ``first``), the next visit after the last one dated before ``first`` (or the
  opening day) falls by ``last``; *visited*: due and visited in the month.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from casework.category_history import CategoryHistory
from casework.dates import add_days, read_day
from casework.opening import Opening
from casework.visits_policy import VisitPolicy, next_visit_due


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass
class VillageFigures:
    children: int = 0
    in_scope: int = 0
    visits_due: int = 0
    due_visited: int = 0
    visits_done: int = 0
    new_cases: int = 0
    closed_cases: int = 0

    def add(self, other: VillageFigures) -> None:
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class ChildMonth:
    """One child's part in a month's figures: the row behind every count it is in."""

    child_id: str
    name: str
    village_code: str
    opening: Opening
    on_file: bool  # opened by the month's last day
    categories: tuple[str, ...]  # on the month's last day
    due: bool
    visited: bool
    visits: int
    new: bool
    closed: bool
    file_closed_on: date | None = None  # its file was closed (结案) on this day of the month

    @property
    def in_scope(self) -> bool:
        return bool(self.categories)


def child_month(
    *,
    child_id: str,
    name: str,
    village_code: str,
    fields: Mapping[str, Any],
    opened: Opening,
    history: CategoryHistory,
    visit_days: Sequence[date],
    first: date,
    last: date,
    policy: VisitPolicy,
) -> ChildMonth | None:
    """The child's row for the month from ``first`` to ``last``; None when the child is in
    none of its figures (not yet on file and not visited, or closed in an earlier month)."""
    before = add_days(first, -1)
    in_month = [d for d in visit_days if first <= d <= last]
    on_file = opened.day <= last
    if not on_file and not in_month:
        return None
    file_closed = read_day(fields.get("file_closed_on"))
    if file_closed is not None and file_closed < first:
        return None  # closed in an earlier month: in the archive, in no later figures
    closed_now = on_file and file_closed is not None and file_closed <= last
    at_end = history.categories(last) if on_file and not closed_now else ()
    was_in_care = opened.day <= before and bool(history.categories(before))
    is_closed = (was_in_care and not at_end) or closed_now
    judged = at_end or (history.categories(before) if is_closed else ())
    due = False
    if judged:
        next_due = next_visit_due(
            last_visit=max((d for d in visit_days if d < first), default=None),
            registered_on=opened.day,
            categories=judged,
            risk_level=fields.get("risk_level"),
            key_child=bool(fields.get("key_child")),
            policy=policy,
        )
        due = next_due is not None and next_due <= last
    return ChildMonth(
        child_id=child_id,
        name=name,
        village_code=village_code,
        opening=opened,
        on_file=on_file,
        categories=at_end,
        due=due,
        visited=due and bool(in_month),
        visits=len(in_month),
        new=first <= opened.day <= last,
        closed=is_closed,
        file_closed_on=file_closed if closed_now else None,
    )


def tally(figures: VillageFigures, row: ChildMonth) -> None:
    figures.children += row.on_file
    figures.in_scope += row.in_scope
    figures.visits_due += row.due
    figures.due_visited += row.visited
    figures.visits_done += row.visits
    figures.new_cases += row.new
    figures.closed_cases += row.closed
