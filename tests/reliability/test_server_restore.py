"""A county server restored from a backup loses nothing (issue 16, item 3).

A real server process on SQLite and on PostgreSQL, three director laptops of one village
(real encrypted stores) and the county's own backup tools: ``sqlite3``'s online backup of
the running server's file, ``pg_dump -Fc`` of its schema. In each round a backup is
taken; then two laptops create children and visits, edit and delete, sync and pull each
other's work, and leave edits unsent; the third laptop last synced before the backup and
has an unsent edit too. Then the database is restored from the backup and
``county-server new-epoch`` run, as README's procedure says, and every laptop syncs.

Afterwards the server (read by a laptop enrolled after the restore) and every laptop hold
every child and visit, every field edit and every delete: none lost, none twice, no
conflict the laptops didn't make, and no 5xx. Without the epoch the laptops pull nothing
new and their edits of records the restore lost come back "not found".
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from casework.ids import make_id_number
from desktop.sync.client import SyncError
from tests.contract.conftest import VILLAGE_A, County, Device
from tests.reliability.results import record
from tests.serverproc import (
    BACKENDS,
    PG_DATABASE,
    PG_HOST,
    PG_PORT,
    ServerProcess,
    database_url,
    running_server,
    sqlite_path,
)

ROUNDS = 2
TOWNSHIP = "330523101"


# -- the county's backup and restore -------------------------------------------------------


def _pg_schema(db_url: str) -> str:
    return db_url.rsplit("search_path%3D", 1)[1]


def _pg_args() -> list[str]:
    return ["-h", PG_HOST, "-p", str(PG_PORT), "-U", "postgres"]


def back_up(server: ServerProcess, to: Path) -> None:
    """The nightly backup, taken while the server runs."""
    path = sqlite_path(server.db_url)
    if path is not None:
        with sqlite3.connect(path) as source, sqlite3.connect(to) as copy:
            source.backup(copy)
        return
    schema = _pg_schema(server.db_url)
    subprocess.run(
        ["pg_dump", *_pg_args(), "-Fc", "-n", schema, "-f", str(to), PG_DATABASE],
        check=True,
        capture_output=True,
    )


def restore(server: ServerProcess, backup: Path) -> None:
    """README's procedure: stop, put the backup back, ``new-epoch``, start."""
    server.stop()
    path = sqlite_path(server.db_url)
    if path is not None:
        for companion in ("-wal", "-shm"):
            path.with_name(path.name + companion).unlink(missing_ok=True)
        shutil.copyfile(backup, path)
    else:
        schema = _pg_schema(server.db_url)
        drop = f'DROP SCHEMA "{schema}" CASCADE'
        subprocess.run(
            ["psql", *_pg_args(), "-d", PG_DATABASE, "-c", drop], check=True, capture_output=True
        )
        subprocess.run(
            ["pg_restore", *_pg_args(), "-d", PG_DATABASE, str(backup)],
            check=True,
            capture_output=True,
        )
    server.cli("new-epoch")
    server.start()


# -- what the laptops did, and what must be everywhere afterwards --------------------------


@dataclass
class Expected:
    children: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> fields set
    visits: dict[str, dict[str, Any]] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    serial: int = 0

    def new_child(self, device: Device, tag: str) -> str:
        self.serial += 1
        fields = {
            "name": f"恢复{self.serial:02d}",
            "gender": "female",  # the even sequence in the ID number
            "birth_date": "2014-06-01",
            "id_number": make_id_number("330523", date(2014, 6, 1), 2 * self.serial),
            "notes": f"made by {tag}",
        }
        child = device.store.create("child", fields)
        self.children[child] = {"notes": fields["notes"], "id_number": fields["id_number"]}
        return child

    def new_visit(self, device: Device, child: str, tag: str) -> str:
        fields = {
            "child_id": child,
            "visit_date": "2026-11-20",
            "visitor": "李主任",
            "problems_found": f"visit by {tag}",
        }
        visit = device.store.create("visit", fields)
        self.visits[visit] = {"problems_found": fields["problems_found"], "child_id": child}
        return visit

    def edit(self, device: Device, record_id: str, **changes: Any) -> None:
        device.store.update(record_id, changes)
        target = self.children if record_id in self.children else self.visits
        target[record_id].update(changes)

    def delete(self, device: Device, record_id: str) -> None:
        device.store.delete(record_id)
        self.deleted.add(record_id)


@dataclass
class Tally:
    lost: int = 0
    duplicated: int = 0
    server_errors: int = 0
    problems: list[str] = field(default_factory=list)

    def sync(self, device: Device) -> None:
        try:
            device.sync()
        except SyncError as error:
            if error.kind == "server":
                self.server_errors += 1
            self.problems.append(f"sync failed: {error}")

    def check(self, name: str, device: Device, expected: Expected) -> None:
        """Every child and visit with every edit, each once; the deleted ones gone."""
        living = {view.id: view for view in device.store.records()}
        for record_id, fields in (expected.children | expected.visits).items():
            if record_id in expected.deleted:
                if record_id in living:
                    self.lost += 1
                    self.problems.append(f"{name}: deleted {record_id} is back")
                continue
            view = living.get(record_id)
            if view is None:
                self.lost += 1
                self.problems.append(f"{name}: {record_id} missing")
                continue
            for key, value in fields.items():
                if view.fields.get(key) != value:
                    self.lost += 1
                    self.problems.append(f"{name}: {record_id}.{key} is {view.fields.get(key)!r}")
        numbers = [v.fields.get("id_number") for v in living.values() if v.kind == "child"]
        self.duplicated += len(numbers) - len(set(numbers))
        wanted = set(expected.children) | set(expected.visits)
        extra = set(living) - wanted
        self.duplicated += len(extra)
        if extra:
            self.problems.append(f"{name}: unexpected records {sorted(extra)}")
        if device.state.conflicts():
            self.problems.append(f"{name}: conflicts {device.state.conflicts()}")
        if device.state.waiting_count():
            self.problems.append(f"{name}: {device.state.waiting_count()} ops still waiting")


@pytest.fixture(params=BACKENDS)
def county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[County]:
    with (
        database_url(request.param, tmp_path) as url,
        running_server(url, tmp_path / "server") as server,
    ):
        server.add_township(TOWNSHIP, "递铺街道")
        server.add_village(VILLAGE_A, "古城村", TOWNSHIP)
        yield County(server, tmp_path)


def _one_round(
    county: County, laptops: dict[str, Device], expected: Expected, tally: Tally, n: int
) -> None:
    a, b, c = laptops["a"], laptops["b"], laptops["c"]
    old = [child for child in expected.children if child not in expected.deleted]
    old_visits = [visit for visit in expected.visits if visit not in expected.deleted]
    backup = county.root / f"backup-{n}.dump"
    back_up(county.server, backup)

    # After the backup: work on both laptops, synced both ways (all of it lost by the restore).
    new_a = expected.new_child(a, f"a{n}")
    expected.new_visit(a, new_a, f"a{n}")
    expected.edit(a, old[0], notes=f"a{n} after the backup")
    expected.delete(a, old_visits[0])
    tally.sync(a)
    tally.sync(b)
    new_b = expected.new_child(b, f"b{n}")
    gone = expected.new_child(b, f"b{n} deleted later")
    expected.edit(b, old[1], school=f"school b{n}")
    tally.sync(b)
    expected.delete(b, gone)
    tally.sync(b)
    tally.sync(a)
    # Edits not yet sent when the server is restored: of a record the restore loses, and
    # of records it keeps; the third laptop last synced before the backup.
    expected.edit(a, new_b, grade=f"grade a{n}")
    expected.edit(b, new_a, notes=f"b{n} unsent")
    expected.edit(b, old[0], grade=f"grade b{n}")
    expected.edit(c, old[2], notes=f"c{n} unsent")

    restore(county.server, backup)

    for device in (b, a, c, a, b, c):
        tally.sync(device)


@pytest.mark.slow
def test_restored_server_loses_nothing(county: County) -> None:
    expected = Expected()
    laptops = {name: county.enrol(f"主任{name}", "director", VILLAGE_A) for name in "abc"}
    a = laptops["a"]
    children = [expected.new_child(a, "start") for _ in range(3)]
    for child in children:
        expected.new_visit(a, child, "start")
    tally = Tally()
    for device in laptops.values():
        tally.sync(device)

    survived = 0
    for n in range(1, ROUNDS + 1):
        _one_round(county, laptops, expected, tally, n)
        observer = county.enrol(f"观察{n}", "director", VILLAGE_A)  # the server's view
        tally.sync(observer)
        for name, device in {**laptops, "server": observer}.items():
            tally.check(f"round {n} {name}", device, expected)
        tally.server_errors += county.server.log().count("unhandled ")
        if tally.problems or tally.server_errors:
            break  # the next round builds on this one's records
        survived += 1

    record(
        "restore",
        survived,
        lost=tally.lost,
        duplicated=tally.duplicated,
        server_errors=tally.server_errors,
    )
    assert not tally.problems, "\n".join(tally.problems)
    assert (tally.lost, tally.duplicated, tally.server_errors) == (0, 0, 0)
    assert survived == ROUNDS


def test_history_refusals_are_typed(county: County) -> None:
    """A cursor beyond the last change or another epoch: a 409 that says where the device
    stands, for pull and push alike, and nothing of the push applied."""
    device = county.enrol("主任", "director", VILLAGE_A)
    headers = {"Authorization": f"Bearer {device.state.credential()}"}
    api = county.server.api_url
    page = httpx.get(f"{api}/changes", headers=headers, timeout=30).json()
    epoch, last = page["epoch"], page["cursor"]
    assert epoch

    def refused(answer: httpx.Response) -> dict[str, Any]:
        history = refused_by(answer)
        assert history["epoch"] == epoch
        return history

    ahead = refused(
        httpx.get(f"{api}/changes", params={"since": last + 5, "epoch": epoch}, headers=headers)
    )
    assert ahead["shared_seq"] == ahead["last_seq"] == last
    other = refused(
        httpx.get(f"{api}/changes", params={"since": 0, "epoch": "f" * 32}, headers=headers)
    )
    assert other["shared_seq"] == 0
    op = {
        "op_id": "00000000-0000-4000-8000-0000000000a1",
        "record_id": "00000000-0000-4000-8000-0000000000c1",
        "kind": "child",
        "village_code": VILLAGE_A,
        "base_rev": 0,
        "op": "upsert",
        "fields": {"name": "赵甲子", "gender": "female", "birth_date": "2014-06-01"},
    }
    refused(httpx.post(f"{api}/push", json={"ops": [op], "cursor": last + 1}, headers=headers))
    refused(httpx.post(f"{api}/push", json={"ops": [op], "epoch": "0" * 32}, headers=headers))
    bad = httpx.post(f"{api}/push", json={"ops": [op], "cursor": "x"}, headers=headers)
    assert bad.status_code == 422
    after = httpx.get(f"{api}/changes", params={"epoch": epoch}, headers=headers).json()
    assert after["changes"] == [], "a refused push applies nothing"
    county.server.cli("new-epoch")  # as after a restore: the old epoch is now history
    history = refused_by(
        httpx.get(f"{api}/changes", params={"since": last, "epoch": epoch}, headers=headers)
    )
    assert history["epoch"] != epoch and history["shared_seq"] == last


def refused_by(answer: httpx.Response) -> dict[str, Any]:
    assert answer.status_code == 409, answer.text
    body: dict[str, Any] = answer.json()
    assert body["error"]["code"] == "history_changed"
    history: dict[str, Any] = body["history"]
    return history
