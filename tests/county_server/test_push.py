"""Push: each op applied, merged, in conflict or rejected, and the batch goes on."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import func, select

from casework.protocol import MAX_PUSH_OPS, OpResult, PushResponse, ServerRecord
from county_server.models import OpResultRow, Record, RecordVersion, ScopeMove
from tests.county_server.conftest import (
    V1,
    V2,
    V3,
    World,
    child_fields,
    make_op,
    new_id,
    utc,
    visit_fields,
)


def _counts(world: World) -> tuple[int, int]:
    with world.db.transaction() as session:
        versions = session.scalar(select(func.count()).select_from(RecordVersion))
        top = session.scalar(select(func.max(Record.seq)))
    return int(versions or 0), int(top or 0)


def _history(world: World, device: Any, record_id: str) -> list[dict[str, Any]]:
    answer = device.get(f"/records/{record_id}/history")
    assert answer.status_code == 200
    versions: list[dict[str, Any]] = answer.json()["versions"]
    return versions


def test_create_is_applied_at_rev_1_with_every_field(world: World) -> None:
    director = world.director()
    fields = child_fields(school="递铺小学")
    result = director.push_one(make_op("child", V1, fields))
    PushResponse.model_validate({"results": [result]})
    assert result["status"] == "applied"
    record = result["record"]
    assert (record["rev"], record["deleted"], record["village_code"]) == (1, False, V1)
    assert record["fields"]["school"] == "递铺小学"
    assert record["fields"]["boarding"] is False  # defaults filled in: every field
    assert record["updated_by"] == director.enrolment["user_name"]
    assert record["seq"] >= 1


def test_each_accepted_change_gets_the_next_rev_and_a_higher_seq(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    first = director.push_one(
        make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=1)
    )
    second = director.push_one(
        make_op("child", V1, {"grade": "六年级"}, record_id=child["id"], base_rev=2)
    )
    assert [first["status"], second["status"]] == ["applied", "applied"]
    assert [first["record"]["rev"], second["record"]["rev"]] == [2, 3]
    assert child["seq"] < first["record"]["seq"] < second["record"]["seq"]
    assert second["record"]["fields"]["school"] == "实验小学"


def test_an_update_with_nothing_new_changes_nothing(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    before = _counts(world)
    result = director.push_one(
        make_op("child", V1, {"name": child["fields"]["name"]}, record_id=child["id"], base_rev=1)
    )
    assert result["status"] == "applied"
    assert result["record"]["rev"] == 1
    assert _counts(world) == before


def test_changes_to_different_fields_merge(world: World) -> None:
    one, two = world.director(), world.director()
    child = one.create_child(V1)
    one.push_one(make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=1))
    result = two.push_one(
        make_op("child", V1, {"grade": "五年级"}, record_id=child["id"], base_rev=1)
    )
    assert result["status"] == "merged"
    assert result["conflicts"] == []
    fields = result["record"]["fields"]
    assert (fields["school"], fields["grade"], result["record"]["rev"]) == ("实验小学", "五年级", 3)


def test_same_field_conflicts_keep_the_servers_value_and_apply_the_rest(world: World) -> None:
    one = world.director(V1)
    two = world.device("director", V1, name="王主任")
    child = one.create_child(V1, school="递铺小学")
    world.clock.advance(minutes=5)
    theirs = two.push_one(
        make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=1)
    )
    world.clock.advance(minutes=5)
    result = one.push_one(
        make_op(
            "child",
            V1,
            {"school": "昌硕小学", "grade": "六年级"},
            record_id=child["id"],
            base_rev=1,
        )
    )
    assert result["status"] == "conflict"
    assert result["record"]["fields"]["school"] == "实验小学"  # the server's value stays
    assert result["record"]["fields"]["grade"] == "六年级"  # the rest applies
    assert result["record"]["rev"] == 3
    [conflict] = result["conflicts"]
    assert conflict["field"] == "school"
    assert (conflict["base"], conflict["mine"], conflict["theirs"]) == (
        "递铺小学",
        "昌硕小学",
        "实验小学",
    )
    assert conflict["theirs_by"] == "王主任"
    assert utc(conflict["theirs_at"]) == utc(theirs["record"]["updated_at"])


def test_history_keeps_the_losing_side_of_a_conflict(world: World) -> None:
    one, two = world.director(), world.director()
    child = one.create_child(V1, school="递铺小学")
    two.push_one(make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=1))
    op = make_op("child", V1, {"school": "昌硕小学"}, record_id=child["id"], base_rev=1)
    result = one.push_one(op)
    assert result["status"] == "conflict"
    assert result["record"]["rev"] == 2  # nothing else changed: no new revision
    versions = _history(world, one, child["id"])
    assert [(v["rev"], v["outcome"]) for v in versions] == [
        (1, "applied"),
        (2, "applied"),
        (2, "lost"),
    ]
    lost = versions[-1]
    assert lost["fields"]["school"] == "昌硕小学"
    assert lost["fields"]["name"] == child["fields"]["name"]
    assert lost["op_id"] == op["op_id"]
    assert lost["by"] == one.enrolment["user_name"]


def test_delete_sets_the_tombstone(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    result = director.push_one(make_op("child", V1, record_id=child["id"], base_rev=1, op="delete"))
    assert result["status"] == "applied"
    assert result["record"]["deleted"] is True
    assert result["record"]["rev"] == 2
    # The current version keeps no personal fields; history keeps what it held.
    assert result["record"]["fields"] == {"risk_level": "low", "key_child": False}
    assert _history(world, director, child["id"])[0]["fields"] == child["fields"]
    again = director.push_one(make_op("child", V1, record_id=child["id"], base_rev=2, op="delete"))
    assert again["status"] == "applied" and again["record"]["rev"] == 2


def test_edit_against_a_delete_is_a_conflict(world: World) -> None:
    one, two = world.director(), world.director()
    child = one.create_child(V1)
    two.push_one(make_op("child", V1, record_id=child["id"], base_rev=1, op="delete"))
    result = one.push_one(
        make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=1)
    )
    assert result["status"] == "conflict"
    [conflict] = result["conflicts"]
    assert (conflict["field"], conflict["base"], conflict["mine"], conflict["theirs"]) == (
        "_deleted",
        False,
        False,
        True,
    )
    assert result["record"]["deleted"] is True
    assert _history(world, one, child["id"])[-1]["outcome"] == "lost"
    # Keep mine: an upsert against the tombstone restores the record with the edit.
    restored = one.push_one(
        make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=2)
    )
    assert restored["status"] == "applied"
    assert restored["record"]["deleted"] is False
    assert restored["record"]["fields"]["school"] == "实验小学"


def test_delete_against_an_edit_is_a_conflict(world: World) -> None:
    one, two = world.director(), world.director()
    child = one.create_child(V1)
    two.push_one(make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=1))
    result = one.push_one(make_op("child", V1, record_id=child["id"], base_rev=1, op="delete"))
    assert result["status"] == "conflict"
    assert [(c["field"], c["mine"], c["theirs"]) for c in result["conflicts"]] == [
        ("_deleted", True, False)
    ]
    assert result["record"]["deleted"] is False
    lost = _history(world, one, child["id"])[-1]
    assert (lost["outcome"], lost["deleted"]) == ("lost", True)


def test_delete_of_an_untouched_record_merges(world: World) -> None:
    one, two = world.director(), world.director()
    child = one.create_child(V1)
    visit = one.push_one(make_op("visit", V1, visit_fields(child["id"])))["record"]
    two.push_one(
        make_op("visit", V1, {"help_given": "送学习用品"}, record_id=visit["id"], base_rev=1)
    )
    # The visit changed, but not the child: deleting the child from rev 1 is clean.
    two.push_one(make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=1))
    three = world.director()
    result = three.push_one(make_op("visit", V1, record_id=visit["id"], base_rev=2, op="delete"))
    assert result["status"] == "applied" and result["record"]["deleted"] is True


def test_a_replayed_op_gets_the_stored_answer_and_changes_nothing(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    op = make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=1)
    first = director.push_one(op)
    director.push_one(make_op("child", V1, {"grade": "三年级"}, record_id=child["id"], base_rev=2))
    before = _counts(world)
    replay = director.push_one(op)
    assert replay == first
    assert _counts(world) == before
    # Replayed inside one batch too.
    assert director.push(op, op) == [first, first]


def test_a_replay_answers_for_the_record_first_answered(world: World) -> None:
    """A stored answer names its record by rev; a replay naming another record gets the
    first record's answer, never the other record."""
    director = world.director()
    child, other = director.create_child(V1), director.create_child(V1)
    op = make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=1)
    first = director.push_one(op)
    assert director.push_one({**op, "record_id": other["id"]}) == first


def test_an_answer_kept_whole_by_an_earlier_version_still_replays(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    answer = OpResult(op_id=new_id(), status="applied", record=ServerRecord.model_validate(child))
    sealer = world.client.app.state.server.sealer
    with world.db.transaction() as session:
        session.add(
            OpResultRow(
                op_id=answer.op_id,
                device_id=director.id,
                record_id=child["id"],
                result=sealer.seal_blob(
                    answer.op_id, "op_result", answer.model_dump_json().encode()
                ),
                at=world.clock(),
            )
        )
    op = make_op("child", V1, {}, record_id=child["id"], base_rev=1, op_id=answer.op_id)
    assert director.push_one(op) == answer.model_dump(mode="json")


def test_the_same_op_id_from_another_device_is_rejected(world: World) -> None:
    one, two = world.director(), world.director()
    op = make_op("child", V1, child_fields())
    assert one.push_one(op)["status"] == "applied"
    before = _counts(world)
    result = two.push_one(op)
    assert result["status"] == "rejected"
    assert result["reason"]["code"] == "duplicate_op"
    assert result["record"] is None
    assert _counts(world) == before


def test_bad_ops_are_rejected_and_the_batch_goes_on(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    ops: list[Any] = [
        make_op("child", V1, child_fields()),
        make_op("child", V1, {**child_fields(), "gender": "unknown"}),  # invalid value
        make_op("visit", V1, visit_fields(new_id())),  # no such child
        {**make_op("child", V1, child_fields()), "kind": "diary"},  # unknown kind
        {**make_op("child", V1, child_fields()), "record_id": "not-a-uuid"},  # malformed
        "not even an object",
        make_op("child", V1, {"school": "x"}, record_id=child["id"], base_rev=9),  # future rev
        make_op("child", V1, {"school": "x"}, record_id=new_id(), base_rev=3),  # unknown record
        make_op("visit", V1, visit_fields(child["id"])),
    ]
    answer = director.post("/push", {"ops": ops})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["applied"] + ["rejected"] * 7 + ["applied"]
    assert [r["reason"]["code"] for r in results[1:-1]] == [
        "invalid",
        "missing_child",
        "invalid_op",
        "invalid_op",
        "invalid_op",
        "bad_base_rev",
        "not_found",
    ]
    assert results[5]["op_id"] == ""  # nothing to echo
    # Only the two good ops left a trace.
    changes, _ = director.pull_all()
    assert {c["record_id"] for c in changes} == {
        child["id"],
        ops[0]["record_id"],
        ops[-1]["record_id"],
    }


def test_the_answer_is_the_documented_schema_as_fastapi_would_write_it(world: World) -> None:
    """The endpoint writes its answer itself (not through FastAPI's response model): the
    bytes are those of ``PushResponse`` dumped by alias, every status among them."""
    one, two = world.director(V1), world.director(V1)
    child = one.create_child(V1, school="递铺小学")
    two.push_one(make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=1))
    ops = [
        make_op("child", V1, {"school": "昌硕小学"}, record_id=child["id"], base_rev=1),
        make_op("child", V1, {"grade": "六年级"}, record_id=child["id"], base_rev=1),
        make_op("visit", V1, visit_fields(new_id())),
        make_op("child", V1, child_fields()),
    ]
    answer = one.post("/push", {"ops": ops})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    parsed = PushResponse.model_validate_json(answer.content)
    assert [r.status for r in parsed.results] == ["conflict", "merged", "rejected", "applied"]
    assert answer.content == TypeAdapter(PushResponse).dump_json(parsed, by_alias=True)


def test_invalid_records_say_what_is_wrong_in_both_languages(world: World) -> None:
    director = world.director()
    future = (datetime.now() + timedelta(days=30)).date().isoformat()
    result = director.push_one(
        make_op("child", V1, {"name": "张三", "gender": "male", "birth_date": future})
    )
    assert result["status"] == "rejected"
    reason = result["reason"]
    assert reason["code"] == "invalid"
    assert "出生日期" in reason["zh"] and "不能晚于今天" in reason["zh"]
    assert "birth date" in reason["en"] and "later than today" in reason["en"]
    assert reason["fields"] == {"birth_date": "cannot be later than today"}
    missing = director.push_one(make_op("child", V1, {"gender": "male"}))
    assert set(missing["reason"]["fields"]) == {"name", "birth_date"}


def test_an_update_is_validated_as_a_whole_record(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    result = director.push_one(
        make_op("child", V1, {"disability_grade": 2}, record_id=child["id"], base_rev=1)
    )
    assert result["status"] == "rejected"
    assert result["reason"]["code"] == "invalid"
    assert "disability_grade" in result["reason"]["fields"]
    unknown = director.push_one(
        make_op("child", V1, {"favourite_colour": "red"}, record_id=child["id"], base_rev=1)
    )
    assert unknown["reason"]["code"] == "invalid"


def test_dependent_records_need_their_child_in_the_same_village(world: World) -> None:
    county = world.county()
    child = county.create_child(V1)
    elsewhere = county.push_one(make_op("visit", V2, visit_fields(child["id"])))
    assert elsewhere["reason"]["code"] == "missing_child"
    not_a_child = county.push_one(make_op("visit", V1, visit_fields(new_id())))
    assert not_a_child["reason"]["code"] == "missing_child"
    here = county.push_one(make_op("visit", V1, visit_fields(child["id"])))
    assert here["status"] == "applied"
    # A deleted child takes no new records.
    county.push_one(make_op("child", V1, record_id=child["id"], base_rev=1, op="delete"))
    late = county.push_one(make_op("visit", V1, visit_fields(child["id"])))
    assert late["reason"]["code"] == "missing_child"


def test_a_child_and_its_records_in_one_batch(world: World) -> None:
    director = world.director()
    child_op = make_op("child", V1, child_fields())
    member = make_op(
        "family_member",
        V1,
        {"child_id": child_op["record_id"], "relation": "father", "name": "张大山"},
    )
    visit = make_op("visit", V1, visit_fields(child_op["record_id"]))
    assert [r["status"] for r in director.push(child_op, member, visit)] == ["applied"] * 3


def test_one_batch_sees_its_own_writes(world: World) -> None:
    """Creates, edits, a conflict and a move in one batch: each op sees the ones before."""
    county = world.county()
    child_op = make_op("child", V1, child_fields())
    child_id = child_op["record_id"]
    visit = make_op("visit", V1, visit_fields(child_id))
    school = make_op("child", V1, {"school": "实验小学"}, record_id=child_id, base_rev=1)
    # Written against rev 1 too: the school is a conflict, the notes merge.
    stale = make_op("child", V1, {"school": "二小", "notes": "新"}, record_id=child_id, base_rev=1)
    move = make_op("child", V3, {}, record_id=child_id, base_rev=3)
    results = county.push(child_op, visit, school, stale, move, dict(school))
    assert [r["status"] for r in results] == [
        "applied", "applied", "applied", "conflict", "applied", "applied",
    ]  # fmt: skip
    assert results[3]["record"]["rev"] == 3
    assert results[3]["conflicts"][0]["field"] == "school"
    assert results[5] == results[2]  # the same op twice: the second is a replay
    child = county.get(f"/records/{child_id}").json()
    assert (child["rev"], child["village_code"]) == (4, V3)
    assert (child["fields"]["school"], child["fields"]["notes"]) == ("实验小学", "新")
    moved = county.get(f"/records/{visit['record_id']}").json()
    assert (moved["rev"], moved["village_code"]) == (2, V3)
    history = _history(world, county, child_id)
    assert [(v["rev"], v["outcome"]) for v in history] == [
        (1, "applied"), (2, "applied"), (3, "merged"), (3, "lost"), (4, "applied"),
    ]  # fmt: skip
    with world.db.transaction() as session:
        moves = session.scalars(select(ScopeMove.record_id).order_by(ScopeMove.seq)).all()
    assert moves == [child_id, visit["record_id"]]


def test_a_filed_mandatory_report_takes_follow_up_only(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    report = director.push_one(
        make_op(
            "mandatory_report",
            V1,
            {
                "child_id": child["id"],
                "trigger": "living_alone",
                "found_at": "2026-01-05T09:00:00",
                "reported_at": "2026-01-05T10:00:00",
                "police_station": "递铺派出所",
                "filed": True,
            },
        )
    )["record"]
    edit = director.push_one(
        make_op("mandatory_report", V1, {"trigger": "missing"}, record_id=report["id"], base_rev=1)
    )
    assert edit["reason"]["code"] == "locked"
    delete = director.push_one(
        make_op("mandatory_report", V1, record_id=report["id"], base_rev=1, op="delete")
    )
    assert delete["reason"]["code"] == "locked"
    follow_up = director.push_one(
        make_op(
            "mandatory_report",
            V1,
            {"follow_up_status": "following", "follow_up_notes": "已联系祖母"},
            record_id=report["id"],
            base_rev=1,
        )
    )
    assert follow_up["status"] == "applied"


def test_the_kind_of_a_record_cannot_change(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    result = director.push_one(
        make_op("visit", V1, visit_fields(child["id"]), record_id=child["id"], base_rev=1)
    )
    assert result["reason"]["code"] == "kind_mismatch"


def test_too_many_ops_in_one_push_is_413(world: World) -> None:
    director = world.director()
    ops = [make_op("child", V1, child_fields()) for _ in range(MAX_PUSH_OPS + 1)]
    answer = director.post("/push", {"ops": ops})
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_many_ops"


def test_moving_a_child_moves_its_records(world: World) -> None:
    county = world.county()
    child = county.create_child(V1)
    visit = county.push_one(make_op("visit", V1, visit_fields(child["id"])))["record"]
    other = county.create_child(V1)
    moved = county.push_one(make_op("child", V3, {}, record_id=child["id"], base_rev=1))
    assert moved["status"] == "applied"
    assert (moved["record"]["village_code"], moved["record"]["rev"]) == (V3, 2)
    record = county.get(f"/records/{visit['id']}").json()
    assert (record["village_code"], record["rev"]) == (V3, 2)
    assert record["fields"] == visit["fields"]
    assert county.get(f"/records/{other['id']}").json()["village_code"] == V1
    with world.db.transaction() as session:
        moves = session.execute(
            select(ScopeMove.record_id, ScopeMove.old_village_code).order_by(ScopeMove.seq)
        ).all()
    assert [tuple(m) for m in moves] == [(child["id"], V1), (visit["id"], V1)]
    # Records of the child now go to its new village.
    late = county.push_one(make_op("visit", V1, visit_fields(child["id"])))
    assert late["reason"]["code"] == "missing_child"
    assert county.push_one(make_op("visit", V3, visit_fields(child["id"])))["status"] == "applied"


def test_a_dependent_record_cannot_leave_its_child(world: World) -> None:
    county = world.county()
    child = county.create_child(V1)
    visit = county.push_one(make_op("visit", V1, visit_fields(child["id"])))["record"]
    result = county.push_one(make_op("visit", V2, {}, record_id=visit["id"], base_rev=1))
    assert result["reason"]["code"] == "missing_child"


def test_a_stale_op_follows_a_record_moved_since(world: World) -> None:
    county, other = world.county(), world.county()
    child = county.create_child(V1)
    other.push_one(make_op("child", V2, {}, record_id=child["id"], base_rev=1))
    # Written against rev 1 in V1: no move is asked for, so the record stays in V2.
    result = county.push_one(
        make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=1)
    )
    assert result["status"] == "merged"
    assert result["record"]["village_code"] == V2
    assert result["record"]["fields"]["school"] == "实验小学"
    # Two different moves from the same base conflict; the server's village stays.
    clash = county.push_one(make_op("child", V3, {}, record_id=child["id"], base_rev=1))
    assert clash["status"] == "conflict"
    assert [(c["field"], c["mine"], c["theirs"]) for c in clash["conflicts"]] == [
        ("village_code", V3, V2)
    ]
    assert clash["record"]["village_code"] == V2


def test_supervision_notes_from_a_supervisor(world: World) -> None:
    director = world.director(V2)
    child = director.create_child(V2)
    supervisor = world.supervisor()
    note = {
        "child_id": child["id"],
        "author": "赵督导",
        "note": "走访记录不完整",
        "task": "补充走访",
        "task_due": "2027-01-10",
    }
    result = supervisor.push_one(make_op("supervision_note", V2, note))
    assert result["status"] == "applied"
    # The director of the village sees the note.
    changes, _ = director.pull_all()
    assert result["record"]["id"] in {c["record_id"] for c in changes}
