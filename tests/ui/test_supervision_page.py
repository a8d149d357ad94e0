"""督导: a supervisor's device, enrolled with a township scope against a real county
server, sees every village of the township with overdue visits and missing entrustments,
and its note reaches the village's director through two syncs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.ui.controller import AppController
from desktop.ui.main_window import Page
from desktop.ui.settings import UiSettings
from desktop.ui.tasks import SyncTaskRunner
from desktop.usecases.supervision import supervision_overview
from desktop.usecases.syncing import sync_now
from tests.serverproc import ServerProcess, running_server, sqlite_url
from tests.store_template import enrol
from tests.ui.conftest import PASSPHRASE, type_text
from tests.ui.test_todo_page import left_behind

TOWNSHIP = "330523101"
VILLAGE_A, VILLAGE_B, VILLAGE_C = "330523101001", "330523101002", "330523101003"
TODAY = date.today() + timedelta(days=200)


@pytest.fixture
def county(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(sqlite_url(tmp_path / "county"), tmp_path / "server") as server:
        server.add_township(TOWNSHIP, "递铺街道")
        server.add_village(VILLAGE_A, "古城村", TOWNSHIP)
        server.add_village(VILLAGE_B, "鹤鹿溪村", TOWNSHIP)
        server.add_village(VILLAGE_C, "双一村", TOWNSHIP)
        yield server


def join(county: ServerProcess, tmp_path: Path, name: str, role: str, scope: str) -> CaseStore:
    code = county.add_user(name, role, scope)
    # A copy of the session's template store: no key derivation per device.
    store, _ = enrol(
        DataDir(tmp_path / name), server_url=county.base_url, code=code, passphrase=PASSPHRASE
    )
    return store


def test_supervisor_sees_the_township_and_writes_a_note(
    qtbot: QtBot, tmp_path: Path, county: ServerProcess
) -> None:
    director_a = join(county, tmp_path, "李主任", "director", VILLAGE_A)
    director_b = join(county, tmp_path, "赵主任", "director", VILLAGE_B)
    left_behind(director_a, "王小明", "2015-03-08", 111)
    left_behind(director_a, "王小红", "2016-03-08", 112)
    entrusted = left_behind(director_b, "张三", "2014-06-01", 113)
    director_b.create(
        "entrustment",
        {
            "child_id": entrusted,
            "guardian_name": "张奶奶",
            "signed_date": date.today().isoformat(),
            "valid_until": (TODAY + timedelta(days=100)).isoformat(),
            "status": "signed",
        },
    )
    director_b.create(
        "visit",
        {"child_id": entrusted, "visit_date": date.today().isoformat(), "visitor": "赵主任"},
    )
    for director in (director_a, director_b):
        assert sync_now(director, retries=0).rejected == 0

    supervisor = join(county, tmp_path, "周督导", "supervisor", TOWNSHIP)
    sync_now(supervisor, retries=0)
    controller = AppController(
        DataDir(tmp_path / "周督导"), UiSettings(), SyncTaskRunner(), today=lambda: TODAY
    )
    qtbot.addWidget(controller.window)
    window = controller.window
    assert window.rail.item(Page.SUPERVISION).isHidden()
    controller.session.open(supervisor)
    assert not window.rail.item(Page.SUPERVISION).isHidden()
    assert window.rail.item(Page.SUPERVISION).text() == "督导"
    page = controller.supervision_page
    assert page.heading.text() == "递铺街道：共 3 个村（社区）"
    # Village, children, left behind, visits overdue, without a valid entrustment.
    rows = [
        [page.villages.index(r, c).data() for c in (0, 1, 2, 5, 6)]
        for r in range(page.villages.rowCount())
    ]
    assert rows == [
        ["古城村", "2", "2", "2", "2"],
        ["鹤鹿溪村", "1", "1", "1", "0"],
        ["双一村", "0", "0", "0", "0"],
    ]
    # The supervisor sees all three children in the children list as well.
    assert controller.children_page.model.rowCount() == 3

    assert not page.add_button.isEnabled()
    page.choose_village(VILLAGE_A)
    assert page.notes_heading.text() == "古城村的督导意见"
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.form.error_label("note").text() == "必须填写"
    assert supervisor.records("supervision_note") == []
    type_text(qtbot, page.form.widget("note"), "两名留守儿童未签委托监护确认书，请尽快补签")
    type_text(qtbot, page.form.widget("task_due"), "2026-12-31")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "意见已保存，下次同步时送达该村。"
    [note] = supervisor.records("supervision_note")
    assert note.fields["author"] == "周督导" and note.fields["village_code"] == VILLAGE_A
    assert page.notes.rowCount() == 1
    assert page.notes.index(0, 4).data() == "未处理"

    assert sync_now(supervisor, retries=0).rejected == 0
    sync_now(director_a, retries=0)
    assert director_a.get(note.id).fields["note"].startswith("两名留守儿童")
    sync_now(director_b, retries=0)
    assert director_b.records("supervision_note") == []  # another village: not sent there
    controller.idle.stop()
    controller.sync_page.timer.stop()


def test_the_county_centre_sees_every_township_village_by_village(
    tmp_path: Path, county: ServerProcess
) -> None:
    # Issue 18 item 6: a county device gets the supervision page at county level.
    other_township, other_village = "330523102", "330523102001"
    county.add_township(other_township, "孝丰镇")
    county.add_village(other_village, "横溪坞村", other_township)
    director_a = join(county, tmp_path, "李主任", "director", VILLAGE_A)
    director_far = join(county, tmp_path, "钱主任", "director", other_village)
    left_behind(director_a, "王小明", "2015-03-08", 111)
    left_behind(director_far, "钱小花", "2016-05-01", 114)
    for director in (director_a, director_far):
        assert sync_now(director, retries=0).rejected == 0

    centre = join(county, tmp_path, "县中心", "county", "330523")
    sync_now(centre, retries=0)
    overview = supervision_overview(centre, today=TODAY)
    assert overview.shown and overview.is_supervisor
    assert overview.township_name == "全县"
    by_name = {v.name: v.children for v in overview.villages}
    assert by_name == {
        "递铺街道 古城村": 1,
        "递铺街道 鹤鹿溪村": 0,
        "递铺街道 双一村": 0,
        "孝丰镇 横溪坞村": 1,
    }
    # A township's supervisor still sees only its own villages.
    supervisor = join(county, tmp_path, "周督导", "supervisor", TOWNSHIP)
    sync_now(supervisor, retries=0)
    names = [v.name for v in supervision_overview(supervisor, today=TODAY).villages]
    assert sorted(names) == sorted(["古城村", "鹤鹿溪村", "双一村"])
