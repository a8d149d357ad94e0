"""A mandatory report's times: half-typed numbers are refused, never read as epoch seconds."""

from __future__ import annotations

import pytest

from casework.records import RecordValidationError, validate

CHILD = "00000000-0000-0000-0000-000000000000"


@pytest.mark.parametrize("typed", ["2", "2026", 1764320000])
def test_a_bare_number_is_not_a_time(typed: object) -> None:
    fields = {"child_id": CHILD, "trigger": "missing", "found_at": "2026-11-28 09:30"}
    with pytest.raises(RecordValidationError) as error:
        validate("mandatory_report", {**fields, "reported_at": typed})
    [problem] = error.value.errors
    assert problem.field == "reported_at"
    assert problem.message.zh == "时间格式应为 YYYY-MM-DD HH:MM"


def test_a_time_with_an_offset_becomes_local_and_compares() -> None:
    report = validate(
        "mandatory_report",
        {"child_id": CHILD, "trigger": "missing", "found_at": "2026-11-28T00:00:00+00:00"},
    )
    assert report.found_at.tzinfo is None  # type: ignore[union-attr]
