"""A township supervisor's laptop against a real county server (issue 18 items 1–3):

- a child's file opens read-only (fields disabled; no save, visit, report, close-file,
  new-child or import buttons) except the supervisor's own writes: notes and tasks (the
  督导 tab) and assessments; the store refuses the rest in words before saving;
- the supervision page's numbers per village, each opening the list behind it, and a line
  of the list opening the child's file; each village's laptops with their last sync, in red
  after a fortnight without one;
- the director's laptop: the task on the to-do, marked done with a reply from the
  supervision page, seen done on the supervisor's page after both sync.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from casework.role_refusals import RoleRefusedError
from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.ui.controller import AppController
from desktop.ui.dialogs.child_file import ChildFileDialog, Tab
from desktop.ui.dialogs.supervision_list import SupervisionListDialog
from desktop.ui.main_window import Page
from desktop.ui.pages.supervision import FIRST_FIGURE_COLUMN, LAPTOPS_COLUMN, SupervisionPage
from desktop.ui.settings import UiSettings
from desktop.ui.tasks import SyncTaskRunner
from desktop.usecases.supervision import FIGURES
from desktop.usecases.syncing import sync_now
from tests.serverproc import ServerProcess, running_server, sqlite_url
from tests.ui.conftest import type_text
from tests.ui.test_supervision_page import TOWNSHIP, VILLAGE_A, VILLAGE_B, VILLAGE_C, join
from tests.ui.test_todo_page import left_behind

TODAY = date.today()


@pytest.fixture
def county(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(sqlite_url(tmp_path / "county"), tmp_path / "server") as server:
        server.add_township(TOWNSHIP, "递铺街道")
        server.add_village(VILLAGE_A, "古城村", TOWNSHIP)
        server.add_village(VILLAGE_B, "鹤鹿溪村", TOWNSHIP)
        server.add_village(VILLAGE_C, "双一村", TOWNSHIP)
        yield server


def _controller(qtbot: QtBot, folder: Path) -> AppController:
    controller = AppController(
        DataDir(folder),
        UiSettings(),
        SyncTaskRunner(),
        confirm_unsaved=lambda _parent: pytest.fail("nothing was changed"),
        idle_timeout_ms=3_600_000,
        today=lambda: TODAY,
    )
    qtbot.addWidget(controller.window)
    return controller


@pytest.fixture
def cleanup() -> Iterator[list[AppController]]:
    made: list[AppController] = []
    yield made
    for controller in made:
        controller.idle.stop()
        controller.sync_page.timer.stop()
        for dialog in controller.files.dialogs():
            dialog.hide()


def _open_file(qtbot: QtBot, controller: AppController, child_id: str) -> ChildFileDialog:
    with qtbot.waitSignal(controller.files.opened) as opened:
        controller.files.open(child_id)
    dialog: ChildFileDialog = opened.args[0]
    if not dialog.is_loaded():
        with qtbot.waitSignal(dialog.file_loaded, timeout=10_000):
            pass
    return dialog


def test_a_child_file_is_read_only_on_a_supervisors_laptop(
    qtbot: QtBot, tmp_path: Path, county: ServerProcess, cleanup: list[AppController]
) -> None:
    director = join(county, tmp_path, "李主任", "director", VILLAGE_A)
    child_id = left_behind(director, "王小明", "2015-03-08", 111)
    assert sync_now(director, retries=0).rejected == 0
    supervisor = join(county, tmp_path, "周督导", "supervisor", TOWNSHIP)
    sync_now(supervisor, retries=0)

    controller = _controller(qtbot, tmp_path / "周督导")
    cleanup.append(controller)
    controller.session.open(supervisor)
    # Nothing on the window that would write what the county refuses a supervisor.
    assert controller.children_page.new_button.isHidden()
    assert controller.children_page.report_button.isHidden()
    assert controller.ledger_page.importing.import_button.isHidden()
    controller.new_child()  # Ctrl+N
    assert controller.files.dialogs() == []

    dialog = _open_file(qtbot, controller, child_id)
    dialog.show()
    assert not dialog.form.isEnabled() and not dialog.visit_form.isEnabled()
    # The visits are listed; no greyed new-visit form in the supervisor's own name.
    assert dialog.visit_table.isVisibleTo(dialog.visits)
    assert not dialog.visit_form.isVisibleTo(dialog.visits)
    for button in (
        dialog.save_button,
        dialog.visit_button,
        dialog.report_button,
        dialog.close_file_button,
        dialog.reopen_button,
    ):
        assert button.isHidden(), button.objectName()
    assert dialog.role_banner.isVisible() and dialog.role_banner.text()
    assert dialog.members.save_button.isHidden() and dialog.members.new_button.isHidden()
    assert dialog.entrustments.save_button.isHidden()
    assert not dialog.assessments.save_button.isHidden()  # the supervisor's own write

    # The 督导 tab: a note with a task about this child, written here.
    dialog.tabs.setCurrentIndex(Tab.SUPERVISION)
    notes = dialog.notes_panel
    assert notes.add_button.isVisible() and notes.done_button.isHidden()
    type_text(qtbot, notes.form.widget("note"), "王小明的委托监护确认书还没签")
    type_text(qtbot, notes.form.widget("task"), "一周内补签")
    type_text(qtbot, notes.form.widget("task_due"), (TODAY + timedelta(days=7)).isoformat())
    with qtbot.waitSignal(notes.loaded, timeout=10_000):
        qtbot.mouseClick(notes.add_button, Qt.MouseButton.LeftButton)
    [note] = notes.notes()
    assert (note.child_id, note.fields["village_code"], note.fields["task"]) == (
        child_id,
        VILLAGE_A,
        "一周内补签",
    )

    # Below the window, the store refuses the rest, in words, and writes nothing.
    waiting = supervisor.pending_count()
    with pytest.raises(RoleRefusedError) as refused:
        supervisor.update(child_id, {"name": "王小亮"})
    assert "乡镇（街道）儿童督导员不能修改儿童档案的姓名" in refused.value.message.zh
    with pytest.raises(RoleRefusedError):
        supervisor.create(
            "visit",
            {"child_id": child_id, "visit_date": TODAY.isoformat(), "visitor": "周督导"},
        )
    assert supervisor.pending_count() == waiting
    supervisor.update(child_id, {"risk_level": "high"})  # what an assessment sets: allowed
    assert sync_now(supervisor, retries=0).rejected == 0
    dialog.hide()

    # The director's laptop: the task on the to-do opens the file on its 督导 tab, where
    # it is marked done with a reply; the director cannot write a note there.
    sync_now(director, retries=0)
    desk = _controller(qtbot, tmp_path / "李主任")
    cleanup.append(desk)
    with qtbot.waitSignal(desk.todo_page.loaded, timeout=20_000):
        desk.session.open(director)
    [task] = [i for i in desk.todo_page.visible_items() if i.kind == "township_task"]
    assert (task.record_id, task.child_id) == (note.id, child_id)
    with qtbot.waitSignal(desk.files.opened) as opened:
        desk.todo_page.open_item(task)
    file: ChildFileDialog = opened.args[0]
    if not file.is_loaded():
        with qtbot.waitSignal(file.file_loaded, timeout=10_000):
            pass
    assert file.tabs.currentIndex() == Tab.SUPERVISION
    panel = file.notes_panel
    if not panel.notes():
        with qtbot.waitSignal(panel.loaded, timeout=10_000):
            pass
    assert file.role_banner.isHidden() and not file.save_button.isHidden()
    assert panel.form.isHidden() and panel.add_button.isHidden()
    panel.table.selectRow(0)
    panel.ask_reply = lambda _parent, _task: "已与监护人约好周六补签"
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    answered = director.get(note.id).fields
    assert (answered["status"], answered["reply"]) == ("done", "已与监护人约好周六补签")
    assert not panel.done_button.isEnabled()
    assert sync_now(director, retries=0).rejected == 0
    sync_now(supervisor, retries=0)
    assert supervisor.get(note.id).fields["reply"] == "已与监护人约好周六补签"
    file.hide()


def _village_a(director: CaseStore) -> dict[str, str]:
    """Village A's work: left-behind children (one without an ID number or entrustment),
    a visit overdue, an open mandatory report and referral, a 低保 certificate undated."""
    first = left_behind(director, "王小明", "2015-03-08", 111)
    second = director.create(
        "child",
        {
            "name": "李小红",
            "gender": "female",
            "birth_date": "2016-05-01",
            "family_assistance": "dibao",
        },
    )
    director.create(
        "visit",
        {
            "child_id": first,
            "visit_date": (TODAY - timedelta(days=200)).isoformat(),
            "visitor": "李主任",
            "next_visit_due": (TODAY - timedelta(days=20)).isoformat(),
        },
    )
    director.create(
        "mandatory_report",
        {
            "child_id": first,
            "trigger": "living_alone",
            "found_at": f"{(TODAY - timedelta(days=3)).isoformat()}T10:00:00",
            "description": "独居",
        },
    )
    director.create(
        "referral",
        {
            "child_id": second,
            "department": "civil_affairs",
            "need": "低保",
            "referred_on": (TODAY - timedelta(days=5)).isoformat(),
        },
    )
    return {"first": first, "second": second}


def _row(page: SupervisionPage, code: str) -> int:
    return next(r for r in range(page.villages.rowCount()) if page.villages.row(r).payload == code)


def _cell(page: SupervisionPage, code: str, figure: str) -> str:
    column = FIRST_FIGURE_COLUMN + FIGURES.index(figure)
    return str(page.villages.index(_row(page, code), column).data())


def _laptops_cell(page: SupervisionPage, code: str) -> QModelIndex:
    return page.villages.index(_row(page, code), LAPTOPS_COLUMN)


def test_the_supervision_page_numbers_open_their_lists_and_tasks_come_back(
    qtbot: QtBot, tmp_path: Path, county: ServerProcess, cleanup: list[AppController]
) -> None:
    director = join(county, tmp_path, "李主任", "director", VILLAGE_A)
    children = _village_a(director)
    assert sync_now(director, retries=0).rejected == 0
    supervisor = join(county, tmp_path, "周督导", "supervisor", TOWNSHIP)
    sync_now(supervisor, retries=0)

    controller = _controller(qtbot, tmp_path / "周督导")
    cleanup.append(controller)
    with qtbot.waitSignal(controller.supervision_page.loaded, timeout=20_000):
        controller.session.open(supervisor)
    page = controller.supervision_page
    controller.window.show_page(Page.SUPERVISION)
    expected = {
        "children": "2",
        "left_behind": "1",
        "in_difficulty": "1",  # 李小红, a 低保 family
        "overdue_visits": "1",
        "missing_entrustments": "1",
        "open_reports": "1",
        "open_referrals": "1",
        "tasks": "0 / 0 / 0",
        # 李小红: no ID number, and a 低保 family without the certificate's date.
        "data_problems": "2",
    }
    assert {f: _cell(page, VILLAGE_A, f) for f in expected} == expected
    assert _cell(page, VILLAGE_B, "children") == "0"
    # The last sync of each village's laptop, as the county told the supervisor's sync.
    synced = _laptops_cell(page, VILLAGE_A)
    assert synced.data() == f"李主任 {datetime.now().strftime('%m-%d')} " + synced.data()[-5:]
    assert synced.data(Qt.ItemDataRole.ForegroundRole) is None  # synced today: not red
    assert "李主任" in synced.data(Qt.ItemDataRole.ToolTipRole)
    nobody = QCoreApplication.translate("SupervisionPage", "no laptop enrolled")
    assert _laptops_cell(page, VILLAGE_B).data() == nobody
    assert not page.village_table.isColumnHidden(LAPTOPS_COLUMN)

    # Double-clicking a number lists the children behind it; a line opens the file.
    table = page.village_table
    row = next(
        r for r in range(page.villages.rowCount()) if page.villages.row(r).payload == VILLAGE_A
    )
    index = page.villages.index(row, FIRST_FIGURE_COLUMN + FIGURES.index("data_problems"))
    table.scrollTo(index)
    rect = table.visualRect(index)
    with qtbot.waitSignal(page.list_opened) as shown:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    listing: SupervisionListDialog | None = shown.args[0]
    assert listing is not None
    lines = [
        (listing.model.index(r, 0).data(), listing.model.index(r, 1).data())
        for r in range(listing.model.rowCount())
    ]
    assert ("李小红", "没有身份证号码") in lines
    assert any(name == "李小红" and "救助证没有有效期" in what for name, what in lines)
    for figure, name in (("overdue_visits", "王小明"), ("open_referrals", "李小红")):
        other = page.open_figure(VILLAGE_A, figure)
        assert other is not None
        assert [other.model.index(r, 0).data() for r in range(other.model.rowCount())] == [name]
    listing = page.open_figure(VILLAGE_A, "missing_entrustments")
    assert listing is not None and listing.model.rowCount() == 1
    listing.table.setCurrentIndex(listing.model.index(0, 0))
    with qtbot.waitSignal(controller.files.opened) as opened:
        QTest.keyClick(listing.table, Qt.Key.Key_Return)
    assert opened.args[0].child_id == children["first"]
    opened.args[0].hide()
    listing.close()

    # A task for the village goes down; the director answers it; it comes back done.
    page.choose_village(VILLAGE_A)
    type_text(qtbot, page.form.widget("note"), "两名儿童材料不全")
    type_text(qtbot, page.form.widget("task"), "补齐身份证号码")
    type_text(qtbot, page.form.widget("task_due"), (TODAY - timedelta(days=1)).isoformat())
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert _cell(page, VILLAGE_A, "tasks") == "0 / 0 / 1"  # its day has passed
    assert sync_now(supervisor, retries=0).rejected == 0

    sync_now(director, retries=0)
    desk = _controller(qtbot, tmp_path / "李主任")
    cleanup.append(desk)
    with qtbot.waitSignal(desk.todo_page.loaded, timeout=20_000):
        desk.session.open(director)
    [task] = [i for i in desk.todo_page.visible_items() if i.kind == "township_task"]
    assert task.severity == "urgent" and "周督导" in task.message.zh
    with qtbot.waitSignal(desk.supervision_page.loaded, timeout=20_000):
        desk.supervision_page.reload()
    director_page = desk.supervision_page
    assert director_page.form.isHidden() and director_page.add_button.isHidden()
    director_page.choose_note(task.record_id)
    assert director_page.done_button.isEnabled()
    director_page.ask_reply = lambda _parent, words: "已补齐两名儿童的身份证号码"
    with qtbot.waitSignal(director_page.loaded, timeout=20_000):
        qtbot.mouseClick(director_page.done_button, Qt.MouseButton.LeftButton)
    done = director.get(task.record_id)
    assert (done.fields["status"], done.fields["reply"]) == ("done", "已补齐两名儿童的身份证号码")
    assert sync_now(director, retries=0).rejected == 0

    sync_now(supervisor, retries=0)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.reload()
    assert _cell(page, VILLAGE_A, "tasks") == "1 / 0 / 0"
    page.choose_village(VILLAGE_A)
    replies = [page.notes.index(r, 5).data() for r in range(page.notes.rowCount())]
    assert replies == ["已补齐两名儿童的身份证号码"]
    # On the director's laptop the column is not there (it is not told other laptops').
    assert director_page.village_table.isColumnHidden(LAPTOPS_COLUMN)

    # Three weeks on without a sync, the village's laptop stands out in red.
    page._today = lambda: TODAY + timedelta(days=21)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.reload()
    late = _laptops_cell(page, VILLAGE_A)
    stale = QCoreApplication.translate("SupervisionPage", "{user}: no sync for {days} days")
    assert late.data() == stale.format(user="李主任", days=21)
    assert late.data(Qt.ItemDataRole.ForegroundRole) is not None
