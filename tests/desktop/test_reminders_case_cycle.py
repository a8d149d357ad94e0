"""To-do reminders of the case cycle (issue 17), against a real encrypted store: help plan
items not done (seed §二(六)3) and referrals unanswered after 14 days (§二(五))."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.models.store import CaseStore
from desktop.services.reminders import Reminder, reminders
from tests.desktop.test_reminders import _child

TODAY = date.today()
KINDS = ("plan_item_open", "plan_item_overdue", "referral_unanswered")


def _found(store: CaseStore, today: date) -> list[Reminder]:
    return [r for r in reminders(store, today) if r.kind in KINDS]


def _day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def test_s2_6_3_open_plan_items_are_on_the_to_do(store: CaseStore) -> None:
    child_id = _child(store)
    store.create(
        "assessment",
        {
            "child_id": child_id, "assessed_on": _day(-3), "assessor": "周督导",
            "risk_level": "high",
            "plan_items": [
                {"what": "心理疏导", "department": "education", "due": _day(5)},
                {"what": "监护指导", "due": _day(-1)},
                {"what": "返校复学", "due": _day(30)},  # more than a week ahead: not yet
                {"what": "法律援助"},  # no due date: on the list, quietly
                {"what": "临时救助", "done": True, "done_on": _day(-1)},
            ],
        },
    )  # fmt: skip
    found = {r.message.zh: (r.kind, r.severity) for r in _found(store, TODAY)}
    assert found == {
        f"王小明：帮扶计划事项“监护指导”应于 {_day(-1)} 前完成，已逾期": (
            "plan_item_overdue",
            "urgent",
        ),
        f"王小明：帮扶计划事项“心理疏导”应于 {_day(5)} 前完成": ("plan_item_open", "warning"),
        f"王小明：帮扶计划事项“法律援助”尚未完成（{_day(-3)} 评估）": ("plan_item_open", "info"),
    }


def test_issue_17_a_referral_unanswered_for_14_days_is_on_the_to_do(store: CaseStore) -> None:
    child_id = _child(store)
    sent = store.create(
        "referral",
        {"child_id": child_id, "department": "civil_affairs", "need": "临时救助",
         "referred_on": _day(-14)},
    )  # fmt: skip
    store.create(
        "referral",
        {"child_id": child_id, "department": "education", "need": "返校",
         "referred_on": _day(-13)},
    )  # fmt: skip
    store.create(
        "referral",
        {"child_id": child_id, "department": "health", "need": "体检", "referred_on": _day(-30),
         "status": "in_progress", "accepted_on": _day(-20)},
    )  # fmt: skip
    [reminder] = _found(store, TODAY)
    assert (reminder.record_id, reminder.kind, reminder.severity) == (
        sent,
        "referral_unanswered",
        "warning",
    )
    assert reminder.message.zh == "王小明：转介民政已 14 天未答复，请联系该部门了解受理情况"
    # Accepted: off the list.
    store.update(sent, {"status": "in_progress", "accepted_on": _day(0)})
    assert _found(store, TODAY) == []


def test_s2_6_4_a_guardian_refusing_for_6_months_is_on_the_to_do(store: CaseStore) -> None:
    child_id = _child(store)
    [father] = [
        m for m in store.records("family_member", child_id=child_id)
        if m.fields["relation"] == "father"
    ]  # fmt: skip
    since = TODAY - timedelta(days=160)  # the 6 months are complete in about 3 weeks
    store.update(
        father.id,
        {"refusing_since": since.isoformat(),
         "interventions": [{"step": "admonition", "taken_on": _day(-100)}]},
    )  # fmt: skip
    [reminder] = [r for r in reminders(store, TODAY) if r.kind == "guardianship_revocation"]
    assert reminder.severity == "warning" and reminder.record_id == father.id
    assert reminder.message.zh.startswith(f"王小明：父亲自 {since} 拒不履行监护职责")
    assert "二（六）4" in reminder.message.zh
    store.update(
        father.id,
        {"interventions": [{"step": "revocation_application", "taken_on": _day(0)}]},
    )
    assert [r for r in reminders(store, TODAY) if r.kind == "guardianship_revocation"] == []
