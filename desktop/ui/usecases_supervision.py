"""督导, Qt-free: for a device enrolled with a township scope, every village of the
township with its overdue visits and left-behind children without a valid entrustment,
and the supervision notes; adding a note. A director's device sees its own village's
notes. What each may do to a note is ``casework.permissions.TABLE``, the table the county
server enforces: a supervisor writes notes, a director may only mark a task done."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from casework.dates import read_day
from casework.permissions import may, writable_fields
from desktop.models.store import CaseStore, RecordView
from desktop.services import read_cache
from desktop.services.casefile import open_child_summaries
from desktop.sync.state import SyncState


@dataclass(frozen=True)
class VillageOverview:
    code: str
    name: str
    children: int
    overdue_visits: int
    missing_entrustments: int  # left-behind children with no signed, unexpired entrustment
    # Files whose facts stop the rules (issue 17 item 6: never silently in no category).
    rules_problems: int = 0


NOTE = "supervision_note"


@dataclass(frozen=True)
class NoteOffers:
    """What the window offers this device's role to do to supervision notes."""

    create: bool = False
    mark_done: bool = False  # may change a note's task status
    delete: bool = False


def note_offers(role: str | None) -> NoteOffers:
    if role is None:
        return NoteOffers()
    return NoteOffers(
        create=may(role, NOTE, "create"),
        mark_done="status" in writable_fields(role, NOTE, "update"),
        delete=may(role, NOTE, "delete"),
    )


@dataclass(frozen=True)
class SupervisionOverview:
    is_supervisor: bool
    township_code: str
    township_name: str
    villages: tuple[VillageOverview, ...]
    notes: tuple[RecordView, ...]  # newest first
    offers: NoteOffers = NoteOffers()
    shown: bool = False  # the page is on the rail: a supervisor's or a director's device


def is_township_device(store: CaseStore) -> bool:
    return SyncState(store).get("scope_level") == "township"


def device_role(state: SyncState) -> str | None:
    """The role the county enrolled this device with; None before enrolment."""
    role = state.get("role")
    if role:
        return role
    return "supervisor" if state.get("scope_level") == "township" else None


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
    role = device_role(state)
    level = state.get("scope_level")
    if role not in ("supervisor", "director") or level not in ("township", "village"):
        return SupervisionOverview(False, "", "", (), ())
    township = state.get("scope_code") or ""
    townships, names = _directory(state)
    figures: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for code in names:
        if code.startswith(township):
            figures[code]  # every village of the township (a director's: its own)
    covered = _entrusted(store, today)
    # A closed file (退出/结案) is in the archive, not in the counts (casework.closure).
    summaries = open_child_summaries(store, today=today)
    for summary in summaries:
        row = figures[summary.village_code]
        row[0] += 1
        row[1] += bool(summary.next_visit and summary.next_visit.status == "overdue")
        row[2] += "left_behind" in summary.categories and summary.id not in covered
        row[3] += summary.rules_problem is not None
    villages = tuple(
        VillageOverview(code, names.get(code, code), *row) for code, row in sorted(figures.items())
    )
    notes = sorted(store.records(NOTE), key=lambda n: n.created_at, reverse=True)
    return SupervisionOverview(
        level == "township",
        township,
        townships.get(township, township),
        villages,
        tuple(notes),
        offers=note_offers(role),
        shown=True,
    )


def add_supervision_note(store: CaseStore, *, village_code: str, fields: Mapping[str, Any]) -> str:
    """A note about a village (the county sends it to that village's director). The author
    is shown at once; the county sets it again from the user it enrolled."""
    return store.create(NOTE, {**fields, "village_code": village_code, "author": store.actor})


def mark_task_done(store: CaseStore, *, note_id: str) -> None:
    """The director has done what a note asked: the one change a director may make."""
    store.update(note_id, {"status": "done"})
