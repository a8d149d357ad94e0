"""Dates at the edges (issue 16): arithmetic stops at the calendar's ends, unreadable values
are unknown, and the rules answer for any date a record may hold."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from casework.dates import add_days, add_months, add_years, read_day
from casework.eligibility import EligibilityInputError, classify
from casework.facts import facts_from_records
from casework.visits_policy import visit_due

TODAY = date(2026, 11, 28)


def test_arithmetic_stops_at_the_ends_of_the_calendar() -> None:
    assert add_days(date.max, 1) == date.max
    assert add_days(date.min, -1) == date.min
    assert add_days(date(2026, 2, 28), 1) == date(2026, 3, 1)
    assert add_months(date(9999, 12, 31), 6) == date.max
    assert add_months(date(1, 1, 1), -1) == date.min
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_years(date(9990, 1, 1), 18) == date.max
    assert add_years(date(2008, 2, 29), 18) == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2026-11-28", date(2026, 11, 28)),
        ("2026-11-28T09:30:00+08:00", date(2026, 11, 28)),
        ("9999-12-31", date.max),
        (date(2026, 1, 2), date(2026, 1, 2)),
        (datetime(2026, 1, 2, 3, 4), date(2026, 1, 2)),
        ("1900-02-29", None),
        ("", None),
        (None, None),
        ("99999-01-01", None),
        ("+12345-01-01T00:00:00", None),
        (20261231, None),
        (True, None),
    ],
)
def test_a_stored_value_names_a_day_or_none(value: object, day: date | None) -> None:
    assert read_day(value) == day


def _facts(child: dict[str, object], *situations: dict[str, object]) -> dict[str, object]:
    member = {"relation": "father", "situations": list(situations)}
    return facts_from_records(
        {"birth_date": "2015-03-01", **child}, [member] if situations else [], as_of=TODAY
    )


@pytest.mark.parametrize(
    ("child", "situations", "categories"),
    [
        ({"family_assistance": "dibao", "assistance_valid_until": "9999-12-31"}, (),
         ("low_income_family",)),
        ({"family_assistance": "dibao", "assistance_valid_until": "0001-01-01"}, (), ()),
        ({"birth_date": "0001-01-01"}, (), ()),
        ({}, ({"kind": "imprisoned", "since": "9999-12-31"},), ()),
        ({}, ({"kind": "imprisoned", "since": "0001-01-01", "until": "9999-12-31"},), ()),
        ({}, ({"kind": "lost_contact", "since": "0001-01-01"},), ()),
    ],
)  # fmt: skip
def test_the_rules_answer_for_dates_at_the_edges(
    child: dict[str, object], situations: tuple[dict[str, object], ...], categories: tuple[str, ...]
) -> None:
    result = classify(_facts(child, *situations))
    assert result.categories == categories
    assert all(change.date > TODAY for change in result.upcoming_changes)


@pytest.mark.parametrize(
    "child",
    [{"birth_date": None}, {"birth_date": "1900-02-29"}, {"birth_date": 20150301},
     {"disability_category": "mental", "disability_grade": "two"}],
)  # fmt: skip
def test_facts_that_cannot_be_read_are_refused_in_words(child: dict[str, object]) -> None:
    with pytest.raises(EligibilityInputError) as error:
        classify(_facts(child))
    assert error.value.message.zh.startswith("儿童情况数据有误")


def test_a_situation_that_is_not_one_is_left_out() -> None:
    facts = facts_from_records(
        {"birth_date": "2015-03-01"},
        [{"relation": "mother", "situations": ["migrant_work", {"kind": "migrant_work"}]}],
        as_of=TODAY,
    )
    assert facts["parents"] == [{"role": "mother", "situations": [{"kind": "migrant_work"}]}]


def test_a_visit_in_year_9999_makes_the_next_one_due_at_the_end() -> None:
    due = visit_due(
        last_visit=date(9999, 12, 31),
        registered_on=TODAY,
        categories=("left_behind",),
        risk_level="high",
        key_child=True,
        today=TODAY,
    )
    assert due is not None and due.due == date.max and due.status == "ok"
