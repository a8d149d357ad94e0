"""The to-do for issue 17 item 6's further rules: key children from schooling and household
registration and the director's answer (annex 3 item 4), benefits not applied for (annex 3
item 4), a new entrustment when the parents' situation changes (annex 3 item 3, §二(六)2),
and every left-behind child without a valid one; each test names its clause."""

from __future__ import annotations

from datetime import timedelta

from desktop.models.store import CaseStore
from desktop.services.reminders import reminders
from desktop.usecases.casecycle import (
    confirm_key_child,
    decline_key_child,
    key_child_suggested,
)
from desktop.usecases.children import load_child_file
from tests.desktop.test_reminders import TODAY, _child, _kinds


def test_annex_3_item_4_out_of_school_and_unregistered_children_are_suggested(
    store: CaseStore,
) -> None:
    dropped = _child(store, schooling_status="dropped_out")
    unregistered = store.create(
        "child", {"name": "赵无籍", "gender": "female", "birth_date": "2016-05-01",
                  "no_hukou": True},
    )  # fmt: skip
    found = {r.child_id: r.message for r in _kinds(store, TODAY, "key_child_suggested")}
    assert "失学辍学，建议列为重点儿童" in found[dropped].zh
    assert "无户籍，建议列为重点儿童" in found[unregistered].zh
    assert "no household registration" in found[unregistered].en
    assert "或说明理由不列为重点儿童" in found[dropped].zh


def test_annex_3_item_4_the_director_confirms_or_declines_and_is_not_asked_again(
    store: CaseStore,
) -> None:
    ill = _child(store, serious_illness=True)
    out = _child(store, schooling_status="out_of_school")
    assert key_child_suggested(load_child_file(store, child_id=ill, today=TODAY)) == ["ill"]
    confirm_key_child(store, child_id=ill)
    assert store.get(ill).fields["key_child"] is True
    decline_key_child(store, child_id=out, reason="已复学，每周到校", day=TODAY)
    declined = store.get(out).fields["key_child_declined"]
    assert declined == {
        "grounds": ["out_of_school"],
        "declined_on": TODAY.isoformat(),
        "reason": "已复学，每周到校",
    }
    assert _kinds(store, TODAY, "key_child_suggested") == []
    # A new ground (the child now has no household registration on file) asks again.
    store.update(out, {"no_hukou": True})
    (again,) = _kinds(store, TODAY, "key_child_suggested")
    assert again.child_id == out and "无户籍" in again.message.zh
    assert "失学辍学" not in again.message.zh


def test_annex_3_item_4_benefits_not_applied_for_are_on_the_to_do(store: CaseStore) -> None:
    # Both parents dead: a scattered orphan (§二(一)2(2)), in school.
    orphan = store.create(
        "child", {"name": "钱小孤", "gender": "male", "birth_date": "2014-02-02",
                  "schooling_status": "in_school"},
    )  # fmt: skip
    for relation in ("father", "mother"):
        store.create(
            "family_member",
            {"child_id": orphan, "relation": relation, "situations": [{"kind": "deceased"}]},
        )
    (item,) = _kinds(store, TODAY, "benefit_not_applied")
    assert item.child_id == orphan and item.severity == "info"
    assert item.message.zh.startswith(
        "钱小孤：基本生活费（补贴）、低保、医疗救助、教育资助尚未申请"
    )
    assert "附件3第4项" in item.message.zh
    store.update(
        orphan,
        {"benefits": [
            {"benefit": "basic_living", "status": "granted", "granted_on": "2026-01-05"},
            {"benefit": "dibao", "status": "applied", "applied_on": "2026-10-10"},
            {"benefit": "medical_aid", "status": "informed", "informed_on": "2026-10-10"},
            {"benefit": "education_aid", "status": "not_needed", "note": "学校已全免"},
        ]},
    )  # fmt: skip
    (item,) = _kinds(store, TODAY, "benefit_not_applied")
    assert item.message.zh.startswith("钱小孤：医疗救助尚未申请")  # only told: still waiting
    # A left-behind child (no benefit of its own) is not on this list.
    _child(store)
    assert [r.child_id for r in _kinds(store, TODAY, "benefit_not_applied")] == [orphan]


def test_annex_3_item_3_a_change_in_the_parents_situation_asks_for_a_new_entrustment(
    store: CaseStore,
) -> None:
    child = _child(store)  # both parents away since 2020
    signed = TODAY - timedelta(days=200)
    store.create(
        "entrustment",
        {"child_id": child, "guardian_name": "王奶奶", "status": "signed",
         "signed_date": signed.isoformat(),
         "valid_until": (TODAY + timedelta(days=165)).isoformat()},
    )  # fmt: skip
    assert _kinds(store, TODAY, "entrustment_outdated", "entrustment_missing") == []
    # The father came home 30 days ago and went out again 10 days ago: the family changed.
    father = next(
        m
        for m in store.records("family_member", child_id=child)
        if m.fields["relation"] == "father"
    )
    back = TODAY - timedelta(days=30)
    store.update(
        father.id,
        {"situations": [
            {"kind": "migrant_work", "since": "2020-01-01", "until": back.isoformat()},
            {"kind": "migrant_work", "since": (TODAY - timedelta(days=10)).isoformat()},
        ]},
    )  # fmt: skip
    (item,) = _kinds(store, TODAY, "entrustment_outdated")
    assert item.child_id == child and item.due == back
    assert "父母情况已变化" in item.message.zh
    assert "请重新签订委托监护确认书" in item.message.zh
    assert f"父亲外出务工已于 {back} 结束" in item.message.zh
    # A new confirmation signed after the change settles it.
    store.create(
        "entrustment",
        {"child_id": child, "guardian_name": "王奶奶", "status": "signed",
         "signed_date": TODAY.isoformat()},
    )  # fmt: skip
    assert _kinds(store, TODAY, "entrustment_outdated") == []


def test_annex_3_item_3_every_left_behind_child_without_a_valid_one_is_on_the_to_do(
    store: CaseStore,
) -> None:
    none = _child(store)
    draft = _child(store)
    store.create("entrustment", {"child_id": draft, "guardian_name": "王奶奶"})
    revoked = _child(store)
    store.create(
        "entrustment", {"child_id": revoked, "guardian_name": "王奶奶", "status": "revoked"}
    )
    expired = _child(store)
    store.create(
        "entrustment",
        {"child_id": expired, "guardian_name": "王奶奶", "status": "signed",
         "signed_date": "2024-01-01", "valid_until": (TODAY - timedelta(days=3)).isoformat()},
    )  # fmt: skip
    valid = _child(store)
    # An old expired one and a new one signed without an end: valid, nothing to do.
    for until in ((TODAY - timedelta(days=400)).isoformat(), None):
        store.create(
            "entrustment",
            {"child_id": valid, "guardian_name": "王奶奶", "status": "signed",
             "signed_date": "2023-01-01", "valid_until": until},
        )  # fmt: skip
    missing = {r.child_id for r in _kinds(store, TODAY, "entrustment_missing")}
    assert missing == {none, draft, revoked}
    assert {r.child_id for r in _kinds(store, TODAY, "entrustment_expired")} == {expired}
    for item in _kinds(store, TODAY, "entrustment_missing"):
        assert "留守儿童无有效委托监护确认书" in item.message.zh
    assert all(r.child_id != valid or not r.kind.startswith("entrustment") for r in
               reminders(store, TODAY))  # fmt: skip


def test_s2_6_1_to_2_a_filed_report_schedules_a_follow_up_visit_on_the_to_do(
    store: CaseStore,
) -> None:
    child = _child(store)
    reported = TODAY - timedelta(days=2)
    report = store.create(
        "mandatory_report",
        {"child_id": child, "trigger": "suspected_violence", "found_at": f"{reported}T09:00",
         "reported_at": f"{reported}T10:00", "police_station": "递铺派出所", "filed": True},
    )  # fmt: skip
    (item,) = _kinds(store, TODAY, "follow_up_visit_due")
    assert item.record_id == report and item.due == reported + timedelta(days=7)
    assert "随访" in item.message.zh and "回访" not in item.message.zh
    store.create(
        "visit",
        {"child_id": child, "visit_date": TODAY.isoformat(), "visitor": "李主任",
         "visit_type": "follow_up"},
    )  # fmt: skip
    assert _kinds(store, TODAY, "follow_up_visit_due") == []
