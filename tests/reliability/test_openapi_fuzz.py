"""schemathesis against the real server's own OpenAPI document: no 5xx, no answer that
breaks its documented schema, for every operation, with a real device credential.

The server runs as a real process on SQLite with a small county; the requests carry the
credential of a director's device enrolled through ``/enroll`` (the enrolment operation
itself is fuzzed too, with whatever codes schemathesis makes up). Examples per operation:
10 in the smoke profile, 100 in the quick one, 1,000 in the full one
(``RELIABILITY_FUZZ_EXAMPLES`` overrides).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.reliability.admin import Admin
from tests.reliability.profile import count, profile
from tests.reliability.results import record
from tests.reliability.scratch_app import SERVE_ARGS, SERVE_ENV, openapi_document
from tests.serverproc import ServerProcess, database_url, running_server

EXAMPLES = count(100, 1000, smoke=10, override="RELIABILITY_FUZZ_EXAMPLES")
TOWNSHIP, VILLAGE = "330523101", "330523101001"


@dataclass
class Target:
    server: ServerProcess
    credential: str
    examples: Counter[str] = field(default_factory=Counter)  # operation -> cases sent
    server_errors: int = 0


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    root = tmp_path_factory.mktemp("fuzz")
    with (
        database_url("sqlite", root) as url,
        running_server(url, root / "server", env=SERVE_ENV, serve_args=SERVE_ARGS) as server,
    ):
        admin = Admin(url)
        admin.add_township(TOWNSHIP, "递铺街道")
        admin.add_village(VILLAGE, "古城村", TOWNSHIP)
        code = admin.add_user("director", VILLAGE)
        admin.close()
        answer = httpx.post(
            f"{server.api_url}/enroll", json={"code": code, "device_name": "fuzz"}, timeout=30
        )
        answer.raise_for_status()
        found = Target(server, answer.json()["credential"])
        yield found
        record("fuzz", sum(found.examples.values()), server_errors=found.server_errors)
        # Each documented operation this worker fuzzed got its examples (other methods on
        # the same paths are probed once each by schemathesis, on top).
        documented = {f"{m.upper()} {p}" for p, i in openapi_document()["paths"].items() for m in i}
        short = {op: n for op, n in found.examples.items() if op in documented and n < EXAMPLES}
        assert not short, short


# The document of the app that ``serve`` builds (test_the_running_server_serves_it below).
schema = schemathesis.openapi.from_dict(openapi_document())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=profile() != "full",  # the same cases in every CI run; the full one roams
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_5xx_and_no_schema_violation(case: Any, target: Target) -> None:
    target.examples[f"{case.method} {case.path}"] += 1
    response = case.call(
        base_url=target.server.base_url,
        headers={"Authorization": f"Bearer {target.credential}"},
        timeout=30,
    )
    if response.status_code >= 500:
        target.server_errors += 1
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


def test_the_running_server_serves_the_fuzzed_document(target: Target) -> None:
    """What was fuzzed is what the server documents, and it lists every API route."""
    document = httpx.get(f"{target.server.api_url}/openapi.json", timeout=30).json()
    assert document == openapi_document()
    documented = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    assert documented == {
        ("POST", "/api/v1/enroll"),
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/county"),
        ("GET", "/api/v1/laptops"),
        ("POST", "/api/v1/push"),
        ("GET", "/api/v1/changes"),
        ("GET", "/api/v1/records/{record_id}"),
        ("GET", "/api/v1/records/{record_id}/history"),
    }
