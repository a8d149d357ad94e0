"""The children list kept beside the store (list_snapshot): its first paint after unlock
reads one sealed file, and is still exactly what the store holds now."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from casework.closure import closing
from desktop.models.store import CaseStore, NewRecord
from desktop.models.tables import Record
from desktop.services import list_snapshot
from desktop.services.datadir import DataDir, open_store
from desktop.usecases.children import ChildrenSnapshot, load_children, load_children_first
from tests.desktop.conftest import PASSPHRASE, fresh_store

TODAY = date(2026, 11, 28)
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄丽"]


def _child(store: CaseStore, name: str, **fields: object) -> str:
    return store.create(
        "child", {"name": name, "gender": "female", "birth_date": "2015-04-01", **fields}
    )


def _shown(snapshot: ChildrenSnapshot) -> list[tuple[str, str, str, str]]:
    return [(s.id, s.name, s.risk_level, s.sync_state.value) for s in snapshot.summaries]


def _without_file(store: CaseStore) -> ChildrenSnapshot:
    return load_children_first(store, today=TODAY)


def _kept_now(store: CaseStore, path: Path) -> None:
    load_children(store, today=TODAY, kept_list=path)
    assert path.exists()


@pytest.fixture
def kept(folder: DataDir) -> Path:
    return folder.children_list


def test_the_first_paint_from_the_file_is_the_store_as_read(store: CaseStore, kept: Path) -> None:
    for name in NAMES:
        _child(store, name, id_number=None)
    _child(store, "周小红", id_number="330523201504010026", key_child=True, risk_level="high")
    _kept_now(store, kept)

    from_file = list_snapshot.first_list(kept, store)
    assert from_file is not None and from_file.changed == 0 and from_file.in_order
    assert load_children_first(store, today=TODAY, kept_list=kept) == _without_file(store)


def test_children_changed_since_are_read_from_the_store(store: CaseStore, kept: Path) -> None:
    ids = [_child(store, name) for name in NAMES]
    closing_day = date(2026, 11, 1)
    closed = _child(store, "吴已结")
    store.update(closed, closing("parents_returned", closing_day))
    _kept_now(store, kept)

    store.update(ids[0], {"name": "张伟伟"})  # renamed
    store.delete(ids[1])  # gone
    store.update(ids[2], closing("parents_returned", closing_day))  # closed since
    store.update(closed, {"file_closed_on": None, "closure_reason": None})  # reopened
    new = _child(store, "新来的")

    from_file = list_snapshot.first_list(kept, store)
    assert from_file is not None and from_file.changed == 4  # renamed, closed, reopened, new
    first = load_children_first(store, today=TODAY, kept_list=kept)
    assert first == _without_file(store)
    shown = {s.id: s.name for s in first.summaries}
    assert shown[ids[0]] == "张伟伟" and closed in shown and new in shown
    assert ids[1] not in shown and ids[2] not in shown


def test_columns_that_are_not_personal_come_from_the_database(store: CaseStore, kept: Path) -> None:
    child = _child(store, "王芳")
    _kept_now(store, kept)
    with store.engine.begin() as connection:  # as a sync marks it sent, no re-seal
        connection.execute(update(Record).where(Record.id == child).values(sync_state="synced"))
    first = load_children_first(store, today=TODAY, kept_list=kept)
    assert [s.sync_state.value for s in first.summaries] == ["synced"]


def test_a_file_that_cannot_serve_is_passed_over(
    store: CaseStore, kept: Path, folder: DataDir
) -> None:
    for name in NAMES:
        _child(store, name)
    expected = _shown(_without_file(store))
    assert list_snapshot.first_list(kept, store) is None  # none yet

    _kept_now(store, kept)
    sealed = kept.read_bytes()
    kept.write_bytes(sealed[:-1] + bytes([sealed[-1] ^ 1]))  # one bit flipped
    assert list_snapshot.first_list(kept, store) is None
    assert _shown(load_children_first(store, today=TODAY, kept_list=kept)) == expected

    # Another store's file: of another data key it cannot be opened; of the same key (a
    # copy of this store made elsewhere) none of its marks are this store's records'.
    other_folder = DataDir(folder.root.parent / "other")
    other = fresh_store(
        other_folder, village_code="330523101002", passphrase=PASSPHRASE, user="director2"
    )
    _child(other, "别处的")
    load_children(other, today=TODAY, kept_list=other_folder.children_list)
    kept.write_bytes(other_folder.children_list.read_bytes())
    assert _shown(load_children_first(store, today=TODAY, kept_list=kept)) == expected
    other.close()


def test_too_many_changes_read_the_whole_list(store: CaseStore, kept: Path) -> None:
    _kept_now(store, kept)  # an empty list
    store.create_many([_new_child(f"孩子{n}") for n in range(list_snapshot.MOST_CHANGED + 1)])
    assert list_snapshot.first_list(kept, store) is None
    first = load_children_first(store, today=TODAY, kept_list=kept)
    assert len(first.summaries) == list_snapshot.MOST_CHANGED + 1


def _new_child(name: str) -> NewRecord:
    return NewRecord("child", {"name": name, "gender": "male", "birth_date": "2016-01-02"})


def test_nothing_is_kept_from_a_read_that_raced_a_write(store: CaseStore, kept: Path) -> None:
    child = _child(store, "王芳")
    read_at = store.data_version()
    snapshot = load_children_first(store, today=TODAY)
    store.update(child, {"name": "王芳芳"})  # written after the read began
    assert not list_snapshot.keep(
        kept, store, snapshot.summaries, (), snapshot.name_keys, read_at=read_at
    )
    assert not kept.exists()


def test_an_unchanged_list_is_not_written_again(store: CaseStore, kept: Path) -> None:
    child = _child(store, "王芳")
    _kept_now(store, kept)
    os.utime(kept, ns=(1_000_000_000, 1_000_000_000))
    load_children(store, today=TODAY, kept_list=kept)
    assert kept.stat().st_mtime_ns == 1_000_000_000  # read again, the same: not rewritten
    store.update(child, {"name": "王芳芳"})
    load_children(store, today=TODAY, kept_list=kept)
    assert kept.stat().st_mtime_ns != 1_000_000_000


def test_the_file_holds_no_personal_data_in_the_clear(store: CaseStore, kept: Path) -> None:
    _child(store, "欧阳明珠", id_number="330523201504010026")
    _kept_now(store, kept)
    raw = kept.read_bytes()
    for secret in ("欧阳明珠", "330523201504010026", "2015-04-01", "ouyang"):
        assert secret.encode() not in raw
        assert secret.encode("utf-16-le") not in raw
    assert kept.stat().st_mode & 0o077 == 0


def test_the_next_unlock_reads_the_list_from_the_file(store: CaseStore, folder: DataDir) -> None:
    ids = {_child(store, name) for name in NAMES}
    _kept_now(store, folder.children_list)
    store.close()
    again = open_store(folder, passphrase=PASSPHRASE)
    try:
        from_file = list_snapshot.first_list(folder.children_list, again)
        assert from_file is not None and from_file.changed == 0
        assert {s.id for s in from_file.summaries} == ids
    finally:
        again.close()
