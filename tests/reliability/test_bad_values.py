"""Values at the edges of the calendar, and values that name no day, in every date and time
field of every kind (issue 16): refused in words by the laptop's ``validate`` and by a real
county server, one op at a time, while the good ops around them are applied.

Each bad value goes to the server twice, as a new record and as a change to a good record
already on file, inside one batch where a good op follows every bad one. Counted: every
bad value the laptop refuses and every bad op the server refuses (``bad_values``); a good
op not applied or not pulled back is ``lost``, an answer of 500 or more a ``server_error``,
a bad value let through ``missed``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import httpx
import pytest

from casework.records import (
    DATE_RANGES,
    SCHEMAS,
    Benefit,
    Intervention,
    KeyChildDeclined,
    PlanItem,
    RecordValidationError,
    Situation,
    validate,
)
from tests.reliability.results import record
from tests.serverproc import BACKENDS, ServerProcess, database_url, running_server

TOWNSHIP, VILLAGE = "330523101", "330523101001"
CHILD_ID = str(uuid.uuid4())
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()

EDGE_VALUES: tuple[object, ...] = (
    "9999-12-31",
    "0001-01-01",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "1900-02-29",  # not a day: 1900 is no leap year
    "",
    "   ",
    "99999-01-01",
    "+12345-06-07",
    "10000-01-01T00:00:00",
    "2026-13-01",
    "1899-12-31",
    "2101-01-01",
    253402300800,  # seconds to the year 10000
    10**20,
    True,
)

# A good record of each kind, and where in it each date or time field lives.
GOOD: dict[str, dict[str, Any]] = {
    "child": {"name": "赵甲子", "gender": "male", "birth_date": "2015-06-01"},
    "family_member": {"child_id": CHILD_ID, "relation": "father", "name": "赵父"},
    "visit": {"child_id": CHILD_ID, "visit_date": YESTERDAY, "visitor": "李主任"},
    "entrustment": {"child_id": CHILD_ID, "guardian_name": "赵爷爷"},
    "mandatory_report": {"child_id": CHILD_ID, "trigger": "missing", "found_at": YESTERDAY},
    "referral": {
        "child_id": CHILD_ID,
        "department": "health",
        "need": "体检",
        "referred_on": YESTERDAY,
    },
    "assessment": {
        "child_id": CHILD_ID,
        "assessed_on": YESTERDAY,
        "assessor": "县中心",
        "risk_level": "low",
    },
    "supervision_note": {"village_code": VILLAGE, "author": "督导员", "note": "按时走访"},
}
SITUATION_FIELDS = ("since", "until")
# Rows inside a record (a list field) whose own fields are dates: the field holding them, a
# good row, and the row's schema.
ROWS: dict[str, tuple[str, str, dict[str, Any], type[Any]]] = {
    "situation": ("family_member", "situations", {"kind": "imprisoned", "since": "2020-01-01"},
                  Situation),
    "plan_item": ("assessment", "plan_items", {"what": "心理疏导", "done": True,
                                               "done_on": YESTERDAY}, PlanItem),
    "intervention": ("family_member", "interventions", {"step": "admonition",
                                                        "taken_on": YESTERDAY}, Intervention),
    "benefit": ("child", "benefits", {"benefit": "dibao", "status": "informed",
                                      "informed_on": YESTERDAY}, Benefit),
}  # fmt: skip
# A record inside a record (one, not a list) whose own fields are dates: the same.
NESTED: dict[str, tuple[str, str, dict[str, Any], type[Any]]] = {
    "key_child_declined": ("child", "key_child_declined", {"grounds": ["ill"],
                           "declined_on": YESTERDAY, "reason": "已核实"}, KeyChildDeclined),
}  # fmt: skip
DATE_NAMES = ("since", "until", "due", "done_on", "taken_on", "informed_on", "applied_on",
              "granted_on", "declined_on")  # fmt: skip
ROW_FIELDS = {
    name: row
    for row, (_kind, _list, _good, schema) in ROWS.items()
    for name, info in schema.model_fields.items()
    if name in DATE_NAMES
}
NESTED_FIELDS = {
    name: nested
    for nested, (_kind, _field, _good, schema) in NESTED.items()
    for name, info in schema.model_fields.items()
    if name in DATE_NAMES
}


def _is_date(annotation: object) -> bool:
    return annotation in (date, datetime) or any(_is_date(a) for a in get_args(annotation))


def _date_fields() -> Iterator[tuple[str, str]]:
    """(kind, field) of every field typed as a date or a time, found from the schemas (a
    new one without a range fails below); a situation's are the family member's."""
    for kind, schema in SCHEMAS.items():
        for name, info in schema.model_fields.items():
            if _is_date(info.annotation):
                yield kind, name
    for kind, _list, _good, schema in (*ROWS.values(), *NESTED.values()):
        for name, info in schema.model_fields.items():
            if _is_date(info.annotation):
                yield kind, name


def _with(kind: str, field: str, value: object) -> tuple[str, dict[str, Any]]:
    """The field's name as the server reports it, and the changed fields carrying value."""
    if field in ROW_FIELDS:
        _kind, listed, good, _schema = ROWS[ROW_FIELDS[field]]
        return listed, {listed: [{**good, field: value}]}
    if field in NESTED_FIELDS:
        _kind, holder, good, _schema = NESTED[NESTED_FIELDS[field]]
        return holder, {holder: {**good, field: value}}
    return field, {field: value}


def _op(kind: str, fields: dict[str, Any], *, record_id: str = "", base_rev: int = 0) -> Any:
    return {
        "op_id": str(uuid.uuid4()),
        "record_id": record_id or str(uuid.uuid4()),
        "kind": kind,
        "village_code": VILLAGE,
        "base_rev": base_rev,
        "op": "upsert",
        "fields": fields,
    }


def _good_visit() -> dict[str, Any]:
    return _op("visit", GOOD["visit"])


def test_every_date_field_has_a_range() -> None:
    fields = {name for _, name in _date_fields()}
    assert fields == set(DATE_RANGES)
    assert {name for kind, name in _date_fields() if kind == "family_member"} == {
        *SITUATION_FIELDS,
        "refusing_since",
        "taken_on",
    }


def test_bad_values_are_refused_alone(tmp_path: Path) -> None:
    cases = [(kind, field, value) for kind, field in _date_fields() for value in EDGE_VALUES]
    refused = missed = lost = server_errors = 0
    # The laptop: validate refuses each, naming the field.
    for kind, field, value in cases:
        named, fields = _with(kind, field, value)
        try:
            validate(kind, {**GOOD[kind], **fields})
        except RecordValidationError as error:
            refused += any(e.field == named and e.message.zh for e in error.errors)
        except Exception:  # a crash is a value not refused in words
            missed += 1
        else:
            missed += 1
    # The server, on each back end.
    for backend in BACKENDS:
        outcome = _push_through_server(backend, tmp_path / backend, cases)
        refused, missed = refused + outcome["refused"], missed + outcome["missed"]
        lost, server_errors = lost + outcome["lost"], server_errors + outcome["server_errors"]
    record("bad_values", refused, lost=lost, server_errors=server_errors, missed=missed)
    assert (lost, server_errors, missed) == (0, 0, 0)
    assert refused == len(cases) * (1 + 2 * len(BACKENDS))


def _push_through_server(
    backend: str, root: Path, cases: list[tuple[str, str, object]]
) -> dict[str, int]:
    root.mkdir(parents=True)
    with database_url(backend, root) as url, running_server(url, root / "server") as server:
        headers = _enrol(server)
        with httpx.Client(base_url=server.api_url, headers=headers, timeout=60) as client:
            return _push_cases(client, cases)


def _enrol(server: ServerProcess) -> dict[str, str]:
    server.add_township(TOWNSHIP, "递铺街道")
    server.add_village(VILLAGE, "古城村", TOWNSHIP)
    # The county: a role that writes every kind (casework.permissions), notes included.
    code = server.add_user("县中心", "county", "330523")
    answer = httpx.post(f"{server.api_url}/enroll", json={"code": code, "device_name": "pc"})
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['credential']}"}


def _push_cases(client: httpx.Client, cases: list[tuple[str, str, object]]) -> dict[str, int]:
    tally = {"refused": 0, "missed": 0, "lost": 0, "server_errors": 0}
    # A good record of every kind on file first, for the changes to land on.
    on_file = {kind: _op(kind, fields) for kind, fields in GOOD.items()}
    on_file["child"]["record_id"] = CHILD_ID
    batch: list[tuple[dict[str, Any], str]] = [(op, "") for op in on_file.values()]
    for kind, field, value in cases:
        named, fields = _with(kind, field, value)
        created = _op(kind, {**GOOD[kind], **fields})
        changed = _op(kind, fields, record_id=on_file[kind]["record_id"], base_rev=1)
        batch += [(created, named), (_good_visit(), ""), (changed, named), (_good_visit(), "")]
    good = set()
    for start in range(0, len(batch), 500):
        part = batch[start : start + 500]
        try:
            answer = client.post("/push", json={"ops": [op for op, _ in part]})
        except httpx.TransportError:  # the server fell over: as bad as a 500
            answer = httpx.Response(599)
        if answer.status_code >= 500:
            tally["server_errors"] += 1
            tally["lost"] += sum(1 for _, named in part if not named)
            continue
        for (op, named), result in zip(part, answer.json()["results"], strict=True):
            if not named:
                applied = result["status"] == "applied"
                tally["lost"] += not applied
                good |= {op["record_id"]} if applied else set()
            elif result["status"] == "rejected" and named in result["reason"]["fields"]:
                tally["refused"] += 1
            else:
                tally["missed"] += 1
    tally["lost"] += len(good - _pulled(client))
    return tally


def _pulled(client: httpx.Client) -> set[str]:
    since, found = 0, set()
    while True:
        page = client.get("/changes", params={"since": since, "limit": 2000}).json()
        found |= {change["record_id"] for change in page["changes"]}
        since = page["cursor"]
        if not page["more"]:
            return found


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01T00:00:00+14:00"])
def test_the_message_names_the_range(value: str) -> None:
    with pytest.raises(RecordValidationError) as error:
        validate("mandatory_report", {**GOOD["mandatory_report"], "found_at": value})
    [problem] = error.value.errors
    assert problem.message.zh == "应在 1990-01-01 至明天之间"
    assert problem.message.en == "must be between 1990-01-01 and tomorrow"
