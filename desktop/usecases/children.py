"""The children list and a child's file: reading them and saving what the window edits."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from casework.closure import is_closed
from casework.eligibility import EligibilityInputError, EligibilityResult, add_months
from casework.messages import Message
from casework.records import RecordValidationError, validate
from desktop.models.store import AuditEntryView, CaseStore, RecordView
from desktop.services import list_snapshot, pinyin, read_cache
from desktop.services.casefile import (
    ChildSummary,
    child_summaries,
    county_visit_policy,
    eligibility_of,
    unclassified_summaries,
)
from desktop.services.directory import directory_of
from desktop.services.family_checks import check_family_member
from desktop.services.search import ChildSearchIndex, index_from_store
from desktop.sync.state import SyncState
from desktop.usecases.supervision import device_role

logger = logging.getLogger(__name__)

# -- the list of children ----------------------------------------------------------------


@dataclass(frozen=True)
class ChildrenSnapshot:
    summaries: tuple[ChildSummary, ...]
    # Built on the worker, only read on the main thread after; None in the first snapshot
    # after unlock (the index is most of its time and the first paint does not need it).
    index: ChildSearchIndex | None
    today: date
    name_keys: Mapping[str, str] = field(default_factory=dict)  # name → its pinyin
    data_version: int = -1  # the store's, when the reading began (read_cache)
    damaged: int = 0  # damaged records the reads left out (CaseStore.read_damaged)
    # The summaries come sorted by name as a reader expects (pinyin): sorted here on the
    # worker, so the list's default order costs the UI thread nothing (bench/ui.py).
    name_sorted: bool = False
    # 村: the village of each child by name, shown to those who see several villages (a
    # township's supervisor, the county); a director's list has one village and no column.
    village_names: Mapping[str, str] = field(default_factory=dict)  # code → name
    village_keys: Mapping[str, str] = field(default_factory=dict)  # code → name in pinyin
    shows_villages: bool = False


# The roles whose laptops hold the children of more than one village.
ROLES_SEEING_VILLAGES = frozenset({"supervisor", "county"})


def load_children(
    store: CaseStore,
    *,
    today: date,
    first: ChildrenSnapshot | None = None,
    kept_list: Path | None = None,
) -> ChildrenSnapshot:
    """The list of children; ``first``: what :func:`load_children_first` made just before,
    whose sort keys are reused when nothing was written since; ``kept_list``: the file
    beside the store that keeps the list for the next unlock (``list_snapshot``)."""
    version = read_cache.data_version(store)
    closed = closed_ids(store)
    summaries = tuple(s for s in child_summaries(store, today=today) if s.id not in closed)
    if first is not None and first.data_version == version:
        keys: Mapping[str, str] = first.name_keys
    else:
        keys = name_sort_keys(s.name for s in summaries)
    snapshot = _snapshot(store, summaries, keys, index_from_store(store), today, version)
    if kept_list is not None:
        _keep(kept_list, store, snapshot, closed)
    return snapshot


def _keep(path: Path, store: CaseStore, snapshot: ChildrenSnapshot, closed: frozenset[str]) -> None:
    try:
        list_snapshot.keep(
            path,
            store,
            snapshot.summaries,
            closed,
            snapshot.name_keys,
            read_at=snapshot.data_version,
        )
    except OSError:
        # The list is shown all the same; the next unlock reads every child instead.
        logger.warning("the children list could not be kept beside the store", exc_info=True)


def load_children_first(
    store: CaseStore, *, today: date, kept_list: Path | None = None
) -> ChildrenSnapshot:
    """The children as their records say, for the list's first paint after unlock; the
    rules (categories, next visits) and the search index follow in :func:`load_children`.
    From ``kept_list`` (the list as it last stood, ``list_snapshot``) when it can serve:
    then only the children changed since it was written are decrypted."""
    version = read_cache.data_version(store)
    kept = list_snapshot.first_list(kept_list, store) if kept_list is not None else None
    if kept is not None:
        summaries = tuple(kept.summaries)
        return _snapshot(store, summaries, kept.name_keys, None, today, version, kept.in_order)
    closed = closed_ids(store)
    summaries = tuple(s for s in unclassified_summaries(store) if s.id not in closed)
    keys = name_sort_keys(s.name for s in summaries)
    return _snapshot(store, summaries, keys, None, today, version)


def _snapshot(
    store: CaseStore,
    summaries: tuple[ChildSummary, ...],
    keys: Mapping[str, str],
    index: ChildSearchIndex | None,
    today: date,
    version: int,
    in_order: bool = False,
) -> ChildrenSnapshot:
    """The list in name order (``in_order``: it is already), with the damaged count and the
    village column's names."""
    villages, village_keys = _village_columns(store, summaries)
    return ChildrenSnapshot(
        summaries if in_order else by_name(summaries, keys),
        index,
        today,
        keys,
        version,
        len(store.read_damaged()),
        name_sorted=True,
        village_names=villages,
        village_keys=village_keys,
        shows_villages=shows_villages(store),
    )


def shows_villages(store: CaseStore) -> bool:
    """Whether this laptop's role lists the children of several villages (the 村 column)."""
    return device_role(SyncState(store)) in ROLES_SEEING_VILLAGES


def _village_columns(
    store: CaseStore, summaries: Iterable[ChildSummary]
) -> tuple[dict[str, str], dict[str, str]]:
    """Each child's village by the name the county directory this laptop holds gives it (a
    code it does not know is shown as it is), and that name in pinyin for sorting (spelt
    here on the worker: a few villages a list)."""
    directory = directory_of(store)
    names = {code: directory.village(code) for code in {s.village_code for s in summaries}}
    keys = {code: pinyin.sort_key(name) for code, name in names.items()}
    return names, keys


def by_name(summaries: Iterable[ChildSummary], keys: Mapping[str, str]) -> tuple[ChildSummary, ...]:
    """``summaries`` in the list's order by name: pinyin, then the characters (stable)."""
    return tuple(sorted(summaries, key=lambda s: (keys.get(s.name, s.name), s.name)))


def closed_ids(store: CaseStore) -> frozenset[str]:
    """Children whose file is closed (退出/结案): in the archive, not the list."""
    return frozenset(c.id for c in read_cache.records(store, "child") if is_closed(c.fields))


def name_sort_keys(names: Iterable[str]) -> dict[str, str]:
    """Each name spelt in pinyin (王小明 → wang xiao ming), for sorting as readers expect.

    Spelt a character at a time (pypinyin on each whole name took seconds for 10,000).
    """
    keys: dict[str, str] = {}
    for name in names:
        if name not in keys:
            keys[name] = pinyin.sort_key(name)
    return keys


# -- one child's file --------------------------------------------------------------------


@dataclass(frozen=True)
class ChildFile:
    child: RecordView
    eligibility: EligibilityResult | None
    eligibility_problem: Message | None
    visits: tuple[RecordView, ...]  # newest first
    history: tuple[AuditEntryView, ...]
    visit_interval_months: int | None  # None: the child is in no category
    user: str
    members: tuple[RecordView, ...] = ()  # family members, parents first
    entrustments: tuple[RecordView, ...] = ()  # newest signed first
    assessments: tuple[RecordView, ...] = ()  # newest first
    referrals: tuple[RecordView, ...] = ()  # newest first
    role: str | None = None  # the device's enrolled role (None: not enrolled)


def load_child_file(store: CaseStore, *, child_id: str, today: date) -> ChildFile:
    child = store.get(child_id)
    members = store.records("family_member", child_id=child_id)
    eligibility: EligibilityResult | None = None
    problem: Message | None = None
    try:
        eligibility = eligibility_of(child, members, today=today)
    except EligibilityInputError as error:
        problem = error.message
    visits = sorted(
        store.records("visit", child_id=child_id),
        key=lambda v: (str(v.fields.get("visit_date") or ""), v.created_at),
        reverse=True,
    )
    policy = county_visit_policy(store)
    names = directory_of(store)
    interval = policy.interval_months(
        categories=eligibility.categories if eligibility else (),
        risk_level=child.fields.get("risk_level"),
        key_child=bool(child.fields.get("key_child")),
    )
    return ChildFile(
        child=child,
        eligibility=eligibility,
        eligibility_problem=problem,
        visits=tuple(visits),
        # 修改人 by the name the county gives the person now (not a login used before).
        history=tuple(
            replace(entry, actor=names.person(entry.actor)) for entry in store.history(child_id)
        ),
        visit_interval_months=interval,
        user=store.actor,
        members=tuple(sorted(members, key=_member_order)),
        entrustments=tuple(
            sorted(
                store.records("entrustment", child_id=child_id),
                key=lambda e: str(e.fields.get("signed_date") or ""),
                reverse=True,
            )
        ),
        assessments=_newest_first(store, "assessment", child_id, "assessed_on"),
        referrals=_newest_first(store, "referral", child_id, "referred_on"),
        role=device_role(SyncState(store)),
    )


def _newest_first(store: CaseStore, kind: str, child_id: str, day: str) -> tuple[RecordView, ...]:
    records = store.records(kind, child_id=child_id)
    return tuple(
        sorted(records, key=lambda r: (str(r.fields.get(day) or ""), r.created_at), reverse=True)
    )


def _member_order(member: RecordView) -> tuple[int, str]:
    rank = {"father": 0, "mother": 1}.get(str(member.fields.get("relation")), 2)
    return rank, member.created_at.isoformat()


def save_child_record(
    store: CaseStore,
    *,
    kind: str,
    record_id: str | None,
    child_id: str,
    fields: Mapping[str, Any],
) -> str:
    """Create (``record_id`` None) or change one of a child's records; returns its id."""
    if kind == "family_member":  # one father, one mother (casework.file_checks)
        check_family_member(store, record_id=record_id, fields={**fields, "child_id": child_id})
    if record_id is None:
        return store.create(kind, {**fields, "child_id": child_id})
    store.update(record_id, fields)
    return record_id


def next_visit_default(visit_date: date, interval_months: int | None) -> date | None:
    """The policy's next due date after a visit on ``visit_date``."""
    return add_months(visit_date, interval_months) if interval_months else None


def save_child(store: CaseStore, *, child_id: str | None, fields: Mapping[str, Any]) -> str:
    """Create the child (``child_id`` None) or change it; returns its id."""
    if child_id is None:
        return store.create("child", fields)
    store.update(child_id, fields)
    return child_id


def record_visit(store: CaseStore, *, child_id: str, fields: Mapping[str, Any]) -> str:
    return store.create("visit", {**fields, "child_id": child_id})


def field_errors(kind: str, fields: Mapping[str, Any]) -> dict[str, Message]:
    """The first problem of each field, by the same rules the store applies on save."""
    try:
        validate(kind, fields)
    except RecordValidationError as error:
        found: dict[str, Message] = {}
        for problem in error.errors:
            found.setdefault(problem.field, problem.message)
        return found
    return {}
