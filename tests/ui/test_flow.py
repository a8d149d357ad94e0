"""The first vertical slice, end to end through the real widgets and worker threads:
first run offline → main window → add a child → record a visit → lock and unlock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from casework.eligibility import add_months
from casework.ids import make_id_number
from desktop.models.store import CaseStore
from desktop.services import read_cache
from desktop.services.backup import daily_folder
from desktop.services.datadir import DataDir
from desktop.ui.controller import AppController
from desktop.ui.dialogs.child_file import ChildFileDialog, Tab, Unsaved
from desktop.ui.settings import UiSettings
from desktop.ui.tasks import Lane, TaskRunner
from tests.ui.conftest import PASSPHRASE, USER, VILLAGE, type_text

GOOD_ID = make_id_number("330523", date(2015, 3, 8), 123)  # a boy born 2015-03-08
RAIL = [
    "今日工作",
    "儿童档案",
    "待办",
    "强制报告",
    "冲突",
    "统计",
    "台账与报表",
    "同步",
    "设置",
]
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")  # wrong check character


@pytest.fixture
def controller(qtbot: QtBot, folder: DataDir, tasks: TaskRunner) -> Iterator[AppController]:
    answers: list[Unsaved] = []
    app = AppController(
        folder,
        UiSettings(),
        tasks,
        confirm_unsaved=lambda _parent: answers.pop(0) if answers else Unsaved.CANCEL,
        idle_timeout_ms=3_600_000,
    )
    app.answers = answers  # type: ignore[attr-defined]
    qtbot.addWidget(app.window)
    yield app
    app.idle.stop()
    app.sync_page.timer.stop()
    for dialog in app.files.dialogs():
        dialog.take_draft()


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    type_text(qtbot, widget, text)


def choose(combo: QComboBox, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))


def first_run_offline(qtbot: QtBot, controller: AppController) -> None:
    controller.start()
    dialog = controller.first_run
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.offline_choice, Qt.MouseButton.LeftButton)
    # Inline problems in plain Chinese before anything is created.
    type_into(qtbot, dialog.village_code, "33052")
    type_into(qtbot, dialog.offline_passphrase.passphrase_edit, "short")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.offline_error.isVisible()
    assert "6 到 12 位数字" in dialog.offline_error.text()
    # The passphrase policy's refusal: why, and an example made for this dialog.
    assert dialog.offline_passphrase._example in dialog.offline_error.text()
    assert dialog.offline_passphrase.strength_bar.value() == 0
    assert not controller.folder.exists()

    dialog.village_code.clear()
    type_into(qtbot, dialog.village_code, VILLAGE)
    type_into(qtbot, dialog.user_name, USER)
    dialog.offline_passphrase.passphrase_edit.clear()
    type_into(qtbot, dialog.offline_passphrase.passphrase_edit, PASSPHRASE)
    assert dialog.offline_passphrase.strength_bar.value() >= 2
    type_into(qtbot, dialog.offline_passphrase.confirm_edit, PASSPHRASE[:-1])
    assert "不一致" in dialog.offline_error.text()  # kept current while typing
    type_into(qtbot, dialog.offline_passphrase.confirm_edit, PASSPHRASE[-1])
    assert not dialog.offline_error.isVisible()
    with qtbot.waitSignal(controller.unlocked, timeout=30_000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        assert dialog.busy.isVisible()  # creating runs on the database lane


def open_new_child(qtbot: QtBot, controller: AppController) -> ChildFileDialog:
    with qtbot.waitSignal(controller.files.opened) as opened:
        qtbot.mouseClick(controller.children_page.new_button, Qt.MouseButton.LeftButton)
    dialog: ChildFileDialog = opened.args[0]
    return dialog


def test_first_run_add_child_visit_lock_and_unlock(qtbot: QtBot, controller: AppController) -> None:
    first_run_offline(qtbot, controller)
    window = controller.window
    assert window.isVisible() and not window.is_locked()
    shown = [window.rail.item(i) for i in range(window.rail.count())]
    assert [item.text() for item in shown if not item.isHidden()] == RAIL
    sentence = window.status_bar.sentence_label
    qtbot.waitUntil(lambda: "未加入县级服务器" in sentence.text(), timeout=10_000)
    store = controller.session.require()

    # -- a new child: a bad ID number shows a message and saves nothing --------------------
    dialog = open_new_child(qtbot, controller)
    form = dialog.form
    assert not dialog.save_button.isEnabled()
    type_into(qtbot, form.widget("name"), "王小明")
    id_edit = form.widget("id_number").line
    type_into(qtbot, id_edit, BAD_ID)
    error = form.error_label("id_number")
    assert error.isVisible() and "校验" in error.text()
    assert not dialog.save_button.isEnabled()
    dialog.save()  # even forced, nothing is written
    assert store.records("child") == []

    # -- a good one fills birth date and gender, and saves ---------------------------------
    id_edit.clear()
    type_into(qtbot, id_edit, GOOD_ID)
    assert not error.isVisible()
    assert form.values()["birth_date"] == "2015-03-08"
    assert form.values()["gender"] == "male"
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [child] = store.records("child")
    assert child.fields["name"] == "王小明" and child.fields["id_number"] == GOOD_ID
    assert dialog.child_id == child.id
    qtbot.waitUntil(lambda: controller.children_page.model.rowCount() == 1, timeout=10_000)
    assert (
        controller.children_page.model.index(0, 3).data() == GOOD_ID[:6] + "********" + GOOD_ID[14:]
    )
    qtbot.waitUntil(lambda: dialog.history_model.rowCount() == 1, timeout=10_000)
    assert dialog.tabs.isTabEnabled(Tab.VISITS)

    # -- record a visit: today, the user, and the next due date from the policy --------------
    dialog.tabs.setCurrentIndex(Tab.VISITS)
    visit = dialog.visit_form.values()
    today = date.today()
    assert visit["visit_date"] == today.isoformat()
    assert visit["visitor"] == USER
    # The boy has no category yet (no parents on file): no next visit is due by policy.
    assert visit["next_visit_due"] is None
    type_into(qtbot, dialog.visit_form.widget("problems_found"), "作业没人辅导")
    due = add_months(today, 3).isoformat()
    type_into(qtbot, dialog.visit_form.widget("next_visit_due"), due)
    with qtbot.waitSignal(dialog.visit_recorded, timeout=10_000):
        qtbot.mouseClick(dialog.visit_button, Qt.MouseButton.LeftButton)
    [visit_record] = store.records("visit")
    assert visit_record.fields["visitor"] == USER
    assert visit_record.fields["problems_found"] == "作业没人辅导"
    assert visit_record.fields["next_visit_due"] == due
    qtbot.waitUntil(lambda: dialog.visit_model.rowCount() == 1, timeout=10_000)
    assert dialog.visit_form.values()["problems_found"] is None  # ready for the next one

    # -- unsaved edits survive a lock --------------------------------------------------------
    dialog.tabs.setCurrentIndex(Tab.BASIC)
    type_into(qtbot, form.widget("school"), "递铺小学")
    assert dialog.is_dirty()
    with qtbot.waitSignal(controller.locked):
        qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    assert controller.session.store is None
    assert window.is_locked()
    assert controller.files.dialogs() == [] and controller.files.has_drafts()
    assert controller.children_page.model.rowCount() == 0  # no names left on screen
    assert store not in read_cache._caches  # nor decrypted records kept for the pages
    unlock = controller.unlock_dialog
    assert unlock is not None and unlock.isVisible()

    type_into(qtbot, unlock.passphrase, "not the passphrase")
    qtbot.mouseClick(unlock.unlock_button, Qt.MouseButton.LeftButton)
    # The click returns at once: the key derivation runs on the database lane while the
    # window keeps painting its busy indicator.
    assert unlock.busy.isVisible() and not unlock.unlock_button.isEnabled()
    assert controller.tasks.is_busy(Lane.DB)
    qtbot.waitUntil(lambda: unlock.error.isVisible(), timeout=30_000)
    assert "密码不正确" in unlock.error.text()
    assert controller.session.store is None

    unlock.passphrase.clear()
    type_into(qtbot, unlock.passphrase, PASSPHRASE)
    with qtbot.waitSignal(controller.files.opened, timeout=30_000) as reopened:
        qtbot.mouseClick(unlock.unlock_button, Qt.MouseButton.LeftButton)
    restored: ChildFileDialog = reopened.args[0]
    assert restored.child_id == child.id
    qtbot.waitSignal(restored.file_loaded, timeout=10_000).wait()
    assert restored.form.values()["school"] == "递铺小学"
    assert restored.form.values()["name"] == "王小明"
    assert restored.is_dirty()
    assert not window.is_locked()
    with qtbot.waitSignal(restored.saved, timeout=10_000):
        qtbot.mouseClick(restored.save_button, Qt.MouseButton.LeftButton)
    assert controller.session.require().get(child.id).fields["school"] == "递铺小学"


def test_idle_lock_after_the_configured_quiet_time(
    qtbot: QtBot, folder: DataDir, store: CaseStore, tasks: TaskRunner
) -> None:
    del store  # the folder holds a case file: start shows unlock
    controller = AppController(folder, UiSettings(), tasks, idle_timeout_ms=300)
    qtbot.addWidget(controller.window)
    controller.start()
    unlock = controller.unlock_dialog
    assert unlock is not None and controller.first_run is None
    type_into(qtbot, unlock.passphrase, PASSPHRASE)
    with qtbot.waitSignal(controller.unlocked, timeout=30_000):
        qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    assert controller.idle.is_active()
    with qtbot.waitSignal(controller.locked, timeout=10_000):
        pass  # nobody touches anything
    assert controller.session.store is None and controller.window.is_locked()
    controller.idle.stop()


def test_closing_with_unsaved_changes_asks(qtbot: QtBot, controller: AppController) -> None:
    folder = controller.folder
    first_run_offline(qtbot, controller)
    store = controller.session.require()
    answers: list[Unsaved] = controller.answers  # type: ignore[attr-defined]

    dialog = open_new_child(qtbot, controller)
    type_into(qtbot, dialog.form.widget("name"), "李小红")
    answers.append(Unsaved.CANCEL)
    dialog.close()
    assert dialog.isVisible()  # cancel: go on editing
    choose(dialog.form.widget("gender"), "female")
    type_into(qtbot, dialog.form.widget("birth_date"), "2016-05-01")
    answers.append(Unsaved.SAVE)
    with qtbot.waitSignal(dialog.closed, timeout=10_000):
        dialog.close()
    assert [c.fields["name"] for c in store.records("child")] == ["李小红"]

    dialog = open_new_child(qtbot, controller)
    type_into(qtbot, dialog.form.widget("name"), "不要的")
    answers.append(Unsaved.DISCARD)
    with qtbot.waitSignal(dialog.closed, timeout=5_000):
        dialog.close()
    assert len(store.records("child")) == 1
    assert folder.exists()


def test_lock_waits_for_a_save_on_its_way(
    qtbot: QtBot, folder: DataDir, store: CaseStore, tasks: TaskRunner
) -> None:
    del store
    controller = AppController(
        folder,
        UiSettings(),
        tasks,
        confirm_unsaved=lambda _p: Unsaved.DISCARD,
        idle_timeout_ms=3_600_000,
    )
    qtbot.addWidget(controller.window)
    controller.start()
    unlock = controller.unlock_dialog
    assert unlock is not None
    type_into(qtbot, unlock.passphrase, PASSPHRASE)
    with qtbot.waitSignal(controller.unlocked, timeout=30_000):
        qtbot.mouseClick(unlock.unlock_button, Qt.MouseButton.LeftButton)
    store = controller.session.require()
    dialog = open_new_child(qtbot, controller)
    type_into(qtbot, dialog.form.widget("name"), "王小明")
    type_into(qtbot, dialog.form.widget("id_number").line, GOOD_ID)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.is_saving()
    controller.lock()  # "Lock now" right after Save
    assert controller.session.store is not None  # not yet: the save finishes first
    with qtbot.waitSignal(controller.locked, timeout=10_000):
        pass
    assert [c.fields["name"] for c in store.records("child")] == ["王小明"]
    assert not controller.files.has_drafts()  # saved, so nothing left to keep
    controller.idle.stop()


def test_unlocking_makes_the_days_backup_once(qtbot: QtBot, controller: AppController) -> None:
    """The automatic daily copy: made after unlock, off the UI thread, once a day."""
    first_run_offline(qtbot, controller)
    daily = daily_folder(controller.folder)
    # Written aside as .partial, then renamed: wait for the finished copy.
    qtbot.waitUntil(lambda: len(list(daily.glob("*.sqlite"))) == 1, timeout=15_000)
    (copy,) = daily.glob("*")
    assert copy.read_bytes()[:16] == b"SQLite format 3\x00"  # the encrypted store, as it is
    controller.lock()
    unlock = controller.unlock_dialog
    assert unlock is not None
    type_into(qtbot, unlock.passphrase, PASSPHRASE)
    with qtbot.waitSignal(controller.unlocked, timeout=30_000):
        qtbot.mouseClick(unlock.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not controller.tasks.is_busy(Lane.DB), timeout=15_000)
    assert [p.name for p in daily.glob("*")] == [copy.name]
