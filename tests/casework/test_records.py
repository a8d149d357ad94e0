"""Record schemas: every kind validates, and each bad field gets its own bilingual message."""

from __future__ import annotations

from datetime import date

import pytest

from casework.ids import make_id_number
from casework.records import (
    CLEAR_FIELDS,
    KINDS,
    SCHEMAS,
    SEALED_FIELDS,
    RecordValidationError,
    to_wire,
    validate,
)

CHILD_ID = "0b7c6a1e-3f7d-4c8e-9a51-2d4e6f8a0b1c"
ID_NUMBER = make_id_number("330523", date(2013, 4, 2), 123)

GOOD = {
    "child": {
        "name": "王小明",
        "gender": "male",
        "birth_date": "2013-04-02",
        "id_number": ID_NUMBER,
    },
    "family_member": {
        "child_id": CHILD_ID,
        "relation": "mother",
        "name": "李秀英",
        "phone": "13905720001",
        "situations": [{"kind": "imprisoned", "since": "2026-01-01", "until": "2029-01-01"}],
    },
    "visit": {"child_id": CHILD_ID, "visit_date": "2026-11-01", "visitor": "李主任"},
    "entrustment": {
        "child_id": CHILD_ID,
        "guardian_name": "王爷爷",
        "signed_date": "2026-01-01",
        "valid_until": "2027-01-01",
        "status": "signed",
    },
    "mandatory_report": {
        "child_id": CHILD_ID,
        "trigger": "suspected_violence",
        "found_at": "2026-11-01T08:30:00",
    },
    "referral": {
        "child_id": CHILD_ID,
        "department": "education",
        "need": "返校复学",
        "referred_on": "2026-11-02",
    },
    "assessment": {
        "child_id": CHILD_ID,
        "assessed_on": "2026-11-03",
        "assessor": "县中心",
        "risk_level": "high",
    },
    "supervision_note": {"village_code": "330523", "author": "督导员", "note": "按时走访"},
}


def test_every_kind_has_a_good_example_and_splits_its_fields() -> None:
    assert set(GOOD) == set(KINDS)
    for kind in KINDS:
        wire = to_wire(validate(kind, GOOD[kind]))
        assert set(wire) == set(SCHEMAS[kind].model_fields)
        assert SEALED_FIELDS[kind] | CLEAR_FIELDS[kind] == set(wire)
        assert not SEALED_FIELDS[kind] & CLEAR_FIELDS[kind]


def test_names_id_numbers_and_phones_are_always_sealed() -> None:
    for kind, sealed in SEALED_FIELDS.items():
        for field in SCHEMAS[kind].model_fields:
            if field in {"name", "id_number", "phone", "guardian_name", "guardian_phone"}:
                assert field in sealed, (kind, field)


def _errors(kind: str, **changes: object) -> dict[str, tuple[str, str]]:
    with pytest.raises(RecordValidationError) as caught:
        validate(kind, {**GOOD[kind], **changes})
    return {e.field: (e.message.zh, e.message.en) for e in caught.value.errors}


@pytest.mark.parametrize(
    ("kind", "changes", "field", "zh_part"),
    [
        ("child", {"name": ""}, "name", "不能为空"),
        ("child", {"gender": "男孩"}, "gender", "不是可选的值"),
        ("child", {"birth_date": "2013-02-30"}, "birth_date", "日期"),
        ("child", {"birth_date": "2099-01-01", "id_number": None}, "birth_date", "不能晚于今天"),
        ("child", {"birth_date": "2013-04-03"}, "birth_date", "不一致"),
        ("child", {"gender": "female"}, "gender", "不一致"),
        ("child", {"id_number": ID_NUMBER[:-1] + "1"}, "id_number", "校验位"),
        ("child", {"id_number": "12345"}, "id_number", "18位"),
        ("child", {"disability_category": "mental"}, "disability_grade", "同时填写"),
        (
            "child",
            {"disability_grade": 5, "disability_category": "mental"},
            "disability_grade",
            "4",
        ),
        ("child", {"favourite_colour": "red"}, "favourite_colour", "不是此类记录的字段"),
        ("family_member", {"phone": "12345"}, "phone", "电话号码"),
        ("family_member", {"child_id": "not-a-uuid"}, "child_id", "格式"),
        (
            "family_member",
            {"situations": [{"kind": "lost_contact"}]},
            "situations",
            "开始日期",
        ),
        ("visit", {"visit_date": "2099-01-01"}, "visit_date", "不能晚于今天"),
        ("visit", {"next_visit_due": "2026-10-01"}, "next_visit_due", "不能早于走访日期"),
        ("entrustment", {"valid_until": "2025-01-01"}, "valid_until", "不能早于签订日期"),
        ("entrustment", {"signed_date": None}, "signed_date", "签订日期"),
        ("mandatory_report", {"filed": True}, "police_station", "派出所"),
        ("mandatory_report", {"trigger": "other"}, "trigger", "不是可选的值"),
        ("referral", {"department": "moon"}, "department", "不是可选的值"),
        ("assessment", {"risk_level": None}, "risk_level", ""),
        ("supervision_note", {"note": None}, "note", ""),
    ],
)
def test_bad_field_gets_a_message_in_both_languages(
    kind: str, changes: dict[str, object], field: str, zh_part: str
) -> None:
    errors = _errors(kind, **changes)
    assert field in errors, errors
    zh, en = errors[field]
    assert zh_part in zh
    assert zh and en and zh != en


def test_missing_required_fields_are_each_named() -> None:
    with pytest.raises(RecordValidationError) as caught:
        validate("child", {})
    assert {e.field for e in caught.value.errors} == {"name", "gender", "birth_date"}
    assert all(e.message.zh == "必须填写" for e in caught.value.errors)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(RecordValidationError) as caught:
        validate("pet", {})
    assert caught.value.errors[0].field == "kind"


# -- plausible dates (issue 16) ------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "changes", "field", "zh", "en"),
    [
        ("child", {"birth_date": "1899-12-31", "id_number": None}, "birth_date",
         "应在 1900-01-01 至今天之间", "must be between 1900-01-01 and today"),
        ("child", {"assistance_valid_until": "9999-12-31"}, "assistance_valid_until",
         "应在 1990-01-01 至 2100-12-31 之间", "must be between 1990-01-01 and 2100-12-31"),
        ("visit", {"visit_date": "0001-01-01"}, "visit_date",
         "应在 1990-01-01 至今天之间", "must be between 1990-01-01 and today"),
        ("visit", {"next_visit_due": "2101-01-01"}, "next_visit_due",
         "应在 1990-01-01 至 2100-12-31 之间", "must be between 1990-01-01 and 2100-12-31"),
        ("entrustment", {"signed_date": "2099-01-01", "valid_until": None}, "signed_date",
         "应在 1990-01-01 至明天之间", "must be between 1990-01-01 and tomorrow"),
        ("entrustment", {"valid_until": "9999-12-31"}, "valid_until",
         "应在 1990-01-01 至 2100-12-31 之间", "must be between 1990-01-01 and 2100-12-31"),
        ("mandatory_report", {"found_at": "0001-01-01T00:00:00+14:00"}, "found_at",
         "应在 1990-01-01 至明天之间", "must be between 1990-01-01 and tomorrow"),
        ("mandatory_report", {"reported_at": "9999-12-31T23:59:59-14:00"}, "reported_at",
         "应在 1990-01-01 至明天之间", "must be between 1990-01-01 and tomorrow"),
        ("referral", {"referred_on": "1989-12-31"}, "referred_on",
         "应在 1990-01-01 至明天之间", "must be between 1990-01-01 and tomorrow"),
        ("assessment", {"assessed_on": "9999-12-31"}, "assessed_on",
         "应在 1990-01-01 至明天之间", "must be between 1990-01-01 and tomorrow"),
        ("supervision_note", {"task_due": "0001-01-01"}, "task_due",
         "应在 1990-01-01 至 2100-12-31 之间", "must be between 1990-01-01 and 2100-12-31"),
        ("family_member", {"situations": [{"kind": "imprisoned", "since": "0001-01-01"}]},
         "situations", "开始日期应在 1900-01-01 至 2100-12-31 之间",
         "the start must be between 1900-01-01 and 2100-12-31"),
        ("family_member",
         {"situations": [{"kind": "imprisoned", "since": "2026-01-01", "until": "9999-12-31"}]},
         "situations", "结束日期应在 1900-01-01 至 2100-12-31 之间",
         "the end must be between 1900-01-01 and 2100-12-31"),
    ],
)  # fmt: skip
def test_a_date_out_of_its_range_is_refused_naming_the_range(
    kind: str, changes: dict[str, object], field: str, zh: str, en: str
) -> None:
    assert _errors(kind, **changes) == {field: (zh, en)}


def test_the_ends_of_each_range_are_kept() -> None:
    today = date.today().isoformat()
    validate("child", {**GOOD["child"], "id_number": None, "birth_date": "1900-01-01"})
    validate("child", {**GOOD["child"], "assistance_valid_until": "2100-12-31"})
    validate("visit", {**GOOD["visit"], "visit_date": today, "next_visit_due": "2100-12-31"})
    tomorrow = date.fromordinal(date.today().toordinal() + 1).isoformat()
    validate("referral", {**GOOD["referral"], "referred_on": tomorrow})
