"""The merge policy, table by table: only true conflicts reach a person."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.merge import DELETED, FieldConflict, merge_fields, merge_with_tombstones

BASE = {"name": "王小明", "school": "递铺小学", "grade": "五年级", "notes": None}


@pytest.mark.parametrize(
    ("theirs_changes", "mine", "merged_changes", "changed", "conflicts"),
    [
        pytest.param(
            {}, {"school": "实验小学"}, {"school": "实验小学"}, ("school",), (), id="only-mine"
        ),
        pytest.param({"grade": "六年级"}, {}, {"grade": "六年级"}, (), (), id="only-theirs"),
        pytest.param(
            {"grade": "六年级"},
            {"school": "实验小学"},
            {"grade": "六年级", "school": "实验小学"},
            ("school",),
            (),
            id="different-fields-merge",
        ),
        pytest.param(
            {"school": "实验小学"},
            {"school": "实验小学"},
            {"school": "实验小学"},
            (),
            (),
            id="same-change-both-sides",
        ),
        pytest.param(
            {"school": "实验小学"},
            {"school": "昌硕小学"},
            {"school": "实验小学"},
            (),
            (FieldConflict("school", "递铺小学", "昌硕小学", "实验小学"),),
            id="same-field-conflicts-theirs-kept",
        ),
        pytest.param(
            {"notes": "已转学"},
            {"notes": None},
            {"notes": "已转学"},
            (),
            (),
            id="mine-unchanged-value-is-not-a-change",
        ),
        pytest.param(
            {"school": "实验小学", "grade": "六年级"},
            {"school": "昌硕小学", "notes": "住校"},
            {"school": "实验小学", "grade": "六年级", "notes": "住校"},
            ("notes",),
            (FieldConflict("school", "递铺小学", "昌硕小学", "实验小学"),),
            id="conflict-and-merge-together",
        ),
        pytest.param(
            {"notes": "甲"},
            {"notes": "乙"},
            {"notes": "甲"},
            (),
            (FieldConflict("notes", None, "乙", "甲"),),
            id="both-filled-an-empty-field",
        ),
    ],
)
def test_merge_table(
    theirs_changes: dict[str, Any],
    mine: dict[str, Any],
    merged_changes: dict[str, Any],
    changed: tuple[str, ...],
    conflicts: tuple[FieldConflict, ...],
) -> None:
    result = merge_fields(base=BASE, theirs={**BASE, **theirs_changes}, mine=mine)
    assert result.merged == {**BASE, **merged_changes}
    assert result.changed == changed
    assert result.conflicts == conflicts
    assert result.clean == (not conflicts)


@pytest.mark.parametrize(
    ("theirs_deleted", "theirs_changes", "mine", "mine_deletes", "conflict", "changed"),
    [
        pytest.param(True, {}, {"school": "实验小学"}, False, True, (), id="edit-against-delete"),
        pytest.param(True, {}, {}, False, False, (), id="nothing-against-delete"),
        pytest.param(False, {"grade": "六年级"}, {}, True, True, (), id="delete-against-edit"),
        pytest.param(False, {}, {}, True, False, (DELETED,), id="delete-untouched"),
        pytest.param(True, {}, {}, True, False, (), id="both-deleted"),
    ],
)
def test_tombstone_table(
    theirs_deleted: bool,
    theirs_changes: dict[str, Any],
    mine: dict[str, Any],
    mine_deletes: bool,
    conflict: bool,
    changed: tuple[str, ...],
) -> None:
    result = merge_with_tombstones(
        base=BASE,
        base_deleted=False,
        theirs={**BASE, **theirs_changes},
        theirs_deleted=theirs_deleted,
        mine=mine,
        mine_deletes=mine_deletes,
    )
    assert (not result.clean) == conflict
    if conflict:
        assert result.conflicts[0].field == DELETED
    assert result.changed == changed


VALUES = st.sampled_from(["甲", "乙", "丙", None])
FIELDS = st.sampled_from(["a", "b", "c", "d"])
RECORDS = st.dictionaries(FIELDS, VALUES)


@given(base=RECORDS, theirs=RECORDS, mine=RECORDS)
def test_merge_never_loses_a_side_silently(
    base: dict[str, Any], theirs: dict[str, Any], mine: dict[str, Any]
) -> None:
    result = merge_fields(base=base, theirs=theirs, mine=mine)
    conflicted = {c.field for c in result.conflicts}
    for name, my_value in mine.items():
        if name in conflicted:
            # The server's value stays; both sides are reported.
            assert result.merged.get(name) == theirs.get(name)
            assert my_value != theirs.get(name)
            assert theirs.get(name) != base.get(name) and my_value != base.get(name)
        elif theirs.get(name) != base.get(name):
            # They changed it: mine was either equal to theirs or untouched.
            assert my_value in (theirs.get(name), base.get(name))
        else:
            assert result.merged.get(name) == my_value
    for name in set(theirs) - set(mine):
        assert result.merged[name] == theirs[name]


@given(base=RECORDS, mine=RECORDS)
def test_merge_onto_unchanged_server_applies_everything(
    base: dict[str, Any], mine: dict[str, Any]
) -> None:
    result = merge_fields(base=base, theirs=base, mine=mine)
    assert result.clean
    expected = {**base, **mine}
    # An absent field and an empty one (None) are the same value.
    assert all(result.merged.get(k) == expected.get(k) for k in set(expected) | set(result.merged))
