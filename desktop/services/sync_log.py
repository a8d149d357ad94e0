"""What the director sees of sync: the recent syncs, what waits to go up, how long offline.

Contract:

1. Each sync the window runs is written down once it ends (``record_sync``): when it
   started and ended, the counts of ``SyncSummary``, or the error in words (the
   ``SyncError``'s bilingual message). Only counts, times and those words: nothing
   personal, so the list lives in the store's ``meta`` table as JSON.
2. Failures in a row with the same words fold into one entry (how many tries, since when),
   so ten automatic tries while the laptop is offline do not push the successes away.
3. At most ``KEEP`` entries, newest first.
4. ``waiting_records``: one row per record with changes in the outbox, oldest first, with
   its child, so each can be opened.
5. ``offline_days``: whole days since the last successful sync (the pull's end); None when
   it never synced.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from casework.messages import Message
from desktop.models.store import CaseStore
from desktop.services import read_cache
from desktop.sync.client import SyncError
from desktop.sync.engine import SyncSummary
from desktop.sync.state import SyncState

logger = logging.getLogger(__name__)

LOG_KEY = "sync_log"
KEEP = 30
OFFLINE_LONG_DAYS = 3  # a director syncs most working days; after this the page says so

M_UNEXPECTED = Message(
    "同步意外中断。数据都已保存在本机，详情见日志文件。",
    "The sync stopped unexpectedly. Everything is saved here; the details are in the log.",
)


@dataclass(frozen=True)
class SyncLogEntry:
    started_at: datetime  # UTC, aware
    finished_at: datetime
    ok: bool
    pushed: int = 0
    pulled: int = 0
    merged: int = 0
    conflicts: int = 0
    rejected: int = 0
    resent: int = 0
    error: Message | None = None
    tries: int = 1  # failures in a row with these words
    departed: int = 0  # children's files that left (moved to another village)
    dropped: int = 0  # local changes that went with them (desktop/sync/moves.py)

    def to_json(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat(),
            "ok": self.ok,
            "pushed": self.pushed,
            "pulled": self.pulled,
            "merged": self.merged,
            "conflicts": self.conflicts,
            "rejected": self.rejected,
            "resent": self.resent,
            "error": [self.error.zh, self.error.en] if self.error else None,
            "tries": self.tries,
            "departed": self.departed,
            "dropped": self.dropped,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> SyncLogEntry:
        error = raw.get("error")
        return cls(
            started_at=_moment(raw["started_at"]),
            finished_at=_moment(raw["finished_at"]),
            ok=bool(raw["ok"]),
            pushed=int(raw.get("pushed", 0)),
            pulled=int(raw.get("pulled", 0)),
            merged=int(raw.get("merged", 0)),
            conflicts=int(raw.get("conflicts", 0)),
            rejected=int(raw.get("rejected", 0)),
            resent=int(raw.get("resent", 0)),
            error=Message(str(error[0]), str(error[1])) if error else None,
            tries=int(raw.get("tries", 1)),
            departed=int(raw.get("departed", 0)),
            dropped=int(raw.get("dropped", 0)),
        )


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def error_words(error: BaseException) -> Message:
    """What went wrong, in the words the sync page shows."""
    if isinstance(error, SyncError):
        return error.message
    return M_UNEXPECTED


def recent_syncs(store: CaseStore) -> tuple[SyncLogEntry, ...]:
    """Newest first; an unreadable list (hand-edited, older program) reads as empty."""
    raw = SyncState(store).get(LOG_KEY)
    if not raw:
        return ()
    try:
        return tuple(SyncLogEntry.from_json(item) for item in json.loads(raw))
    except (ValueError, KeyError, TypeError, IndexError):
        logger.warning("sync log unreadable; starting it again")
        return ()


def record_sync(
    store: CaseStore,
    *,
    started_at: datetime,
    summary: SyncSummary | None = None,
    error: BaseException | None = None,
    finished_at: datetime | None = None,
) -> SyncLogEntry:
    """Write down one sync that ended (with ``summary``) or failed (with ``error``)."""
    end = finished_at or datetime.now(UTC)
    if summary is not None:
        entry = SyncLogEntry(
            started_at, end, True, summary.pushed, summary.pulled, summary.merged,
            summary.conflicts, summary.rejected, summary.resent,
            departed=summary.departed, dropped=summary.dropped,
        )  # fmt: skip
    else:
        words = error_words(error) if error is not None else M_UNEXPECTED
        entry = SyncLogEntry(started_at, end, False, error=words)
    entries = list(recent_syncs(store))
    if entries and not entry.ok and not entries[0].ok and entries[0].error == entry.error:
        first = entries.pop(0)
        entry = SyncLogEntry(first.started_at, end, False, error=entry.error, tries=first.tries + 1)
    entries.insert(0, entry)
    kept = [e.to_json() for e in entries[:KEEP]]
    SyncState(store).put({LOG_KEY: json.dumps(kept, ensure_ascii=False)})
    return entry


def last_synced_at(store: CaseStore) -> datetime | None:
    last = SyncState(store).get("last_sync_at")
    return _moment(last) if last else None


def offline_days(last_sync_at: datetime | None, now: datetime) -> int | None:
    if last_sync_at is None:
        return None
    aware = last_sync_at if last_sync_at.tzinfo else last_sync_at.replace(tzinfo=UTC)
    return max(0, (now - aware).days)


@dataclass(frozen=True)
class WaitingRecord:
    """A record with changes not yet sent to the county."""

    record_id: str
    kind: str
    child_id: str | None
    child_name: str
    changes: int
    since: datetime  # the oldest change waiting, UTC


def waiting_records(store: CaseStore, *, limit: int = 500) -> tuple[WaitingRecord, ...]:
    """Oldest first; the outbox and the records' links are clear columns, so only the
    children's names need the read cache."""
    rows = store.waiting_records(limit=limit)
    if not rows:
        return ()
    names = {c.id: str(c.fields.get("name") or "") for c in read_cache.records(store, "child")}
    out = []
    for record_id, kind, child_id, count, since in rows:
        child = record_id if kind == "child" else child_id
        moment = since if since.tzinfo else since.replace(tzinfo=UTC)
        out.append(
            WaitingRecord(record_id, kind, child, names.get(child or "", ""), int(count), moment)
        )
    return tuple(out)
