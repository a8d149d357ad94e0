"""Reads that several pages make after the same change, made once.

After an unlock, a save or a sync, every page of the window reloads: the children list,
the to-do list, statistics and supervision each decrypted every child and classified it
(about a quarter of a millisecond a child), one after another on the database lane. Here
the decrypted records of a kind and the child summaries are kept per store and per *data
version*, so the first page pays and the rest reuse.

The data version counts commits that changed rows (SQLite's ``total_changes`` of the
connection), counted when the commit starts and again when its connection goes back to
the pool, after the commit. A read takes the version before it reads and files its result
under it, so a result that raced a write is filed under a version that has already passed
and is never served. Nothing is kept beyond the store object: when the window locks and
drops the store, the cache goes with it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from desktop.models.store import CaseStore, RecordView

T = TypeVar("T")

_CHANGES_SEEN = "childdesk_total_changes"  # in each pooled connection's info
_DIRTY = "childdesk_dirty"


class _Version:
    """The data version of one engine."""

    def __init__(self, engine: Engine) -> None:
        self.value = 0
        self._lock = threading.Lock()
        event.listen(engine, "commit", self._committing)
        event.listen(engine.pool, "checkin", self._checked_in)

    def _bump(self) -> None:
        with self._lock:
            self.value += 1

    def _committing(self, connection: Connection) -> None:
        pooled = connection.connection
        changes = getattr(pooled.dbapi_connection, "total_changes", None)
        if changes is None or changes != pooled.info.get(_CHANGES_SEEN):
            pooled.info[_CHANGES_SEEN] = changes
            pooled.info[_DIRTY] = True
            self._bump()

    def _checked_in(self, _dbapi_connection: Any, record: Any) -> None:
        if record is not None and record.info.pop(_DIRTY, False):
            self._bump()


class _StoreCache:
    def __init__(self, store: CaseStore) -> None:
        self.version = _Version(store.engine)
        self.lock = threading.Lock()
        self.entries: dict[Hashable, tuple[int, Any]] = {}


_caches: weakref.WeakKeyDictionary[CaseStore, _StoreCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def _cache_of(store: CaseStore) -> _StoreCache:
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:
            cache = _caches[store] = _StoreCache(store)
        return cache


def cached(store: CaseStore, key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, or what it returned before if nothing was written since."""
    cache = _cache_of(store)
    version = cache.version.value
    with cache.lock:
        hit = cache.entries.get(key)
    if hit is not None and hit[0] == version:
        result: T = hit[1]
        return result
    value = read()
    with cache.lock:
        cache.entries[key] = (version, value)
    return value


def records(store: CaseStore, kind: str) -> list[RecordView]:
    """Every record of ``kind``, decrypted (a new list; the records themselves are shared)."""
    return list(cached(store, ("records", kind), lambda: tuple(store.records(kind))))


def forget(store: CaseStore) -> None:
    """Drop what was read from ``store`` now (the window locks), not whenever it is freed."""
    with _caches_lock:
        cache = _caches.pop(store, None)
    if cache is not None:
        with cache.lock:
            cache.entries.clear()


def data_version(store: CaseStore) -> int:
    """The store's data version (for tests and callers that keep their own results)."""
    return _cache_of(store).version.value
