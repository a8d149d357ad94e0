"""统计, Qt-free: children by category and by village (today), and home visits due against
done for each of the last months: the monthly report's own figures
(``services/month_figures``), each bar with the children behind it."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from casework.eligibility import CATEGORY_CODES, DIFFICULTY_CATEGORIES, add_months
from desktop.models.store import CaseStore
from desktop.services.casefile import ChildSummary, open_child_summaries
from desktop.services.directory import Directory, directory_of
from desktop.services.month_figures import MonthFigures, month_figures

# The monthly chart's series, in its order.
DUE_SERIES, VISITED_SERIES, VISITS_SERIES = 0, 1, 2


@dataclass(frozen=True)
class VillageCount:
    village_code: str
    children: int
    in_a_category: int
    overdue: int
    village_name: str = ""  # the county directory's name (the code where none is known)


@dataclass(frozen=True)
class MonthVisits:
    month: date  # its first day
    due: int  # children due a visit in the month
    visited: int  # of those, visited in the month
    done: int  # visits dated in the month
    figures: MonthFigures  # the count these come from, with the children behind each


@dataclass(frozen=True)
class Statistics:
    children: int
    by_category: tuple[tuple[str, int], ...]  # every category, in the county's order
    by_village: tuple[VillageCount, ...]
    months: tuple[MonthVisits, ...]  # oldest first, this month last
    # Children, each counted once however many categories it holds (issue 17 item 6): in
    # difficulty (困境儿童, categories 2–6, seed §二(一) "第2-6类…统称为困境儿童").
    in_difficulty: int = 0
    names: Directory = field(default_factory=Directory)  # villages' names for the lists


def _village_counts(summaries: list[ChildSummary], names: Directory) -> tuple[VillageCount, ...]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in summaries:
        row = counts[s.village_code]
        row[0] += 1
        row[1] += bool(s.categories)
        row[2] += bool(s.next_visit and s.next_visit.status == "overdue")
    return tuple(
        VillageCount(code, row[0], row[1], row[2], village_name=names.village(code))
        for code, row in sorted(counts.items())
    )


def _month_visits(store: CaseStore, today: date, months: int) -> tuple[MonthVisits, ...]:
    firsts = [add_months(today.replace(day=1), -back) for back in range(months - 1, -1, -1)]
    out = []
    for first in firsts:
        figures = month_figures(store, first)
        t = figures.totals
        out.append(MonthVisits(first, t.visits_due, t.due_visited, t.visits_done, figures))
    return tuple(out)


@dataclass(frozen=True)
class BarItem:
    """One child behind a bar: for the visits bar, one visit (with its date)."""

    child_id: str
    name: str
    village_code: str
    visited: bool
    visit_date: date | None = None
    village_name: str = ""  # the directory's name for the village (its code if unknown)


def behind_bar(
    month: MonthVisits, series: int, names: Directory | None = None
) -> tuple[BarItem, ...]:
    """What a bar of the monthly chart counts: the children due, those visited, the visits
    (each with its village's name from ``names``, the directory)."""
    figures = month.figures
    village = (names or Directory()).village
    if series == VISITS_SERIES:
        return tuple(BarItem(v.child_id, v.child_name, v.village_code, True, v.day,
                             village(v.village_code))
                     for v in figures.visits)  # fmt: skip
    wanted = [c for c in figures.children if (c.visited if series == VISITED_SERIES else c.due)]
    return tuple(
        BarItem(c.child_id, c.name, c.village_code, c.visited, None, village(c.village_code))
        for c in wanted
    )


def load_statistics(store: CaseStore, *, today: date, months: int = 6) -> Statistics:
    # A closed file (退出/结案) is in the archive, not in the counts (casework.closure).
    summaries = open_child_summaries(store, today=today)
    categories = Counter(code for s in summaries for code in s.categories)
    names = directory_of(store)
    return Statistics(
        children=len(summaries),
        by_category=tuple((code, categories[code]) for code in CATEGORY_CODES),
        by_village=_village_counts(summaries, names),
        months=_month_visits(store, today, months),
        in_difficulty=sum(1 for s in summaries if DIFFICULTY_CATEGORIES & set(s.categories)),
        names=names,
    )
