"""The children page: search as you type, filters, opening a child's file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore
from desktop.services import list_snapshot
from desktop.services.datadir import DataDir, open_store
from desktop.ui.pages.children import ChildrenPage
from desktop.ui.session import StoreSession
from desktop.ui.table_models.children import Column
from desktop.ui.tasks import SyncTaskRunner, TaskRunner
from tests.ui.conftest import PASSPHRASE, add_child, type_text


def test_search_as_you_type_filters_the_list(
    qtbot: QtBot, folder: DataDir, store: CaseStore, tasks: TaskRunner
) -> None:
    ids = {
        "王小明": add_child(store, "王小明", sequence=111),
        "张三": add_child(store, "张三", sequence=113, birth="2012-06-01"),
        "李小红": add_child(store, "李小红", sequence=222),
        "吕布": add_child(store, "吕布", sequence=115, birth="2010-01-01"),
    }
    session = StoreSession(folder)
    page = ChildrenPage(session, tasks)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        session.open(store)
    assert sorted(page.visible_child_ids()) == sorted(ids.values())
    assert page.count_label.text() == "显示 4 名儿童中的 4 名"

    qtbot.keyClicks(page.search, "z")
    assert page.visible_child_ids() == [ids["张三"]]
    qtbot.keyClick(page.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(page.search, "xiao")
    assert sorted(page.visible_child_ids()) == sorted([ids["王小明"], ids["李小红"]])
    page.search.clear()
    qtbot.keyClicks(page.search, "lv")
    assert page.visible_child_ids() == [ids["吕布"]]
    page.search.clear()
    type_text(qtbot, page.search, "小")
    assert sorted(page.visible_child_ids()) == sorted([ids["王小明"], ids["李小红"]])
    page.search.clear()
    qtbot.keyClicks(page.search, "20120601")  # digits of the ID number
    assert page.visible_child_ids() == [ids["张三"]]
    assert page.count_label.text() == "显示 4 名儿童中的 1 名"
    page.search.clear()
    assert len(page.visible_child_ids()) == 4

    page.sync_state.setCurrentIndex(page.sync_state.findData("synced"))
    assert page.visible_child_ids() == []
    page.sync_state.setCurrentIndex(page.sync_state.findData("pending"))
    assert len(page.visible_child_ids()) == 4

    # Locking clears the names and the index.
    session.lock()
    assert page.model.rowCount() == 0
    qtbot.keyClicks(page.search, "z")
    assert page.visible_child_ids() == []


def test_double_click_opens_the_child(qtbot: QtBot, folder: DataDir, store: CaseStore) -> None:
    child_id = add_child(store, "王小明")
    session = StoreSession(folder)
    page = ChildrenPage(session, SyncTaskRunner())
    qtbot.addWidget(page)
    page.show()
    session.open(store)  # the synchronous runner loads at once
    assert page.model.rowCount() == 1
    table = page.table
    rect = table.visualRect(page.proxy.index(0, Column.NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.open_child) as opened:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [child_id]


def test_overdue_and_category_filters(qtbot: QtBot, folder: DataDir, store: CaseStore) -> None:
    # A rural child with both parents away for work is left behind, never visited: overdue
    # from the day after registration; today it is due (not overdue).
    child_id = add_child(store, "王小明")
    for relation in ("father", "mother"):
        store.create(
            "family_member",
            {
                "child_id": child_id,
                "relation": relation,
                "name": "王某" if relation == "father" else "李某",
                "situations": [{"kind": "migrant_work", "since": "2020-01-01"}],
            },
        )
    add_child(store, "张三", sequence=113)
    session = StoreSession(folder)
    page = ChildrenPage(session, SyncTaskRunner())
    qtbot.addWidget(page)
    session.open(store)
    page.category.setCurrentIndex(page.category.findData("left_behind"))
    assert page.visible_child_ids() == [child_id]
    page.category.setCurrentIndex(0)
    page.overdue.setChecked(True)
    assert page.visible_child_ids() == []  # due today, not yet overdue
    page.overdue.setChecked(False)
    assert len(page.visible_child_ids()) == 2


def test_risk_and_key_child_filters(qtbot: QtBot, folder: DataDir, store: CaseStore) -> None:
    high = add_child(store, "王小明", sequence=111, risk_level="high", key_child=True)
    medium = add_child(store, "张三", sequence=113, birth="2012-06-01", risk_level="medium")
    add_child(store, "李小红", sequence=222)
    session = StoreSession(folder)
    page = ChildrenPage(session, SyncTaskRunner())
    qtbot.addWidget(page)
    session.open(store)
    assert page.risk.itemText(1) == "风险：高"
    page.risk.setCurrentIndex(page.risk.findData("high"))
    assert page.visible_child_ids() == [high]
    page.risk.setCurrentIndex(page.risk.findData("medium"))
    assert page.visible_child_ids() == [medium]
    page.key_only.setChecked(True)
    assert page.visible_child_ids() == []
    assert page.count_label.text() == "显示 3 名儿童中的 0 名"
    page.risk.setCurrentIndex(0)
    assert page.visible_child_ids() == [high]
    # Filters combine with the search.
    qtbot.keyClicks(page.search, "zs")
    assert page.visible_child_ids() == []
    page.key_only.setChecked(False)
    assert page.visible_child_ids() == [medium]


def test_after_unlock_names_show_first_then_the_rules_fill_in(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    """The list paints from the child records at once; categories and next visits follow."""
    child = add_child(store, "王小明", sequence=111)
    for relation in ("father", "mother"):
        store.create(
            "family_member",
            {
                "child_id": child,
                "relation": relation,
                "name": "王大山" if relation == "father" else "李春花",
                "situations": [{"kind": "migrant_work", "since": "2020-01-01"}],
            },
        )
    session = StoreSession(folder)
    page = ChildrenPage(session, SyncTaskRunner())
    qtbot.addWidget(page)
    shown: list[tuple[str, str, str]] = []
    found_before_index: list[list[str]] = []

    def seen() -> None:
        if page.model.rowCount() and not shown:
            # Typed before the search index arrives: Chinese text is found in the names
            # (squeezed as the index does); pinyin leaves the list whole until the index
            # arrives and runs the search again.
            page.search.setText("王 小")
            found_before_index.append(page.visible_child_ids())
            page.search.setText("zhao")
            found_before_index.append(page.visible_child_ids())
        if page.model.rowCount():
            cells = [page.model.index(0, c).data() for c in (Column.NAME, Column.CATEGORIES)]
            shown.append((cells[0], cells[1], page.model.index(0, Column.NEXT_VISIT).data()))

    page.model.modelReset.connect(seen)
    with qtbot.waitSignal(page.loaded):
        session.open(store)
    assert shown[0] == ("王小明", "…", "…")  # the first paint: names, the rules not run
    assert shown[-1][1] == "农村留守儿童" and shown[-1][2] not in ("…", "")
    assert len(shown) == 2
    assert found_before_index == [[child], [child]]
    assert page.search.text() == "zhao" and page.visible_child_ids() == []  # run again
    page.search.setText("wangxiao")
    assert page.visible_child_ids() == [child]
    page.search.clear()
    # A later reload (after a save) goes straight to the full list.
    shown.clear()
    session.changed.emit(child)
    assert [row[1] for row in shown] == ["农村留守儿童"]


def test_the_next_unlock_paints_the_kept_list_as_the_store_is_now(
    qtbot: QtBot, folder: DataDir, store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole list read is kept beside the store (sealed); the next unlock paints from
    it, with what changed while the window was locked read from the store itself."""
    first = add_child(store, "王小明", sequence=111)
    second = add_child(store, "赵小刚", sequence=112)
    session = StoreSession(folder)
    page = ChildrenPage(session, SyncTaskRunner())
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded):
        session.open(store)
    assert folder.children_list.exists()
    session.lock()
    assert page.model.rowCount() == 0

    again = open_store(folder, passphrase=PASSPHRASE)
    again.update(second, {"name": "赵小强"})  # from the command line, say, while locked
    served: list[list_snapshot.FirstList | None] = []
    read_kept = list_snapshot.first_list

    def first_list(path: Path, store: CaseStore) -> list_snapshot.FirstList | None:
        served.append(read_kept(path, store))
        return served[-1]

    monkeypatch.setattr(list_snapshot, "first_list", first_list)
    painted: list[list[str]] = []
    page.model.modelReset.connect(
        lambda: painted.append(
            [page.model.index(r, Column.NAME).data() for r in range(page.model.rowCount())]
        )
    )
    with qtbot.waitSignal(page.loaded):
        session.open(again)
    assert painted[0] == ["王小明", "赵小强"]  # the first paint, before the rules ran
    kept = served[0]
    assert kept is not None and kept.changed == 1  # only the one renamed was decrypted
    assert page.visible_child_ids() == [first, second]
