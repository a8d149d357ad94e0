"""The county server in-process (FastAPI's TestClient), on SQLite and on PostgreSQL.

``world`` is a fresh server with a small county: township T1 (villages V1, V2) and
township T2 (village V3). ``world.device(role, scope)`` adds a user, enrols a device and
returns a client that speaks for it. Admin steps call the same services the CLI calls.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from county_server.clock import utc_now
from county_server.config import COUNTY_CODE, Settings
from county_server.db import Database
from county_server.main import create_app
from county_server.services import directory, enrolment
from county_server.services.setup import initialize
from tests.fakes import FakePeople
from tests.serverproc import BACKENDS, database_url, db_url  # noqa: F401  (fixture)

T1, T2 = "330523101", "330523102"
V1, V2, V3 = "330523101001", "330523101002", "330523102001"
API = "/api/v1"


class FakeClock:
    def __init__(self) -> None:
        self.now = utc_now()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def new_id() -> str:
    return str(uuid.uuid4())


def make_op(
    kind: str,
    village: str,
    fields: dict[str, Any] | None = None,
    *,
    record_id: str | None = None,
    base_rev: int = 0,
    op: str = "upsert",
    op_id: str | None = None,
) -> dict[str, Any]:
    return {
        "op_id": op_id or new_id(),
        "record_id": record_id or new_id(),
        "kind": kind,
        "village_code": village,
        "base_rev": base_rev,
        "op": op,
        "fields": fields or {},
    }


def visit_fields(child_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "child_id": child_id,
        "visit_date": (date.today() - timedelta(days=3)).isoformat(),
        "visitor": "李主任",
        **extra,
    }


@dataclass
class Device:
    """An enrolled device: every request carries its credential."""

    client: TestClient
    credential: str
    enrolment: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.enrolment["device_id"])

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.credential}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, headers=self.headers, params=params)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(API + path, headers=self.headers, json=body)

    def push(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        answer = self.post("/push", {"ops": list(ops)})
        assert answer.status_code == 200, answer.text
        results: list[dict[str, Any]] = answer.json()["results"]
        assert [r["op_id"] for r in results] == [o["op_id"] for o in ops]
        return results

    def push_one(self, op: dict[str, Any]) -> dict[str, Any]:
        return self.push(op)[0]

    def pull(self, since: int = 0, limit: int | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {"since": since}
        if limit is not None:
            params["limit"] = limit
        answer = self.get("/changes", **params)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def pull_all(self, since: int = 0, limit: int = 500) -> tuple[list[dict[str, Any]], int]:
        changes: list[dict[str, Any]] = []
        while True:
            page = self.pull(since, limit)
            changes.extend(page["changes"])
            since = page["cursor"]
            if not page["more"]:
                return changes, since

    def create_child(self, village: str, **fields: Any) -> dict[str, Any]:
        result = self.push_one(make_op("child", village, child_fields(**fields)))
        assert result["status"] == "applied", result
        record: dict[str, Any] = result["record"]
        return record


_people = FakePeople(seed=20261128, distinctive=True)


def child_fields(**extra: Any) -> dict[str, Any]:
    return {**_people.child().child_fields(), **extra}


@dataclass
class World:
    settings: Settings
    client: TestClient
    clock: FakeClock
    db: Database
    workdir: Path
    _users: int = field(default=0)

    def add_user(self, role: str, scope: str, name: str | None = None) -> str:
        """A new user; returns the one-time enrolment code."""
        self._users += 1
        with self.db.transaction() as session:
            user = directory.add_user(
                session,
                name=name or f"{role}-{self._users}",
                role=role,
                scope_code=scope,
                now=self.clock(),
            )
            issued = enrolment.issue_code(session, user_id=user.id, now=self.clock(), hours=72)
        return issued.code

    def enroll(self, code: str, device_name: str = "村委会电脑") -> Device:
        answer = self.client.post(f"{API}/enroll", json={"code": code, "device_name": device_name})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        return Device(self.client, body["credential"], body)

    def device(self, role: str, scope: str, name: str | None = None) -> Device:
        return self.enroll(self.add_user(role, scope, name))

    def director(self, village: str = V1) -> Device:
        return self.device("director", village)

    def supervisor(self, township: str = T1) -> Device:
        return self.device("supervisor", township)

    def county(self) -> Device:
        return self.device("county", COUNTY_CODE)

    def revoke(self, device: Device) -> None:
        with self.db.transaction() as session:
            assert enrolment.revoke_device(session, device.id, now=self.clock())


@contextmanager
def build_world(url: str, workdir: Path) -> Iterator[World]:
    workdir.mkdir(parents=True, exist_ok=True)
    settings = Settings.load(
        db_url=url, environ={"COUNTY_SERVER_KEY_FILE": str(workdir / "county-server.key")}
    )
    initialize(settings, create_key=True)
    db = Database(settings.db_url)
    with db.transaction() as session:
        directory.add_township(session, code=T1, name="递铺街道")
        directory.add_township(session, code=T2, name="孝丰镇")
        directory.add_village(session, code=V1, name="古城村", township_code=T1)
        directory.add_village(session, code=V2, name="鹤鹿溪村", township_code=T1)
        directory.add_village(session, code=V3, name="横溪坞村", township_code=T2)
    clock = FakeClock()
    app = create_app(settings, clock=clock)
    try:
        with TestClient(app) as client:
            yield World(settings=settings, client=client, clock=clock, db=db, workdir=workdir)
    finally:
        db.dispose()


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[World]:  # noqa: F811
    with build_world(db_url, tmp_path / "world") as built:
        yield built


@pytest.fixture(scope="module", params=BACKENDS)
def module_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """One world per test module and back end, for tests that only add to it."""
    workdir = tmp_path_factory.mktemp("module-world")
    with database_url(request.param, workdir) as url, build_world(url, workdir) as built:
        yield built


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
