"""The sync page: plain words when the county cannot be reached; a real sync when it can."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.sync.client import MESSAGES
from desktop.sync.state import SyncState
from desktop.ui.controller import AppController
from desktop.ui.main_window import Page
from desktop.ui.pages.sync_page import SyncPage
from desktop.ui.session import StoreSession
from desktop.ui.settings import UiSettings
from desktop.ui.tasks import TaskRunner
from tests.serverproc import ServerProcess, free_port, running_server, sqlite_url
from tests.ui.conftest import PASSPHRASE, VILLAGE, add_child


def sync_page(qtbot: QtBot, folder: DataDir, tasks: TaskRunner) -> tuple[StoreSession, SyncPage]:
    session = StoreSession(folder)
    page = SyncPage(session, tasks, interval_ms=3_600_000)
    qtbot.addWidget(page)
    page.show()
    return session, page


def test_unreachable_server_shows_a_plain_message(
    qtbot: QtBot, folder: DataDir, store: CaseStore, tasks: TaskRunner
) -> None:
    state = SyncState(store)
    state.put({"server_url": f"http://127.0.0.1:{free_port()}", "user_name": "李主任"})
    state.save_credential("device-credential")
    child = add_child(store, "王小明")
    session, page = sync_page(qtbot, folder, tasks)
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        session.open(store)
    qtbot.waitUntil(lambda: page.sync_button.isEnabled(), timeout=10_000)
    assert page.waiting_label.text() == "1"
    assert page.timer.isActive()  # enrolled: syncs every few minutes by itself

    with qtbot.waitSignal(page.sync_finished, timeout=30_000) as finished:
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    assert finished.args == [False]
    assert page.error_label.isVisible()
    assert page.error_label.text() == MESSAGES["network"].zh
    assert "Traceback" not in page.error_label.text()
    assert page.status().connection == "offline"
    assert page.status().waiting == 1  # nothing lost, waiting to go up

    # The failed sync is listed with its reason in words; a second one folds into it.
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 1, timeout=10_000)
    assert page.history_model.index(0, 6).data() == MESSAGES["network"].zh
    with qtbot.waitSignal(page.sync_finished, timeout=30_000):
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "共尝试 2 次" in (page.history_model.index(0, 6).data() or ""))
    assert page.history_model.rowCount() == 1
    # What waits to go up, per record; it opens the child.
    assert page.waiting_model.rowCount() == 1
    assert page.waiting_model.index(0, 0).data() == "王小明"
    assert page.waiting_model.index(0, 1).data() == "儿童"
    with qtbot.waitSignal(page.open_child) as opened:
        page.waiting_table.activated.emit(page.waiting_model.index(0, 0))
    assert opened.args == [child]
    assert "还没有与县里同步过，1 条修改等待上传" in page.sentence.text()


def test_not_enrolled_says_so(
    qtbot: QtBot, folder: DataDir, store: CaseStore, tasks: TaskRunner
) -> None:
    session, page = sync_page(qtbot, folder, tasks)
    with qtbot.waitSignal(page.status_changed, timeout=10_000):
        session.open(store)
    assert "未加入" in page.server_label.text()
    assert not page.timer.isActive()
    with qtbot.waitSignal(page.sync_finished, timeout=10_000):
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    assert page.error_label.text() == MESSAGES["not_enrolled"].zh
    assert page.status().connection == "offline_only"


@pytest.fixture
def county(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(sqlite_url(tmp_path / "county"), tmp_path / "server") as server:
        server.add_township("330523101", "递铺街道")
        server.add_village(VILLAGE, "古城村", "330523101")
        yield server


def test_join_the_county_and_sync(
    qtbot: QtBot, folder: DataDir, tasks: TaskRunner, county: ServerProcess
) -> None:
    code = county.add_user("李主任", "director", VILLAGE)
    controller = AppController(folder, UiSettings(), tasks, idle_timeout_ms=3_600_000)
    qtbot.addWidget(controller.window)
    controller.start()
    dialog = controller.first_run
    assert dialog is not None
    qtbot.mouseClick(dialog.join_choice, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.server_url, county.base_url)
    qtbot.keyClicks(dialog.enrolment_code, "WRONG-CODE")
    qtbot.keyClicks(dialog.join_passphrase.passphrase_edit, PASSPHRASE)
    qtbot.keyClicks(dialog.join_passphrase.confirm_edit, PASSPHRASE)
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.join_error.isVisible(), timeout=30_000)
    assert "没有接受这个登记码" in dialog.join_error.text()
    assert not folder.exists()

    dialog.enrolment_code.clear()
    qtbot.keyClicks(dialog.enrolment_code, code)
    with qtbot.waitSignal(controller.unlocked, timeout=30_000):
        qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    store = controller.session.require()
    assert store.village_code == VILLAGE and store.actor == "李主任"

    add_child(store, "王小明")
    controller.session.changed.emit("")
    controller.window.show_page(Page.SYNC)
    page = controller.sync_page
    qtbot.waitUntil(lambda: page.waiting_label.text() == "1", timeout=10_000)
    assert page.timer.isActive()
    with qtbot.waitSignal(page.sync_finished, timeout=30_000) as finished:
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    assert finished.args == [True], page.error_label.text()
    assert "上传 1 条" in page.result_label.text()
    # The page's read after the sync (run ahead of the other pages') says it is over; a
    # read made while the sync ran may already have shown nothing waiting.
    status_bar = controller.window.status_bar
    qtbot.waitUntil(
        lambda: status_bar.sentence_label.text().startswith("已与县里同步（上次同步：今天 "),
        timeout=10_000,
    )
    assert page.waiting_label.text() == "0"
    # The sync is listed in words, and nothing waits to go up.
    assert page.history_model.rowCount() == 1
    assert page.history_model.index(0, 1).data() == "1"  # sent
    assert page.history_model.index(0, 6).data() == "完成"
    assert page.nothing_waiting.isVisible() and not page.waiting_table.isVisible()
    children = controller.children_page.model  # read again after the sync page's own read
    qtbot.waitUntil(
        lambda: children.rowCount() == 1 and children.index(0, 6).data() == "已同步",
        timeout=10_000,
    )
    controller.idle.stop()
    page.timer.stop()
