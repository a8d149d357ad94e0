"""Reads shared between pages: reused while nothing changed, never stale after a write."""

from __future__ import annotations

import gc
import threading
import weakref
from datetime import date

from sqlalchemy import update

from desktop.models.store import CaseStore
from desktop.models.tables import Record
from desktop.services import read_cache
from desktop.services.casefile import child_summaries
from desktop.services.datadir import DataDir, init_store
from tests.desktop.conftest import PASSPHRASE, VILLAGE

TODAY = date(2026, 11, 28)


def _child(store: CaseStore, name: str) -> str:
    return store.create("child", {"name": name, "gender": "female", "birth_date": "2015-04-01"})


def _names(store: CaseStore) -> list[str]:
    return sorted(c.fields["name"] for c in read_cache.records(store, "child"))


def test_a_second_read_is_the_first_one_reused(store: CaseStore) -> None:
    _child(store, "王小红")
    first = child_summaries(store, today=TODAY)
    again = child_summaries(store, today=TODAY)
    assert again == first and again[0] is first[0]
    # Another day is another question.
    assert child_summaries(store, today=date(2027, 1, 1))[0] is not first[0]


def test_reads_never_change_the_version(store: CaseStore) -> None:
    _child(store, "王小红")
    before = read_cache.data_version(store)
    store.records("child")
    store.get(store.records("child")[0].id)
    store.history(store.records("child")[0].id)
    assert read_cache.data_version(store) == before


def test_every_kind_of_write_is_seen(store: CaseStore) -> None:
    child = _child(store, "王小红")
    assert _names(store) == ["王小红"]
    _child(store, "李明")  # create
    assert _names(store) == ["李明", "王小红"]
    store.update(child, {"name": "王晓红"})  # update
    assert _names(store) == ["李明", "王晓红"]
    assert [s.name for s in child_summaries(store, today=TODAY)] == ["王晓红", "李明"]
    store.delete(child)  # delete
    assert _names(store) == ["李明"]
    # A write that bypasses the store's methods (as a sync applying a page does).
    with store.engine.begin() as connection:
        connection.execute(update(Record).values(sync_state="conflict"))
    assert {c.sync_state for c in read_cache.records(store, "child")} == {"conflict"}


def test_a_read_that_raced_a_write_is_not_served_afterwards(store: CaseStore) -> None:
    _child(store, "王小红")
    started, written = threading.Event(), threading.Event()

    def slow_read() -> tuple[object, ...]:
        made = tuple(store.records("child"))  # what was there before the write
        started.set()
        written.wait(10)
        return made

    reader = threading.Thread(
        target=lambda: read_cache.cached(store, ("raced",), slow_read), daemon=True
    )
    reader.start()
    started.wait(10)
    _child(store, "李明")
    written.set()
    reader.join(10)
    fresh = read_cache.cached(store, ("raced",), lambda: tuple(store.records("child")))
    assert len(fresh) == 2


def test_forget_drops_everything_read_at_once(store: CaseStore) -> None:
    _child(store, "王小红")
    read_cache.records(store, "child")
    kept = read_cache._caches[store]
    read_cache.forget(store)
    assert store not in read_cache._caches and kept.entries == {}
    assert _names(store) == ["王小红"]  # read afresh afterwards


def test_the_cache_goes_with_the_store(folder: DataDir) -> None:
    """Locking drops the store: nothing it decrypted may stay behind in the cache."""
    store = init_store(folder, village_code=VILLAGE, passphrase=PASSPHRASE, user="director1")
    _child(store, "王小红")
    read_cache.records(store, "child")
    gone = weakref.ref(read_cache._caches[store])
    store.engine.dispose()
    del store
    gc.collect()
    assert gone() is None


def test_what_was_read_before_a_write_is_let_go_at_the_next_read(store: CaseStore) -> None:
    _child(store, "王小红")
    read_cache.records(store, "child")
    child_summaries(store, today=TODAY)
    _child(store, "李明")
    assert len(read_cache.records(store, "child")) == 2
    # The summaries of before went too: not kept beside the new reads (the window's peak).
    kept = {seen for seen, _ in read_cache._caches[store].entries.values()}
    assert kept == {read_cache.data_version(store)}
