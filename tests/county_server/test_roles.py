"""Roles per record kind and field (issue 16, item 4): what the attack run found, each
refused alone in its batch with a typed reason; a note's author set by the server; a
child's delete reaching its dependent records; tombstones without personal fields."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from casework.records import CLEAR_FIELDS, SEALED_FIELDS
from county_server.models import Record
from county_server.services.sealing import Sealer, load_key
from tests.county_server.conftest import T1, T2, V1, V3, Device, World, make_op
from tests.role_samples import sample


def _note(county: Device, child: dict[str, Any], **extra: Any) -> dict[str, Any]:
    fields = {**sample("supervision_note", child_id=child["id"], village=V1), **extra}
    result = county.push_one(make_op("supervision_note", V1, fields))
    assert result["status"] == "applied", result
    record: dict[str, Any] = result["record"]
    return record


def _supervisors_note(world: World) -> tuple[Device, Device, dict[str, Any]]:
    director = world.director(V1)
    supervisor = world.device("supervisor", T1, name="周督导")
    child = director.create_child(V1)
    fields = sample("supervision_note", child_id=child["id"], village=V1)
    result = supervisor.push_one(make_op("supervision_note", V1, fields))
    assert result["status"] == "applied", result
    return director, supervisor, result["record"]


def test_a_director_can_neither_rewrite_nor_delete_nor_forge_a_supervisors_note(
    world: World,
) -> None:
    director, _, note = _supervisors_note(world)
    edit = make_op(
        "supervision_note", V1, {"note": "改写"}, record_id=note["id"], base_rev=note["rev"]
    )
    delete = make_op(
        "supervision_note", V1, record_id=note["id"], base_rev=note["rev"], op="delete"
    )
    forged = make_op(
        "supervision_note", V1, {**note["fields"], "author": "周督导", "note": "伪造的意见"}
    )
    visit = make_op(
        "visit",
        V1,
        sample("visit", child_id=note["fields"]["child_id"], village=V1),
    )
    results = director.push(edit, delete, forged, visit)
    codes = [(r["status"], (r["reason"] or {}).get("code")) for r in results]
    # Each refused alone, with its reason; the good op of the same batch goes through.
    assert codes == [
        ("rejected", "forbidden_field"),
        ("rejected", "forbidden"),
        ("rejected", "forbidden"),
        ("applied", None),
    ]
    assert results[0]["reason"]["fields"] == {"note": "your role may not change this field"}
    current = director.get(f"/records/{note['id']}").json()
    assert (current["rev"], current["deleted"], current["fields"]["note"]) == (
        note["rev"],
        False,
        note["fields"]["note"],
    )


def test_a_director_may_mark_a_notes_task_done(world: World) -> None:
    director, _, note = _supervisors_note(world)
    result = director.push_one(
        make_op(
            "supervision_note", V1, {"status": "done"}, record_id=note["id"], base_rev=note["rev"]
        )
    )
    assert result["status"] == "applied", result
    assert result["record"]["fields"]["status"] == "done"
    assert result["record"]["fields"]["author"] == "周督导"  # still the supervisor's note


def test_the_author_of_a_note_is_the_user_the_server_authenticated(world: World) -> None:
    _, supervisor, note = _supervisors_note(world)
    assert note["fields"]["author"] == "周督导"  # the sample said 县中心
    again = supervisor.push_one(
        make_op(
            "supervision_note",
            V1,
            {"author": "县中心", "task": "再次提醒"},
            record_id=note["id"],
            base_rev=note["rev"],
        )
    )
    assert again["status"] == "applied", again
    assert (again["record"]["fields"]["author"], again["record"]["fields"]["task"]) == (
        "周督导",
        "再次提醒",
    )
    county = world.device("county", "330523", name="县中心王")
    edited = county.push_one(
        make_op(
            "supervision_note",
            V1,
            {"status": "done"},
            record_id=note["id"],
            base_rev=again["record"]["rev"],
        )
    )
    assert edited["record"]["fields"]["author"] == "周督导"  # the writer, not the last editor


def test_a_supervisors_note_names_only_a_place_of_the_supervisors_township(
    world: World,
) -> None:
    supervisor = world.supervisor(T1)
    child = world.director(V1).create_child(V1)

    def note(place: str, **where: Any) -> dict[str, Any]:
        fields = {**sample("supervision_note", child_id=child["id"], village=V1), **where}
        fields["village_code"] = place
        return make_op("supervision_note", V1, fields)

    results = supervisor.push(note(V3), note(T2), note("330523"), note(V1), note(T1))
    assert [(r["status"], (r["reason"] or {}).get("code")) for r in results] == [
        ("rejected", "wrong_place"),
        ("rejected", "wrong_place"),
        ("rejected", "wrong_place"),
        ("applied", None),
        ("applied", None),
    ]
    # Nor can an edit move its words to another township's village.
    moved = supervisor.push_one(
        make_op(
            "supervision_note",
            V1,
            {"village_code": V3},
            record_id=results[3]["record"]["id"],
            base_rev=1,
        )
    )
    assert (moved["status"], moved["reason"]["code"]) == ("rejected", "wrong_place")


def _dependents(child_id: str) -> dict[str, dict[str, Any]]:
    kinds = ("family_member", "visit", "entrustment", "referral", "assessment")
    found = {kind: sample(kind, child_id=child_id, village=V1) for kind in kinds}
    found["mandatory_report"] = sample("mandatory_report", child_id=child_id, village=V1)
    found["filed_report"] = {**found["mandatory_report"], "filed": True}
    found["supervision_note"] = sample("supervision_note", child_id=child_id, village=V1)
    return found


def test_deleting_a_child_deletes_or_closes_its_records_for_every_laptop(
    world: World,
) -> None:
    director, other_laptop, county = world.director(V1), world.director(V1), world.county()
    child = director.create_child(V1)
    ids: dict[str, str] = {}
    for name, fields in _dependents(child["id"]).items():
        kind = "mandatory_report" if name == "filed_report" else name
        writer = county if kind == "supervision_note" else director
        result = writer.push_one(make_op(kind, V1, fields))
        assert result["status"] == "applied", (name, result)
        ids[name] = result["record"]["id"]
    _, cursor = other_laptop.pull_all()

    deleted = director.push_one(
        make_op("child", V1, record_id=child["id"], base_rev=child["rev"], op="delete")
    )
    assert deleted["status"] == "applied"

    # The laptop that did not send the delete converges by pulling.
    changes, _ = other_laptop.pull_all(since=cursor)
    pulled = {c["record_id"]: c["record"] for c in changes}
    assert pulled[child["id"]]["deleted"] is True
    for name, record_id in ids.items():
        record = pulled[record_id]
        if name == "filed_report":
            assert (record["deleted"], record["fields"]["follow_up_status"]) == (False, "closed")
        elif name == "supervision_note":
            assert (record["deleted"], record["fields"]["status"]) == (False, "done")
        else:
            assert record["deleted"] is True, name
            assert set(record["fields"]) <= CLEAR_FIELDS[record["kind"]], name


def test_a_deleted_records_current_row_keeps_no_personal_fields(world: World) -> None:
    director = world.director(V1)
    child = director.create_child(V1)
    visit = director.push_one(
        make_op("visit", V1, sample("visit", child_id=child["id"], village=V1))
    )
    for record in (visit["record"], child):
        result = director.push_one(
            make_op(record["kind"], V1, record_id=record["id"], base_rev=record["rev"], op="delete")
        )
        assert result["status"] == "applied"
    for record in (visit["record"], child):
        current = director.get(f"/records/{record['id']}").json()
        assert current["deleted"] is True
        assert not set(current["fields"]) & SEALED_FIELDS[record["kind"]], current["fields"]
        # History keeps every accepted version (README): the living one still has them.
        history = director.get(f"/records/{record['id']}/history").json()["versions"]
        assert history[0]["fields"] == record["fields"]
    # The server's own row, opened with the server's key: nothing personal in it.
    sealer = Sealer(load_key(world.settings.key_file))
    with world.db.transaction() as session:
        row = session.scalars(select(Record).where(Record.id == child["id"])).one()
        kept = sealer.open_fields(row.id, row.kind, row.clear, row.sealed)
    assert not set(kept) & SEALED_FIELDS["child"], kept


def test_a_restored_child_comes_back_whole_from_history(world: World) -> None:
    one, two = world.director(V1), world.director(V1)
    child = one.create_child(V1)
    two.push_one(make_op("child", V1, record_id=child["id"], base_rev=1, op="delete"))
    # Keep mine after the conflict: only the edited field goes up on the tombstone's rev.
    restored = one.push_one(
        make_op("child", V1, {"school": "实验小学"}, record_id=child["id"], base_rev=2)
    )
    assert restored["status"] == "applied", restored
    assert restored["record"]["fields"] == {**child["fields"], "school": "实验小学"}
