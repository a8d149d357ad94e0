"""HTTP plumbing: OpenAPI, gzip both ways, request ids, and what the access log holds."""

from __future__ import annotations

import dataclasses
import gzip
import json
import logging

import pytest
from fastapi.testclient import TestClient

from county_server.main import create_app
from tests.county_server.conftest import API, V1, World, child_fields, make_op


def test_openapi_documents_the_api(world: World) -> None:
    document = world.client.app.openapi()  # type: ignore[attr-defined]  # built in process
    assert set(document["paths"]) == {
        f"{API}/enroll",
        f"{API}/me",
        f"{API}/push",
        f"{API}/changes",
        f"{API}/records/{{record_id}}",
        f"{API}/records/{{record_id}}/history",
        f"{API}/county",
        f"{API}/laptops",
    }
    push_body = document["paths"][f"{API}/push"]["post"]["requestBody"]
    assert push_body["content"]["application/json"]["schema"]["$ref"].endswith("/PushRequest")
    schemas = document["components"]["schemas"]
    assert {"PushRequest", "Op", "PushResponse", "PullResponse", "ErrorBody"} <= set(schemas)
    assert document["components"]["securitySchemes"]["device"]["scheme"] == "bearer"


DOC_PATHS = (f"{API}/openapi.json", f"{API}/docs", "/docs/oauth2-redirect", "/docs", "/redoc",
             "/openapi.json")  # fmt: skip


def test_the_api_documentation_is_not_served_by_default(world: World) -> None:
    assert not world.settings.api_docs
    for path in DOC_PATHS:
        answer = world.client.get(path)
        assert answer.status_code == 404, path
        assert answer.json()["error"]["code"] == "not_found"


def test_the_api_documentation_is_served_when_asked_for(world: World) -> None:
    app = create_app(dataclasses.replace(world.settings, api_docs=True), clock=world.clock)
    with TestClient(app) as client:
        document = client.get(f"{API}/openapi.json")
        assert document.status_code == 200
        assert document.json() == world.client.app.openapi()  # type: ignore[attr-defined]
        assert client.get(f"{API}/docs").status_code == 200


def test_gzip_request_and_response(world: World) -> None:
    director = world.director()
    ops = [make_op("child", V1, child_fields()) for _ in range(5)]
    answer = world.client.post(
        f"{API}/push",
        content=gzip.compress(json.dumps({"ops": ops}).encode()),
        headers={
            **director.headers,
            "Content-Encoding": "gzip",
            "Content-Type": "application/json",
            "Accept-Encoding": "gzip",
        },
    )
    assert answer.status_code == 200
    assert answer.headers["content-encoding"] == "gzip"
    assert [r["status"] for r in answer.json()["results"]] == ["applied"] * 5


def test_request_ids_are_given_or_kept(world: World) -> None:
    director = world.director()
    mine = director.client.get(f"{API}/me", headers={**director.headers, "X-Request-ID": "abc-123"})
    assert mine.headers["x-request-id"] == "abc-123"
    odd = director.client.get(f"{API}/me", headers={**director.headers, "X-Request-ID": "a b\tc"})
    assert odd.headers["x-request-id"] != "a b\tc" and len(odd.headers["x-request-id"]) == 32
    assert world.client.get(f"{API}/nowhere").headers["x-request-id"]


def test_the_access_log_has_no_bodies_and_no_query_values(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    director = world.director()
    fields = child_fields()
    director.push_one(make_op("child", V1, fields))
    director.pull(limit=987654)
    access = [r.getMessage() for r in caplog.records if r.name == "county_server.access"]
    assert any(line.startswith("POST /api/v1/push 200 ") for line in access)
    assert any(line.startswith("GET /api/v1/changes 200 ") for line in access)
    assert all("request_id=" in line for line in access)
    server_log = "\n".join(
        r.getMessage() for r in caplog.records if r.name.startswith("county_server")
    )
    assert "987654" not in server_log
    assert fields["name"] not in server_log and fields["id_number"] not in server_log
