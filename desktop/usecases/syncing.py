"""Sync now, and the sync page's overview: last sync, what waits, the recent syncs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.models.store import CaseStore
from desktop.services.casefile import (
    visit_policy_in_force,
)
from desktop.services.sync_log import (
    SyncLogEntry,
    WaitingRecord,
    last_synced_at,
    recent_syncs,
    record_sync,
    waiting_records,
)
from desktop.sync.client import CountyClient
from desktop.sync.engine import Progress, SyncSummary, client_for, run_sync
from desktop.sync.state import SyncState

logger = logging.getLogger(__name__)

# -- sync --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncOverview:
    enrolled: bool
    server_url: str | None
    user_name: str | None
    last_sync_at: datetime | None
    waiting: int
    conflicts: int
    recent: tuple[SyncLogEntry, ...] = ()  # newest first (services/sync_log.py)
    waiting_records: tuple[WaitingRecord, ...] = ()  # oldest first
    policy_in_force: str = ""  # "走访要求：县里 2026-12-03 版" (casework.policy_words)
    policy_summary: str = ""  # what it asks: key children monthly, …


def sync_overview(store: CaseStore, *, details: bool = True) -> SyncOverview:
    """``details``: also the recent syncs and the records waiting (the sync page's lists)."""
    state = SyncState(store)
    policy, asks = visit_policy_in_force(store) if details else (None, None)
    return SyncOverview(
        policy_in_force=policy.text() if policy else "",
        policy_summary=asks.text() if asks else "",
        enrolled=bool(state.get("server_url")) and state.get("credential") is not None,
        server_url=state.get("server_url"),
        user_name=state.get("user_name"),
        last_sync_at=last_synced_at(store),
        waiting=state.waiting_count(),
        conflicts=len(state.conflicts()),
        recent=recent_syncs(store) if details else (),
        waiting_records=waiting_records(store) if details else (),
    )


def sync_now(
    store: CaseStore, *, progress: Progress | None = None, retries: int | None = None
) -> SyncSummary:
    """One sync, written down in the sync log whether it finished or not."""
    started = datetime.now(UTC)
    options: dict[str, Any] = {} if retries is None else {"retries": retries}
    try:
        client: CountyClient = client_for(SyncState(store), **options)
        try:
            summary = run_sync(store, client, progress=progress)
        finally:
            client.close()
    except Exception as error:
        _note_sync(store, started, error=error)
        raise
    _note_sync(store, started, summary=summary)
    return summary


def _note_sync(store: CaseStore, started: datetime, **outcome: Any) -> None:
    try:
        record_sync(store, started_at=started, **outcome)
    except Exception:
        logger.warning("sync log not written", exc_info=True)
