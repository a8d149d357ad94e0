"""Against a real ``county-server serve`` process (``tests/serverproc.py``), per back end."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import httpx

from tests.county_server.conftest import child_fields, make_op, visit_fields
from tests.serverproc import (  # noqa: F401  (fixtures)
    ServerProcess,
    county_server,
    db_url,
    running_server,
)

T1, V1 = "330523101", "330523101001"


def _setup(server: ServerProcess) -> str:
    server.add_township(T1, "递铺街道")
    server.add_village(V1, "古城村", T1)
    return server.add_user("李主任", "director", V1)


def _enroll(server: ServerProcess, code: str, verify: bool | str = True) -> dict[str, object]:
    answer = httpx.post(
        f"{server.api_url}/enroll",
        json={"code": code, "device_name": "村委会电脑"},
        verify=verify,
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def test_enrol_push_pull(county_server: ServerProcess) -> None:  # noqa: F811
    server = county_server
    code = _setup(server)
    enrolment = _enroll(server, code)
    auth = {"Authorization": f"Bearer {enrolment['credential']}"}
    with httpx.Client(base_url=server.api_url, headers=auth, timeout=10) as client:
        assert client.get("/me").json()["role"] == "director"
        child = make_op("child", V1, child_fields())
        visit = make_op("visit", V1, visit_fields(child["record_id"]))
        # The client sends gzip; the server answers gzip when asked.
        body = gzip.compress(json.dumps({"ops": [child, visit]}).encode())
        answer = client.post(
            "/push",
            content=body,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )
        assert answer.status_code == 200, answer.text
        assert [r["status"] for r in answer.json()["results"]] == ["applied", "applied"]
        pulled = client.get("/changes", params={"since": 0}, headers={"Accept-Encoding": "gzip"})
        assert pulled.status_code == 200
        assert pulled.headers.get("content-encoding") == "gzip"
        page = pulled.json()
        assert [c["record_id"] for c in page["changes"]] == [child["record_id"], visit["record_id"]]
        assert page["more"] is False
        assert answer.headers["x-request-id"]
    devices = server.list_devices()
    assert [(d["id"], d["role"], d["revoked_at"]) for d in devices] == [
        (enrolment["device_id"], "director", None)
    ]
    # The access log names the route, never the query's values or the bodies.
    log = server.log()
    assert "POST /api/v1/push 200" in log
    assert "since=" not in log
    assert str(child["fields"]["name"]) not in log


def test_a_revoked_device_is_refused(county_server: ServerProcess) -> None:  # noqa: F811
    server = county_server
    code = _setup(server)
    enrolment = _enroll(server, code)
    auth = {"Authorization": f"Bearer {enrolment['credential']}"}
    assert httpx.get(f"{server.api_url}/me", headers=auth).status_code == 200
    server.revoke_device(str(enrolment["device_id"]))
    answer = httpx.get(f"{server.api_url}/changes", headers=auth)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthorized"
    assert server.list_devices()[0]["revoked_at"] is not None
    # Its enrolment code is spent as well.
    again = httpx.post(f"{server.api_url}/enroll", json={"code": code, "device_name": "x"})
    assert again.status_code == 401


def test_tls_and_restart(db_url: str, tmp_path: Path) -> None:  # noqa: F811
    with running_server(db_url, tmp_path / "server", tls=True) as server:
        assert server.base_url.startswith("https://")
        code = _setup(server)
        assert server.ca_file is not None
        enrolment = _enroll(server, code, verify=str(server.ca_file))
        auth = {"Authorization": f"Bearer {enrolment['credential']}"}
        server.restart()  # the credential survives a restart: state lives in the database
        answer = httpx.get(f"{server.api_url}/me", headers=auth, verify=str(server.ca_file))
        assert answer.status_code == 200
