"""No input makes the server answer 5xx: every refusal is a 4xx with an ErrorBody."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.protocol import ErrorBody
from tests.county_server.conftest import API, V1, Device, World, make_op


@pytest.fixture(scope="module")
def director(module_world: World) -> Device:
    return module_world.director()


def _check_error(answer: Any, status: int, code: str | None = None) -> None:
    assert answer.status_code == status, answer.text
    body = ErrorBody.model_validate(answer.json())
    if code is not None:
        assert body.error.code == code


# (method, path, raw body or None, extra headers, expected status, expected code)
BAD_REQUESTS: list[tuple[str, str, bytes | None, dict[str, str], int, str]] = [
    ("POST", "/push", b"{not json", {}, 400, "bad_request"),
    ("POST", "/push", b"", {}, 422, "invalid_request"),
    ("POST", "/push", b"null", {}, 422, "invalid_request"),
    ("POST", "/push", b"[]", {}, 422, "invalid_request"),
    ("POST", "/push", b'"ops"', {}, 422, "invalid_request"),
    ("POST", "/push", b"{}", {}, 422, "invalid_request"),
    ("POST", "/push", b'{"ops": {}}', {}, 422, "invalid_request"),
    ("POST", "/push", b'{"ops": [], "extra": 1}', {}, 422, "invalid_request"),
    ("POST", "/push", b"[" * 100_000 + b"]" * 100_000, {}, 400, "bad_request"),
    ("POST", "/push", b'{"ops": [{"op_id": "\\ud800"}]}', {}, 200, ""),
    ("POST", "/push", b"\xff\xfe\x00garbage", {}, 400, "bad_request"),
    ("POST", "/push", b"{}", {"Content-Encoding": "br"}, 415, "unsupported_encoding"),
    ("POST", "/push", b"not gzip at all", {"Content-Encoding": "gzip"}, 400, "bad_request"),
    ("POST", "/push", gzip.compress(b"{}")[:-6], {"Content-Encoding": "gzip"}, 400, "bad_request"),
    (
        "POST",
        "/push",
        gzip.compress(b" " * (40 * 1024 * 1024)),  # a gzip bomb: 40 MiB of spaces
        {"Content-Encoding": "gzip"},
        413,
        "too_large",
    ),
    ("POST", "/push", b" " * (33 * 1024 * 1024), {}, 413, "too_large"),
    ("GET", "/push", None, {}, 405, "method_not_allowed"),
    ("GET", "/nowhere", None, {}, 404, "not_found"),
    ("GET", "/records/not-a-uuid", None, {}, 404, "not_found"),
    ("GET", "/records/%00%ff", None, {}, 404, "not_found"),
    ("GET", "/records/" + "9" * 5000, None, {}, 404, "not_found"),
    ("GET", "/records/00000000-0000-4000-8000-000000000000/history", None, {}, 404, "not_found"),
    ("GET", "/changes?since=abc", None, {}, 422, "invalid_request"),
    ("GET", "/changes?since=1e5", None, {}, 422, "invalid_request"),
    ("GET", "/changes?since=99999999999999999999999999", None, {}, 422, "invalid_request"),
    ("GET", "/changes?limit=-1", None, {}, 422, "invalid_request"),
    ("GET", "/changes?since=%00", None, {}, 422, "invalid_request"),
    ("POST", "/enroll", b'{"code": 123, "device_name": []}', {}, 422, "invalid_request"),
    ("POST", "/enroll", b'{"code": "AAAA-BBBB", "device_name": "a\\u0000b"}', {}, 422, ""),
    ("POST", "/enroll", b'{"code": "AAAA-\\udc80BBBB", "device_name": "pc"}', {}, 422, ""),
    ("POST", "/enroll", b'{"code": "AAAA-BBBB", "device_name": "\\ud800"}', {}, 422, ""),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status", "code"),
    BAD_REQUESTS,
    ids=[f"{i}-{r[0]}-{r[1][:30]}" for i, r in enumerate(BAD_REQUESTS)],
)
def test_bad_requests_get_a_4xx_error_body(
    director: Device,
    method: str,
    path: str,
    body: bytes | None,
    headers: dict[str, str],
    status: int,
    code: str,
) -> None:
    answer = director.client.request(
        method,
        API + path,
        content=body,
        headers={**director.headers, "Content-Type": "application/json", **headers},
    )
    if status == 200:  # a push whose ops are refused one by one
        assert answer.status_code == 200, answer.text
        assert {r["status"] for r in answer.json()["results"]} == {"rejected"}
        return
    assert answer.status_code < 500
    _check_error(answer, status, code or None)


def _good(**changes: Any) -> dict[str, Any]:
    fields = {"name": "张三", "gender": "male", "birth_date": "2015-01-01"}
    return {**make_op("child", V1, fields), **changes}


def _good_fields(**changes: Any) -> dict[str, Any]:
    return _good(fields={**_good()["fields"], **changes})


def test_bad_ops_are_rejected_one_by_one(director: Device) -> None:
    bad_ops: list[Any] = [
        None,
        17,
        [],
        {},
        _good(op_id=5),
        _good(op_id="\ud800"),
        _good(base_rev=-1),
        _good(base_rev=10**40),
        _good(base_rev="1"),
        _good(op="replace"),
        _good(kind="pet"),
        _good(village_code="abc"),
        _good(village_code="9" * 12),
        _good(fields=[]),
        _good(fields={"name": None}),
        _good_fields(name={"deep": [[[[1]]]]}),
        _good_fields(name="x" * 100_000),
        _good_fields(disability_grade=10**40),
        _good_fields(notes="\udc80"),
        _good_fields(**{"\u0000": 1}),
        _good_fields(**{"\ud800": 1}),
        _good(made_at="yesterday"),
        _good(unexpected=True),
    ]
    answer = director.client.post(  # ASCII JSON: lone surrogates travel as \\uXXXX escapes
        API + "/push",
        content=json.dumps({"ops": bad_ops}).encode(),
        headers={**director.headers, "Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert len(results) == len(bad_ops)
    assert [r["status"] for r in results] == ["rejected"] * len(bad_ops)
    assert all(r["reason"]["code"] in ("invalid_op", "invalid", "not_found") for r in results)
    # A NUL inside text is still text: stored (sealed) and given back as it came.
    nul = director.push_one(_good_fields(notes="a\u0000b"))
    assert nul["status"] == "applied"
    assert nul["record"]["fields"]["notes"] == "a\u0000b"


def test_nan_and_infinity_are_refused(director: Device) -> None:
    raw = json.dumps({"ops": [_good()]}).replace('"2015-01-01"', "NaN")
    answer = director.client.post(
        API + "/push",
        content=raw.encode(),
        headers={**director.headers, "Content-Type": "application/json"},
    )
    assert answer.status_code < 500


TEXT = st.text(st.characters(exclude_categories=()), max_size=12)  # surrogates too
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=20,
)
OP_KEYS = st.sampled_from(
    ["op_id", "record_id", "kind", "village_code", "base_rev", "op", "fields", "made_at"]
)
OPLIKE = st.dictionaries(OP_KEYS, JSON, max_size=8) | st.fixed_dictionaries(
    {
        "op_id": st.uuids().map(str),
        "record_id": st.uuids().map(str),
        "kind": st.sampled_from(["child", "visit", "supervision_note", "x"]),
        "village_code": st.sampled_from([V1, "330523101002", "1234567"]),
        "base_rev": st.integers(min_value=-2, max_value=3),
        "op": st.sampled_from(["upsert", "delete"]),
        "fields": st.dictionaries(
            st.sampled_from(["name", "gender", "birth_date", "child_id", "note", "author"]),
            JSON,
        ),
    }
)
BODIES = JSON | st.fixed_dictionaries({"ops": st.lists(OPLIKE | JSON, max_size=5)})


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=BODIES)
def test_random_json_to_push_never_gets_a_5xx(director: Device, body: Any) -> None:
    answer = director.client.post(
        API + "/push",
        content=json.dumps(body).encode(),
        headers={**director.headers, "Content-Type": "application/json"},
    )
    assert answer.status_code < 500, answer.text
    if answer.status_code != 200:
        ErrorBody.model_validate(answer.json())
