"""Pull: changes after a cursor, oldest first, in pages, within the device's scope."""

from __future__ import annotations

import threading
from typing import Any

from casework.protocol import PullResponse
from tests.county_server.conftest import T1, T2, V1, V2, V3, World, child_fields, make_op


def _ids(changes: list[dict[str, Any]]) -> list[str]:
    return [c["record_id"] for c in changes]


def test_changes_come_oldest_first_in_pages_with_a_cursor(world: World) -> None:
    director = world.director()
    children = [director.create_child(V1) for _ in range(7)]
    first = director.pull(0, limit=3)
    PullResponse.model_validate(first)
    assert _ids(first["changes"]) == [c["id"] for c in children[:3]]
    assert first["cursor"] == children[2]["seq"] and first["more"] is True
    second = director.pull(first["cursor"], limit=3)
    third = director.pull(second["cursor"], limit=3)
    assert _ids(second["changes"]) == [c["id"] for c in children[3:6]]
    assert _ids(third["changes"]) == [children[6]["id"]]
    assert third["more"] is False and third["cursor"] == children[6]["seq"]
    seqs = [c["seq"] for page in (first, second, third) for c in page["changes"]]
    assert seqs == sorted(seqs)
    # Nothing new: an empty page, and the cursor stays.
    empty = director.pull(third["cursor"])
    assert empty == {
        "changes": [], "cursor": third["cursor"], "more": False, "epoch": first["epoch"],
        "county_version": first["county_version"],  # the directory's and policy's version
    }  # fmt: skip


def test_a_full_last_page_says_there_is_no_more(world: World) -> None:
    director = world.director()
    for _ in range(4):
        director.create_child(V1)
    page = director.pull(0, limit=4)
    assert len(page["changes"]) == 4 and page["more"] is False


def test_each_record_comes_once_in_its_latest_state(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    other = director.create_child(V1)
    director.push_one(make_op("child", V1, {"grade": "二年级"}, record_id=child["id"], base_rev=1))
    director.push_one(make_op("child", V1, {"grade": "三年级"}, record_id=child["id"], base_rev=2))
    changes = director.pull()["changes"]
    assert _ids(changes) == [other["id"], child["id"]]
    latest = changes[1]
    assert latest["in_scope"] is True
    assert latest["record"]["rev"] == 3 and latest["record"]["fields"]["grade"] == "三年级"
    assert latest["seq"] == latest["record"]["seq"]


def test_tombstones_are_pulled(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    cursor = director.pull()["cursor"]
    director.push_one(make_op("child", V1, record_id=child["id"], base_rev=1, op="delete"))
    [change] = director.pull(cursor)["changes"]
    assert change["in_scope"] is True and change["record"]["deleted"] is True


def test_pull_sees_only_the_devices_scope(world: World) -> None:
    county = world.county()
    records = {village: county.create_child(village)["id"] for village in (V1, V2, V3)}
    seen = {
        "director V1": set(_ids(world.director(V1).pull()["changes"])),
        "director V3": set(_ids(world.director(V3).pull()["changes"])),
        "supervisor T1": set(_ids(world.supervisor(T1).pull()["changes"])),
        "supervisor T2": set(_ids(world.supervisor(T2).pull()["changes"])),
        "county": set(_ids(county.pull()["changes"])),
    }
    assert seen == {
        "director V1": {records[V1]},
        "director V3": {records[V3]},
        "supervisor T1": {records[V1], records[V2]},
        "supervisor T2": {records[V3]},
        "county": set(records.values()),
    }


def test_records_moved_out_of_scope_are_announced(world: World) -> None:
    county = world.county()
    director_v1, director_v3 = world.director(V1), world.director(V3)
    supervisor_t1, supervisor_t2 = world.supervisor(T1), world.supervisor(T2)
    child = county.create_child(V1)
    visit = county.push_one(
        make_op(
            "visit",
            V1,
            {"child_id": child["id"], "visit_date": "2026-01-05", "visitor": "李主任"},
        )
    )["record"]
    cursors = {
        name: device.pull()["cursor"]
        for name, device in {
            "v1": director_v1,
            "v3": director_v3,
            "t1": supervisor_t1,
            "t2": supervisor_t2,
        }.items()
    }
    county.push_one(make_op("child", V2, {}, record_id=child["id"], base_rev=1))  # within T1
    # V1's director loses both; the township supervisor keeps them.
    gone = director_v1.pull(cursors["v1"])["changes"]
    assert [(c["record_id"], c["in_scope"], c["record"]) for c in gone] == [
        (child["id"], False, None),
        (visit["id"], False, None),
    ]
    kept = supervisor_t1.pull(cursors["t1"])["changes"]
    assert [(c["record_id"], c["in_scope"]) for c in kept] == [
        (child["id"], True),
        (visit["id"], True),
    ]
    county.push_one(make_op("child", V3, {}, record_id=child["id"], base_rev=2))  # to T2
    left = supervisor_t1.pull(cursors["t1"])["changes"]
    assert {(c["record_id"], c["in_scope"]) for c in left} == {
        (child["id"], False),
        (visit["id"], False),
    }
    arrived = supervisor_t2.pull(cursors["t2"])["changes"]
    assert {(c["record_id"], c["in_scope"]) for c in arrived} == {
        (child["id"], True),
        (visit["id"], True),
    }
    assert {c["record_id"] for c in director_v3.pull(cursors["v3"])["changes"]} == {
        child["id"],
        visit["id"],
    }
    # V1's director is told once per record, at the latest departure.
    again = director_v1.pull(cursors["v1"])["changes"]
    assert sorted(_ids(again)) == sorted([child["id"], visit["id"]])
    assert all(not c["in_scope"] for c in again)
    # A device that never had the record loses nothing it had; moving back brings it back.
    county.push_one(make_op("child", V1, {}, record_id=child["id"], base_rev=3))
    back = director_v1.pull(cursors["v1"])["changes"]
    assert {(c["record_id"], c["in_scope"]) for c in back} == {
        (child["id"], True),
        (visit["id"], True),
    }


def test_departures_and_changes_share_one_ordered_stream(world: World) -> None:
    county, director = world.county(), world.director(V1)
    leaving = county.create_child(V1)
    cursor = director.pull()["cursor"]
    before = county.create_child(V1)
    county.push_one(make_op("child", V2, {}, record_id=leaving["id"], base_rev=1))
    after = county.create_child(V1)
    first = director.pull(cursor, limit=2)
    assert [(c["record_id"], c["in_scope"]) for c in first["changes"]] == [
        (before["id"], True),
        (leaving["id"], False),
    ]
    assert first["more"] is True
    rest = director.pull(first["cursor"], limit=2)
    assert [(c["record_id"], c["in_scope"]) for c in rest["changes"]] == [(after["id"], True)]


def test_limits_are_clamped_and_checked(world: World) -> None:
    director = world.director()
    director.create_child(V1)
    assert len(director.pull(0, limit=1_000_000)["changes"]) == 1
    for params in ({"limit": 0}, {"since": -1}, {"since": "abc"}, {"limit": "1.5"}):
        answer = director.get("/changes", **params)
        assert answer.status_code == 422, params
        assert answer.json()["error"]["code"] == "invalid_request"
    huge = director.get("/changes", since=10**30)
    assert huge.status_code == 422


def test_concurrent_pushes_never_slip_below_a_cursor(world: World) -> None:
    """Sequences commit in order: a puller following the cursor misses nothing."""
    writers = [world.director(V1) for _ in range(3)]
    reader = world.director(V1)
    created: list[str] = []
    lock = threading.Lock()

    def write(device: Any) -> None:
        for _ in range(5):
            ops = [make_op("child", V1, child_fields()) for _ in range(3)]
            results = device.push(*ops)
            with lock:
                created.extend(r["record"]["id"] for r in results)

    threads = [threading.Thread(target=write, args=(w,)) for w in writers]
    seen: set[str] = set()
    cursor = 0
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        page = reader.pull(cursor, limit=4)
        seen.update(_ids(page["changes"]))
        cursor = page["cursor"]
    for thread in threads:
        thread.join()
    changes, _ = reader.pull_all(cursor)
    seen.update(_ids(changes))
    assert len(created) == 45
    assert seen == set(created)


def _pull_mine(device: Any, since: int, mine_upto: int, limit: int = 500) -> dict[str, Any]:
    answer = device.get("/changes", since=since, limit=limit, mine_upto=mine_upto)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_a_devices_own_answered_versions_are_left_out_and_passed_over(world: World) -> None:
    """No echo: ``mine_upto`` leaves out what this device wrote and holds from its answers;
    the cursor still moves past it; another device's change, and a version written above
    ``mine_upto``, still come."""
    mine, other = world.director(), world.device("director", V1, "张主任")
    first, second = mine.create_child(V1), mine.create_child(V1)
    upto = second["seq"]
    page = _pull_mine(mine, 0, upto)
    assert page["changes"] == [] and page["cursor"] == upto and page["more"] is False
    assert _ids(other.pull()["changes"]) == [first["id"], second["id"]]  # not left out for others
    theirs = other.create_child(V1)
    later = mine.create_child(V1)
    page = _pull_mine(mine, upto, upto)
    assert _ids(page["changes"]) == [theirs["id"], later["id"]]  # above mine_upto: comes
    # Nothing but own versions after the page: no more, and the cursor passes them too.
    page = _pull_mine(mine, 0, later["seq"], limit=1)
    assert _ids(page["changes"]) == [theirs["id"]] and page["more"] is False
    assert page["cursor"] == later["seq"]
    # More of others' changes than the page holds: the cursor stops at the page's last.
    again = other.create_child(V1)
    page = _pull_mine(mine, 0, later["seq"], limit=1)
    assert (_ids(page["changes"]), page["more"]) == ([theirs["id"]], True)
    assert page["cursor"] == theirs["seq"]
    assert _ids(_pull_mine(mine, theirs["seq"], later["seq"])["changes"]) == [again["id"]]


def test_versions_written_on_the_side_come_to_the_device_that_caused_them(world: World) -> None:
    """A deleted child's visit is closed by the server, not answered: it is pulled."""
    mine = world.director()
    child = mine.create_child(V1)
    visit = mine.push_one(
        make_op("visit", V1, {"child_id": child["id"], "visit_date": "2026-11-01", "visitor": "李"})
    )["record"]
    deleted = mine.push_one(
        make_op("child", V1, record_id=child["id"], base_rev=child["rev"], op="delete")
    )
    assert deleted["status"] == "applied"
    page = _pull_mine(mine, visit["seq"], deleted["record"]["seq"])
    changed = {c["record_id"]: c["record"] for c in page["changes"]}
    assert child["id"] not in changed  # answered to this device
    assert changed[visit["id"]]["rev"] == visit["rev"] + 1  # deleted with its child
    assert page["cursor"] >= deleted["record"]["seq"]
