"""To-do reminders on each boundary, against a real encrypted store."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from casework.eligibility import add_months, birthday
from desktop.models.store import CaseStore
from desktop.models.tables import Record
from desktop.services.reminders import Reminder, reminders

TODAY = date.today()


def _child(store: CaseStore, *, birth: date | None = None, **extra: Any) -> str:
    """A left-behind child (rural Anji, both parents away at work), 10 unless told."""
    fields = {
        "name": "王小明",
        "gender": "male",
        "birth_date": birth or date(TODAY.year - 10, 3, 1),
    }
    child_id = store.create("child", {**fields, **extra})
    for relation, name in (("father", "王大山"), ("mother", "李春花")):
        store.create(
            "family_member",
            {
                "child_id": child_id,
                "relation": relation,
                "name": name,
                "situations": [{"kind": "migrant_work", "since": "2020-01-01"}],
            },
        )
    return child_id


def _kinds(store: CaseStore, today: date, *kinds: str) -> list[Reminder]:
    return [r for r in reminders(store, today) if r.kind in kinds]


VISIT = TODAY - timedelta(days=10)
VISIT_DUE = add_months(VISIT, 3)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (VISIT_DUE - timedelta(days=8), []),
        (VISIT_DUE - timedelta(days=7), ["visit_due"]),
        (VISIT_DUE, ["visit_due"]),
        (VISIT_DUE + timedelta(days=1), ["visit_overdue"]),
    ],
)
def test_visit_due_and_overdue(store: CaseStore, today: date, expected: list[str]) -> None:
    child_id = _child(store)
    store.create("visit", {"child_id": child_id, "visit_date": VISIT, "visitor": "李主任"})
    found = _kinds(store, today, "visit_due", "visit_overdue")
    assert [r.kind for r in found] == expected
    if found:
        assert found[0].due == VISIT_DUE
        assert found[0].child_id == child_id
        assert "王小明" in found[0].message.zh
        assert found[0].severity == ("urgent" if expected == ["visit_overdue"] else "warning")


def test_a_new_file_is_due_a_first_visit(store: CaseStore) -> None:
    _child(store)
    assert [r.kind for r in _kinds(store, TODAY, "visit_due")] == ["visit_due"]
    overdue = _kinds(store, TODAY + timedelta(days=3), "visit_overdue")
    assert "3" in overdue[0].message.zh and "3 days overdue" in overdue[0].message.en


UNTIL = TODAY + timedelta(days=200)


def _entrust(store: CaseStore, child_id: str, until: date, status: str = "signed") -> str:
    return store.create(
        "entrustment",
        {
            "child_id": child_id,
            "guardian_name": "王爷爷",
            "signed_date": TODAY - timedelta(days=100),
            "valid_until": until,
            "status": status,
        },
    )


@pytest.mark.parametrize(
    ("today", "expected", "severity"),
    [
        (UNTIL - timedelta(days=31), [], None),
        (UNTIL - timedelta(days=30), ["entrustment_expiring"], "warning"),
        (UNTIL, ["entrustment_expiring"], "warning"),
        (UNTIL + timedelta(days=1), ["entrustment_expired"], "urgent"),
    ],
)
def test_entrustment_expiry(
    store: CaseStore, today: date, expected: list[str], severity: str | None
) -> None:
    entrustment = _entrust(store, _child(store), UNTIL)
    found = _kinds(store, today, "entrustment_expiring", "entrustment_expired")
    assert [r.kind for r in found] == expected
    assert [r.record_id for r in found] == [entrustment] * len(expected)
    assert [r.severity for r in found] == ([severity] if severity else [])


def test_a_renewed_or_unsigned_entrustment_is_quiet(store: CaseStore) -> None:
    child_id = _child(store)
    _entrust(store, child_id, UNTIL)
    _entrust(store, child_id, UNTIL + timedelta(days=365))
    _entrust(_store := store, _child(store, name="张小红", gender="female"), UNTIL, "draft")
    assert _kinds(_store, UNTIL, "entrustment_expiring", "entrustment_expired") == []


CERT = TODAY + timedelta(days=100)


@pytest.mark.parametrize(
    ("assistance", "today", "expected"),
    [
        ("dibao", CERT - timedelta(days=31), []),
        ("dibao", CERT - timedelta(days=30), ["certificate_expiring"]),
        ("dibao_edge", CERT, ["certificate_expiring"]),
        ("dibao", CERT + timedelta(days=1), ["certificate_expired"]),
        ("none", CERT, []),
    ],
)
def test_dibao_certificate(
    store: CaseStore, assistance: str, today: date, expected: list[str]
) -> None:
    extra: dict[str, Any] = {"family_assistance": assistance}
    if assistance != "none":
        extra["assistance_valid_until"] = CERT
    _child(store, **extra)
    found = _kinds(store, today, "certificate_expiring", "certificate_expired")
    assert [r.kind for r in found] == expected
    if assistance == "dibao_edge":
        assert "低保边缘证" in found[0].message.zh


@pytest.mark.parametrize("age", [16, 18])
@pytest.mark.parametrize(
    ("days_before", "expected"), [(61, False), (60, True), (1, True), (0, False)]
)
def test_turning_16_or_18(store: CaseStore, age: int, days_before: int, expected: bool) -> None:
    birth = date(TODAY.year - age + 1, 2, 10)
    _child(store, birth=birth)
    day = birthday(birth, age)
    found = _kinds(store, day - timedelta(days=days_before), f"turns_{age}")
    assert [r.due for r in found] == ([day] if expected else [])
    if expected:
        assert f"满 {age} 周岁" in found[0].message.zh


LOST = TODAY - timedelta(days=100)
LOST_REACHED = add_months(LOST, 6)


@pytest.mark.parametrize(("days_before", "expected"), [(31, False), (30, True), (0, False)])
def test_lost_contact_reaching_6_months(store: CaseStore, days_before: int, expected: bool) -> None:
    child_id = store.create(
        "child", {"name": "赵小雨", "gender": "female", "birth_date": "2016-05-01"}
    )
    store.create(
        "family_member",
        {
            "child_id": child_id,
            "relation": "father",
            "name": "赵强",
            "situations": [{"kind": "lost_contact", "since": LOST}],
        },
    )
    store.create(
        "family_member",
        {
            "child_id": child_id,
            "relation": "mother",
            "name": "钱芳",
            "situations": [{"kind": "migrant_work", "since": "2020-01-01"}],
        },
    )
    found = _kinds(store, LOST_REACHED - timedelta(days=days_before), "lost_contact_6_months")
    assert [r.due for r in found] == ([LOST_REACHED] if expected else [])


REPORTED = datetime.combine(TODAY - timedelta(days=1), datetime.min.time()).replace(hour=9)


@pytest.mark.parametrize(
    ("filed", "status", "days_after", "expected"),
    [
        (True, "open", 6, False),
        (True, "open", 7, True),
        (True, "following", 30, False),
        (False, "open", 30, False),
    ],
)
def test_report_without_follow_up(
    store: CaseStore, filed: bool, status: str, days_after: int, expected: bool
) -> None:
    child_id = _child(store)
    report = store.create(
        "mandatory_report",
        {
            "child_id": child_id,
            "trigger": "living_alone",
            "found_at": REPORTED - timedelta(hours=2),
            "reported_at": REPORTED,
            "police_station": "递铺派出所",
            "filed": filed,
            "follow_up_status": status,
        },
    )
    today = REPORTED.date() + timedelta(days=days_after)
    found = _kinds(store, today, "report_without_follow_up")
    assert [r.record_id for r in found] == ([report] if expected else [])
    if expected:
        assert found[0].severity == "urgent" and found[0].child_id == child_id


@pytest.mark.parametrize(
    ("state", "expected"),
    [("conflict", ["sync_conflict"]), ("rejected", ["sync_rejected"]), ("synced", [])],
)
def test_records_in_conflict_or_rejected(store: CaseStore, state: str, expected: list[str]) -> None:
    child_id = _child(store)
    visit = store.create("visit", {"child_id": child_id, "visit_date": TODAY, "visitor": "李主任"})
    with store.engine.begin() as connection:
        connection.execute(update(Record).where(Record.id == visit).values(sync_state=state))
    found = _kinds(store, TODAY, "sync_conflict", "sync_rejected")
    assert [(r.kind, r.record_id, r.child_id) for r in found] == [
        (kind, visit, child_id) for kind in expected
    ]


def test_most_urgent_first_and_json(store: CaseStore) -> None:
    child_id = _child(store)
    _entrust(store, child_id, TODAY + timedelta(days=10))
    items = reminders(store, TODAY + timedelta(days=5))
    assert [r.severity for r in items] == sorted(
        (r.severity for r in items), key=["urgent", "warning", "info"].index
    )
    assert {"visit_overdue", "entrustment_expiring"} <= {r.kind for r in items}
    encoded = items[0].to_json()
    assert encoded["due"] == items[0].due.isoformat() and encoded["zh"] == items[0].message.zh
