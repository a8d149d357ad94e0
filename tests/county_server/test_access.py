"""Who reaches what (DESIGN §7): director × supervisor × county, own village, another
village of the same township, another township, and records that don't exist.

Out of scope must answer exactly like "doesn't exist": same status, same body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.county_server.conftest import (
    T1,
    V1,
    V2,
    V3,
    Device,
    World,
    make_op,
    new_id,
)

TARGETS = ("own", "same_township", "other_township", "nonexistent")
VILLAGE_OF = {"own": V1, "same_township": V2, "other_township": V3, "nonexistent": V1}


@dataclass
class Matrix:
    world: World
    devices: dict[str, Device]
    children: dict[str, str]  # target -> child record id
    notes: dict[str, str]  # target -> supervision note record id


@pytest.fixture(scope="module")
def matrix(module_world: World) -> Matrix:
    world = module_world
    county = world.county()
    children, notes = {}, {}
    for target in TARGETS:
        if target == "nonexistent":
            children[target] = notes[target] = new_id()
            continue
        village = VILLAGE_OF[target]
        child = county.create_child(village)
        children[target] = child["id"]
        note = county.push_one(
            make_op(
                "supervision_note",
                village,
                {"child_id": child["id"], "author": "县中心", "note": "请按时走访"},
            )
        )
        notes[target] = note["record"]["id"]
    devices = {"director": world.director(V1), "supervisor": world.supervisor(T1), "county": county}
    return Matrix(world, devices, children, notes)


READABLE = {
    "director": {"own"},
    "supervisor": {"own", "same_township"},
    "county": {"own", "same_township", "other_township"},
}
CASES = [(role, target) for role in ("director", "supervisor", "county") for target in TARGETS]


def _strip_op_id(result: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in result.items() if key != "op_id"}


@pytest.mark.parametrize(("role", "target"), CASES)
@pytest.mark.parametrize("path", ["/records/{id}", "/records/{id}/history"])
def test_reading_one_record(matrix: Matrix, role: str, target: str, path: str) -> None:
    device = matrix.devices[role]
    answer = device.get(path.format(id=matrix.children[target]))
    if target in READABLE[role]:
        assert answer.status_code == 200
        return
    nonexistent = device.get(path.format(id=new_id()))
    assert (answer.status_code, answer.json()) == (nonexistent.status_code, nonexistent.json())
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("role", ["director", "supervisor", "county"])
def test_pulling(matrix: Matrix, role: str) -> None:
    changes, _ = matrix.devices[role].pull_all()
    seen = {change["record_id"] for change in changes}
    for target in TARGETS:
        expected = target in READABLE[role]
        assert (matrix.children[target] in seen) is expected, target
        assert (matrix.notes[target] in seen) is expected, target


# role -> target -> expected answer of an update of a child record
CHILD_WRITES = {
    "director": {"own": "ok", "same_township": "not_found", "other_township": "not_found"},
    # A supervisor may change a child's risk level only (an assessment sets it, seed
    # §二(六)3): the school is a field it may not write; out of its township, not found.
    "supervisor": {
        "own": "forbidden_field",
        "same_township": "forbidden_field",
        "other_township": "not_found",
    },
    "county": {"own": "ok", "same_township": "ok", "other_township": "ok"},
}
NOTE_WRITES = {
    # A director may only mark a note's task done (casework.permissions), not rewrite it.
    "director": {
        "own": "forbidden_field",
        "same_township": "not_found",
        "other_township": "not_found",
    },
    "supervisor": {"own": "ok", "same_township": "ok", "other_township": "not_found"},
    "county": {"own": "ok", "same_township": "ok", "other_township": "ok"},
}


def _update(
    matrix: Matrix,
    role: str,
    kind: str,
    record_id: str,
    village: str,
    value: str,
    base_rev: int = 1,
) -> dict[str, Any]:
    field = "school" if kind == "child" else "task"
    return matrix.devices[role].push_one(
        make_op(kind, village, {field: value}, record_id=record_id, base_rev=base_rev)
    )


@pytest.mark.parametrize(("role", "target"), [c for c in CASES if c[1] != "nonexistent"])
@pytest.mark.parametrize("kind", ["child", "supervision_note"])
def test_writing(matrix: Matrix, role: str, target: str, kind: str) -> None:
    records = matrix.children if kind == "child" else matrix.notes
    expected = (CHILD_WRITES if kind == "child" else NOTE_WRITES)[role][target]
    value = f"{role}-{target}-{new_id()[:8]}"
    if expected == "ok":
        rev = matrix.devices[role].get(f"/records/{records[target]}").json()["rev"]
        result = _update(matrix, role, kind, records[target], VILLAGE_OF[target], value, rev)
        assert result["status"] == "applied", result
        return
    result = _update(matrix, role, kind, records[target], VILLAGE_OF[target], value)
    assert result["status"] == "rejected"
    assert result["reason"]["code"] == expected
    if expected == "not_found":
        # Exactly the answer to a record that doesn't exist.
        ghost = _update(matrix, role, kind, new_id(), VILLAGE_OF[target], value)
        assert _strip_op_id(result) == _strip_op_id(ghost)


@pytest.mark.parametrize("role", ["director", "supervisor", "county"])
def test_writing_a_record_that_does_not_exist(matrix: Matrix, role: str) -> None:
    kind = "child" if role != "supervisor" else "supervision_note"
    result = _update(matrix, role, kind, new_id(), V1, "x")
    assert (result["status"], result["reason"]["code"]) == ("rejected", "not_found")


@pytest.mark.parametrize(
    ("role", "village", "expected"),
    [
        ("director", V1, "applied"),
        ("director", V2, "not_found"),
        ("director", V3, "not_found"),
        ("director", "330523999999", "not_found"),  # not in the directory
        ("supervisor", V2, "applied"),
        ("supervisor", V3, "not_found"),
        ("county", V3, "applied"),
    ],
)
def test_creating_a_record_in_a_village(
    matrix: Matrix, role: str, village: str, expected: str
) -> None:
    if role == "director":  # a director writes case files, not supervision notes
        kind, fields = "child", {"name": "王五", "gender": "male", "birth_date": "2015-01-01"}
    else:
        kind, fields = "supervision_note", {"note": "新建"}
    result = matrix.devices[role].push_one(make_op(kind, village, fields))
    if expected == "applied":
        assert result["status"] == "applied"
    else:
        assert (result["status"], result["reason"]["code"]) == ("rejected", expected)


def test_a_director_cannot_move_a_record_out_of_or_into_its_village(matrix: Matrix) -> None:
    director = matrix.devices["director"]
    out = director.push_one(make_op("child", V2, {}, record_id=matrix.children["own"], base_rev=1))
    into = director.push_one(
        make_op("child", V1, {}, record_id=matrix.children["same_township"], base_rev=1)
    )
    assert out["reason"]["code"] == into["reason"]["code"] == "not_found"


def test_a_supervisor_may_not_write_casework(matrix: Matrix) -> None:
    supervisor = matrix.devices["supervisor"]
    result = supervisor.push_one(
        make_op("child", V1, {"name": "王五", "gender": "male", "birth_date": "2015-01-01"})
    )
    assert (result["status"], result["reason"]["code"]) == ("rejected", "forbidden")
