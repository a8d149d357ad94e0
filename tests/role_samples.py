"""A valid record of every kind, and for every field a second value that keeps it valid:
what the role tests write to try each cell of ``casework.permissions.TABLE``.

Every field of a sample is filled, so that changing any one of them is a real change; the
second values keep the record's own rules (a disability's category and grade together,
a filed report's time and police station, dates in order).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from casework.ids import make_id_number
from casework.records import SCHEMAS, validate

TODAY = date.today()


def _day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def _time(offset: int, hour: int) -> str:
    return f"{_day(offset)}T{hour:02d}:00:00"


CHILD_BIRTH = date(2015, 5, 5)


def sample(kind: str, *, child_id: str, village: str) -> dict[str, Any]:
    """Every field of ``kind`` filled (a note's ``author`` too, which the server replaces)."""
    samples: dict[str, dict[str, Any]] = {
        "child": {
            "name": "王小明", "gender": "male", "birth_date": CHILD_BIRTH.isoformat(),
            "id_number": None, "ethnicity": "汉族", "hukou_county_code": "330523",
            "hukou_type": "rural", "hukou_address": "古城村1号", "residence_address": "古城村2号",
            "school": "递铺小学", "grade": "四年级", "boarding": False, "health": "良好",
            "disability_category": "physical", "disability_grade": 2,
            "disability_certificate_no": "C-1", "serious_illness": False,
            "serious_illness_note": "无", "family_assistance": "dibao",
            "assistance_certificate_no": "D-1", "assistance_valid_until": _day(300),
            "welfare_received": "低保金", "in_welfare_institution": False,
            "found_in_county": False, "justice_involvement": None,
            "needs_temporary_custody": False, "risk_level": "low", "key_child": False,
            "notes": "备注", "opened_on": _day(-100), "file_closed_on": _day(-2),
            "closure_reason": "parents_returned", "closure_note": "父母返乡照料",
            "reopened_on": _day(-50), "reopen_reason": "父母再次外出",
        },
        "family_member": {
            "child_id": child_id, "relation": "father", "name": "王大明",
            "id_number": make_id_number("330523", date(1985, 1, 1), 11),
            "phone": "13800000000", "situations": [], "work_place": "杭州",
            "is_entrusted_guardian": False, "refusing_since": _day(-100),
            "interventions": [{"step": "criticism_education", "taken_on": _day(-90),
                               "by_whom": "派出所", "outcome": "已教育"}],
        },
        "visit": {
            "child_id": child_id, "visit_date": _day(-10), "visitor": "李主任",
            "visit_type": "regular", "living_condition": "一般", "guardianship": "祖父母",
            "schooling": "在读", "health": "良好", "mental_state": "稳定",
            "problems_found": "无", "help_given": "无", "next_visit_due": _day(60),
        },
        "entrustment": {
            "child_id": child_id, "guardian_name": "王奶奶", "guardian_relation": "祖母",
            "guardian_phone": "13800000001",
            "guardian_id_number": make_id_number("330523", date(1960, 2, 2), 22),
            "parents": "王大明、李小红", "signed_date": _day(-30), "valid_until": _day(300),
            "status": "signed",
        },
        "mandatory_report": {
            "child_id": child_id, "trigger": "living_alone", "found_at": _time(-5, 10),
            "reported_at": _time(-4, 10), "police_station": "递铺派出所", "officer": "张警官",
            "receipt_no": "R-1", "description": "独居", "filed": False,
            "follow_up_status": "open", "follow_up_notes": "跟进",
            "more_triggers": ["missing"], "police_feedback_on": _day(-3),
            "emergency_measure": "relatives_care", "taken_in_by": "王奶奶",
        },
        "referral": {
            "child_id": child_id, "department": "civil_affairs", "need": "低保",
            "referred_on": _day(-5), "status": "open", "outcome": "处理中",
            "accepted_on": _day(-4), "closed_on": _day(-3), "decline_reason": "不属本部门",
            "report_id": None,
        },
        "assessment": {
            "child_id": child_id, "assessed_on": _day(-5), "assessor": "周督导",
            "safety": "安全", "guardianship": "到位", "physical_health": "良好",
            "mental_health": "稳定", "risk_level": "low", "plan": "按月走访",
            "partners": ["civil_affairs"], "report_id": None,
            "plan_items": [{"what": "心理疏导", "department": "education", "due": _day(20),
                            "done": False, "done_on": None}],
        },
        "supervision_note": {
            "village_code": village, "child_id": child_id, "author": "县中心",
            "note": "请按时走访", "task": "补签委托书", "task_due": _day(30), "status": "open",
        },
    }  # fmt: skip
    return samples[kind]


def second_value(kind: str, field: str, *, other_child_id: str, township: str) -> Any:
    """Another valid value of ``field`` for the sample of ``kind``."""
    seconds: dict[str, Any] = {
        "name": "王小亮", "gender": "female", "birth_date": "2015-06-06",
        "id_number": make_id_number("330523", CHILD_BIRTH, 13),
        "ethnicity": "畲族", "hukou_county_code": "330522", "hukou_type": "urban",
        "boarding": True, "disability_category": "visual", "disability_grade": 3,
        "serious_illness": True, "family_assistance": "dibao_edge",
        "assistance_valid_until": _day(400), "in_welfare_institution": True,
        "found_in_county": True, "justice_involvement": "victim",
        "needs_temporary_custody": True, "risk_level": "high", "key_child": True,
        "child_id": other_child_id, "relation": "mother", "phone": "13900000001",
        "situations": [{"kind": "migrant_work"}], "is_entrusted_guardian": True,
        "visit_date": _day(-9), "visit_type": "follow_up", "next_visit_due": _day(90),
        "guardian_phone": "13900000002", "signed_date": _day(-20), "valid_until": _day(400),
        "status": {"entrustment": "expired", "referral": "in_progress"}.get(kind, "done"),
        "trigger": "missing", "found_at": _time(-5, 9), "reported_at": _time(-3, 10),
        "filed": True, "follow_up_status": "following", "department": "education",
        "referred_on": _day(-4), "assessed_on": _day(-4), "village_code": township,
        "task_due": _day(40), "accepted_on": _day(-3), "closed_on": _day(-2),
        "partners": ["public_security", "school"], "report_id": other_child_id,
        "opened_on": _day(-90), "file_closed_on": _day(-1), "closure_reason": "moved_out",
        "reopened_on": _day(-40), "more_triggers": ["living_alone", "missing"],
        "police_feedback_on": _day(-2), "emergency_measure": "rescue_station",
        "refusing_since": _day(-120), "done_on": _day(-1), "reply": "已办结",
        "interventions": [{"step": "admonition", "taken_on": _day(-60)}],
        "plan_items": [{"what": "监护指导", "department": "civil_affairs", "due": _day(10),
                        "done": True, "done_on": _day(-1)}],
        "no_hukou": True, "schooling_status": "dropped_out",
        "key_child_declined": {"grounds": ["ill"], "declined_on": _day(-3), "reason": "已核实"},
        "benefits": [{"benefit": "dibao", "status": "applied", "applied_on": _day(-5)}],
    }  # fmt: skip
    if field == "id_number" and kind == "family_member":
        return make_id_number("330523", date(1986, 3, 3), 31)
    if field == "guardian_id_number":
        return make_id_number("330523", date(1961, 4, 4), 42)
    if field in seconds:
        return seconds[field]
    return "改：" + field  # any free text


def check_samples() -> None:
    """Every sample, and every sample with one field changed, is a valid record."""
    for kind in SCHEMAS:
        base = sample(
            kind, child_id="0" * 8 + "-0000-0000-0000-" + "0" * 12, village="330523101001"
        )
        validate(kind, base)
        for field in SCHEMAS[kind].model_fields:
            other = second_value(
                kind, field, other_child_id="1" * 8 + "-1111-1111-1111-" + "1" * 12,
                township="330523101",
            )  # fmt: skip
            assert other != base.get(field), (kind, field)
            validate(kind, {**base, field: other})
