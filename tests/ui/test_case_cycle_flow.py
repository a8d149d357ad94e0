"""The case cycle through the real window and a real county server (issue 17): a
mandatory report filed (risk high, the time to report shown), a referral sent from it and
accepted, the township supervisor's assessment on the supervisor's laptop (synced), and a
plan item done by the director; each to-do appears and goes as the seed says."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.services.reminders import reminders
from desktop.ui.controller import AppController
from desktop.ui.dialogs.child_file import ChildFileDialog, Tab, Unsaved
from desktop.ui.dialogs.closure import ClosureAnswer
from desktop.ui.dialogs.mandatory_report import ReportDialog
from desktop.ui.session import StoreSession
from desktop.ui.settings import UiSettings
from desktop.ui.tasks import SyncTaskRunner
from desktop.usecases.syncing import sync_now
from tests.serverproc import ServerProcess, running_server, sqlite_url
from tests.ui.conftest import type_text
from tests.ui.test_supervision_page import join
from tests.ui.test_todo_page import left_behind

TOWNSHIP, VILLAGE = "330523101", "330523101001"
TODAY = date.today()


@pytest.fixture
def county(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(sqlite_url(tmp_path / "county"), tmp_path / "server") as server:
        server.add_township(TOWNSHIP, "递铺街道")
        server.add_village(VILLAGE, "古城村", TOWNSHIP)
        yield server


def choose(combo: QWidget, data: object) -> None:
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(data))


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def tick(qtbot: QtBot, field: QWidget, code: str) -> None:
    box = field.findChild(QCheckBox, f"choice_{code}")
    assert box is not None, code
    box.setChecked(True)


def todo(store: CaseStore, *kinds: str) -> list[str]:
    return [r.message.zh for r in reminders(store, TODAY) if r.kind in kinds]


def test_report_referral_assessment_by_the_supervisor_and_a_plan_item_done(
    qtbot: QtBot, tmp_path: Path, county: ServerProcess
) -> None:
    director = join(county, tmp_path, "李主任", "director", VILLAGE)
    supervisor = join(county, tmp_path, "周督导", "supervisor", TOWNSHIP)
    child_id = left_behind(director, "王小明", "2015-03-08", 111)
    controller = AppController(
        DataDir(tmp_path / "李主任"), UiSettings(), SyncTaskRunner(), today=lambda: TODAY
    )
    qtbot.addWidget(controller.window)
    controller.session.open(director)
    file = controller.files.open(child_id)
    assert (
        file.tabs.tabText(Tab.ASSESSMENTS) == "评估" and file.tabs.tabText(Tab.REFERRALS) == "转介"
    )

    # -- the report, filed 30 hours after the child was found: not at once (§二(六)1) -------
    with qtbot.waitSignal(controller.reports.opened) as opened:
        click(qtbot, file.report_button)
    report_dialog = opened.args[0]
    assert isinstance(report_dialog, ReportDialog)
    form = report_dialog.form
    choose(form.widget("trigger"), "suspected_violence")
    tick(qtbot, form.widget("more_triggers"), "accidental_injury")
    now = datetime.now().replace(second=0, microsecond=0)
    form.widget("found_at").clear()
    type_text(
        qtbot, form.widget("found_at"), (now - timedelta(hours=30)).strftime("%Y-%m-%d %H:%M")
    )
    type_text(qtbot, form.widget("reported_at"), now.strftime("%Y-%m-%d %H:%M"))
    type_text(qtbot, form.widget("police_station"), "递铺派出所")
    assert "30 小时 0 分钟" in report_dialog.delay.text()
    assert "未在第一时间报告" in report_dialog.delay.text()
    assert "二（六）1" in report_dialog.delay.toolTip()
    assert report_dialog.refer_button.isHidden()  # nothing to refer from before it is saved
    click(qtbot, report_dialog.file_button)
    [report] = director.records("mandatory_report")
    assert report.fields["filed"] and report.fields["more_triggers"] == ["accidental_injury"]
    # Filing: risk high; a 随访 within 7 days and the township's assessment on the to-do.
    assert director.get(child_id).fields["risk_level"] == "high"
    assert todo(director, "follow_up_visit_due") == [
        f"王小明：强制报告后应于 {TODAY + timedelta(days=7)} 前随访儿童（工作方案二（六）1–2）"
    ]
    assert len(todo(director, "assessment_needed")) == 1
    # Emergency measure and police feedback: follow-up, writable after filing.
    assert form.widget("emergency_measure").isEnabled()
    choose(form.widget("emergency_measure"), "relatives_care")
    type_text(qtbot, form.widget("taken_in_by"), "王奶奶")
    click(qtbot, report_dialog.follow_up_button)
    assert director.get(report.id).fields["taken_in_by"] == "王奶奶"

    # -- 转介 from the report: the child's file opens on a new referral -----------------------
    assert not report_dialog.refer_button.isHidden()
    click(qtbot, report_dialog.refer_button)
    assert file.tabs.currentIndex() == Tab.REFERRALS
    panel = file.referrals
    assert panel.form.values()["need"].startswith("强制报告（疑似遭受家庭暴力）后")
    choose(panel.form.widget("department"), "civil_affairs")
    type_text(qtbot, panel.form.widget("need"), "临时救助")
    click(qtbot, panel.save_button)
    [referral] = director.records("referral")
    assert (referral.fields["report_id"], referral.fields["status"]) == (report.id, "open")
    assert panel.model.index(0, 3).data() == "已转介，待答复"
    assert "14 天" in panel.form.widget("status").toolTip()
    assert "二（五）" in file.tabs.tabToolTip(Tab.REFERRALS)
    # Accepted: the day of the answer fills itself in.
    choose(panel.form.widget("status"), "in_progress")
    assert panel.form.values()["accepted_on"] == TODAY.isoformat()
    click(qtbot, panel.save_button)
    assert director.get(referral.id).fields["accepted_on"] == TODAY.isoformat()
    assert panel.model.index(0, 3).data() == "已受理，办理中"
    assert sync_now(director, retries=0).rejected == 0

    # -- the supervisor's laptop: the township assesses (§二(六)3) ---------------------------
    sync_now(supervisor, retries=0)
    assert len(todo(supervisor, "assessment_needed")) == 1
    session = StoreSession(DataDir(tmp_path / "周督导"))
    session.open(supervisor)
    sup_file = ChildFileDialog(
        session,
        SyncTaskRunner(),
        child_id=child_id,
        today=lambda: TODAY,
        confirm_unsaved=lambda _p: Unsaved.DISCARD,
    )
    qtbot.addWidget(sup_file)
    # Offered what the table allows: assessments, not the village's file.
    assert not sup_file.form.isEnabled() and not sup_file.save_button.isEnabled()
    assert sup_file.referrals.save_button.isHidden()
    assert not sup_file.report_button.isEnabled() and not sup_file.visit_button.isEnabled()
    assessing = sup_file.assessments
    assert not assessing.save_button.isHidden()
    assert assessing.form.values()["assessor"] == "周督导"
    assert assessing.form.values()["risk_level"] == "high"  # starts from the child's
    tick(qtbot, assessing.form.widget("partners"), "civil_affairs")
    tick(qtbot, assessing.form.widget("partners"), "public_security")
    type_text(qtbot, assessing.form.widget("safety"), "已由祖母照料")
    choose(assessing.form.widget("risk_level"), "medium")
    assert "二（六）3" in assessing.form.widget("risk_level").toolTip()
    click(qtbot, assessing.situations.add_button)
    row = assessing.situations.rows()[0]
    type_text(qtbot, row.what, "心理疏导")
    choose(row.department, "education")
    type_text(qtbot, row.due, (TODAY + timedelta(days=5)).isoformat())
    click(qtbot, assessing.save_button)
    [assessment] = supervisor.records("assessment")
    assert assessment.fields["partners"] == ["civil_affairs", "public_security"]
    assert supervisor.get(child_id).fields["risk_level"] == "medium"
    assert sync_now(supervisor, retries=0).rejected == 0
    assert todo(supervisor, "plan_item_open") == [
        f"王小明：帮扶计划事项“心理疏导”应于 {TODAY + timedelta(days=5)} 前完成"
    ]

    # -- back on the director's laptop: the plan item is done ------------------------------
    sync_now(director, retries=0)
    assert director.get(child_id).fields["risk_level"] == "medium"
    assert todo(director, "assessment_needed") == []
    assert len(todo(director, "plan_item_open")) == 1
    with qtbot.waitSignal(file.file_loaded):
        file.reload()
    file.tabs.setCurrentIndex(Tab.ASSESSMENTS)
    assert file.assessments.model.rowCount() == 1
    assert file.assessments.model.index(0, 3).data() == "已完成 0/1 项"
    file.assessments.pick(0)
    file.assessments.situations.rows()[0].done.click()
    assert file.assessments.situations.values()[0]["done_on"] == TODAY.isoformat()
    click(qtbot, file.assessments.save_button)
    assert todo(director, "plan_item_open", "plan_item_overdue") == []
    assert sync_now(director, retries=0).rejected == 0
    sync_now(supervisor, retries=0)
    assert todo(supervisor, "plan_item_open") == []

    # -- 退出/结案: the file goes to the archive; then it is reopened ----------------------------
    file.ask_closure = lambda _parent, *, reopen, today: ClosureAnswer(
        "parents_returned", today, "父母返乡照料"
    )
    assert not file.close_file_button.isHidden() and file.reopen_button.isHidden()
    click(qtbot, file.close_file_button)
    closed = director.get(child_id).fields
    assert (closed["file_closed_on"], closed["closure_reason"]) == (
        TODAY.isoformat(),
        "parents_returned",
    )
    assert not file.closed_banner.isHidden() and "父母返乡" in file.closed_banner.text()
    assert file.close_file_button.isHidden() and not file.reopen_button.isHidden()
    controller.children_page.reload()
    page = controller.children_page
    assert child_id not in [page.model.summary(r).id for r in range(page.model.rowCount())]
    assert all(r.child_id != child_id for r in reminders(director, TODAY))
    archive = controller.open_archive()  # the window's child: closed with it
    assert archive.model.rowCount() == 1
    type_text(qtbot, archive.search, "李")
    assert archive.model.rowCount() == 0
    archive.search.clear()
    type_text(qtbot, archive.search, "小明")
    assert archive.model.index(0, 2).data() == "父母返乡"
    with qtbot.waitSignal(archive.open_child) as wanted:
        click(qtbot, archive.open_button)
    assert wanted.args == [child_id]

    file.ask_closure = lambda _parent, *, reopen, today: ClosureAnswer("父母再次外出务工", today)
    click(qtbot, file.reopen_button)
    again = director.get(child_id).fields
    assert again["file_closed_on"] is None and again["reopen_reason"] == "父母再次外出务工"
    assert file.closed_banner.isHidden() and not file.close_file_button.isHidden()
    assert archive.model.rowCount() == 0  # the archive follows the store
    assert sync_now(director, retries=0).rejected == 0
    for dialog in (report_dialog, file, sup_file, archive):
        dialog.close()
