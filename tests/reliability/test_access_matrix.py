"""The authorization matrix, generated from the app's route table: every route × every role
(director, supervisor, county, no credential, a revoked device) × every target (own
village, another village of the same township, another township, a record that doesn't
exist), against a real server process.

``EXPECTATIONS`` holds one probe per route; a route the app serves without an entry fails
the run, so a new endpoint cannot slip past. A target out of a role's scope must answer
exactly like the nonexistent one (status and body); any other difference, and any success
where none is due, counts as unexpected access. Enrolment's "records" are codes: a fresh
one, one already used, an expired one and a made-up one (the last three alike).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.reliability.admin import Admin
from tests.reliability.results import record
from tests.reliability.scratch_app import SERVE_ARGS, SERVE_ENV, route_table
from tests.serverproc import ServerProcess, database_url, running_server

T1, T2 = "330523101", "330523102"
V1, V2, V3 = "330523101001", "330523101002", "330523102001"
ROLES = ("director", "supervisor", "county", "anonymous", "revoked")
TARGETS = ("own", "other_village", "other_township", "nonexistent")
VILLAGE_OF = {"own": V1, "other_village": V2, "other_township": V3, "nonexistent": V1}
# What each role may reach; anything else must look like "nonexistent".
IN_SCOPE = {
    "director": {"own"},
    "supervisor": {"own", "other_village"},
    "county": {"own", "other_village", "other_township"},
    "anonymous": set(),
    "revoked": set(),
}
SCOPE_OF = {"director": V1, "supervisor": T1, "county": "330523"}


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any


@dataclass
class County:
    server: ServerProcess
    credentials: dict[str, str]  # role -> device credential ("" for anonymous)
    children: dict[str, str]  # target -> child record id
    notes: dict[str, str]  # target -> supervision note id
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # role -> target -> code
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    def call(self, role: str, method: str, path: str, body: Any = None, **params: Any) -> Answer:
        headers = {"Authorization": f"Bearer {self.credentials[role]}"}
        if role == "anonymous":
            headers = {}
        answer = self.http.request(
            method, self.server.base_url + path, headers=headers, json=body, params=params
        )
        try:
            payload: Any = answer.json()
        except ValueError:
            payload = answer.text
        return Answer(answer.status_code, payload)


def _op(record_id: str, village: str, base_rev: int, status: str) -> dict[str, Any]:
    # A note's task status: the one field every role may change (casework.permissions;
    # what each role may change of each kind is test_role_matrix.py's).
    return {
        "op_id": str(uuid.uuid4()),
        "record_id": record_id,
        "kind": "supervision_note",
        "village_code": village,
        "base_rev": base_rev,
        "op": "upsert",
        "fields": {"status": status},
    }


def _without_op_id(answer: Answer) -> Answer:
    if answer.status == 200 and isinstance(answer.body, dict) and "results" in answer.body:
        results = [
            {k: v for k, v in result.items() if k != "op_id"} for result in answer.body["results"]
        ]
        return Answer(200, {"results": results})
    return answer


# -- probes: (county, role, target) -> (answer, answer for nonexistent, granted?) ----------

Probe = Callable[[County, str, str], tuple[Answer, Answer, bool]]


def _granted(answer: Answer) -> bool:
    return answer.status == 200


def _record_probe(suffix: str) -> Probe:
    def probe(county: County, role: str, target: str) -> tuple[Answer, Answer, bool]:
        path = "/api/v1/records/{}" + suffix
        answer = county.call(role, "GET", path.format(county.children[target]))
        ghost = county.call(role, "GET", path.format(county.children["nonexistent"]))
        return answer, ghost, _granted(answer)

    return probe


def _push_probe(county: County, role: str, target: str) -> tuple[Answer, Answer, bool]:
    village = VILLAGE_OF[target]
    note = county.notes[target]
    rev = 1
    if target in IN_SCOPE[role]:
        rev = county.call("county", "GET", f"/api/v1/records/{note}").body["rev"]
    answer = county.call(role, "POST", "/api/v1/push", {"ops": [_op(note, village, rev, "done")]})
    ghost_op = _op(county.notes["nonexistent"], village, 1, "done")
    ghost = county.call(role, "POST", "/api/v1/push", {"ops": [ghost_op]})
    granted = _granted(answer) and answer.body["results"][0]["status"] == "applied"
    return _without_op_id(answer), _without_op_id(ghost), granted


def _pull_probe(county: County, role: str, target: str) -> tuple[Answer, Answer, bool]:
    answer = county.call(role, "GET", "/api/v1/changes", since=0, limit=2000)
    if answer.status != 200:
        return answer, answer, False
    seen = {change["record_id"] for change in answer.body["changes"]}
    wanted = {county.children[target], county.notes[target]}
    granted = bool(wanted & seen)
    # Out of scope looks like nonexistent: neither record comes, the page is otherwise alike.
    return Answer(200, granted), Answer(200, False), granted


def _me_probe(county: County, role: str, target: str) -> tuple[Answer, Answer, bool]:
    answer = county.call(role, "GET", "/api/v1/me")
    if answer.status == 200:  # a device sees itself only, whatever the target
        assert answer.body["scope"]["code"] == SCOPE_OF[role]
    return answer, answer, _granted(answer)


def _county_probe(county: County, role: str, target: str) -> tuple[Answer, Answer, bool]:
    answer = county.call(role, "GET", "/api/v1/county")
    if answer.status == 200:  # the directory and policy are every device's; "you" is itself
        assert answer.body["you"]["scope_code"] == SCOPE_OF[role]
    return answer, answer, _granted(answer)


def _laptops_probe(county: County, role: str, target: str) -> tuple[Answer, Answer, bool]:
    answer = county.call(role, "GET", "/api/v1/laptops")
    if answer.status == 200:  # every device may ask, and hears of laptops in its scope only
        scope = SCOPE_OF[role]
        places = {laptop["place_code"] for laptop in answer.body["laptops"]}
        assert places and all(place.startswith(scope) for place in places), (role, places)
    return answer, answer, _granted(answer)


def _enroll_probe(county: County, role: str, target: str) -> tuple[Answer, Answer, bool]:
    codes = county.codes.get(role, {})
    code = codes.get(target, "AAAA-BBBB-CCCC-DDDD")
    answer = county.call("anonymous", "POST", "/api/v1/enroll", {"code": code, "device_name": "m"})
    ghost = county.call(
        "anonymous", "POST", "/api/v1/enroll", {"code": "ZZZZ-YYYY-XXXX-WWWW", "device_name": "m"}
    )
    return answer, ghost, _granted(answer)


def _public_probe(path: str) -> Probe:
    def probe(county: County, role: str, target: str) -> tuple[Answer, Answer, bool]:
        answer = county.call(role, "GET", path)
        return answer, answer, answer.status == 200

    return probe


@dataclass(frozen=True)
class Expectation:
    probe: Probe
    # role -> targets where success is due; None: every role and target (public pages)
    granted: Callable[[str], set[str]] | None


def _scoped(role: str) -> set[str]:
    return IN_SCOPE[role]


def _enrol_codes(role: str) -> set[str]:
    # Only a fresh code of a real role enrols; used, expired and made-up codes are refused.
    return {"own"} if role in ("director", "supervisor", "county") else set()


def _any_device(role: str) -> set[str]:
    return set(TARGETS) if role in ("director", "supervisor", "county") else set()


EXPECTATIONS: dict[tuple[str, str], Expectation] = {
    ("POST", "/api/v1/enroll"): Expectation(_enroll_probe, _enrol_codes),
    ("GET", "/api/v1/me"): Expectation(_me_probe, _any_device),
    ("GET", "/api/v1/county"): Expectation(_county_probe, _any_device),
    ("GET", "/api/v1/laptops"): Expectation(_laptops_probe, _any_device),
    ("POST", "/api/v1/push"): Expectation(_push_probe, _scoped),
    ("GET", "/api/v1/changes"): Expectation(_pull_probe, _scoped),
    ("GET", "/api/v1/records/{record_id}"): Expectation(_record_probe(""), _scoped),
    ("GET", "/api/v1/records/{record_id}/history"): Expectation(_record_probe("/history"), _scoped),
    ("GET", "/api/v1/openapi.json"): Expectation(_public_probe("/api/v1/openapi.json"), None),
    ("GET", "/api/v1/docs"): Expectation(_public_probe("/api/v1/docs"), None),
    ("GET", "/docs/oauth2-redirect"): Expectation(_public_probe("/docs/oauth2-redirect"), None),
}


def test_every_route_has_an_expectation() -> None:
    missing = sorted(set(route_table()) - set(EXPECTATIONS))
    stale = sorted(set(EXPECTATIONS) - set(route_table()))
    assert not missing, f"routes without a row in the authorization matrix: {missing}"
    assert not stale, f"matrix rows for routes that no longer exist: {stale}"


# -- the county --------------------------------------------------------------------------


def _enrol(server: ServerProcess, code: str) -> str:
    answer = httpx.post(
        f"{server.api_url}/enroll", json={"code": code, "device_name": "matrix"}, timeout=30
    )
    answer.raise_for_status()
    return str(answer.json()["credential"])


def _records(found: County, target: str) -> None:
    """A child and a supervision note on it in the target's village, pushed by the county."""
    child = _op(str(uuid.uuid4()), VILLAGE_OF[target], 0, "open")
    child.update(
        kind="child", fields={"name": "王小明", "gender": "male", "birth_date": "2015-05-05"}
    )
    note = _op(str(uuid.uuid4()), VILLAGE_OF[target], 0, "open")
    note["fields"] = {"child_id": child["record_id"], "author": "县中心", "note": "走访"}
    answer = found.call("county", "POST", "/api/v1/push", {"ops": [child, note]})
    assert [r["status"] for r in answer.body["results"]] == ["applied", "applied"]
    found.children[target] = child["record_id"]
    found.notes[target] = note["record_id"]


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[County]:
    root = tmp_path_factory.mktemp("matrix")
    with (
        database_url("sqlite", root) as url,
        running_server(url, root / "server", env=SERVE_ENV, serve_args=SERVE_ARGS) as server,
    ):
        admin = Admin(url)
        admin.add_township(T1, "递铺街道")
        admin.add_township(T2, "孝丰镇")
        admin.add_village(V1, "古城村", T1)
        admin.add_village(V2, "马家村", T1)
        admin.add_village(V3, "横溪坞村", T2)
        credentials = {
            role: _enrol(server, admin.add_user(role, scope)) for role, scope in SCOPE_OF.items()
        }
        credentials["anonymous"] = ""
        credentials["revoked"] = _enrol(server, admin.add_user("director", V1))
        admin.revoke(credentials["revoked"].split(".", 1)[0])
        found = County(server, credentials, {}, {})
        for target in TARGETS[:3]:
            _records(found, target)
        found.children["nonexistent"] = found.notes["nonexistent"] = str(uuid.uuid4())
        for role, scope in SCOPE_OF.items():
            used = admin.add_user(role, scope)
            _enrol(server, used)
            found.codes[role] = {
                "own": admin.add_user(role, scope),
                "other_village": used,
                "other_township": admin.add_user(role, scope, hours=-1),  # expired
            }
        admin.close()
        yield found
        found.http.close()


@dataclass
class Tally:
    cells: int = 0
    unexpected: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    found = Tally()
    yield found
    record("matrix", found.cells, unexpected_access=len(found.unexpected))


@pytest.mark.parametrize("route", sorted(EXPECTATIONS), ids=" ".join)
def test_matrix(county: County, tally: Tally, route: tuple[str, str]) -> None:
    expectation = EXPECTATIONS[route]
    wrong: list[str] = []
    for role in ROLES:
        for target in TARGETS:
            answer, ghost, granted = expectation.probe(county, role, target)
            tally.cells += 1
            due = expectation.granted(role) if expectation.granted else set(TARGETS)
            cell = f"{' '.join(route)} {role} {target}"
            if granted != (target in due):
                wrong.append(f"{cell}: granted={granted}, answer {answer}")
            elif not granted and answer != ghost:
                wrong.append(f"{cell}: {answer} differs from nonexistent {ghost}")
    tally.unexpected.extend(wrong)
    assert not wrong, "\n".join(wrong)


def test_a_revoked_device_and_no_credential_get_the_same_401(county: County) -> None:
    for method, path in EXPECTATIONS:
        if "docs" in path or path.endswith("openapi.json") or path.endswith("/enroll"):
            continue
        concrete = path.replace("{record_id}", county.children["own"])
        body = {"ops": []} if method == "POST" else None
        revoked = county.call("revoked", method, concrete, body)
        anonymous = county.call("anonymous", method, concrete, body)
        assert revoked.status == 401 and revoked == anonymous, (path, revoked, anonymous)
        assert revoked.body["error"]["code"] == "unauthorized"


def test_the_route_table_matches_a_running_server(county: County, tmp_path: Path) -> None:
    """The table comes from create_app; the served document must list the same API."""
    document = county.call("anonymous", "GET", "/api/v1/openapi.json").body
    served = {(m.upper(), p) for p, item in document["paths"].items() for m in item}
    api_routes = {r for r in route_table() if "docs" not in r[1] and "openapi" not in r[1]}
    assert served == api_routes
