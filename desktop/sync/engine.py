"""One sync: push the outbox in batches, then pull pages of changes after the cursor."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from casework.protocol import DEFAULT_PULL_LIMIT
from desktop.models.store import CaseStore
from desktop.sync.client import CountyClient, SyncError
from desktop.sync.state import SyncState

logger = logging.getLogger(__name__)

PUSH_BATCH = 200
# Progress: (phase "push" or "pull", done so far, total known so far or 0).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SyncSummary:
    pushed: int
    pulled: int
    merged: int
    conflicts: int
    rejected: int
    cursor: int

    def to_json(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "merged": self.merged,
            "conflicts": self.conflicts,
            "rejected": self.rejected,
        }


def client_for(state: SyncState, **options: Any) -> CountyClient:
    url = state.get("server_url")
    credential = state.credential()
    if not url or not credential:
        raise SyncError("not_enrolled")
    return CountyClient(url, credential=credential, ca_file=state.get("ca_file") or None, **options)


def run_sync(
    store: CaseStore,
    client: CountyClient,
    *,
    push_batch: int = PUSH_BATCH,
    pull_limit: int = DEFAULT_PULL_LIMIT,
    progress: Progress | None = None,
) -> SyncSummary:
    state = SyncState(store)
    pushed = merged = conflicts = rejected = 0
    total = state.waiting_count()
    while ops := state.take_batch(push_batch):
        response = client.push(ops)
        counts = state.apply_results(ops, response.results)
        pushed += len(ops)
        merged += counts.merged
        conflicts += counts.conflicts
        rejected += counts.rejected
        if progress:
            progress("push", pushed, total)
    pulled = 0
    cursor = state.cursor()
    while True:
        page = client.pull(cursor, pull_limit)
        pulled += state.apply_page(page.changes, page.cursor)
        cursor = page.cursor
        if progress:
            progress("pull", pulled, 0)
        if not page.more:
            break
    state.put({"last_sync_at": datetime.now(UTC).isoformat()})
    logger.info(
        "sync done: pushed %d, pulled %d, merged %d, conflicts %d, rejected %d",
        pushed,
        pulled,
        merged,
        conflicts,
        rejected,
    )
    return SyncSummary(pushed, pulled, merged, conflicts, rejected, cursor)
