"""The sync log: each sync written down, failures in a row folded, at most KEEP kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop.models.store import CaseStore
from desktop.services.sync_log import (
    KEEP,
    M_UNEXPECTED,
    offline_days,
    recent_syncs,
    record_sync,
    waiting_records,
)
from desktop.sync.client import MESSAGES, SyncError
from desktop.sync.engine import SyncSummary
from desktop.sync.state import SyncState

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_syncs_are_written_down_newest_first(store: CaseStore) -> None:
    assert recent_syncs(store) == ()
    record_sync(store, started_at=T0, summary=SyncSummary(3, 5, 1, 0, 0, 9), finished_at=T0)
    for minutes in (10, 20, 30):
        moment = T0 + timedelta(minutes=minutes)
        record_sync(store, started_at=moment, error=SyncError("network"), finished_at=moment)
    record_sync(store, started_at=T0, error=RuntimeError("boom"))
    first, second, third = recent_syncs(store)
    assert first.error == M_UNEXPECTED and not first.ok
    assert second.error == MESSAGES["network"] and second.tries == 3
    assert second.started_at == T0 + timedelta(minutes=10)
    assert third.ok and (third.pushed, third.pulled, third.merged) == (3, 5, 1)
    for n in range(KEEP + 5):
        record_sync(store, started_at=T0, summary=SyncSummary(n, 0, 0, 0, 0, 0))
    assert len(recent_syncs(store)) == KEEP


def test_an_unreadable_log_reads_as_empty(store: CaseStore) -> None:
    SyncState(store).put({"sync_log": "{not json"})
    assert recent_syncs(store) == ()


def test_waiting_records_name_their_child(store: CaseStore) -> None:
    from tests.ui.conftest import add_child

    child = add_child(store, "王小明")
    store.update(child, {"school": "实验小学"})
    visit = store.create("visit", {"child_id": child, "visit_date": "2026-11-30", "visitor": "李"})
    rows = waiting_records(store)
    assert [(r.record_id, r.kind, r.child_id, r.child_name, r.changes) for r in rows] == [
        (child, "child", child, "王小明", 1),  # an edit before sending joins the creation
        (visit, "visit", child, "王小明", 1),
    ]
    assert offline_days(T0, T0 + timedelta(days=4, hours=1)) == 4
    assert offline_days(None, T0) is None
