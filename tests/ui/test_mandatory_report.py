"""强制报告: the fast path from a child and for a child not on file, filing, read-only
afterwards, the reports page with open and closed ones, drafts across a lock."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore, LockedRecordError
from desktop.services.datadir import DataDir
from desktop.ui.dialogs.child_file import Unsaved
from desktop.ui.dialogs.mandatory_report import ReportDialog
from desktop.ui.pages.reports import ReportsPage
from desktop.ui.report_dialogs import ReportDialogs
from desktop.ui.session import StoreSession
from desktop.ui.table_models.rows import PAYLOAD_ROLE
from desktop.ui.tasks import SyncTaskRunner
from tests.ui.conftest import add_child, type_text

NOW = datetime(2026, 11, 28, 9, 30)


def choose(combo: QComboBox, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))


def make_dialogs(folder: DataDir, store: CaseStore) -> tuple[StoreSession, ReportDialogs]:
    session = StoreSession(folder)
    session.open(store)
    dialogs = ReportDialogs(
        session, SyncTaskRunner(), confirm_unsaved=lambda _p: Unsaved.DISCARD, now=lambda: NOW
    )
    return session, dialogs


def test_filing_from_a_child_then_read_only_and_listed(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    child_id = add_child(store, "王小明")
    session, dialogs = make_dialogs(folder, store)
    page = ReportsPage(session, SyncTaskRunner())
    qtbot.addWidget(page)
    page.reload()
    assert page.model.rowCount() == 0

    dialog = dialogs.new_for_child(child_id, "王小明")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "强制报告：王小明"
    form = dialog.form
    assert form.values()["found_at"] == "2026-11-28 09:30"  # defaults to now
    choose(form.widget("trigger"), "suspected_violence")
    # Filing needs the time reported and the police station: said in red, nothing saved.
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    assert not form.error_label("police_station").isHidden()
    assert "派出所" in form.error_label("police_station").text()
    assert "未提交" in dialog.status.text()
    assert store.records("mandatory_report") == []
    # A report time before the child was found is refused as typed.
    type_text(qtbot, form.widget("reported_at"), "2026-11-28 08:00")
    assert form.error_label("reported_at").text() == "不能早于发现时间"
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    assert store.records("mandatory_report") == []
    form.widget("reported_at").clear()
    type_text(qtbot, form.widget("reported_at"), "2026-11-28 09:45")
    type_text(qtbot, form.widget("police_station"), "递铺派出所")
    type_text(qtbot, form.widget("receipt_no"), "AJ20261128001")
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)

    [report] = store.records("mandatory_report")
    assert report.child_id == child_id
    assert report.fields["filed"] is True
    assert report.fields["police_station"] == "递铺派出所"
    assert report.fields["reported_at"] == "2026-11-28T09:45:00"
    # Filed: read-only but for the follow-up; the dialog says so.
    assert dialog.filed
    assert "不能再修改" in dialog.heading.text()
    assert not form.widget("police_station").isEnabled()
    assert not form.widget("trigger").isEnabled()
    assert form.widget("follow_up_notes").isEnabled()
    assert dialog.file_button.isHidden() and not dialog.follow_up_button.isHidden()
    with pytest.raises(LockedRecordError):
        store.update(report.id, {"police_station": "别的派出所"})

    page.reload()
    assert page.visible_report_ids() == [report.id]
    assert page.model.index(0, 4).data() == "已报告，未结案"
    assert page.model.index(0, 1).data() == "王小明"
    assert page.count_label.text() == "共 1 份报告，1 份未结案"

    # Follow-up closes it; the page then shows it closed and the open filter hides it.
    choose(form.widget("follow_up_status"), "closed")
    type_text(qtbot, form.widget("follow_up_notes"), "已由公安机关处理")
    qtbot.mouseClick(dialog.follow_up_button, Qt.MouseButton.LeftButton)
    assert store.get(report.id).fields["follow_up_status"] == "closed"
    page.reload()
    assert page.model.index(0, 4).data() == "已报告，已结案"
    page.open_only.setChecked(True)
    assert page.visible_report_ids() == []
    dialog.close()


def test_a_child_not_on_file_is_created_with_the_report(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    session, dialogs = make_dialogs(folder, store)
    page = ReportsPage(session, SyncTaskRunner())
    qtbot.addWidget(page)
    page.new_unknown_child_report.connect(dialogs.new_for_unknown_child)
    with qtbot.waitSignal(dialogs.opened) as opened:
        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog: ReportDialog = opened.args[0]
    qtbot.addWidget(dialog)
    assert dialog.child_form is not None
    assert dialog.child_form.values()["name"] == "姓名不详"
    choose(dialog.form.widget("trigger"), "living_alone")
    # The child's gender and (rough) birth date are still missing: nothing can be saved.
    qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    assert not dialog.child_form.error_label("gender").isHidden()
    assert store.records("child") == []
    choose(dialog.child_form.widget("gender"), "female")
    type_text(qtbot, dialog.child_form.widget("birth_date"), "2019-05-01")
    qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)

    [child] = store.records("child")
    [report] = store.records("mandatory_report")
    assert child.fields["name"] == "姓名不详"
    assert report.child_id == child.id and report.fields["filed"] is False
    assert dialog.windowTitle() == "强制报告：姓名不详"
    page.reload()
    assert page.model.index(0, 4).data() == "草稿，尚未报告"
    assert page.model.index(0, 0).data(PAYLOAD_ROLE) == report.id
    dialog.close()


def test_unsaved_report_survives_a_lock(qtbot: QtBot, folder: DataDir, store: CaseStore) -> None:
    child_id = add_child(store, "王小明")
    _session, dialogs = make_dialogs(folder, store)
    dialog = dialogs.new_for_child(child_id, "王小明")
    choose(dialog.form.widget("trigger"), "missing")
    type_text(qtbot, dialog.form.widget("description"), "放学未回家")
    assert dialogs.stash_drafts() == 1
    assert dialogs.dialogs() == []
    assert store.records("mandatory_report") == []
    dialogs.restore_drafts()
    [again] = dialogs.dialogs()
    qtbot.addWidget(again)
    assert again.form.values()["description"] == "放学未回家"
    assert again.form.values()["trigger"] == "missing"
    assert "恢复" in again.status.text()
    again.take_draft()
