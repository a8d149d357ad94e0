"""今日工作, the whole flow with real widgets: the first page after unlock lists the day's
work, most urgent first, and each item opens what it names (a child's file, a report, the
conflicts, sync or supervision page), by double-click or by Enter. The window's keys too."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casework.messages import Message
from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.sync.state import SyncState
from desktop.ui.controller import AppController
from desktop.ui.dialogs.child_file import Tab
from desktop.ui.main_window import Page
from desktop.ui.pages.home import HomePage
from desktop.ui.settings import UiSettings
from desktop.ui.tasks import SyncTaskRunner
from desktop.usecases.home import HomeItem
from tests.ui.conftest import add_child
from tests.ui.test_conflicts_page import make_conflict
from tests.ui.test_todo_page import left_behind

TODAY = date.today() + timedelta(days=200)  # long after registration: visits overdue


@pytest.fixture
def morning(store: CaseStore) -> dict[str, str]:
    """A village's morning: a conflict, an overdue visit, a draft report, an entrustment
    running out, two tasks from the township, and ten days without a sync."""
    contested = add_child(store, "赵冲突", birth="2013-02-02", sequence=115)
    make_conflict(store, contested, "school", "实验小学", "第二小学")
    state = SyncState(store)
    state.put(
        {
            "server_url": "http://127.0.0.1:9",
            "last_sync_at": (datetime.now(UTC) - timedelta(days=10)).isoformat(),
        }
    )
    state.save_credential("device-credential")
    overdue = left_behind(store, "王小明", "2014-04-01", 111)
    drafted = left_behind(store, "李小红", "2016-05-01", 222)
    report = store.create(
        "mandatory_report",
        {"child_id": drafted, "trigger": "living_alone", "found_at": "2026-11-01 08:00"},
    )
    store.create(
        "entrustment",
        {
            "child_id": drafted,
            "guardian_name": "李奶奶",
            "signed_date": date.today().isoformat(),
            "valid_until": (TODAY + timedelta(days=20)).isoformat(),
            "status": "signed",
        },
    )
    note = {"author": "周督导", "note": "本月督导", "status": "open"}
    store.create(
        "supervision_note",
        {
            **note,
            "village_code": store.village_code,
            "task": "上报委托监护确认书签订情况",
            "task_due": (TODAY + timedelta(days=2)).isoformat(),
        },
    )
    store.create(
        "supervision_note",
        {
            **note,
            "village_code": store.village_code,
            "child_id": overdue,
            "task": "核实王小明的监护情况",
            "task_due": (TODAY - timedelta(days=1)).isoformat(),
        },
    )
    store.create(
        "supervision_note",
        {**note, "village_code": store.village_code, "task": "已办完的事", "status": "done"},
    )
    return {"overdue": overdue, "drafted": drafted, "report": report, "contested": contested}


@pytest.fixture
def controller(qtbot: QtBot, folder: DataDir) -> Iterator[AppController]:
    app = AppController(
        folder,
        UiSettings(),
        SyncTaskRunner(),
        confirm_unsaved=lambda _parent: pytest.fail("nothing was changed"),
        idle_timeout_ms=3_600_000,
        today=lambda: TODAY,
    )
    qtbot.addWidget(app.window)
    yield app
    app.idle.stop()
    app.sync_page.timer.stop()
    for dialog in app.files.dialogs() + app.reports.dialogs():
        dialog.hide()


def row_of(home: HomePage, kind: str, child_id: str | None = None) -> int:
    for row, item in enumerate(home.items()):
        if item.kind == kind and (child_id is None or item.child_id == child_id):
            return row
    raise AssertionError(f"no {kind} item")


def double_click(qtbot: QtBot, home: HomePage, row: int) -> None:
    table = home.table
    table.scrollTo(home.model.index(row, 2))
    rect = table.visualRect(home.model.index(row, 2))
    # As a hand does it: the first click selects, the second press makes it a double-click.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_home_page_items_open_what_they_name(
    qtbot: QtBot, controller: AppController, store: CaseStore, morning: dict[str, str]
) -> None:
    window, home = controller.window, controller.home_page
    controller.show_window(store)
    assert window.pages.currentIndex() == Page.HOME  # the first page after unlock
    assert window.rail.item(Page.HOME).text().startswith("今日工作")

    items = home.items()
    kinds = {(item.kind, item.child_id) for item in items}
    assert ("visit_overdue", morning["overdue"]) in kinds
    assert ("report_draft", morning["drafted"]) in kinds
    assert ("entrustment_expiring", morning["drafted"]) in kinds  # 20 days ahead: running out
    assert ("township_task", morning["overdue"]) in kinds
    assert ("township_task", None) in kinds
    assert ("conflicts", None) in kinds and ("offline", None) in kinds
    assert not any(item.kind == "sync_conflict" for item in items)  # one item, the page
    assert all("已办完" not in item.message.zh for item in items)
    order = {"urgent": 0, "warning": 1, "info": 2}
    assert [order[i.severity] for i in items] == sorted(order[i.severity] for i in items)
    late_task = items[row_of(home, "township_task", morning["overdue"])]
    assert late_task.severity == "urgent"  # the township's day has passed
    assert "周督导" in late_task.message.zh
    # The words on screen: Chinese, the day in words, the sync sentence plainly.
    assert home.model.index(row_of(home, "report_draft"), 0).data() == "紧急"
    assert "已有 10 天没有联网同步" in home.sync_line.text()
    assert "10 天" in window.status_bar.sentence_label.text()
    assert "紧急" in home.summary.text()

    # A child's item opens the child's file.
    with qtbot.waitSignal(controller.files.opened) as opened:
        double_click(qtbot, home, row_of(home, "visit_overdue", morning["overdue"]))
    assert opened.args[0].child_id == morning["overdue"]
    opened.args[0].hide()

    # A township task about a child opens the file on its 督导 tab (issue 18).
    double_click(qtbot, home, row_of(home, "township_task", morning["overdue"]))
    [file] = [d for d in controller.files.dialogs() if d.child_id == morning["overdue"]]
    assert file.tabs.currentIndex() == Tab.SUPERVISION
    file.hide()

    # The draft report opens the report itself.
    with qtbot.waitSignal(controller.reports.opened) as report_opened:
        double_click(qtbot, home, row_of(home, "report_draft"))
    assert report_opened.args[0].report_id == morning["report"]
    report_opened.args[0].hide()

    # Items about no one child open their page; by the keyboard too.
    for kind, page in (
        ("conflicts", Page.CONFLICTS),
        ("offline", Page.SYNC),
        ("township_task", Page.SUPERVISION),
    ):
        window.show_page(Page.HOME)
        row = next(r for r, i in enumerate(home.items()) if i.kind == kind and i.child_id is None)
        home.table.setFocus()
        home.table.setCurrentIndex(home.model.index(row, 0))
        QTest.keyClick(home.table, Qt.Key.Key_Return)
        assert window.pages.currentIndex() == page, kind

    # The entrustment running out opens the child whose paper it is.
    window.show_page(Page.HOME)
    with qtbot.waitSignal(controller.files.opened) as opened:
        double_click(qtbot, home, row_of(home, "entrustment_expiring"))
    assert opened.args[0].child_id == morning["drafted"]

    # "Everything on the to-do list" goes to the to-do page.
    window.show_page(Page.HOME)
    qtbot.mouseClick(home.todo_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentIndex() == Page.TODO


def test_window_keys(qtbot: QtBot, controller: AppController, store: CaseStore) -> None:
    add_child(store, "王小明")
    window = controller.window
    controller.show_window(store)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == Page.CHILDREN
    assert controller.children_page.search.hasFocus()

    with qtbot.waitSignal(controller.files.opened) as opened:
        QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = opened.args[0]
    assert dialog.child_id is None and dialog.isVisible()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: Esc just closes it
    qtbot.waitUntil(lambda: not dialog.isVisible())

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(controller.locked):
        QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked()
    if controller.unlock_dialog is not None:
        controller.unlock_dialog.hide()


def test_home_items_are_frozen_rows() -> None:
    from desktop.ui.pages.home import home_row, when_words

    message = Message("王小明：走访已逾期", "overdue")
    item = HomeItem("visit_overdue", "urgent", TODAY - timedelta(days=3), message)
    row = home_row(item, TODAY)
    assert row.texts[0] == "紧急" and row.payload is item
    assert when_words(TODAY, TODAY) == "今天"
    assert when_words(TODAY - timedelta(days=1), TODAY) == "昨天"
    assert when_words(TODAY + timedelta(days=5), TODAY).endswith("（5 天后）")
