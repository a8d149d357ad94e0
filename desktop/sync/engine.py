"""One sync: push the outbox in batches, then pull pages of changes after the cursor.

Push and pull name the server history (epoch) and cursor this laptop synced at. If the
server's history changed (restored from a backup), the sync first offers back every
record held here (``offer_back.py``), then pushes and pulls again from the start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from casework.protocol import MAX_PULL_LIMIT, MAX_PUSH_OPS, Op, PushResponse
from desktop.models.raw_rows import collector_paused
from desktop.models.store import CaseStore
from desktop.sync import county, offer_back
from desktop.sync.client import CountyClient, HistoryChangedError, SyncError
from desktop.sync.pulled import PulledPage
from desktop.sync.state import SyncState

logger = logging.getLogger(__name__)

# As many ops a request as the protocol allows: a push's time on the server is mostly per
# op, but each request also pays for authentication, its transaction, lookups and commit
# (5-8 ms of server CPU measured here: batches of 500 cost 5-7 % less per op than 200).
PUSH_BATCH = MAX_PUSH_OPS
# Pages as large as the protocol allows, for the same reason: a first pull of 9,000
# records took 10-15 % less time in pages of 2,000 than of 500 here (fewer requests, each
# with its authentication, audit entry and commit); a later pull is one small page anyway.
PULL_PAGE = MAX_PULL_LIMIT
# Progress: (phase "resend", "push" or "pull", done so far, total known so far or 0).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SyncSummary:
    pushed: int
    pulled: int
    merged: int
    conflicts: int
    rejected: int
    cursor: int
    resent: int = 0  # records offered back to a server restored from a backup
    # Children's files that left this laptop (moved to a village out of its reach), and
    # the local changes that went with their records (sync/moves.py).
    departed: int = 0
    dropped: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "merged": self.merged,
            "conflicts": self.conflicts,
            "rejected": self.rejected,
            "resent": self.resent,
            "departed": self.departed,
            "dropped": self.dropped,
        }


def client_for(state: SyncState, **options: Any) -> CountyClient:
    url = state.get("server_url")
    credential = state.credential()
    if not url or not credential:
        raise SyncError("not_enrolled")
    return CountyClient(url, credential=credential, ca_file=state.get("ca_file") or None, **options)


def _push_after(
    push: Callable[[list[Op]], PushResponse], before: Future[PushResponse], ops: list[Op]
) -> PushResponse:
    """Push ``ops`` once the batch before them was answered (the sender runs one at a time).

    After a failed batch nothing more goes: its ops and these stay ``sending``, to be sent
    again with the same op ids by the next sync.
    """
    if before.exception() is not None:
        raise SyncError("network", "not sent: the batch before failed")
    return push(ops)


def run_sync(
    store: CaseStore,
    client: CountyClient,
    *,
    push_batch: int = PUSH_BATCH,
    pull_limit: int = PULL_PAGE,
    progress: Progress | None = None,
) -> SyncSummary:
    """One sync; a server restored from a backup is met once, by offering back."""
    try:
        return _sync(store, client, push_batch, pull_limit, progress)
    except HistoryChangedError as changed:
        offer_back.begin(SyncState(store), changed.history)
    return _sync(store, client, push_batch, pull_limit, progress)


def _offer_back(
    state: SyncState, client: CountyClient, batch_size: int, progress: Progress | None
) -> int:
    """Every record held here, offered back to a restored server; how many."""
    total = offer_back.total(state) if progress else 0
    done = 0
    while batch := offer_back.next_batch(state, batch_size):
        response = client.push(batch.ops, epoch=state.epoch(), cursor=state.cursor())
        offer_back.apply_answers(state, batch, response.results)
        done += len(batch.ops)
        if progress:
            progress("resend", done, total)
    return offer_back.finish(state)


def _sync(
    store: CaseStore,
    client: CountyClient,
    push_batch: int,
    pull_limit: int,
    progress: Progress | None,
) -> SyncSummary:
    state = SyncState(store)
    start = state.start()
    resent = 0
    if start.offering_back:
        resent = _offer_back(state, client, push_batch, progress)
        start = state.start()  # the history and cursor the offering back ended with
    epoch = start.epoch

    def push(ops: list[Op]) -> PushResponse:
        return client.push(ops, epoch=epoch, cursor=state.cursor())

    pushed = merged = conflicts = rejected = 0
    total = start.waiting
    # The next batch is taken (and queued to go as soon as this one is answered) while
    # this one is on its way, and the answer to this one is written while the next is;
    # batches still go one at a time, in order, and none after one that failed.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="push") as sender:
        # Nothing waits (a sync with nothing to do): no batch to take, no transaction.
        ops = state.take_batch(push_batch) if total else []
        sending = sender.submit(push, ops) if ops else None
        while sending is not None:
            following = None
            if later := state.take_batch(push_batch, besides={op.record_id for op in ops}):
                following = sender.submit(_push_after, push, sending, later)
            response = sending.result()
            counts = state.apply_results(ops, response.results)
            pushed += len(ops)
            merged += counts.merged
            conflicts += counts.conflicts
            rejected += counts.rejected
            if progress:
                progress("push", pushed, total)
            if not later and (later := state.take_batch(push_batch)):
                # All that waited was on the records just answered: now rebased, it goes.
                following = sender.submit(push, later)
            ops, sending = later, following
    if pushed:
        start = state.start()  # the answers raised mine_upto
    pulled = 0
    cursor = start.cursor
    # This laptop's own versions the server may leave out (it holds them from their push
    # answers); not while a restored history is pulled again below the floor.
    mine, floor = start.mine_upto

    def fetch(after: int, epoch: str | None) -> PulledPage:
        return client.pull(after, pull_limit, epoch=epoch, mine_upto=mine if after >= floor else 0)

    # The next page is fetched while this one is written: the server's work and the
    # network overlap the local sealing and writing. Only that one thread uses the client
    # while pages arrive, and each page still commits together with its cursor. The first
    # page comes on this thread (a sync with nothing to do starts no thread). The
    # cyclic collector waits meanwhile: a page makes ~100,000 objects that live until it
    # is written, and each collection walked every page still held (a first pull of
    # 30,000 records spent a fifth of its parsing in them).
    with (
        collector_paused(),
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull") as fetcher,
    ):
        page = fetch(cursor, epoch)
        while True:
            coming = fetcher.submit(fetch, page.cursor, page.epoch) if page.more else None
            finished_at = None if page.more else datetime.now(UTC)
            pulled += state.apply_page(
                page.changes, page.cursor, finished_at=finished_at, epoch=page.epoch
            )
            cursor = page.cursor
            if progress:
                progress("pull", pulled, 0)
            if coming is None:
                break
            page = coming.result()
    # The directory, the policy, the laptops' syncs.
    county.follow(state, client, page.county_version, kept=start)
    logger.info(
        "sync done: pushed %d, pulled %d, merged %d, conflicts %d, rejected %d, resent %d",
        pushed,
        pulled,
        merged,
        conflicts,
        rejected,
        resent,
    )
    left = state.departures
    return SyncSummary(
        pushed, pulled, merged, conflicts, rejected, cursor, resent, left.children, left.changes
    )
