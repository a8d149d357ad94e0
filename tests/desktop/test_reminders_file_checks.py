"""The to-do for the checks of casework.file_checks (issue 17 item 6), and the save that
refuses a second father or mother; each test names its seed clause."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casework.eligibility import birthday
from casework.file_checks import SecondParentError
from desktop.models.store import CaseStore
from desktop.services.reminders import reminders
from desktop.sync.state import SyncState
from desktop.usecases.children import save_child_record
from desktop.usecases.supervision import supervision_overview
from tests.desktop.conftest import VILLAGE
from tests.desktop.test_reminders import TODAY, _child, _kinds


def test_annex_3_item_3_left_behind_without_a_signed_entrustment(store: CaseStore) -> None:
    child = _child(store)
    (item,) = _kinds(store, TODAY, "entrustment_missing")
    assert item.child_id == child
    assert "留守儿童无有效委托监护确认书" in item.message.zh and "附件3第3项" in item.message.zh
    store.create(
        "entrustment",
        {"child_id": child, "guardian_name": "王奶奶", "status": "signed",
         "signed_date": TODAY - timedelta(days=400), "valid_until": TODAY - timedelta(days=35)},
    )  # fmt: skip
    kinds = {r.kind for r in reminders(store, TODAY)}
    assert "entrustment_missing" not in kinds and "entrustment_expired" in kinds


def test_seed_2_1_1_turns_16_only_for_a_left_behind_child(store: CaseStore) -> None:
    birth = date(TODAY.year - 16, TODAY.month, 1) + timedelta(days=40)
    if birthday(birth, 16) <= TODAY:
        birth = birth.replace(year=birth.year + 1)
    left = _child(store, birth=birth)
    # Parents at home, severely disabled, low-income family: category 4, ends at 18 only.
    store.create(
        "child",
        {"name": "李小红", "gender": "female", "birth_date": birth, "family_assistance": "dibao",
         "assistance_valid_until": TODAY + timedelta(days=365),
         "disability_category": "physical", "disability_grade": 1},
    )  # fmt: skip
    assert [r.child_id for r in _kinds(store, TODAY, "turns_16")] == [left]


def test_seed_2_1_4_and_5_dibao_without_a_validity_date(store: CaseStore) -> None:
    child = _child(store, family_assistance="dibao_edge")
    (item,) = _kinds(store, TODAY, "certificate_undated")
    assert item.child_id == child and "低保边缘证未填写有效期" in item.message.zh
    assert "二（一）4、5" in item.message.zh
    store.update(child, {"assistance_valid_until": TODAY + timedelta(days=365)})
    assert _kinds(store, TODAY, "certificate_undated") == []


def test_a_child_whose_rules_cannot_run_is_on_the_todo(store: CaseStore) -> None:
    # Issue 17 item 6: "a child never silently loses its categories". An old record with
    # two fathers (written before the check, or by another device) stops the rules.
    child = _child(store)
    second = store.create("family_member", {"child_id": child, "relation": "grandfather",
                                            "name": "王二山"})  # fmt: skip
    _set_relation(store, second, "father")
    (item,) = _kinds(store, TODAY, "rules_cannot_run")
    assert item.child_id == child and item.severity == "urgent"
    assert "无法判断儿童类别" in item.message.zh


def _set_relation(store: CaseStore, record_id: str, relation: str) -> None:
    """Write past the save's check (the store's own write, as a synced record arrives)."""
    store.update(record_id, {"relation": relation})


def test_seed_2_1_1_a_second_father_is_refused_at_the_save(store: CaseStore) -> None:
    child = _child(store)
    with pytest.raises(SecondParentError) as raised:
        save_child_record(store, kind="family_member", record_id=None, child_id=child,
                          fields={"relation": "father", "name": "王二山"})  # fmt: skip
    assert "只能有一位父亲" in raised.value.message.zh
    uncle = save_child_record(store, kind="family_member", record_id=None, child_id=child,
                              fields={"relation": "uncle_aunt", "name": "王二山"})  # fmt: skip
    with pytest.raises(SecondParentError):
        save_child_record(store, kind="family_member", record_id=uncle, child_id=child,
                          fields={"relation": "mother"})  # fmt: skip
    mother = next(m for m in store.records("family_member", child_id=child)
                  if m.fields["relation"] == "mother")  # fmt: skip
    # Editing the mother herself is not a second mother.
    save_child_record(store, kind="family_member", record_id=mother.id, child_id=child,
                      fields={"phone": "13800138001"})  # fmt: skip


def test_annex_3_item_4_key_child_suggested_until_the_director_confirms(
    store: CaseStore,
) -> None:
    child = _child(store, serious_illness=True)
    (item,) = _kinds(store, TODAY, "key_child_suggested")
    assert item.child_id == child and item.severity == "info"
    assert "患重病，建议列为重点儿童" in item.message.zh and "附件3第4项" in item.message.zh
    store.update(child, {"key_child": True})
    assert _kinds(store, TODAY, "key_child_suggested") == []


def test_the_supervision_page_counts_files_whose_rules_cannot_run(store: CaseStore) -> None:
    # Issue 17 item 6: listed "on the to-do and the supervision page".
    child = _child(store)
    second = store.create("family_member", {"child_id": child, "relation": "grandfather",
                                            "name": "王二山"})  # fmt: skip
    _set_relation(store, second, "father")
    SyncState(store).put({"role": "director", "scope_level": "village", "scope_code": VILLAGE})
    (village,) = supervision_overview(store, today=TODAY).villages
    assert village.rules_problems == 1
