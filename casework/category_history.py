"""A child's categories on any past or future day, classifying only when they can differ.

The rules compare the day they judge (``as_of``) only with dates the facts hold: the
birth date and the 16th and 18th birthdays, each parent situation's start, end and
6-month mark, the 低保 certificate's end. Between two such dates every day gets the same
result, so the days are cut into segments at each of them (and the day after, which
covers "until" being inclusive) and the rules run once per segment asked about. A year
of monthly figures then costs about one classification per child, not twelve.

The same holds for the changes the rules foresee (turns 16, a term reaches 6 months …):
each falls on one of those dates, so none lies inside a segment.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from casework.dates import add_days, add_months, read_day
from casework.eligibility import (
    ADULT_AGE,
    LEFT_BEHIND_AGE,
    TERM_MONTHS,
    EligibilityInputError,
    EligibilityResult,
    birthday,
    classify,
)
from casework.facts import facts_from_records


def _turning_points(child: Mapping[str, Any], members: Sequence[Mapping[str, Any]]) -> list[date]:
    """Every day on which the rules' answer may differ from the day before."""
    dates: list[date] = []
    birth = read_day(child.get("birth_date"))
    if birth is not None:
        dates += [birth, birthday(birth, LEFT_BEHIND_AGE), birthday(birth, ADULT_AGE)]
    certificate = read_day(child.get("assistance_valid_until"))
    if certificate is not None:
        dates.append(certificate)
    for member in members:
        for situation in member.get("situations") or ():
            if not isinstance(situation, Mapping):
                continue
            since = read_day(situation.get("since"))
            until = read_day(situation.get("until"))
            if since is not None:
                dates += [since, add_months(since, TERM_MONTHS)]
            if until is not None:
                dates.append(until)
    # A comparison may be strict or not: the day itself and the day after both count.
    return sorted({d for day in dates for d in (day, add_days(day, 1))})


class CategoryHistory:
    """One child's eligibility on any day, computed once per segment between turning points.

    ``result(day)`` is None when the child's facts are inconsistent on that day (the rules
    refuse them), as the lists treat such a file: in no category.
    """

    def __init__(self, child: Mapping[str, Any], members: Sequence[Mapping[str, Any]]) -> None:
        self._child = child
        self._members = [m for m in members if m.get("relation") in ("father", "mother")]
        self._points = _turning_points(child, self._members)
        self._results: dict[int, EligibilityResult | None] = {}

    def result(self, day: date) -> EligibilityResult | None:
        segment = bisect.bisect_right(self._points, day)
        if segment not in self._results:
            self._results[segment] = self._classify(day)
        return self._results[segment]

    def categories(self, day: date) -> tuple[str, ...]:
        found = self.result(day)
        return tuple(found.categories) if found is not None else ()

    def _classify(self, day: date) -> EligibilityResult | None:
        try:
            return classify(facts_from_records(self._child, self._members, as_of=day))
        except EligibilityInputError:
            return None
