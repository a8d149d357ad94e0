"""One sync: push the outbox in batches, then pull pages of changes after the cursor."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
    # The next page is fetched while this one is written: the server's work and the
    # network overlap the local sealing and writing. Only that one thread uses the client
    # while pages arrive, and each page still commits together with its cursor.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull") as fetcher:
        coming = fetcher.submit(client.pull, cursor, pull_limit)
        while True:
            page = coming.result()
            if page.more:
                coming = fetcher.submit(client.pull, page.cursor, pull_limit)
            finished_at = None if page.more else datetime.now(UTC)
            pulled += state.apply_page(page.changes, page.cursor, finished_at=finished_at)
            cursor = page.cursor
            if progress:
                progress("pull", pulled, 0)
            if not page.more:
                break
    logger.info(
        "sync done: pushed %d, pulled %d, merged %d, conflicts %d, rejected %d",
        pushed,
        pulled,
        merged,
        conflicts,
        rejected,
    )
    return SyncSummary(pushed, pulled, merged, conflicts, rejected, cursor)
