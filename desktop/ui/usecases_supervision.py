"""督导, Qt-free: for a device enrolled with a township scope, every village of the
township with its overdue visits and left-behind children without a valid entrustment,
and the supervision notes; adding a note."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from casework.dates import read_day
from desktop.models.store import CaseStore, RecordView
from desktop.services import read_cache
from desktop.services.casefile import child_summaries
from desktop.sync.state import SyncState


@dataclass(frozen=True)
class VillageOverview:
    code: str
    name: str
    children: int
    overdue_visits: int
    missing_entrustments: int  # left-behind children with no signed, unexpired entrustment


@dataclass(frozen=True)
class SupervisionOverview:
    is_supervisor: bool
    township_code: str
    township_name: str
    villages: tuple[VillageOverview, ...]
    notes: tuple[RecordView, ...]  # newest first


def is_township_device(store: CaseStore) -> bool:
    return SyncState(store).get("scope_level") == "township"


def _directory(state: SyncState) -> tuple[dict[str, str], dict[str, str]]:
    raw = state.get("directory")
    data: dict[str, Any] = json.loads(raw) if raw else {}
    townships = {t["code"]: t["name"] for t in data.get("townships", [])}
    villages = {v["code"]: v["name"] for v in data.get("villages", [])}
    return townships, villages


def _entrusted(store: CaseStore, today: date) -> set[str]:
    covered = set()
    for record in read_cache.records(store, "entrustment"):
        until = record.fields.get("valid_until")
        if record.fields.get("status") != "signed" or not record.child_id:
            continue
        # A value that names no day is as if not filled in: no end known.
        day = read_day(until)
        if day is None or day >= today:
            covered.add(record.child_id)
    return covered


def supervision_overview(store: CaseStore, *, today: date) -> SupervisionOverview:
    state = SyncState(store)
    if state.get("scope_level") != "township":
        return SupervisionOverview(False, "", "", (), ())
    township = state.get("scope_code") or ""
    townships, names = _directory(state)
    figures: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for code in names:
        if code.startswith(township):
            figures[code]  # every village of the township, even one with no files yet
    covered = _entrusted(store, today)
    summaries = child_summaries(store, today=today)
    for summary in summaries:
        row = figures[summary.village_code]
        row[0] += 1
        row[1] += bool(summary.next_visit and summary.next_visit.status == "overdue")
        row[2] += "left_behind" in summary.categories and summary.id not in covered
    villages = tuple(
        VillageOverview(code, names.get(code, code), *row) for code, row in sorted(figures.items())
    )
    notes = sorted(store.records("supervision_note"), key=lambda n: n.created_at, reverse=True)
    return SupervisionOverview(
        True, township, townships.get(township, township), villages, tuple(notes)
    )


def add_supervision_note(store: CaseStore, *, village_code: str, fields: Mapping[str, Any]) -> str:
    """A note about a village (the county sends it to that village's director)."""
    return store.create(
        "supervision_note", {**fields, "village_code": village_code, "author": store.actor}
    )
