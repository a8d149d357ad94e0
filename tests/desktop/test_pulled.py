"""The laptop's parse of a pulled page (msgspec) against the documented one (pydantic)."""

from __future__ import annotations

import typing
from datetime import UTC, datetime
from typing import Any

import msgspec
import orjson
import pytest

from casework.protocol import Change, PullResponse, ServerRecord
from desktop.sync.pulled import PageError, PulledChange, PulledPage, PulledRecord, parse_page

PAIRS = [(PulledPage, PullResponse), (PulledChange, Change), (PulledRecord, ServerRecord)]


def _page(**changes_extra: Any) -> dict[str, Any]:
    record = {
        "id": "00000000-0000-4000-8000-000000000001",
        "kind": "child",
        "village_code": "330523101009",
        "rev": 3,
        "seq": 41,
        "deleted": False,
        "fields": {"name": "黄立婷", "benefits": [], "key_child": False},
        "updated_by": "演示同事1",
        "updated_at": "2026-12-03T16:55:21.174815Z",
    }
    return {
        "changes": [
            {"seq": 41, "record_id": record["id"], "in_scope": True, "record": record},
            {"seq": 42, "record_id": "gone", "in_scope": False, "record": None, **changes_extra},
        ],
        "cursor": 42,
        "more": False,
        "epoch": "e1",
        "county_version": "v9",
    }


@pytest.mark.parametrize(("struct", "model"), PAIRS)
def test_the_structs_name_the_models_fields_in_order(struct: Any, model: Any) -> None:
    assert struct.__struct_fields__ == tuple(model.model_fields)
    fields, given = struct.__struct_fields__, struct.__struct_defaults__
    defaults = dict(zip(fields[len(fields) - len(given) :], given, strict=True))
    for name, field in model.model_fields.items():
        assert (name in defaults) == (not field.is_required()), name
        if name in defaults:
            assert defaults[name] == field.default, name


def test_the_kinds_are_the_protocols() -> None:
    hints = typing.get_type_hints(PulledRecord)
    assert hints["kind"] == typing.get_type_hints(ServerRecord)["kind"]


def test_a_page_parses_to_the_same_values_as_the_documented_model() -> None:
    body = orjson.dumps(_page())
    ours, documented = parse_page(body), PullResponse.model_validate_json(body)
    assert msgspec.to_builtins(ours) == documented.model_dump(mode="json")
    record = ours.changes[0].record
    assert record is not None
    assert record.updated_at == datetime(2026, 12, 3, 16, 55, 21, 174815, tzinfo=UTC)
    assert ours.changes[1].record is None


def _broken(path: list[Any], value: Any) -> bytes:
    page: Any = _page()
    target = page
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return orjson.dumps(page)


GARBAGE = {
    "not json": b"<html>502 Bad Gateway</html>",
    "empty": b"",
    "a list": b"[]",
    "cursor as a word": _broken(["cursor"], "forty-two"),
    "unknown kind": _broken(["changes", 0, "record", "kind"], "pet"),
    "fields not an object": _broken(["changes", 0, "record", "fields"], ["name"]),
    "time without a date": _broken(["changes", 0, "record", "updated_at"], "yesterday"),
    "rev missing": orjson.dumps(
        {**_page(), "changes": [{"seq": 1, "record_id": "x", "in_scope": True, "record": {}}]}
    ),
}


@pytest.mark.parametrize("body", GARBAGE.values(), ids=GARBAGE.keys())
def test_garbage_is_refused_by_both(body: bytes) -> None:
    with pytest.raises(PageError):
        parse_page(body)
    with pytest.raises(ValueError):  # pydantic's ValidationError is a ValueError
        PullResponse.model_validate_json(body)


def test_an_unknown_key_is_refused_as_the_model_refuses_it() -> None:
    body = orjson.dumps(_page(surprise=1))
    with pytest.raises(PageError):
        parse_page(body)
    with pytest.raises(ValueError):
        PullResponse.model_validate_json(body)
