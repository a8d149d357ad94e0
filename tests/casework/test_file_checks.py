"""The file checks the seed implies (issue 17 item 6), each naming its clause."""

from __future__ import annotations

from datetime import date

import pytest

from casework.file_checks import (
    SecondParentError,
    certificate_undated,
    check_one_parent_each,
    entrustment_state,
    key_child_grounds,
    needs_entrustment,
    turns_16_matters,
)

TODAY = date(2026, 11, 28)
SIGNED = {"status": "signed", "signed_date": "2026-01-01", "valid_until": "2027-01-01"}
EXPIRED = {"status": "signed", "signed_date": "2025-01-01", "valid_until": "2026-01-01"}


def test_annex_3_item_3_a_left_behind_child_needs_a_signed_entrustment() -> None:
    assert needs_entrustment(["left_behind"], [], TODAY)
    assert needs_entrustment(["left_behind"], [{"status": "draft"}], TODAY)
    assert not needs_entrustment(["left_behind"], [SIGNED], TODAY)
    assert not needs_entrustment(["orphan_scattered"], [], TODAY)  # not left behind
    # An expired one has its own reminder (re-sign), not this one.
    assert entrustment_state([EXPIRED], TODAY) == "expired"
    assert not needs_entrustment(["left_behind"], [EXPIRED], TODAY)
    assert entrustment_state([EXPIRED, SIGNED], TODAY) == "valid"
    assert entrustment_state([{"status": "signed", "signed_date": "2026-01-01"}], TODAY) == "valid"


def test_seed_2_1_1_only_a_left_behind_childs_category_ends_at_16() -> None:
    assert turns_16_matters(("left_behind", "low_income_family"))
    assert not turns_16_matters(("low_income_family",))
    assert not turns_16_matters(())


@pytest.mark.parametrize(
    ("child", "expected"),
    [
        ({"family_assistance": "dibao"}, "dibao"),
        ({"family_assistance": "dibao_edge", "assistance_valid_until": None}, "dibao_edge"),
        ({"family_assistance": "dibao", "assistance_valid_until": "2027-06-30"}, None),
        ({"family_assistance": "none"}, None),
        ({}, None),
    ],
)
def test_seed_2_1_4_and_5_a_certificate_needs_its_validity_date(
    child: dict[str, object], expected: str | None
) -> None:
    assert certificate_undated(child) == expected


def test_seed_2_1_1_one_father_and_one_mother_per_child() -> None:
    father = {"relation": "father", "name": "王大山"}
    mother = {"relation": "mother", "name": "李春花"}
    check_one_parent_each(mother, [father])
    check_one_parent_each({"relation": "grandmother", "name": "张奶奶"}, [father, mother])
    with pytest.raises(SecondParentError) as raised:
        check_one_parent_each({"relation": "father", "name": "王二山"}, [father, mother])
    assert "父亲" in raised.value.message.zh and "工作方案二（一）1" in raised.value.message.zh
    assert raised.value.code == "second_parent"


def test_annex_3_item_4_ill_disabled_or_poorly_guarded_children_are_suggested() -> None:
    refusing = {"relation": "grandmother", "refusing_since": "2026-05-01"}
    assert key_child_grounds({"serious_illness": True}, []) == ["ill"]
    assert key_child_grounds({"disability_category": "physical"}, [refusing]) == [
        "disabled",
        "poorly_guarded",
    ]
    assert key_child_grounds({}, [{"relation": "father"}]) == []
    # Already a key child: nothing to confirm.
    assert key_child_grounds({"serious_illness": True, "key_child": True}, []) == []
