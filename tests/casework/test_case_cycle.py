"""The case cycle after a child is found (issue 17): assessments and help plans (seed
§二(六)3), referrals ("一门受理、协同救助", seed §二(五)) and who may write them. Each test
names the clause it follows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from casework.assessments import child_risk_after, open_plan_items, plan_item_severity
from casework.closure import adult_referrals_missing, closing, is_closed, reopening
from casework.guardianship import revocation_window
from casework.permissions import forbidden_fields, may, writable_fields
from casework.records import (
    ASSESSMENT_PARTNERS,
    DEPARTMENTS,
    FILED_REPORT_EDITABLE,
    RecordValidationError,
    validate,
)
from casework.referrals import UNANSWERED_DAYS, answer_dates, unanswered_due
from casework.report_follow_through import (
    RISK_ON_FILING,
    assessment_task_since,
    follow_up_visit_due,
    reported_at_once,
    reporting_delay,
)

CHILD_ID = "0b7c6a1e-3f7d-4c8e-9a51-2d4e6f8a0b1c"
REPORT_ID = "1b7c6a1e-3f7d-4c8e-9a51-2d4e6f8a0b1c"


def assessment(**fields: Any) -> dict[str, Any]:
    return {
        "child_id": CHILD_ID,
        "assessed_on": "2026-11-03",
        "assessor": "周督导",
        "risk_level": "high",
        **fields,
    }


def referral(**fields: Any) -> dict[str, Any]:
    return {
        "child_id": CHILD_ID,
        "department": "civil_affairs",
        "need": "临时救助",
        "referred_on": "2026-11-02",
        **fields,
    }


def problems(kind: str, fields: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(RecordValidationError) as caught:
        validate(kind, fields)
    return {e.field: e.message.zh for e in caught.value.errors}


# -- §二(六)3 评估帮扶 -------------------------------------------------------------------


def test_s2_6_3_the_township_assesses_with_the_seeds_partners() -> None:
    # "会同民政部门、公安机关在村（居）民委员会、中小学校、医疗机构以及亲属、
    # 社会工作专业服务机构的协助下"
    assert set(ASSESSMENT_PARTNERS) == {
        "civil_affairs", "public_security", "village_committee", "school",
        "medical_institution", "relatives", "social_work_agency",
    }  # fmt: skip
    record = validate("assessment", assessment(partners=["civil_affairs", "public_security"]))
    assert record.partners == ("civil_affairs", "public_security")  # type: ignore[union-attr]
    assert "partners" in problems("assessment", assessment(partners=["neighbours"]))


def test_s2_6_3_a_help_plan_lists_items_with_department_due_date_and_done() -> None:
    items = [
        {"what": "心理疏导", "department": "education", "due": "2026-11-20"},
        {"what": "监护指导", "department": "civil_affairs", "done": True, "done_on": "2026-11-10"},
    ]
    record = validate("assessment", assessment(plan_items=items, report_id=REPORT_ID))
    assert [i.what for i in record.plan_items] == ["心理疏导", "监护指导"]  # type: ignore[union-attr]
    # An item marked done needs the day it was done.
    found = problems("assessment", assessment(plan_items=[{"what": "就医", "done": True}]))
    assert "完成日期" in found["plan_items"]
    assert "plan_items" in problems("assessment", assessment(plan_items=[{"department": "court"}]))


def test_s2_6_3_open_plan_items_and_how_pressing_they_are() -> None:
    items = [
        {"what": "心理疏导", "due": "2026-11-20"},
        {"what": "监护指导", "done": True, "done_on": "2026-11-10"},
        {"what": "法律援助"},  # no due date: counted from the assessment's day
    ]
    found = open_plan_items(assessment(plan_items=items))
    assert [(i.what, i.due, i.has_due) for i in found] == [
        ("心理疏导", date(2026, 11, 20), True),
        ("法律援助", date(2026, 11, 3), False),
    ]
    first, undated = found
    assert plan_item_severity(first, date(2026, 11, 1)) == "info"  # more than 7 days ahead
    assert plan_item_severity(first, date(2026, 11, 13)) == "warning"  # within 7 days
    assert plan_item_severity(first, date(2026, 11, 21)) == "urgent"  # overdue
    assert plan_item_severity(undated, date(2026, 11, 21)) == "info"


def test_s2_6_3_the_latest_assessments_risk_becomes_the_childs() -> None:
    earlier = assessment(assessed_on="2026-10-01", risk_level="low")
    later = assessment(assessed_on="2026-11-03", risk_level="medium")
    assert child_risk_after(later, [earlier]) == "medium"
    # An older assessment typed in late does not undo the later one.
    assert child_risk_after(earlier, [later]) is None
    assert child_risk_after(assessment(risk_level="high"), []) == "high"


# -- 转介帮扶, 一门受理、协同救助 (§二(五)) ---------------------------------------------


def test_s2_5_referrals_go_to_the_seeds_departments() -> None:
    # §二(五): the departments of "一门受理、协同救助", as issue 17 lists them.
    assert set(DEPARTMENTS) >= {
        "civil_affairs", "education", "public_security", "justice", "health",
        "human_resources", "housing", "medical_insurance", "youth_league",
        "womens_federation", "disabled_federation", "procuratorate", "court",
        "rescue_centre", "social_organization", "care_committee", "trade_union", "township",
    }  # fmt: skip
    for department in DEPARTMENTS:
        validate("referral", referral(department=department))


def test_s2_5_a_referral_is_sent_accepted_then_done_or_declined_with_a_reason() -> None:
    validate("referral", referral(status="in_progress", accepted_on="2026-11-05"))
    validate(
        "referral",
        referral(status="done", accepted_on="2026-11-05", closed_on="2026-11-20", outcome="已发放"),
    )
    assert "decline_reason" in problems("referral", referral(status="declined"))
    validate(
        "referral",
        referral(status="declined", closed_on="2026-11-04", decline_reason="不属本部门职责"),
    )
    # Answers come after the referral, and an end after the acceptance.
    assert "accepted_on" in problems("referral", referral(accepted_on="2026-11-01"))
    assert "closed_on" in problems(
        "referral", referral(accepted_on="2026-11-05", closed_on="2026-11-04")
    )
    record = validate("referral", referral(report_id=REPORT_ID))
    assert record.status == "open"  # type: ignore[union-attr]


def test_s2_5_moving_on_fills_in_the_day_of_the_answer() -> None:
    today = date(2026, 11, 9)
    assert answer_dates("in_progress", {}, today) == {"accepted_on": "2026-11-09"}
    assert answer_dates("done", {"accepted_on": "2026-11-05"}, today) == {"closed_on": "2026-11-09"}
    assert answer_dates("declined", {"closed_on": "2026-11-08"}, today) == {}
    assert answer_dates("open", {}, today) == {}


def test_issue_17_an_unanswered_referral_is_chased_after_14_days() -> None:
    assert UNANSWERED_DAYS == 14
    assert unanswered_due(referral()) == date(2026, 11, 16)
    assert unanswered_due(referral(status="in_progress", accepted_on="2026-11-03")) is None
    assert unanswered_due(referral(accepted_on="2026-11-03")) is None
    assert unanswered_due(referral(status="declined", decline_reason="否")) is None
    assert unanswered_due(referral(referred_on="not a day")) is None


# -- who writes it (DESIGN §1; §二(六)3: the township assesses) ------------------------------


def test_s2_6_3_a_supervisor_writes_assessments_and_the_risk_they_set_only() -> None:
    assert may("supervisor", "assessment", "create") and may("supervisor", "assessment", "update")
    assert not may("supervisor", "assessment", "delete")
    assert writable_fields("supervisor", "child", "update") == {"risk_level"}
    assert not may("supervisor", "child", "create") and not may("supervisor", "child", "delete")
    assert forbidden_fields("supervisor", "child", "update", {"risk_level", "name"}) == ["name"]
    for kind in ("visit", "referral", "mandatory_report", "entrustment", "family_member"):
        assert not may("supervisor", kind, "create"), kind
    # The director keeps the whole file, assessments included.
    assert may("director", "assessment", "delete") and may("director", "referral", "create")


# -- 退出/结案 (issue 17), §二(五)5, 10 ----------------------------------------------------


def test_issue_17_a_closed_file_has_its_day_and_reason_and_a_reopening_its_reason() -> None:
    child = {"name": "王小明", "gender": "male", "birth_date": "2013-04-02"}
    validate("child", {**child, **closing("parents_returned", date(2026, 11, 3), "父母返乡")})
    assert "closure_reason" in problems("child", {**child, "file_closed_on": "2026-11-03"})
    reopened = {**child, **reopening(date(2026, 11, 20), "父母再次外出")}
    assert validate("child", reopened).file_closed_on is None  # type: ignore[union-attr]
    assert "reopen_reason" in problems("child", {**child, "reopened_on": "2026-11-20"})
    assert is_closed(closing("died", date(2026, 11, 3))) and not is_closed(reopened)


def test_s2_5_5_and_10_at_18_referrals_to_hr_and_civil_affairs_count_from_90_days_before() -> None:
    eighteenth = date(2026, 11, 20)
    assert adult_referrals_missing(eighteenth=eighteenth, referrals=[]) == [
        "human_resources",
        "civil_affairs",
    ]
    early = {"department": "human_resources", "referred_on": "2026-08-22"}  # 90 days before
    too_early = {"department": "civil_affairs", "referred_on": "2026-08-21"}
    assert adult_referrals_missing(eighteenth=eighteenth, referrals=[early, too_early]) == [
        "civil_affairs"
    ]


# -- §二(六)1–2 强制报告 and 应急处置 ------------------------------------------------------


def report(**fields: Any) -> dict[str, Any]:
    return {
        "child_id": CHILD_ID,
        "trigger": "suspected_violence",
        "found_at": "2026-11-01T08:30:00",
        **fields,
    }


def test_s2_6_1_several_triggers_and_the_time_to_report() -> None:
    record = validate("mandatory_report", report(more_triggers=["accidental_injury", "missing"]))
    assert record.more_triggers == ("accidental_injury", "missing")  # type: ignore[union-attr]
    assert "more_triggers" in problems("mandatory_report", report(more_triggers=["rumour"]))
    # "在第一时间": 24 hours is at once, a minute more is not.
    assert reporting_delay(report()) is None
    at_once = report(reported_at="2026-11-02T08:30:00")
    assert reporting_delay(at_once) == timedelta(hours=24) and reported_at_once(at_once)
    late = report(reported_at="2026-11-02 08:31")
    assert reported_at_once(late) is False


def test_s2_6_2_police_feedback_emergency_measure_and_who_took_the_child_are_follow_up() -> None:
    filed = report(reported_at="2026-11-01T09:00:00", police_station="递铺派出所", filed=True)
    validate(
        "mandatory_report",
        {**filed, "police_feedback_on": "2026-11-03", "emergency_measure": "relatives_care",
         "taken_in_by": "王奶奶"},
    )  # fmt: skip
    assert {"police_feedback_on", "emergency_measure", "taken_in_by"} <= FILED_REPORT_EDITABLE
    assert "emergency_measure" in problems(
        "mandatory_report", {**filed, "emergency_measure": "sent_abroad"}
    )


def test_s2_6_1_to_3_filing_asks_a_follow_up_visit_in_7_days_and_an_assessment() -> None:
    filed = report(reported_at="2026-11-01T09:00:00", police_station="递铺派出所", filed=True)
    assert RISK_ON_FILING == "high"
    assert follow_up_visit_due(report(), []) is None  # a draft asks nothing yet
    assert follow_up_visit_due(filed, []) == date(2026, 11, 8)
    regular = {"visit_date": "2026-11-02", "visit_type": "regular"}
    follow_up = {"visit_date": "2026-11-02", "visit_type": "follow_up"}
    earlier = {"visit_date": "2026-10-30", "visit_type": "follow_up"}
    assert follow_up_visit_due(filed, [regular, earlier]) == date(2026, 11, 8)
    assert follow_up_visit_due(filed, [follow_up]) is None
    assert assessment_task_since(filed, []) == date(2026, 11, 1)
    assert assessment_task_since(filed, [{"assessed_on": "2026-10-20"}]) == date(2026, 11, 1)
    assert assessment_task_since(filed, [{"assessed_on": "2026-11-05"}]) is None
    closed = {**filed, "follow_up_status": "closed"}
    assert assessment_task_since(closed, []) is None and follow_up_visit_due(closed, []) is None


# -- §二(六)4 强化监护干预 ------------------------------------------------------------------


def test_s2_6_4_steps_with_a_failing_guardian_and_the_6_month_window() -> None:
    member = {
        "child_id": CHILD_ID,
        "relation": "father",
        "refusing_since": "2026-03-31",
        "interventions": [
            {"step": "criticism_education", "taken_on": "2026-04-02", "by_whom": "递铺派出所"},
            {"step": "admonition", "taken_on": "2026-05-10", "outcome": "仍不履行"},
        ],
    }
    validate("family_member", member)
    assert "interventions" in problems(
        "family_member", {**member, "interventions": [{"step": "admonition"}]}
    )
    # "6个月以上" includes the 6 months: the window opens on the day they are complete.
    assert revocation_window(member) == date(2026, 9, 30)
    assert revocation_window({**member, "refusing_since": None}) is None
    applied = {
        **member,
        "interventions": [{"step": "revocation_application", "taken_on": "2026-10-01"}],
    }
    assert revocation_window(applied) is None
