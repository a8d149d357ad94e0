"""Hypothesis on the ledger import (casework/ledger.parse_row, desktop/services/ledger
reading) and the three-way merge (casework/merge): only the documented errors, no field
lost, merge symmetric and idempotent.

Examples per property: 40 in the smoke profile, 300 in the quick one, 3,000 in the full one
(``RELIABILITY_PROPERTY_EXAMPLES`` overrides). Each case counts as a fuzz case.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.ledger import HEADERS, LedgerError, LedgerRow, RowError, parse_row, row_values
from casework.merge import DELETED, MergeResult, merge_fields, merge_with_tombstones
from desktop.services.ledger import read_rows
from tests.fakes import FakePeople, ledger_rows
from tests.reliability.profile import count
from tests.reliability.results import record

EXAMPLES = count(300, 3000, smoke=40, override="RELIABILITY_PROPERTY_EXAMPLES")
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
_cases: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    record("fuzz", sum(_cases.values()))


# -- the ledger --------------------------------------------------------------------------

CELLS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["男", "女", "是", "否", "无", "—", " ", "2015-02-30", "330523201501010011"]),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)
HEADER_KEYS = st.one_of(st.sampled_from(HEADERS), st.text(max_size=12))


@FUZZ
@given(values=st.dictionaries(HEADER_KEYS, CELLS, max_size=len(HEADERS)), row=st.integers(2, 10**6))
def test_parse_row_raises_only_row_error(values: dict[str, object], row: int) -> None:
    _cases["parse_row"] += 1
    try:
        parsed = parse_row(values, row)
    except RowError as error:
        assert error.row_number == row and error.problems
        assert error.text("zh").startswith(f"第 {row} 行") and error.text("en")
        return
    assert isinstance(parsed, LedgerRow) and parsed.row_number == row


def _members(parsed: LedgerRow) -> list[dict[str, Any]]:
    return [{**m.fields, "relation": m.relation} for m in parsed.members]


@FUZZ
@given(
    seed=st.integers(0, 2**32),
    dropped=st.sets(st.sampled_from(HEADERS[4:]), max_size=6),
    as_dates=st.booleans(),
)
def test_a_valid_row_survives_export_and_import_whole(
    seed: int, dropped: set[str], as_dates: bool
) -> None:
    """parse → export values → parse again gives the same child and members: no field lost."""
    _cases["ledger round trip"] += 1
    headers, rows = ledger_rows([FakePeople(seed, today=date(2026, 11, 28)).child()])
    cells: dict[str, object] = {h: v for h, v in zip(headers, rows[0], strict=True)}
    if as_dates:  # a spreadsheet gives dates as date cells, not text
        cells = {h: date.fromisoformat(v) if "日期" in h else v for h, v in cells.items()}
    cells = {h: v for h, v in cells.items() if h not in dropped}
    try:
        first = parse_row(cells, 2)
    except RowError:
        return  # a dropped column the row needed: refused, which is the documented answer
    exported = row_values(first.child, _members(first), reveal_id_numbers=True)
    second = parse_row(exported, 2)
    assert dict(second.child) == dict(first.child)
    assert _members(second) == _members(first)


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_reading_any_file_raises_only_ledger_error(data: bytes, suffix: str) -> None:
    _cases["ledger file"] += 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"台账{suffix}"
        path.write_bytes(data)
        try:
            headers, rows = read_rows(path)
        except LedgerError as error:
            assert str(error)
            return
        assert isinstance(headers, list)
        for number, values in rows:
            with contextlib.suppress(RowError):
                parse_row(values, number)


@FUZZ
@given(rows=st.lists(st.lists(CELLS.filter(lambda v: not isinstance(v, datetime)), max_size=8)))
def test_csv_of_any_cells_raises_only_documented_errors(rows: list[list[object]]) -> None:
    import csv

    _cases["ledger csv"] += 1
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "台账.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([list(HEADERS[:8]), *rows])
        try:
            _, parsed_rows = read_rows(path)
        except LedgerError:
            return
        for number, values in parsed_rows:
            with contextlib.suppress(RowError):
                parse_row(values, number)


# -- the merge ---------------------------------------------------------------------------

FIELDS = st.sampled_from(["name", "school", "grade", "notes", "phone"])
VALUES = st.one_of(st.none(), st.sampled_from(["甲", "乙", "丙"]), st.integers(0, 2))
RECORDS = st.dictionaries(FIELDS, VALUES, max_size=5)


def _changes(side: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """The fields a device changed since ``base`` (absent and None are the same value)."""
    return {k: side.get(k) for k in set(side) | set(base) if side.get(k) != base.get(k)}


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in set(a) | set(b))


def _conflicts(result: MergeResult) -> set[tuple[str, Any, Any]]:
    return {(c.field, c.mine, c.theirs) for c in result.conflicts}


@FUZZ
@given(base=RECORDS, x=RECORDS, y=RECORDS)
def test_merge_is_symmetric_idempotent_and_loses_no_field(
    base: dict[str, Any], x: dict[str, Any], y: dict[str, Any]
) -> None:
    _cases["merge"] += 1
    x_onto_y = merge_fields(base=base, theirs=y, mine=_changes(x, base))
    y_onto_x = merge_fields(base=base, theirs=x, mine=_changes(y, base))
    # Symmetric: the same fields conflict, with the sides swapped; clean merges agree.
    assert {(f, t, m) for f, m, t in _conflicts(x_onto_y)} == _conflicts(y_onto_x)
    if x_onto_y.clean:
        assert _same(x_onto_y.merged, y_onto_x.merged)
    # No field lost: every field of either side is in the result, with a side's value.
    for name in set(x) | set(y):
        assert x_onto_y.merged.get(name) in (x.get(name), y.get(name))
    # Idempotent: sending the same change again changes nothing more.
    again = merge_fields(base=base, theirs=x_onto_y.merged, mine=_changes(x, base))
    assert _same(again.merged, x_onto_y.merged)
    assert _conflicts(again) == _conflicts(x_onto_y)
    if x_onto_y.clean:
        assert again.clean and again.changed == ()


@FUZZ
@given(
    base=RECORDS,
    x=RECORDS,
    y=RECORDS,
    base_deleted=st.booleans(),
    theirs_deleted=st.booleans(),
    mine_deletes=st.booleans(),
)
def test_merge_with_tombstones_never_drops_an_edit_silently(
    base: dict[str, Any],
    x: dict[str, Any],
    y: dict[str, Any],
    base_deleted: bool,
    theirs_deleted: bool,
    mine_deletes: bool,
) -> None:
    _cases["merge tombstones"] += 1
    mine = {} if mine_deletes else _changes(x, base)
    result = merge_with_tombstones(
        base=base,
        base_deleted=base_deleted,
        theirs=y,
        theirs_deleted=theirs_deleted,
        mine=mine,
        mine_deletes=mine_deletes,
    )
    for name in set(y):
        assert name in result.merged, "a field of the server's record vanished"
    edits_theirs = any(y.get(k) != v for k, v in mine.items())
    if theirs_deleted and not base_deleted and not mine_deletes and edits_theirs:
        # An edit against a delete is never swallowed: it is a conflict.
        assert not result.clean
    for conflict in result.conflicts:
        if conflict.field == DELETED:  # edit against delete: the server's record stands whole
            assert _same(result.merged, y)
        else:  # a field both changed keeps the server's value until a person decides
            assert result.merged.get(conflict.field) == y.get(conflict.field)
