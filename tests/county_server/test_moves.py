"""Moving a child to another village (issue 17 item 5), per back end: the director of the
child's village asks with a ``move`` op, the server moves the child and every record that
hangs on it in one transaction (history and audit kept), and pulls tell the old village's
devices the records left and bring them to the new village's."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from county_server.models import AuditEntry, ScopeMove
from tests.county_server.conftest import T1, T2, V1, V2, V3, Device, World, make_op, new_id


def move_op(child_id: str, village: str, to: str, *, base_rev: int = 1) -> dict[str, Any]:
    op = make_op("child", village, record_id=child_id, base_rev=base_rev, op="move")
    return {**op, "to_village": to}


def _family(world: World, director: Device, supervisor: Device) -> dict[str, Any]:
    """A child of V1 with a father, a visit, a deleted visit and the supervisor's note."""
    child = director.create_child(V1)
    ops = {
        "father": make_op(
            "family_member", V1, {"child_id": child["id"], "relation": "father", "name": "王某"}
        ),
        "visit": make_op(
            "visit", V1, {"child_id": child["id"], "visit_date": "2026-01-05", "visitor": "李"}
        ),
        "gone": make_op(
            "visit", V1, {"child_id": child["id"], "visit_date": "2026-01-06", "visitor": "李"}
        ),
    }
    assert [r["status"] for r in director.push(*ops.values())] == ["applied"] * 3
    deleted = director.push_one(
        make_op("visit", V1, record_id=ops["gone"]["record_id"], base_rev=1, op="delete")
    )
    assert deleted["status"] == "applied"
    note = supervisor.push_one(
        make_op(
            "supervision_note",
            V1,
            {"village_code": V1, "child_id": child["id"], "author": "x", "note": "请随访"},
        )
    )
    assert note["status"] == "applied", note
    return {
        "child": child["id"],
        **{name: op["record_id"] for name, op in ops.items()},
        "note": note["record"]["id"],
    }


def test_the_director_moves_a_child_with_all_its_records(world: World) -> None:
    director_v1, director_v3 = world.director(V1), world.director(V3)
    supervisor_t1, supervisor_t2 = world.supervisor(T1), world.supervisor(T2)
    county = world.county()
    family = _family(world, director_v1, supervisor_t1)
    cursors = {
        device.id: device.pull()["cursor"]
        for device in (director_v1, director_v3, supervisor_t1, supervisor_t2)
    }
    result = director_v1.push_one(move_op(family["child"], V1, V3))
    assert result["status"] == "applied", result
    assert (result["record"]["village_code"], result["record"]["rev"]) == (V3, 2)
    # Every record moved, tombstone included, each one version on.
    ids = set(family.values())
    for record_id in ids:
        record = county.get(f"/records/{record_id}").json()
        assert record["village_code"] == V3, record
    note = county.get(f"/records/{family['note']}").json()
    assert note["fields"]["village_code"] == V3  # the note names the child's new village
    history = county.get(f"/records/{family['child']}/history").json()["versions"]
    assert [(v["rev"], v["outcome"]) for v in history] == [(1, "applied"), (2, "applied")]
    assert history[0]["fields"] == history[1]["fields"]  # the fields go unchanged
    # The old village loses all of them; the new one receives all of them.
    gone = director_v1.pull(cursors[director_v1.id])["changes"]
    assert {(c["record_id"], c["in_scope"], c["record"]) for c in gone} == {
        (record_id, False, None) for record_id in ids
    }
    arrived = director_v3.pull(cursors[director_v3.id])["changes"]
    assert {c["record_id"] for c in arrived if c["in_scope"]} == ids
    assert arrived[0]["record_id"] == family["child"]  # the child before its records
    # Moved to another township: its supervisors follow it.
    assert {c["in_scope"] for c in supervisor_t1.pull(cursors[supervisor_t1.id])["changes"]} == {
        False
    }
    t2 = supervisor_t2.pull(cursors[supervisor_t2.id])["changes"]
    assert {c["record_id"] for c in t2 if c["in_scope"]} == ids
    # Audited once as a move, from where to where.
    with world.db.transaction() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "move_child")).one()
        moves = session.scalars(select(ScopeMove.record_id)).all()
    assert json.loads(entry.detail) == {"from": V1, "to": V3, "records": len(ids)}
    assert set(json.loads(entry.record_ids)) == ids
    assert entry.device_id == director_v1.id
    assert set(moves) == ids
    # The new village's director writes in the file now.
    visit = director_v3.push_one(
        make_op(
            "visit", V3, {"child_id": family["child"], "visit_date": "2026-02-01", "visitor": "周"}
        )
    )
    assert visit["status"] == "applied"


def test_a_move_within_the_township_keeps_it_with_its_supervisor(world: World) -> None:
    director, supervisor = world.director(V1), world.supervisor(T1)
    family = _family(world, director, supervisor)
    cursor = supervisor.pull()["cursor"]
    assert director.push_one(move_op(family["child"], V1, V2))["status"] == "applied"
    changes = supervisor.pull(cursor)["changes"]
    assert {(c["record_id"], c["in_scope"]) for c in changes} == {
        (record_id, True) for record_id in family.values()
    }
    assert {c["record"]["village_code"] for c in changes} == {V2}


def test_a_replayed_move_is_answered_again_and_moves_nothing_twice(world: World) -> None:
    director = world.director(V1)
    child = director.create_child(V1)
    op = move_op(child["id"], V1, V3)
    first = director.push_one(op)
    assert director.push_one(op) == first
    with world.db.transaction() as session:
        assert len(session.scalars(select(ScopeMove)).all()) == 1


def test_moves_refused_in_words(world: World) -> None:
    director_v1, director_v2 = world.director(V1), world.director(V2)
    supervisor, county = world.supervisor(T1), world.county()
    child = director_v1.create_child(V1)
    visit = director_v1.push_one(
        make_op("visit", V1, {"child_id": child["id"], "visit_date": "2026-01-05", "visitor": "李"})
    )["record"]

    def refused(device: Device, op: dict[str, Any]) -> dict[str, Any]:
        result = device.push_one(op)
        assert result["status"] == "rejected", result
        reason: dict[str, Any] = result["reason"]
        assert reason["zh"] and reason["en"]
        return reason

    same = refused(director_v1, move_op(child["id"], V1, V1))
    assert (same["code"], "古城村" in same["zh"]) == ("move_same_village", True)
    unknown = refused(director_v1, move_op(child["id"], V1, "330523199001"))
    assert unknown["code"] == "move_unknown_village"
    assert "330523199001" in unknown["zh"] and "没有丢失" in unknown["zh"]
    # A director of another village: refused, and said the same as for no such child.
    other = refused(director_v2, move_op(child["id"], V2, V3))
    assert other["code"] == "move_forbidden" and "不在你负责的村" in other["zh"]
    assert refused(director_v2, move_op(child["id"], V1, V3))["code"] == "move_forbidden"
    nobody = refused(director_v2, move_op(new_id(), V2, V3))
    assert nobody == other
    # Supervisors keep no village's file; a visit does not move on its own.
    assert refused(supervisor, move_op(child["id"], V1, V3))["code"] == "move_forbidden"
    loose = {**move_op(visit["id"], V1, V3), "kind": "visit"}
    assert refused(director_v1, loose)["code"] == "move_not_child"
    # A move names its village, sends no fields; malformed otherwise.
    bare = make_op("child", V1, record_id=child["id"], base_rev=1, op="move")
    assert refused(director_v1, bare)["code"] == "invalid_op"
    # Nothing of it changed anything.
    record = county.get(f"/records/{child['id']}").json()
    assert (record["village_code"], record["rev"]) == (V1, 1)
    # The county may move any child.
    assert county.push_one(move_op(child["id"], V1, V3))["status"] == "applied"


def test_a_late_change_from_the_old_village_is_refused_and_kept_in_history(
    world: World,
) -> None:
    director, county, other = world.director(V1), world.county(), world.director(V2)
    child = director.create_child(V1)
    visit = director.push_one(
        make_op("visit", V1, {"child_id": child["id"], "visit_date": "2026-01-05", "visitor": "李"})
    )["record"]
    assert county.push_one(move_op(child["id"], V1, V3))["status"] == "applied"
    # An edit of the visit, made on the old village's laptop before it heard of the move.
    edit = make_op("visit", V1, {"help_given": "送去学习用品"}, record_id=visit["id"], base_rev=1)
    late = director.push_one(edit)
    assert (late["status"], late["reason"]["code"]) == ("rejected", "moved_away")
    assert "已迁往其他村" in late["reason"]["zh"] and "历史" in late["reason"]["zh"]
    history = county.get(f"/records/{visit['id']}/history").json()["versions"]
    assert [(v["rev"], v["outcome"]) for v in history] == [
        (1, "applied"), (2, "applied"), (2, "lost"),
    ]  # fmt: skip
    assert history[-1]["fields"]["help_given"] == "送去学习用品"
    assert county.get(f"/records/{visit['id']}").json()["fields"].get("help_given") is None
    # Sent again (its answer lost): refused again, kept once.
    assert director.push_one(edit)["reason"]["code"] == "moved_away"
    assert len(county.get(f"/records/{visit['id']}/history").json()["versions"]) == 3
    # A new record about the child: refused in its own words.
    new_visit = director.push_one(
        make_op("visit", V1, {"child_id": child["id"], "visit_date": "2026-01-07", "visitor": "李"})
    )
    assert new_visit["reason"]["code"] == "moved_away"
    assert "新建的这条记录" in new_visit["reason"]["zh"]
    # A move asked for after the county moved it: already done.
    again = director.push_one(move_op(child["id"], V1, V2))
    assert again["reason"]["code"] == "moved_away"
    # Someone who never had the child learns nothing: as if it did not exist.
    stranger = other.push_one(
        make_op("visit", V2, {"help_given": "x"}, record_id=visit["id"], base_rev=1)
    )
    assert stranger["reason"]["code"] == "not_found"
