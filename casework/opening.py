"""When a child's file was opened (建档日期), for counting and for the first visit due.

The child record's ``opened_on`` says it. A record made before that field existed, or
typed without it, falls back to the earliest of its first visit and the day it was typed
in (``created_at``): a child visited before it was typed in was on file by that visit,
and the typing day is the latest the file can have been opened. Reports name which
children's dates were inferred this way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from casework.dates import read_day

# Where the date came from: the record, its first visit, or the day it was typed in.
OpeningSource = Literal["recorded", "first_visit", "typed"]


@dataclass(frozen=True)
class Opening:
    day: date
    source: OpeningSource

    @property
    def inferred(self) -> bool:
        return self.source != "recorded"


def opening(child: Mapping[str, Any], *, typed_on: date, visit_days: Iterable[date]) -> Opening:
    """The file's opening day: recorded, or else the earliest of first visit and typing."""
    recorded = read_day(child.get("opened_on"))
    if recorded is not None:
        return Opening(recorded, "recorded")
    first_visit = min(visit_days, default=None)
    if first_visit is not None and first_visit < typed_on:
        return Opening(first_visit, "first_visit")
    return Opening(typed_on, "typed")
