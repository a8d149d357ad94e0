"""统计, Qt-free: children by category and by village, and home visits due against done
for each of the last months (the same reading as the monthly report: a child in a
category was due in a month when its next visit, judged by the visits before the month,
fell on or before the month's last day; visits done are those dated in the month)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from casework.dates import read_day
from casework.eligibility import CATEGORY_CODES, add_months
from casework.visits_policy import next_visit_due
from desktop.models.store import CaseStore
from desktop.services import read_cache
from desktop.services.casefile import ChildSummary, child_summaries, county_visit_policy
from desktop.services.monthly_report import month_end


@dataclass(frozen=True)
class VillageCount:
    village_code: str
    children: int
    in_a_category: int
    overdue: int


@dataclass(frozen=True)
class MonthVisits:
    month: date  # its first day
    due: int  # children due a visit in the month
    visited: int  # of those, visited in the month
    done: int  # visits recorded in the month (any child)


@dataclass(frozen=True)
class Statistics:
    children: int
    by_category: tuple[tuple[str, int], ...]  # every category, in the county's order
    by_village: tuple[VillageCount, ...]
    months: tuple[MonthVisits, ...]  # oldest first, this month last


def _village_counts(summaries: list[ChildSummary]) -> tuple[VillageCount, ...]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in summaries:
        row = counts[s.village_code]
        row[0] += 1
        row[1] += bool(s.categories)
        row[2] += bool(s.next_visit and s.next_visit.status == "overdue")
    return tuple(VillageCount(code, *row) for code, row in sorted(counts.items()))


def _month_visits(
    store: CaseStore, summaries: list[ChildSummary], today: date, months: int
) -> tuple[MonthVisits, ...]:
    policy = county_visit_policy(store)
    visit_days: dict[str, list[date]] = defaultdict(list)
    for visit in read_cache.records(store, "visit"):
        day = read_day(visit.fields.get("visit_date"))
        if visit.child_id and day is not None:
            visit_days[visit.child_id].append(day)
    registered = {c.id: c.created_at.date() for c in read_cache.records(store, "child")}
    firsts = [add_months(today.replace(day=1), -back) for back in range(months - 1, -1, -1)]
    figures = []
    for first in firsts:
        last = month_end(first)
        due = visited = done = 0
        for summary in summaries:
            days = visit_days.get(summary.id, [])
            in_month = [d for d in days if first <= d <= last]
            done += len(in_month)
            on_file = registered.get(summary.id)
            # Today's categories stand in for the month's (a category changes rarely).
            if not summary.categories or on_file is None or on_file > last:
                continue
            next_due = next_visit_due(
                last_visit=max((d for d in days if d < first), default=None),
                registered_on=on_file,
                categories=summary.categories,
                risk_level=summary.risk_level,
                key_child=summary.key_child,
                policy=policy,
            )
            if next_due is not None and next_due <= last:
                due += 1
                visited += bool(in_month)
        figures.append(MonthVisits(first, due, visited, done))
    return tuple(figures)


def load_statistics(store: CaseStore, *, today: date, months: int = 6) -> Statistics:
    summaries = child_summaries(store, today=today)
    categories = Counter(code for s in summaries for code in s.categories)
    return Statistics(
        children=len(summaries),
        by_category=tuple((code, categories[code]) for code in CATEGORY_CODES),
        by_village=_village_counts(summaries),
        months=_month_visits(store, summaries, today, months),
    )
