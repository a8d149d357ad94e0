"""The sync contract, end to end: real server process over HTTP, real client data folders.

Every test runs against an SQLite server and a PostgreSQL server alike.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
import pytest

from casework.ids import make_id_number
from casework.merge import DELETED
from casework.protocol import Op
from casework.role_refusals import RoleRefusedError
from desktop.services.conflicts import resolve_conflict
from desktop.sync.client import SyncError
from desktop.sync.engine import client_for, run_sync
from tests.contract.conftest import TOWNSHIP_1, VILLAGE_A, VILLAGE_B, VILLAGE_C, County, Device

CHILD = {
    "name": "王小明",
    "gender": "male",
    "birth_date": "2013-04-02",
    "id_number": make_id_number("330523", date(2013, 4, 2), 123),
}


def _children(names: str) -> list[dict[str, str]]:
    """CHILD under other names and ID numbers, one for each character of ``names``."""
    born = date(2013, 4, 2)
    return [
        {**CHILD, "name": name, "id_number": make_id_number("330523", born, 201 + 2 * i)}
        for i, name in enumerate(names)
    ]


def _two_directors_sharing_a_child(county: County) -> tuple[Device, Device, str]:
    first = county.enrol("李主任", "director", VILLAGE_A)
    child_id = first.store.create("child", CHILD)
    assert first.sync().pushed == 1
    second = county.enrol("张主任", "director", VILLAGE_A)
    assert second.sync().pulled >= 1
    assert second.store.get(child_id).fields["name"] == "王小明"
    return first, second, child_id


def test_edits_of_different_fields_merge(county: County) -> None:
    first, second, child_id = _two_directors_sharing_a_child(county)
    first.store.update(child_id, {"school": "递铺小学"})
    second.store.update(child_id, {"grade": "六年级"})
    first.sync()
    summary = second.sync()
    assert summary.merged == 1 and summary.conflicts == 0
    first.sync()
    for device in (first, second):
        record = device.store.get(child_id)
        assert (record.fields["school"], record.fields["grade"]) == ("递铺小学", "六年级")
        assert record.sync_state == "synced"
    assert first.store.get(child_id).rev == second.store.get(child_id).rev


def test_same_field_conflicts_and_resolves(county: County) -> None:
    first, second, child_id = _two_directors_sharing_a_child(county)
    first.store.update(child_id, {"school": "递铺小学", "notes": "父母在杭州"})
    second.store.update(child_id, {"school": "实验小学"})
    first.sync()
    summary = second.sync()
    assert summary.conflicts == 1
    (conflict,) = second.state.conflicts()
    assert (conflict.field, conflict.base, conflict.mine, conflict.theirs) == (
        "school",
        None,
        "实验小学",
        "递铺小学",
    )
    assert conflict.theirs_by
    record = second.store.get(child_id)
    # The server's value stands until a person decides; the other field merged.
    assert record.fields["school"] == "递铺小学" and record.fields["notes"] == "父母在杭州"
    assert record.sync_state == "conflict"

    resolve_conflict(second.store, record_id=child_id, field="school", keep="mine")
    assert second.state.conflicts() == []
    second.sync()
    first.sync()
    assert first.store.get(child_id).fields["school"] == "实验小学"
    assert second.store.get(child_id).sync_state == "synced"

    history = httpx.get(
        f"{county.server.api_url}/records/{child_id}/history",
        headers={"Authorization": f"Bearer {first.state.credential()}"},
    ).json()["versions"]
    schools = [v["fields"].get("school") for v in history]
    assert "递铺小学" in schools and "实验小学" in schools
    assert any(v["outcome"] == "lost" for v in history), "the losing side is kept"


def test_keep_theirs_and_new_value(county: County) -> None:
    first, second, child_id = _two_directors_sharing_a_child(county)
    first.store.update(child_id, {"school": "递铺小学", "grade": "五年级"})
    second.store.update(child_id, {"school": "实验小学", "grade": "六年级"})
    first.sync()
    assert second.sync().conflicts == 1
    fields = {c.field for c in second.state.conflicts()}
    assert fields == {"school", "grade"}
    resolve_conflict(second.store, record_id=child_id, field="school", keep="theirs")
    assert second.store.get(child_id).sync_state == "conflict"  # one field still open
    resolve_conflict(second.store, record_id=child_id, field="grade", value="四年级")
    second.sync()
    first.sync()
    record = first.store.get(child_id)
    assert (record.fields["school"], record.fields["grade"]) == ("递铺小学", "四年级")


def test_edit_against_delete_is_a_conflict_and_can_restore(county: County) -> None:
    first, second, child_id = _two_directors_sharing_a_child(county)
    first.store.delete(child_id)
    second.store.update(child_id, {"school": "实验小学"})
    first.sync()
    assert second.sync().conflicts == 1
    (conflict,) = second.state.conflicts()
    assert conflict.field == DELETED and conflict.theirs is True
    assert second.store.get(child_id).fields["school"] == "实验小学", "typed words kept"
    resolve_conflict(second.store, record_id=child_id, field=DELETED, keep="mine")
    second.sync()
    first.sync()
    assert first.store.get(child_id).fields["school"] == "实验小学"


def test_replaying_a_batch_changes_nothing(county: County) -> None:
    device = county.enrol("李主任", "director", VILLAGE_A)
    child_id = device.store.create("child", CHILD)
    ops = device.state.take_batch(10)
    client = client_for(device.state)
    first = client.push(ops)
    again = client.push(ops)
    assert first == again
    assert [r.status for r in first.results] == ["applied"]
    device.state.apply_results(ops, first.results)
    device.sync()
    assert device.store.get(child_id).rev == 1


def test_small_batches_go_in_order_with_each_records_edits_rebased(county: County) -> None:
    device = county.enrol("李主任", "director", VILLAGE_A)
    a, b, c, d = (device.store.create("child", fields) for fields in _children("甲乙丙丁"))
    device.state.take_batch(10)  # a sync killed with these out: they stay "sending"
    device.store.update(a, {"school": "一小"})
    device.store.update(b, {"school": "二小"})
    # Batches of 2, the next taken while one is out: [a, b], [c, d], then a's and b's
    # edits, rebased on the revisions the first batch made.
    summary = device.sync(push_batch=2)
    assert (summary.pushed, summary.conflicts, summary.rejected) == (6, 0, 0)
    assert [device.store.get(r).rev for r in (a, b, c, d)] == [2, 2, 1, 1]
    # All that waits is on the one record out: it goes once that one is answered.
    device.store.update(c, {"school": "三小"})
    device.state.take_batch(10)
    device.store.update(c, {"grade": "三年级"})
    assert device.sync(push_batch=2).pushed == 2
    assert device.state.waiting_count() == 0
    other = county.enrol("张主任", "director", VILLAGE_A)
    other.sync()
    assert [other.store.get(r).fields.get("school") for r in (a, b, c, d)] == [
        "一小", "二小", "三小", None,
    ]  # fmt: skip
    assert (other.store.get(c).rev, other.store.get(c).fields["grade"]) == (3, "三年级")


def test_nothing_is_sent_after_a_batch_that_failed(county: County) -> None:
    device = county.enrol("李主任", "director", VILLAGE_A)
    for fields in _children("甲乙丙丁"):
        device.store.create("child", fields)
    client = client_for(device.state, retries=0)
    sent: list[int] = []

    def failing_push(ops: list[Op], **_where: Any) -> Any:
        sent.append(len(ops))
        raise SyncError("network", "ConnectionError")

    client.push = failing_push  # type: ignore[method-assign]
    with pytest.raises(SyncError):
        run_sync(device.store, client, push_batch=2)
    client.close()
    assert sent == [2], "the batch taken meanwhile was not sent"
    assert device.state.waiting_count() == 4
    assert device.sync().pushed == 4
    assert device.state.waiting_count() == 0


def test_a_village_cannot_read_or_write_another(county: County) -> None:
    village_a = county.enrol("李主任", "director", VILLAGE_A)
    village_b = county.enrol("赵主任", "director", VILLAGE_B)
    hidden = village_b.store.create("child", CHILD)
    village_b.sync()
    assert village_a.sync().pulled == 0
    client = client_for(village_a.state)
    trespass = Op(
        op_id=str(uuid.uuid4()),
        record_id=hidden,
        kind="child",
        village_code=VILLAGE_B,
        base_rev=1,
        op="upsert",
        fields={"school": "闯入"},
    )
    nowhere = trespass.model_copy(
        update={"op_id": str(uuid.uuid4()), "record_id": str(uuid.uuid4())}
    )
    results = client.push([trespass, nowhere]).results
    assert [r.status for r in results] == ["rejected", "rejected"]
    assert results[0].reason == results[1].reason
    headers = {"Authorization": f"Bearer {village_a.state.credential()}"}
    there = httpx.get(f"{county.server.api_url}/records/{hidden}", headers=headers)
    missing = httpx.get(f"{county.server.api_url}/records/{uuid.uuid4()}", headers=headers)
    assert there.status_code == missing.status_code == 404
    assert there.json() == missing.json()
    village_b.sync()
    assert village_b.store.get(hidden).fields.get("school") is None


def test_a_revoked_device_is_refused(county: County) -> None:
    device = county.enrol("李主任", "director", VILLAGE_A)
    device.store.create("child", CHILD)
    device.sync()
    (row,) = [d for d in county.server.list_devices() if d["user_name"] == "李主任"]
    county.server.revoke_device(str(row["id"]))
    device.store.update(device.store.records("child")[0].id, {"school": "递铺小学"})
    with pytest.raises(SyncError) as caught:
        device.sync()
    assert caught.value.kind == "unauthorized"
    assert "重新登记" in caught.value.message.zh
    assert device.state.waiting_count() == 1, "the unsent edit is kept"


def test_an_edit_made_while_sending_stays_pending(county: County) -> None:
    device = county.enrol("李主任", "director", VILLAGE_A)
    child_id = device.store.create("child", CHILD)
    ops = device.state.take_batch(10)
    assert device.store.get(child_id).sync_state == "sending"
    device.store.update(child_id, {"school": "递铺小学"})  # typed while the batch is out
    client = client_for(device.state)
    device.state.apply_results(ops, client.push(ops).results)
    record = device.store.get(child_id)
    assert record.sync_state == "pending" and record.fields["school"] == "递铺小学"
    assert record.rev == 1
    summary = device.sync()
    assert summary.pushed == 1 and summary.conflicts == 0, "rebased, not in conflict with itself"
    assert device.store.get(child_id).sync_state == "synced"
    assert device.store.get(child_id).rev == 2


def test_a_supervisor_sees_the_township_and_writes_notes(county: County) -> None:
    village_a = county.enrol("李主任", "director", VILLAGE_A)
    village_b = county.enrol("赵主任", "director", VILLAGE_B)
    village_c = county.enrol("钱主任", "director", VILLAGE_C)
    a_child = village_a.store.create("child", CHILD)
    b_child = village_b.store.create(
        "child", {**CHILD, "id_number": make_id_number("330523", date(2013, 4, 2), 125)}
    )
    c_child = village_c.store.create(
        "child", {**CHILD, "id_number": make_id_number("330523", date(2013, 4, 2), 127)}
    )
    for device in (village_a, village_b, village_c):
        device.sync()
    supervisor = county.enrol("周督导", "supervisor", TOWNSHIP_1)
    supervisor.sync()
    seen = {r.id for r in supervisor.store.records("child")}
    assert seen == {a_child, b_child} and c_child not in seen
    note = supervisor.store.create(
        "supervision_note",
        {"village_code": VILLAGE_A, "child_id": a_child, "author": "周督导", "note": "请按月走访"},
    )
    assert supervisor.sync().rejected == 0
    village_a.sync()
    assert village_a.store.get(note).fields["note"] == "请按月走访"
    # A supervisor may set a child's risk level (an assessment's), nothing else of it: the
    # laptop refuses before saving what the county would refuse (issue 18 item 2; the
    # server's own refusal: tests/county_server/test_access.py, test_township_tasks.py).
    waiting = supervisor.store.pending_count()
    with pytest.raises(RoleRefusedError) as refused:
        supervisor.store.update(b_child, {"school": "督导不能改"})
    assert refused.value.fields == ("school",)
    assert supervisor.store.pending_count() == waiting
    assert supervisor.store.get(b_child).sync_state == "synced"
    supervisor.store.update(b_child, {"risk_level": "high"})
    assert supervisor.sync().rejected == 0
