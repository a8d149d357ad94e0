"""A pulled page commits without waiting for the disk; everything typed here still does.

SQLite's ``synchronous`` level is read on the connection at each commit (an engine
event), so these tests see the level each real transaction committed with.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from casework.protocol import Change, ServerRecord
from desktop.models.db import resendable_writes
from desktop.models.store import CaseStore, NewRecord
from desktop.sync.state import SyncState

NORMAL, FULL = 1, 2


@pytest.fixture
def commit_levels(store: CaseStore) -> Iterator[list[int]]:
    """The ``synchronous`` level of every commit on the store's engine, in order."""
    levels: list[int] = []

    def on_commit(connection: Any) -> None:
        levels.append(connection.exec_driver_sql("PRAGMA synchronous").scalar())

    event.listen(store.engine, "commit", on_commit)
    yield levels
    event.remove(store.engine, "commit", on_commit)


def _pulled_child(record_id: str, seq: int) -> Change:
    record = ServerRecord(
        id=record_id,
        kind="child",
        village_code="330523101001",
        rev=1,
        seq=seq,
        deleted=False,
        fields={"name": "王小明", "gender": "male", "birth_date": "2016-03-01"},
        updated_by="county",
        updated_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    return Change(seq=seq, record_id=record_id, in_scope=True, record=record)


def _level_now(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("PRAGMA synchronous").scalar() or 0)


def test_a_pulled_page_commits_light_and_a_save_commits_in_full(
    store: CaseStore, commit_levels: list[int]
) -> None:
    state = SyncState(store)
    child = "00000000-0000-4000-8000-000000000001"
    assert state.apply_page([_pulled_child(child, 1)], 1) == 1
    # The level set, the page with its cursor, the level reset.
    assert commit_levels == [NORMAL, NORMAL, FULL]
    assert store.get(child).fields["name"] == "王小明"
    assert state.cursor() == 1
    # The pooled connection went back in full: the director's next save waits for the disk.
    assert _level_now(store.engine) == FULL
    store.create_many(
        [NewRecord("child", {"name": "李小红", "gender": "female", "birth_date": "2015-06-01"})]
    )
    assert commit_levels[3:] == [FULL]


def test_a_failed_page_is_undone_and_the_connection_goes_back_in_full(
    store: CaseStore,
) -> None:
    with pytest.raises(RuntimeError), resendable_writes(store.engine) as connection:
        connection.execute(text("INSERT INTO meta (key, value) VALUES ('cursor', '99')"))
        raise RuntimeError("the page failed half-way")
    assert SyncState(store).cursor() == 0
    assert _level_now(store.engine) == FULL


def test_a_sync_begins_with_one_look_at_the_store(store: CaseStore) -> None:
    state = SyncState(store)
    state.put({"cursor": "12", "epoch": "e1", "mine_upto": "10", "mine_floor": "3"})
    store.create_many(
        [NewRecord("child", {"name": "李小红", "gender": "female", "birth_date": "2015-06-01"})]
    )
    start = state.start()
    assert (start.cursor, start.epoch, start.mine_upto) == (12, "e1", (10, 3))
    assert start.waiting == state.waiting_count() == 1
    assert not start.offering_back
    assert start.county_version is None
    state.put({"offer_back": "{}", "county_version": "v7"})
    again = state.start()
    assert again.offering_back and again.county_version == "v7"
