"""村 in the children list: a township supervisor's (or the county's) list names each
child's village, sorts by it; a director's list, one village, has no such column."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.sync.state import SyncState
from desktop.ui.controller import AppController
from desktop.ui.main_window import Page
from desktop.ui.pages.children import ChildrenPage
from desktop.ui.session import StoreSession
from desktop.ui.table_models.children import ChildFilterProxy, ChildTableModel, Column, Role
from desktop.ui.tasks import SyncTaskRunner
from desktop.usecases.children import name_sort_keys
from desktop.usecases.syncing import sync_now
from tests.serverproc import ServerProcess
from tests.ui.conftest import add_child
from tests.ui.test_supervision_page import TOWNSHIP, VILLAGE_A, VILLAGE_B, VILLAGE_C, join
from tests.ui.test_supervisor_laptop import _controller, cleanup, county  # noqa: F401
from tests.ui.test_table_model import summary
from tests.ui.test_todo_page import left_behind

GUCHENG, DONGSHAN, UNKNOWN = "330523101001", "330523101002", "330523101009"
NAMES = {GUCHENG: "古城村", DONGSHAN: "东山村", UNKNOWN: UNKNOWN}  # the directory's
PINYIN = name_sort_keys(NAMES.values())


def test_the_village_column_shows_names_and_sorts_by_them() -> None:
    rows = [
        replace(summary("a", "王小明"), village_code=GUCHENG),
        replace(summary("b", "李小红"), village_code=DONGSHAN),
        replace(summary("c", "张三"), village_code=UNKNOWN),
        replace(summary("d", "吕布"), village_code=DONGSHAN),
    ]
    model = ChildTableModel()
    model.set_children(
        rows,
        name_sort_keys(r.name for r in rows),
        village_names=NAMES,
        village_keys={code: PINYIN[name] for code, name in NAMES.items()},
    )
    proxy = ChildFilterProxy()
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    proxy.setSourceModel(model)
    assert model.index(0, Column.VILLAGE).data() == "古城村"
    assert model.index(2, Column.VILLAGE).data() == UNKNOWN  # not in the directory: its code

    proxy.sort(Column.VILLAGE, Qt.SortOrder.AscendingOrder)
    shown = [proxy.index(r, 0).data(Role.CHILD_ID) for r in range(proxy.rowCount())]
    # Digits before letters, then dong(shan) before gu(cheng); a village's children by name.
    assert shown == ["c", "b", "d", "a"]
    proxy.set_search_results(["a", "d"])  # the search keeps the village order
    assert [proxy.index(r, Column.VILLAGE).data() for r in range(2)] == ["东山村", "古城村"]


def _directory(store: CaseStore, role: str | None) -> None:
    """A child of the village, then the laptop enrolled as ``role`` (a supervisor writes no
    child's file: the child is the one a sync brought)."""
    add_child(store, "王小明")
    villages = [{"code": store.village_code, "name": "古城村", "township_code": "330523101"}]
    values = {"directory": json.dumps({"townships": [], "villages": villages, "users": []})}
    if role is not None:
        values["role"] = role
    SyncState(store).put(values)


def _page(qtbot: QtBot, folder: DataDir, store: CaseStore) -> ChildrenPage:
    session = StoreSession(folder)
    page = ChildrenPage(session, SyncTaskRunner())
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    session.open(store)  # the synchronous runner loads at once
    return page


def test_a_supervisor_sees_the_village_beside_the_name(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    _directory(store, "supervisor")
    page = _page(qtbot, folder, store)
    assert not page.table.isColumnHidden(Column.VILLAGE)
    header = page.table.horizontalHeader()
    assert header.visualIndex(Column.VILLAGE) == header.visualIndex(Column.NAME) + 1
    assert page.proxy.index(0, Column.VILLAGE).data() == "古城村"  # the name, not the code
    title = QCoreApplication.translate("ChildTableModel", "Village")
    assert page.proxy.headerData(Column.VILLAGE, Qt.Orientation.Horizontal) == title
    assert header.sectionSize(Column.VILLAGE) > 0


def test_a_directors_list_has_no_village_column(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    _directory(store, "director")
    page = _page(qtbot, folder, store)
    assert page.table.isColumnHidden(Column.VILLAGE)
    assert page.model.rowCount() == 1


def test_a_supervisor_lists_sorts_and_filters_the_townships_villages(
    qtbot: QtBot,
    tmp_path: Path,
    county: ServerProcess,  # noqa: F811
    cleanup: list[AppController],  # noqa: F811
) -> None:
    # The county's directory (test_supervisor_laptop.county): 古城村, 鹤鹿溪村, 双一村.
    children = {VILLAGE_A: ["王小明", "陈思远"], VILLAGE_B: ["张三"], VILLAGE_C: ["刘浩然"]}
    sequence = 100
    for village, names in children.items():
        director = join(county, tmp_path, f"主任{village[-1]}", "director", village)
        for name in names:
            sequence += 1
            left_behind(director, name, "2015-03-08", sequence)
        assert sync_now(director, retries=0).rejected == 0
    supervisor = join(county, tmp_path, "周督导", "supervisor", TOWNSHIP)
    sync_now(supervisor, retries=0)
    controller = _controller(qtbot, tmp_path / "周督导")
    cleanup.append(controller)
    controller.window.resize(1366, 768)
    controller.window.show()
    controller.session.open(supervisor)
    controller.window.show_page(Page.CHILDREN)
    page = controller.children_page
    table, proxy = page.table, page.proxy

    def column(number: int) -> list[str]:
        return [proxy.index(r, number).data() for r in range(proxy.rowCount())]

    assert not table.isColumnHidden(Column.VILLAGE)
    assert sorted(zip(column(Column.NAME), column(Column.VILLAGE), strict=True)) == sorted(
        [("王小明", "古城村"), ("陈思远", "古城村"), ("张三", "鹤鹿溪村"), ("刘浩然", "双一村")]
    )
    # A click on the header sorts by village: gu(cheng), he(luxi), shuang(yi).
    table.sortByColumn(Column.VILLAGE, Qt.SortOrder.AscendingOrder)
    assert column(Column.VILLAGE) == ["古城村", "古城村", "鹤鹿溪村", "双一村"]
    # The filter lists the villages by name, in the same order.
    assert page.village.isVisibleTo(page)
    villages = [page.village.itemText(i) for i in range(1, page.village.count())]
    assert villages == ["古城村", "鹤鹿溪村", "双一村"]
    page.village.setCurrentIndex(page.village.findData(VILLAGE_B))
    assert column(Column.NAME) == ["张三"]
    page.village.setCurrentIndex(0)
    assert len(column(Column.NAME)) == 4
    # 1366×768: every column in sight, no sideways scrolling.
    qtbot.wait(50)
    assert table.horizontalHeader().length() <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
