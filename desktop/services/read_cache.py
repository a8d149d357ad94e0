"""Reads that several pages make after the same change, made once.

After an unlock, a save or a sync, every page of the window reloads: the children list,
the to-do list, statistics and supervision each decrypted every child and classified it
(about a quarter of a millisecond a child), one after another on the database lane. Here
the decrypted records of a kind and the child summaries are kept per store and per *data
version*, so the first page pays and the rest reuse.

The data version is the store's (``CaseStore.data_version``): it counts commits that
changed rows, counted when the commit starts and again when its connection goes back to
the pool, after the commit; the cache reads nothing past the store. A read takes the
version before it reads and files its result under it, so a result that raced a write is
filed under a version that has already passed and is never served. Nothing is kept
beyond the store object: when the window locks and drops the store, the cache goes with it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from desktop.models.store import CaseStore, RecordView

T = TypeVar("T")


class _StoreCache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: dict[Hashable, tuple[int, Any]] = {}


_caches: weakref.WeakKeyDictionary[CaseStore, _StoreCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def _cache_of(store: CaseStore) -> _StoreCache:
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:
            cache = _caches[store] = _StoreCache()
        return cache


def cached(store: CaseStore, key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, or what it returned before if nothing was written since."""
    cache = _cache_of(store)
    version = store.data_version()
    with cache.lock:
        hit = cache.entries.get(key)
    if hit is not None and hit[0] == version:
        result: T = hit[1]
        return result
    with cache.lock:
        # What was read before the last write is never served again: let it go now,
        # before the new read makes a second copy (10,000 children decrypted twice at
        # once was the window's peak of memory after a sync, bench/ui.py).
        stale = [k for k, (seen, _) in cache.entries.items() if seen < version]
        let_go = [cache.entries.pop(key)[1] for key in stale]
    _release(let_go)
    value = read()
    with cache.lock:
        cache.entries[key] = (version, value)
    return value


# Objects freed per step when a stale read is let go.
RELEASE_SLICE = 1_000


def _release(values: list[Any]) -> None:
    """Let go of stale reads a slice at a time. A tuple of 30,000 decrypted records freed
    at once is one call of tens of milliseconds that holds the interpreter lock, and the
    window's thread waits all of it (a stall during a sync's reloads, bench/ui.py);
    between slices it gets its turn."""
    while values:
        value = values.pop()
        if isinstance(value, tuple | list) and len(value) > RELEASE_SLICE:
            items = list(value)
            del value  # the container goes; its items are held by ``items`` alone now
            while items:
                del items[-RELEASE_SLICE:]


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
    return store.data_version()
