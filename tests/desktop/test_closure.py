"""Leaving care and coming back (退出/结案, issue 17) against a real encrypted store: a
closed file leaves the list and the to-do and is found in the archive; an orphan turning
18 is referred to 人社 and 民政 (seed §二(五)5, 10), on the to-do until then and by the
closing itself."""

from __future__ import annotations

from datetime import date, timedelta

from casework.closure import ADULT_REFERRALS
from desktop.models.store import CaseStore
from desktop.services.reminders import reminders
from desktop.usecases.casecycle import close_file, list_archive, reopen_file
from desktop.usecases.children import load_children
from tests.desktop.test_reminders import _child

TODAY = date.today()


def _orphan(store: CaseStore, birth: date) -> str:
    child_id = store.create(
        "child", {"name": "陈小孤", "gender": "female", "birth_date": birth.isoformat()}
    )
    for relation in ("father", "mother"):
        store.create(
            "family_member",
            {"child_id": child_id, "relation": relation, "name": f"陈{relation}",
             "situations": [{"kind": "deceased", "since": "2018-01-01"}]},
        )  # fmt: skip
    return child_id


def test_issue_17_a_closed_file_leaves_the_list_and_the_to_do_for_the_archive(
    store: CaseStore,
) -> None:
    child_id = _child(store)  # left behind, never visited: a visit is due
    assert any(r.child_id == child_id for r in reminders(store, TODAY))
    close_file(store, child_id=child_id, reason="parents_returned", day=TODAY, today=TODAY)
    assert [s.id for s in load_children(store, today=TODAY).summaries] == []
    assert all(r.child_id != child_id for r in reminders(store, TODAY))
    [archived] = list_archive(store, query="小明")
    assert (archived.child_id, archived.reason) == (child_id, "parents_returned")
    assert list_archive(store, query="张") == ()
    reopen_file(store, child_id=child_id, day=TODAY, reason="父母再次外出")
    assert list_archive(store) == ()
    assert [s.id for s in load_children(store, today=TODAY).summaries] == [child_id]
    assert store.get(child_id).fields["reopen_reason"] == "父母再次外出"


def test_s2_5_5_and_10_an_orphan_turning_18_is_referred_to_hr_and_civil_affairs(
    store: CaseStore,
) -> None:
    eighteenth = TODAY - timedelta(days=3)
    orphan = _orphan(store, eighteenth.replace(year=eighteenth.year - 18))
    found = [r for r in reminders(store, TODAY) if r.kind == "adult_referral_needed"]
    assert [r.message.zh for r in found] == [
        f"陈小孤：已于 {eighteenth} 年满18周岁，请转介人社、民政（工作方案二（五）5、10）并办理结案"
    ]
    made = close_file(store, child_id=orphan, reason="turned_18", day=TODAY, today=TODAY)
    referrals = {store.get(r).fields["department"]: store.get(r).fields for r in made}
    assert set(referrals) == set(ADULT_REFERRALS) == {"human_resources", "civil_affairs"}
    assert "二（五）10" in referrals["human_resources"]["need"]
    # Reopened, the child is referred already: no second reminder, no second referral.
    reopen_file(store, child_id=orphan, day=TODAY, reason="核对信息")
    assert [r for r in reminders(store, TODAY) if r.kind == "adult_referral_needed"] == []
    assert close_file(store, child_id=orphan, reason="turned_18", day=TODAY, today=TODAY) == ()


def test_s2_5_a_left_behind_child_turning_18_is_not_referred(store: CaseStore) -> None:
    # Left behind is not "in difficulty" (categories 2–6): closing at 18 refers nobody.
    eighteenth = TODAY - timedelta(days=3)
    child_id = _child(store, birth=eighteenth.replace(year=eighteenth.year - 18))
    assert [r for r in reminders(store, TODAY) if r.kind == "adult_referral_needed"] == []
    assert close_file(store, child_id=child_id, reason="turned_18", day=TODAY, today=TODAY) == ()
