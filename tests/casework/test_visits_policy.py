"""Visit policy: intervals per category and risk level, due dates and overdue status."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.messages import CaseworkError
from casework.visits_policy import (
    DEFAULT_POLICY,
    VisitDue,
    VisitPolicy,
    next_visit_due,
    visit_due,
    visit_status,
)

REGISTERED = date(2026, 1, 10)


@pytest.mark.parametrize(
    ("policy", "categories", "risk", "key", "months"),
    [
        pytest.param(DEFAULT_POLICY, ["left_behind"], None, False, 3, id="default-quarterly"),
        pytest.param(DEFAULT_POLICY, ["left_behind"], "low", False, 3, id="low-risk"),
        pytest.param(DEFAULT_POLICY, ["left_behind"], "medium", False, 3, id="medium-risk"),
        pytest.param(DEFAULT_POLICY, ["left_behind"], "high", False, 1, id="high-risk-monthly"),
        pytest.param(DEFAULT_POLICY, ["orphan_scattered"], None, True, 1, id="key-child"),
        pytest.param(DEFAULT_POLICY, [], "high", True, None, id="no-category-no-visit"),
        pytest.param(
            VisitPolicy(by_category={"de_facto_unsupported": 2}),
            ["left_behind", "de_facto_unsupported"],
            None,
            False,
            2,
            id="category-override",
        ),
        pytest.param(
            VisitPolicy(by_category={"left_behind": 6}),
            ["left_behind"],
            None,
            False,
            3,
            id="override-never-lengthens",
        ),
        pytest.param(
            VisitPolicy(by_category={"left_behind": 2}),
            ["justice_involved"],
            None,
            False,
            3,
            id="override-for-other-category",
        ),
        pytest.param(
            VisitPolicy(by_risk_level={"medium": 2}),
            ["left_behind"],
            "medium",
            False,
            2,
            id="risk-override",
        ),
        pytest.param(
            VisitPolicy(by_risk_level={"medium": 2}),
            ["left_behind"],
            None,
            False,
            3,
            id="risk-override-unassessed",
        ),
        pytest.param(
            VisitPolicy(key_child_months=2, by_category={"orphan_scattered": 1}),
            ["orphan_scattered"],
            None,
            True,
            1,
            id="category-shorter-than-key",
        ),
        pytest.param(
            VisitPolicy(key_child_months=2, default_months=4),
            ["left_behind"],
            "high",
            False,
            2,
            id="custom-key-months",
        ),
        pytest.param(
            VisitPolicy(default_months=6), ["left_behind"], None, False, 6, id="custom-default"
        ),
    ],
)
def test_interval(
    policy: VisitPolicy, categories: list[str], risk: str | None, key: bool, months: int | None
) -> None:
    got = policy.interval_months(categories=categories, risk_level=risk, key_child=key)
    assert got == months


@pytest.mark.parametrize(
    ("last_visit", "categories", "risk", "key", "due"),
    [
        pytest.param(None, ["left_behind"], None, False, REGISTERED, id="never-visited"),
        pytest.param(None, ["left_behind"], "high", True, REGISTERED, id="never-visited-key"),
        pytest.param(
            date(2026, 1, 31), ["left_behind"], None, True, date(2026, 2, 28), id="monthly-clamp"
        ),
        pytest.param(
            date(2025, 11, 30), ["left_behind"], None, False, date(2026, 2, 28), id="quarterly"
        ),
        pytest.param(
            date(2026, 3, 15), ["orphan_scattered"], "high", False, date(2026, 4, 15), id="high"
        ),
        pytest.param(
            date(2025, 12, 20), ["left_behind"], None, False, date(2026, 3, 20), id="before-reg"
        ),
        pytest.param(date(2026, 3, 15), [], None, True, None, id="not-in-scope"),
        pytest.param(None, [], None, False, None, id="not-in-scope-never-visited"),
    ],
)
def test_next_visit_due(
    last_visit: date | None, categories: list[str], risk: str | None, key: bool, due: date | None
) -> None:
    got = next_visit_due(
        last_visit=last_visit,
        registered_on=REGISTERED,
        categories=categories,
        risk_level=risk,
        key_child=key,
    )
    assert got == due


def test_next_visit_due_uses_the_given_policy() -> None:
    got = next_visit_due(
        last_visit=date(2026, 1, 1),
        registered_on=REGISTERED,
        categories=["temporary_custody"],
        risk_level=None,
        key_child=False,
        policy=VisitPolicy(by_category={"temporary_custody": 1}),
    )
    assert got == date(2026, 2, 1)


DUE = date(2026, 3, 20)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        pytest.param(date(2026, 3, 1), "ok", id="19-days-ahead"),
        pytest.param(date(2026, 3, 12), "ok", id="8-days-ahead"),
        pytest.param(date(2026, 3, 13), "due_soon", id="7-days-ahead"),
        pytest.param(date(2026, 3, 19), "due_soon", id="day-before"),
        pytest.param(date(2026, 3, 20), "due_soon", id="on-due-day"),
        pytest.param(date(2026, 3, 21), "overdue", id="day-after"),
        pytest.param(date(2026, 6, 1), "overdue", id="long-overdue"),
    ],
)
def test_visit_status(today: date, status: str) -> None:
    assert visit_status(due=DUE, today=today) == status


@pytest.mark.parametrize(
    ("last_visit", "today", "expected"),
    [
        pytest.param(
            date(2025, 12, 20),
            date(2026, 3, 1),
            VisitDue(due=date(2026, 3, 20), status="ok", days_overdue=0),
            id="ok",
        ),
        pytest.param(
            date(2025, 12, 20),
            date(2026, 3, 20),
            VisitDue(due=date(2026, 3, 20), status="due_soon", days_overdue=0),
            id="due-today",
        ),
        pytest.param(
            date(2025, 12, 20),
            date(2026, 3, 30),
            VisitDue(due=date(2026, 3, 20), status="overdue", days_overdue=10),
            id="ten-days-late",
        ),
        pytest.param(
            None,
            date(2026, 1, 10),
            VisitDue(due=REGISTERED, status="due_soon", days_overdue=0),
            id="new-file-due-at-once",
        ),
        pytest.param(
            None,
            date(2026, 2, 9),
            VisitDue(due=REGISTERED, status="overdue", days_overdue=30),
            id="new-file-never-visited",
        ),
    ],
)
def test_visit_due(last_visit: date | None, today: date, expected: VisitDue) -> None:
    got = visit_due(
        last_visit=last_visit,
        registered_on=REGISTERED,
        categories=["left_behind"],
        risk_level="medium",
        key_child=False,
        today=today,
    )
    assert got == expected


def test_visit_due_out_of_scope_is_none() -> None:
    got = visit_due(
        last_visit=None,
        registered_on=REGISTERED,
        categories=[],
        risk_level="high",
        key_child=True,
        today=date(2026, 6, 1),
    )
    assert got is None


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        pytest.param({"key_child_months": 0}, "visit_policy", id="zero-months"),
        pytest.param({"default_months": 13}, "visit_policy", id="over-a-year"),
        pytest.param({"default_months": True}, "visit_policy", id="bool-months"),
        pytest.param({"default_months": "3"}, "visit_policy", id="string-months"),
        pytest.param({"by_category": {"left_behind": 0}}, "visit_policy", id="bad-override"),
        pytest.param({"by_category": {"orphan": 1}}, "visit_category", id="unknown-category"),
        pytest.param({"by_risk_level": {"severe": 1}}, "visit_risk_level", id="unknown-risk"),
        pytest.param({"by_risk_level": {"high": -1}}, "visit_policy", id="negative-risk"),
    ],
)
def test_bad_policy_is_rejected(kwargs: dict[str, Any], code: str) -> None:
    with pytest.raises(CaseworkError) as info:
        VisitPolicy(**kwargs)
    assert info.value.code == code
    assert info.value.message.zh and info.value.message.en


@pytest.mark.parametrize(
    ("categories", "risk", "code"),
    [
        pytest.param(["orphan"], None, "visit_category", id="unknown-category"),
        pytest.param(["left_behind"], "urgent", "visit_risk_level", id="unknown-risk"),
    ],
)
def test_bad_child_facts_are_rejected(categories: list[str], risk: str | None, code: str) -> None:
    with pytest.raises(CaseworkError) as info:
        next_visit_due(
            last_visit=None,
            registered_on=REGISTERED,
            categories=categories,
            risk_level=risk,
            key_child=False,
        )
    assert info.value.code == code


def test_policy_is_frozen_and_copies_its_overrides() -> None:
    overrides = {"left_behind": 2}
    policy = VisitPolicy(by_category=overrides)
    overrides["left_behind"] = 12
    assert policy.by_category == {"left_behind": 2}
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.default_months = 6  # type: ignore[misc]
    assert policy == VisitPolicy(by_category={"left_behind": 2})
    assert hash(policy) == hash(VisitPolicy(by_category={"left_behind": 2}))


@given(
    last=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    key=st.booleans(),
    risk=st.sampled_from([None, "low", "medium", "high"]),
)
def test_due_is_after_the_last_visit_and_within_the_interval(
    last: date, key: bool, risk: str | None
) -> None:
    due = next_visit_due(
        last_visit=last,
        registered_on=REGISTERED,
        categories=["low_income_family"],
        risk_level=risk,
        key_child=key,
    )
    assert due is not None
    limit = 31 if key or risk == "high" else 92
    assert timedelta(days=28) <= due - last <= timedelta(days=limit)
