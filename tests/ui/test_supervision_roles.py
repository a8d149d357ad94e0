"""The window offers each role what ``casework.permissions.TABLE`` allows: a director
sees the township supervisor's notes read-only (no form, no delete) and may only mark a
task done, which the county accepts and the supervisor then sees."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casework.permissions import ROLES, may, writable_fields
from desktop.services.datadir import DataDir
from desktop.ui.controller import AppController
from desktop.ui.main_window import Page
from desktop.ui.settings import UiSettings
from desktop.ui.tasks import SyncTaskRunner
from desktop.usecases.supervision import add_supervision_note, note_offers
from desktop.usecases.syncing import sync_now
from tests.serverproc import ServerProcess, running_server, sqlite_url
from tests.ui.test_supervision_page import join

TOWNSHIP, VILLAGE = "330523101", "330523101001"


@pytest.fixture
def county(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(sqlite_url(tmp_path / "county"), tmp_path / "server") as server:
        server.add_township(TOWNSHIP, "递铺街道")
        server.add_village(VILLAGE, "古城村", TOWNSHIP)
        yield server


@pytest.mark.parametrize("role", ROLES)
def test_the_offers_come_from_the_table(role: str) -> None:
    offers = note_offers(role)
    assert offers.create == may(role, "supervision_note", "create")
    assert offers.delete == may(role, "supervision_note", "delete")
    assert offers.mark_done == ("status" in writable_fields(role, "supervision_note", "update"))


def test_a_director_reads_a_supervisors_note_and_marks_its_task_done(
    qtbot: QtBot, tmp_path: Path, county: ServerProcess
) -> None:
    director = join(county, tmp_path, "李主任", "director", VILLAGE)
    supervisor = join(county, tmp_path, "周督导", "supervisor", TOWNSHIP)
    note_id = add_supervision_note(
        supervisor,
        village_code=VILLAGE,
        fields={"note": "请补签委托监护确认书", "task": "补签", "task_due": "2026-12-31"},
    )
    assert sync_now(supervisor, retries=0).rejected == 0
    sync_now(director, retries=0)

    controller = AppController(
        DataDir(tmp_path / "李主任"), UiSettings(), SyncTaskRunner(), today=date.today
    )
    qtbot.addWidget(controller.window)
    window = controller.window
    controller.session.open(director)
    assert not window.rail.item(Page.SUPERVISION).isHidden()
    page = controller.supervision_page
    assert page.heading.text() == "乡镇督导员给本村的督导意见"
    assert page.notes.rowCount() == 1
    # Read-only: nothing to write a note with, nothing to delete it with.
    assert page.form.isHidden() and page.add_button.isHidden()
    assert not page.offers.delete
    assert not page.done_button.isHidden() and not page.done_button.isEnabled()
    page.note_table.selectRow(0)
    assert page.done_button.isEnabled()
    # Done with a short reply (issue 18): asked for, then saved with the day.
    page.ask_reply = lambda _parent, _task: None  # cancelled: nothing changes
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert director.get(note_id).fields["status"] == "open"
    page.ask_reply = lambda _parent, _task: "已补签"
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    done = director.get(note_id).fields
    today = date.today().isoformat()
    assert (done["status"], done["reply"], done["done_on"]) == ("done", "已补签", today)
    assert page.notes.index(0, 4).data() == "已完成"
    assert page.notes.index(0, 5).data() == "已补签"

    assert sync_now(director, retries=0).rejected == 0
    sync_now(supervisor, retries=0)
    note = supervisor.get(note_id)
    assert (note.fields["status"], note.fields["author"], note.fields["reply"]) == (
        "done",
        "周督导",
        "已补签",
    )
    controller.idle.stop()
    controller.sync_page.timer.stop()
