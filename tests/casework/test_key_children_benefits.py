"""Issue 17 item 6, the rules the seed implies and the program missed: schooling and
household registration on the child, key children suggested and declined (annex 3 item 4),
benefits per category (annex 3 item 4, §二(五)), a new entrustment when the parents'
situation changes (annex 3 item 3, §二(六)2). Each test names its clause."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casework.benefits import applicable, not_applied
from casework.eligibility import classify
from casework.facts import facts_from_records
from casework.file_checks import (
    declining_key_child,
    entrustment_outdated,
    key_child_grounds,
    parents_changed_after,
)
from casework.records import RecordValidationError, validate

TODAY = date(2026, 11, 28)
CHILD = {"name": "王小明", "gender": "male", "birth_date": "2015-03-08"}


def problems(fields: dict[str, Any]) -> dict[str, str]:
    try:
        validate("child", fields)
    except RecordValidationError as error:
        return {e.field: e.message.zh for e in error.errors}
    return {}


# -- schooling and household registration (annex 3 item 4; §二(五)4, §二(六)1) ----------


def test_annex_3_item_4_schooling_status_is_one_of_the_seeds_four() -> None:
    for status in ("in_school", "dropped_out", "out_of_school", "not_enrolled"):
        record = validate("child", {**CHILD, "schooling_status": status})
        assert record.schooling_status == status  # type: ignore[union-attr]
    assert "schooling_status" in problems({**CHILD, "schooling_status": "graduated"})


def test_s2_6_1_a_child_without_household_registration_has_a_file() -> None:
    # §二(五)4 and §二(六)1 name 无户籍儿童; §二(一) scopes categories 1–7 to Anji hukou.
    record = validate("child", {**CHILD, "no_hukou": True})
    assert record.no_hukou is True  # type: ignore[union-attr]
    father = {"relation": "father", "situations": [{"kind": "migrant_work"}]}
    mother = {"relation": "mother", "situations": [{"kind": "migrant_work"}]}
    facts = facts_from_records({**CHILD, "no_hukou": True}, [father, mother], as_of=TODAY)
    assert facts["hukou"] is None
    result = classify(facts)
    assert not result.in_scope and "没有户籍登记" in result.reasons[0].zh
    # Found in the county and needing custody: category 8 (§二(一)8) all the same.
    custody = {**CHILD, "no_hukou": True, "found_in_county": True,
               "needs_temporary_custody": True}  # fmt: skip
    assert classify(facts_from_records(custody, [], as_of=TODAY)).categories == (
        "temporary_custody",
    )
    # The hukou fields are not read then; without the flag they are, as before.
    registered = facts_from_records(CHILD, [father, mother], as_of=TODAY)
    assert classify(registered).categories == ("left_behind",)


# -- key children (annex 3 item 4) --------------------------------------------------------


@pytest.mark.parametrize(
    ("child", "grounds"),
    [
        ({"schooling_status": "dropped_out"}, ["out_of_school"]),
        ({"schooling_status": "out_of_school"}, ["out_of_school"]),
        ({"schooling_status": "in_school"}, []),
        ({"schooling_status": "not_enrolled"}, []),
        ({"no_hukou": True}, ["no_hukou"]),
        ({"serious_illness": True, "no_hukou": True}, ["ill", "no_hukou"]),
    ],
)
def test_annex_3_item_4_out_of_school_and_unregistered_children_are_suggested(
    child: dict[str, Any], grounds: list[str]
) -> None:
    # "监护情况较差、失学辍学、无户籍以及患病、残疾等重点儿童"
    assert key_child_grounds(child, []) == grounds


def test_annex_3_item_4_a_declined_suggestion_is_remembered_until_a_new_ground() -> None:
    child: dict[str, Any] = {**CHILD, "serious_illness": True}
    answer = declining_key_child(key_child_grounds(child, []), TODAY, "病情已稳定，家人照料好")
    validate("child", {**child, **answer})  # a field the store accepts
    child.update(answer)
    assert key_child_grounds(child, []) == []  # not asked again for the same ground
    assert key_child_grounds(child, [], leave_out_declined=False) == ["ill"]
    child["schooling_status"] = "dropped_out"
    assert key_child_grounds(child, []) == ["out_of_school"]  # a new ground asks again
    # The reason is required: a decline is never silent.
    declined = {**CHILD, "key_child_declined": {"grounds": ["ill"], "declined_on": "2026-11-28"}}
    assert "key_child_declined" in problems(declined)


# -- benefits per category (annex 3 item 4; §二(五)5, 6, 9, 11, 15; §二(六)3) -------------


def _codes(child: dict[str, Any], categories: tuple[str, ...]) -> list[str]:
    return [a.benefit for a in applicable(child, categories)]


def test_annex_3_item_4_benefits_apply_by_category() -> None:
    assert _codes({}, ("left_behind",)) == []  # left behind only: no benefit of its own
    assert _codes({}, ("orphan_scattered",)) == [
        "basic_living", "dibao", "medical_aid", "education_aid",
    ]  # fmt: skip
    assert _codes({}, ("de_facto_unsupported",)) == [
        "basic_living", "dibao", "medical_aid", "education_aid",
    ]  # fmt: skip
    # Already in a 低保 family: 低保 is no benefit to apply for (§二(六)3).
    assert "dibao" not in _codes({"family_assistance": "dibao"}, ("orphan_scattered",))
    assert _codes({"family_assistance": "dibao"}, ("low_income_family",)) == [
        "basic_living", "education_aid",
    ]  # fmt: skip
    severe = {"disability_category": "physical", "disability_grade": 1}
    assert _codes(severe, ("other_self_difficulty",)) == [
        "basic_living", "medical_aid", "education_aid", "disability_subsidies", "rehabilitation",
    ]  # fmt: skip
    # Grade 3 physical in another family: rehabilitation only (两项补贴 need 重残 or 低保).
    mild = {"disability_category": "physical", "disability_grade": 3}
    assert _codes(mild, ()) == ["rehabilitation"]
    assert "disability_subsidies" in _codes(
        {**mild, "family_assistance": "dibao_edge"}, ("low_income_family",)
    )
    # Grade 3 intellectual is 重残 in the seed's words.
    assert "disability_subsidies" in _codes(
        {"disability_category": "intellectual", "disability_grade": 3}, ()
    )
    # Not yet at school: no education aid (§二(五)6 就学资助).
    assert "education_aid" not in _codes(
        {"schooling_status": "not_enrolled"}, ("orphan_scattered",)
    )
    for found in applicable(severe, ("other_self_difficulty",)):
        assert found.clause.startswith("二（")


def test_annex_3_item_4_a_benefit_waits_until_it_is_applied_for() -> None:
    child: dict[str, Any] = {"benefits": [{"benefit": "basic_living", "status": "informed"}]}
    waiting = [a.benefit for a in not_applied(child, ("orphan_scattered",))]
    assert waiting == ["basic_living", "dibao", "medical_aid", "education_aid"]
    child["benefits"] = [
        {"benefit": "basic_living", "status": "granted", "granted_on": "2026-10-01"},
        {"benefit": "dibao", "status": "applied", "applied_on": "2026-11-01"},
        {"benefit": "medical_aid", "status": "refused", "note": "不符合条件"},
        {"benefit": "education_aid", "status": "not_needed", "note": "学校已免学费"},
    ]
    assert not_applied(child, ("orphan_scattered",)) == []


def test_annex_3_item_4_a_benefit_has_the_days_and_words_of_its_course() -> None:
    def benefit(**entry: Any) -> dict[str, str]:
        return problems({**CHILD, "benefits": [entry]})

    assert benefit(benefit="dibao", status="informed") == {}
    assert "applied_on" in benefit(benefit="dibao", status="applied")
    assert "granted_on" in benefit(benefit="dibao", status="granted", applied_on="2026-11-01")
    assert "note" in benefit(benefit="dibao", status="refused")
    assert "note" in benefit(benefit="dibao", status="not_needed")
    assert "granted_on" in benefit(
        benefit="dibao", status="granted", applied_on="2026-11-01", granted_on="2026-10-01"
    )
    assert "benefits" in benefit(benefit="lottery", status="informed")
    late = benefit(benefit="dibao", status="applied", applied_on="2099-01-01")
    assert late["benefits"].startswith("申请日期应在 1990-01-01 至")


# -- a new entrustment when the parents' situation changes (annex 3 item 3, §二(六)2) ------


SIGNED = {"status": "signed", "signed_date": "2026-03-01", "valid_until": "2027-03-01"}


def _parent(relation: str, **situation: Any) -> dict[str, Any]:
    return {"relation": relation, "situations": [{"kind": "migrant_work", **situation}]}


def test_annex_3_item_3_a_parents_change_after_signing_asks_for_a_new_entrustment() -> None:
    before = [_parent("father", since="2025-01-01"), _parent("mother", since="2025-06-01")]
    assert entrustment_outdated(["left_behind"], [SIGNED], before, TODAY) == []
    # The mother went out to work after the confirmation was signed.
    went = [_parent("father", since="2025-01-01"), _parent("mother", since="2026-09-01")]
    (change,) = entrustment_outdated(["left_behind"], [SIGNED], went, TODAY)
    assert change == (date(2026, 9, 1), "母亲外出务工（自 2026-09-01 起）")
    # The father came home (his work ended) after it was signed.
    back = [_parent("father", since="2025-01-01", until="2026-10-31"), before[1]]
    assert parents_changed_after(date(2026, 3, 1), back, TODAY) == [
        (date(2026, 10, 31), "父亲外出务工已于 2026-10-31 结束")
    ]
    # A confirmation signed after the change settles it; so does a child no longer left
    # behind, or no valid signed one (that is "missing" or "expired" instead).
    resigned = {**SIGNED, "signed_date": "2026-09-05"}
    assert entrustment_outdated(["left_behind"], [SIGNED, resigned], went, TODAY) == []
    assert entrustment_outdated(["low_income_family"], [SIGNED], went, TODAY) == []
    expired = {**SIGNED, "valid_until": "2026-10-01"}
    assert entrustment_outdated(["left_behind"], [expired], went, TODAY) == []
    # A change still to come is not a change yet; an uncle's situation is no parent's.
    coming = [_parent("mother", since="2026-12-15"), _parent("uncle_aunt", since="2026-09-01")]
    assert entrustment_outdated(["left_behind"], [SIGNED], coming, TODAY) == []
