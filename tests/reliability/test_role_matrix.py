"""The role matrix, run from ``casework.permissions.TABLE`` itself: every role × record
kind × operation, and for updates every field, tried against a real server process over
HTTP (SQLite and PostgreSQL).

Each cell is one op on a record of its own (seeded by the county), so cells can't
disturb one another; a role's cells go up together in one push, so a refused op must be
refused alone while the rest of its batch is applied. A cell the table allows must be
applied; one it forbids must be rejected with ``forbidden`` (the operation) or
``forbidden_field`` (a field the role may not change). Anything else, and a note whose
author is not the user the server authenticated, counts as unexpected access.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from casework.permissions import SERVER_SET_FIELDS, Cell, cells, device_fields, writable_fields
from tests.reliability.admin import Admin
from tests.reliability.results import record
from tests.reliability.scratch_app import SERVE_ENV
from tests.role_samples import sample, second_value
from tests.serverproc import BACKENDS, ServerProcess, database_url, running_server

T1, T2 = "330523101", "330523102"
V1, V3 = "330523101001", "330523102001"
SCOPE_OF = {"director": V1, "supervisor": T1, "county": "330523"}
BATCH = 400  # ops per push, under the protocol's 500


@dataclass
class Device:
    server: ServerProcess
    credential: str
    user_name: str
    http: httpx.Client
    server_errors: int = 0

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []
        for start in range(0, len(ops), BATCH):
            answer = self.http.post(
                f"{self.server.api_url}/push",
                json={"ops": ops[start : start + BATCH]},
                headers={"Authorization": f"Bearer {self.credential}"},
            )
            if answer.status_code >= 500:
                self.server_errors += 1
            assert answer.status_code == 200, answer.text
            results.extend(answer.json()["results"])
        return results


def _op(kind: str, fields: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "op_id": str(uuid.uuid4()),
        "record_id": str(uuid.uuid4()),
        "kind": kind,
        "village_code": V1,
        "base_rev": 0,
        "op": "upsert",
        "fields": fields,
        **extra,
    }


@dataclass
class Trial:
    """One cell, the op that tries it, and what the table says must come back."""

    cell: Cell
    op: dict[str, Any]
    expected: str  # "applied", "forbidden" or "forbidden_field"


@dataclass
class Matrix:
    devices: dict[str, Device]
    anchor: str  # the child every dependent record hangs on
    other_child: str
    trials: list[Trial] = field(default_factory=list)


def _seed_fields(kind: str, matrix: Matrix) -> dict[str, Any]:
    return sample(kind, child_id=matrix.anchor, village=V1)


def _trial(cell: Cell, matrix: Matrix, seeds: list[dict[str, Any]]) -> Trial:
    """The op of one cell; a record it needs is added to ``seeds`` (pushed by the county)."""
    kind, role = cell.kind, cell.role
    if cell.operation == "create":
        op = _op(kind, _seed_fields(kind, matrix))
        return Trial(cell, op, "applied" if cell.allowed else "forbidden")
    seed = _op(kind, _seed_fields(kind, matrix))
    seeds.append(seed)
    target = {"record_id": seed["record_id"], "base_rev": 1}
    if cell.operation == "delete":
        op = _op(kind, {}, op="delete", **target)
        return Trial(cell, op, "applied" if cell.allowed else "forbidden")
    name = cell.field
    if name is None:  # the update as such: a field the role may change, if any
        writable = sorted(writable_fields(role, kind, "update"))
        name = writable[0] if writable else sorted(device_fields(kind))[0]
    value = second_value(kind, name, other_child_id=matrix.other_child, township=T1)
    op = _op(kind, {name: value}, **target)
    if cell.allowed:
        return Trial(cell, op, "applied")
    return Trial(cell, op, "forbidden_field" if cell.field is not None else "forbidden")


def _outcome(trial: Trial, result: dict[str, Any], device: Device) -> str | None:
    """What went wrong with one cell, or None."""
    status = result["status"]
    if trial.expected == "applied":
        if status != "applied":
            return f"refused: {result.get('reason')}"
        author = result["record"]["fields"].get("author")
        forged = "author" in SERVER_SET_FIELDS[trial.cell.kind] and author != device.user_name
        if forged and trial.cell.operation == "create":  # the sample says 县中心
            return f"author {author!r}, not {device.user_name!r}"
        return None
    if status != "rejected":
        return f"{status}, where the table forbids it"
    if result["reason"]["code"] != trial.expected:
        return f"refused as {result['reason']['code']}, not {trial.expected}"
    return None


def _enrol(server: ServerProcess, http: httpx.Client, code: str) -> Device:
    answer = http.post(f"{server.api_url}/enroll", json={"code": code, "device_name": "roles"})
    answer.raise_for_status()
    body = answer.json()
    return Device(server, body["credential"], body["user_name"], http)


@pytest.fixture(params=BACKENDS)
def matrix(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Matrix]:
    with (
        database_url(request.param, tmp_path) as url,
        running_server(url, tmp_path / "server", env=SERVE_ENV) as server,
        httpx.Client(timeout=60) as http,
    ):
        admin = Admin(url)
        admin.add_township(T1, "递铺街道")
        admin.add_township(T2, "孝丰镇")
        admin.add_village(V1, "古城村", T1)
        admin.add_village(V3, "横溪坞村", T2)
        devices = {
            role: _enrol(server, http, admin.add_user(role, scope))
            for role, scope in SCOPE_OF.items()
        }
        admin.close()
        children = [_op("child", sample("child", child_id="", village=V1)) for _ in range(2)]
        assert [r["status"] for r in devices["county"].push(children)] == ["applied"] * 2
        yield Matrix(devices, children[0]["record_id"], children[1]["record_id"])


def test_every_cell_of_the_table(matrix: Matrix) -> None:
    seeds: list[dict[str, Any]] = []
    trials = [_trial(cell, matrix, seeds) for cell in cells()]
    county = matrix.devices["county"]
    assert {r["status"] for r in county.push(seeds)} == {"applied"}
    wrong: list[str] = []
    for role, device in matrix.devices.items():
        mine = [trial for trial in trials if trial.cell.role == role]
        results = device.push([trial.op for trial in mine])
        for trial, result in zip(mine, results, strict=True):
            problem = _outcome(trial, result, device)
            if problem:
                cell = trial.cell
                wrong.append(f"{role} {cell.operation} {cell.kind} {cell.field or ''}: {problem}")
    errors = sum(device.server_errors for device in matrix.devices.values())
    record("roles", len(trials), unexpected_access=len(wrong), server_errors=errors)
    assert not wrong, "\n".join(wrong)
    assert len(trials) == len(list(cells())) > 200
