"""Tasks that come back (issue 18 item 1), through real county server processes (SQLite
and PostgreSQL): a supervisor writes a task → the director's sync brings it → it is on
the director's to-do, home page and the child's file → the director marks it done with a
short reply → the supervisor's sync sees it done, per village done / open / overdue.

And what a director may not do to a note is refused by the server itself, pushed as raw
HTTP with the director's own credential (not only hidden in the window): editing the
note's words, deleting it, signing it (a note in the director's hand, or another author),
touching another village's note. The laptop's store refuses the same before saving.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from casework.role_refusals import RoleRefusedError
from desktop.usecases.home import load_home
from desktop.usecases.supervision import add_supervision_note, supervision_overview
from desktop.usecases.tasks import TASK_KIND, mark_task_done, notes_of_child
from desktop.usecases.todo import load_todo
from tests.contract.conftest import TOWNSHIP_1, VILLAGE_A, VILLAGE_B, County, Device

TODAY = date.today()


def _child(device: Device, name: str) -> str:
    return device.store.create(
        "child", {"name": name, "gender": "male", "birth_date": "2015-03-08"}
    )


def _raw_push(county: County, device: Device, *ops: dict[str, Any]) -> list[dict[str, Any]]:
    """Ops sent as the laptop's credential would send them, by hand."""
    credential = device.state.credential()
    answer = httpx.post(
        f"{county.server.base_url}/api/v1/push",
        json={"ops": list(ops)},
        headers={"Authorization": f"Bearer {credential}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


def _op(
    kind: str,
    village: str,
    fields: dict[str, Any] | None = None,
    *,
    record_id: str | None = None,
    base_rev: int = 0,
    op: str = "upsert",
) -> dict[str, Any]:
    return {
        "op_id": str(uuid.uuid4()),
        "record_id": record_id or str(uuid.uuid4()),
        "kind": kind,
        "village_code": village,
        "base_rev": base_rev,
        "op": op,
        "fields": fields or {},
    }


def _codes(results: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(r["status"], (r.get("reason") or {}).get("code")) for r in results]


def test_a_task_reaches_the_village_and_comes_back_done(county: County) -> None:
    director = county.enrol("李主任", "director", VILLAGE_A)
    neighbour = county.enrol("赵主任", "director", VILLAGE_B)
    child_id = _child(director, "王小明")
    assert director.sync().rejected == 0
    supervisor = county.enrol("周督导", "supervisor", TOWNSHIP_1)
    supervisor.sync()

    due = TODAY + timedelta(days=3)
    task_id = add_supervision_note(
        supervisor.store,
        village_code=VILLAGE_A,
        fields={
            "child_id": child_id,
            "note": "王小明的委托监护确认书还没签",
            "task": "一周内补签委托监护确认书",
            "task_due": due.isoformat(),
        },
    )
    late_id = add_supervision_note(
        supervisor.store,
        village_code=VILLAGE_A,
        fields={
            "note": "上月走访记录不全",
            "task": "补齐上月走访记录",
            "task_due": (TODAY - timedelta(days=2)).isoformat(),
        },
    )
    assert supervisor.sync().rejected == 0

    # The director's next sync brings both; the to-do, home page and child's file show them.
    director.sync()
    todo = {item.record_id: item for item in load_todo(director.store, today=TODAY)}
    assert todo[task_id].kind == TASK_KIND and todo[task_id].child_id == child_id
    assert todo[task_id].severity == "warning"  # within the week
    assert todo[late_id].severity == "urgent"  # its day has passed
    assert "周督导" in todo[task_id].message.zh  # the author the server knows
    home = load_home(director.store, today=TODAY)
    assert {i.kind for i in home.items if i.child_id == child_id} >= {TASK_KIND}
    assert [n.id for n in notes_of_child(director.store, child_id)] == [task_id]
    neighbour.sync()
    assert neighbour.store.records("supervision_note") == []  # another village's

    # The director may not rewrite it (the store refuses before anything is written).
    waiting = director.store.pending_count()
    with pytest.raises(RoleRefusedError) as refused:
        director.store.update(task_id, {"note": "改过的意见"})
    assert "督导意见" in refused.value.message.zh and refused.value.fields == ("note",)
    with pytest.raises(RoleRefusedError):
        director.store.delete(task_id)
    assert director.store.pending_count() == waiting

    # Done, with a reply.
    mark_task_done(director.store, note_id=task_id, reply="12月3日已补签", today=TODAY)
    assert director.sync().rejected == 0
    assert not any(item.record_id == task_id for item in load_todo(director.store, today=TODAY))

    supervisor.sync()
    note = supervisor.store.get(task_id)
    assert (note.fields["status"], note.fields["reply"], note.fields["done_on"]) == (
        "done",
        "12月3日已补签",
        TODAY.isoformat(),
    )
    assert note.fields["author"] == "周督导"
    overview = supervision_overview(supervisor.store, today=TODAY)
    village = next(v for v in overview.villages if v.code == VILLAGE_A)
    assert (village.tasks_done, village.tasks_open, village.tasks_overdue) == (1, 0, 1)
    states = {entry.note_id: entry.state for entry in village.lists["tasks"]}
    assert states == {task_id: "done", late_id: "overdue"}
    done = next(e for e in village.lists["tasks"] if e.note_id == task_id)
    assert "12月3日已补签" in done.detail.zh
    other = next(v for v in overview.villages if v.code == VILLAGE_B)
    assert (other.tasks_done, other.tasks_open, other.tasks_overdue) == (0, 0, 0)


def test_a_directors_forbidden_pushes_are_refused_by_the_server(county: County) -> None:
    director = county.enrol("李主任", "director", VILLAGE_A)
    neighbour = county.enrol("赵主任", "director", VILLAGE_B)
    child_id = _child(director, "王小明")
    director.sync()
    supervisor = county.enrol("周督导", "supervisor", TOWNSHIP_1)
    supervisor.sync()
    note_id = add_supervision_note(
        supervisor.store,
        village_code=VILLAGE_A,
        fields={"child_id": child_id, "note": "请补签", "task": "补签委托书"},
    )
    supervisor.sync()
    rev = supervisor.store.get(note_id).rev
    assert rev >= 1

    def note_op(fields: dict[str, Any], **options: Any) -> dict[str, Any]:
        return _op("supervision_note", VILLAGE_A, fields, record_id=note_id, **options)

    results = _raw_push(
        county,
        director,
        note_op({"note": "主任改写的意见"}, base_rev=rev),  # edit the words
        note_op({"status": "done", "reply": "已办", "task": "改小的任务"}, base_rev=rev),
        note_op({}, base_rev=rev, op="delete"),  # delete
        # Sign: a note of the director's own, in the supervisor's name.
        _op("supervision_note", VILLAGE_A, {"author": "周督导", "note": "伪造的督导意见"}),
    )
    assert _codes(results) == [
        ("rejected", "forbidden_field"),
        ("rejected", "forbidden_field"),
        ("rejected", "forbidden"),
        ("rejected", "forbidden"),
    ]
    assert results[0]["reason"]["fields"] == {"note": "your role may not change this field"}
    assert set(results[1]["reason"]["fields"]) == {"task"}

    # Another author on an edit is not taken: the server keeps the user it enrolled.
    [signed] = _raw_push(county, director, note_op({"author": "李主任"}, base_rev=rev))
    assert signed["status"] == "applied"
    assert signed["record"]["fields"]["author"] == "周督导"
    assert signed["record"]["rev"] == rev  # nothing changed

    # Another village's director does not even find it.
    [elsewhere] = _raw_push(
        county,
        neighbour,
        _op("supervision_note", VILLAGE_A, {"status": "done"}, record_id=note_id, base_rev=rev),
    )
    assert _codes([elsewhere]) == [("rejected", "not_found")]

    # What a director may: done, a short reply, the day.
    [answered] = _raw_push(
        county,
        director,
        note_op({"status": "done", "reply": "已补签", "done_on": TODAY.isoformat()}, base_rev=rev),
    )
    assert answered["status"] == "applied", answered
    fields = answered["record"]["fields"]
    assert (fields["status"], fields["reply"], fields["note"], fields["author"]) == (
        "done",
        "已补签",
        "请补签",
        "周督导",
    )
