"""Backups from the settings page: a copy to a folder, and a checked restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.services.backup import OtherStore, make_backup
from desktop.services.datadir import DataDir, init_store
from desktop.ui.controller import AppController
from desktop.ui.tasks import TaskRunner
from desktop.ui.widgets.backup_box import BackupBox
from tests.fakes import FakePeople
from tests.ui.conftest import PASSPHRASE, VILLAGE
from tests.ui.test_flow import controller, first_run_offline, type_into  # noqa: F401

people = FakePeople(seed=2026_11_28)


def _names(app: AppController) -> set[str]:
    return {child.fields["name"] for child in app.session.require().records("child")}


def _unlock(qtbot: QtBot, app: AppController) -> None:
    unlock = app.unlock_dialog
    assert unlock is not None
    type_into(qtbot, unlock.passphrase, PASSPHRASE)
    with qtbot.waitSignal(app.unlocked, timeout=30_000):
        qtbot.mouseClick(unlock.unlock_button, Qt.MouseButton.LeftButton)


def _back_up(qtbot: QtBot, app: AppController, usb: Path) -> Path:
    box = app.settings_page.backups
    box._choose_folder = lambda _parent: str(usb)
    qtbot.mouseClick(box.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(box.status.text()), timeout=15_000)
    (copy,) = usb.glob("*.sqlite")
    assert str(copy) in box.status.text()
    return copy


def _restore(qtbot: QtBot, app: AppController, copy: Path, passphrase: str) -> bool:
    box = app.settings_page.backups
    box._choose_backup = lambda _parent: str(copy)
    box._confirm_restore = lambda _parent: True
    box._confirm_replace = lambda _parent, _other: False  # never another store's here
    type_into(qtbot, box.restore_passphrase, passphrase)
    with qtbot.waitSignal(app.restore_finished, timeout=60_000) as finished:
        qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    assert app.session.store is None and app.window.is_locked()
    return bool(finished.args[0])


def test_back_up_to_a_folder_then_restore_it(
    qtbot: QtBot,
    controller: AppController,  # noqa: F811
    tmp_path: Path,
) -> None:
    first_run_offline(qtbot, controller)
    kept, later = people.child().child_fields(), people.child().child_fields()
    controller.session.require().create("child", kept)
    copy = _back_up(qtbot, controller, tmp_path / "usb")
    assert kept["name"].encode() not in copy.read_bytes()  # the copy stays encrypted
    controller.session.require().create("child", later)

    assert _restore(qtbot, controller, copy, PASSPHRASE)
    notice = controller.unlock_dialog.notice if controller.unlock_dialog else None
    assert notice is not None and notice.isVisible() and "恢复" in notice.text()
    _unlock(qtbot, controller)
    assert _names(controller) == {kept["name"]}  # as it was at the backup
    replaced = list((controller.folder.root / "backups").glob("*replaced-by-restore*"))
    assert replaced, "the case file that was replaced is kept aside"


def test_a_restore_with_the_wrong_passphrase_changes_nothing(
    qtbot: QtBot,
    controller: AppController,  # noqa: F811
    tmp_path: Path,
) -> None:
    first_run_offline(qtbot, controller)
    child = people.child().child_fields()
    controller.session.require().create("child", child)
    copy = _back_up(qtbot, controller, tmp_path / "usb")

    assert not _restore(qtbot, controller, copy, "not the passphrase of it")
    notice = controller.unlock_dialog.notice if controller.unlock_dialog else None
    assert notice is not None and "密码与备份不匹配" in notice.text()
    assert not list((controller.folder.root / "backups").glob("*replaced-by-restore*"))
    _unlock(qtbot, controller)
    assert _names(controller) == {child["name"]}


NEIGHBOUR = "330523101002"


def _neighbours_backup(tmp_path: Path) -> Path:
    """Another village's real store, under the same passphrase, backed up to a stick."""
    neighbour = DataDir(tmp_path / "neighbour")
    store = init_store(neighbour, village_code=NEIGHBOUR, passphrase=PASSPHRASE, user="王主任")
    store.create("child", people.child().child_fields())
    store.engine.dispose()
    return make_backup(neighbour, tmp_path / "usb")


def test_another_villages_backup_needs_the_replace_warning_accepted(
    qtbot: QtBot,
    controller: AppController,  # noqa: F811
    tmp_path: Path,
) -> None:
    first_run_offline(qtbot, controller)
    mine = people.child().child_fields()
    controller.session.require().create("child", mine)
    copy = _neighbours_backup(tmp_path)
    box = controller.settings_page.backups
    warned: list[OtherStore] = []

    def decline(_parent: object, other: OtherStore) -> bool:
        warned.append(other)
        return False

    box._choose_backup = lambda _parent: str(copy)
    box._confirm_restore = lambda _parent: True  # the same-store question is not the one asked
    box._confirm_replace = decline
    type_into(qtbot, box.restore_passphrase, PASSPHRASE)
    qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(warned) and bool(box.status.text()), timeout=15_000)
    assert (warned[0].backup_village, warned[0].this_village) == (NEIGHBOUR, VILLAGE)
    assert warned[0].other_village
    assert controller.session.store is not None  # not locked, nothing replaced
    assert _names(controller) == {mine["name"]}
    assert not list((controller.folder.root / "backups").glob("*replaced-by-restore*"))

    box._confirm_replace = lambda _parent, _other: True
    type_into(qtbot, box.restore_passphrase, PASSPHRASE)
    with qtbot.waitSignal(controller.restore_finished, timeout=60_000) as finished:
        qtbot.mouseClick(box.restore_button, Qt.MouseButton.LeftButton)
    assert finished.args == [True]
    _unlock(qtbot, controller)
    assert controller.session.require().village_code == NEIGHBOUR
    assert list((controller.folder.root / "backups").glob("*replaced-by-restore*"))


def test_the_replace_warning_says_what_is_lost_and_defaults_to_cancel(
    qtbot: QtBot, folder: DataDir, tasks: TaskRunner
) -> None:
    box = BackupBox(folder, tasks)
    qtbot.addWidget(box)
    other = OtherStore(NEIGHBOUR, VILLAGE, other_village=True)
    warning = box.replace_store_box(box, other)
    assert NEIGHBOUR in warning.text() and VILLAGE in warning.text()
    assert warning.icon() == QMessageBox.Icon.Warning
    cancel = warning.button(QMessageBox.StandardButton.Cancel)
    assert warning.defaultButton() is cancel and warning.escapeButton() is cancel
    warning.deleteLater()

    def press_enter() -> None:  # the user just presses Enter on the real dialog
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        visible = [w for w in shown if w.isVisible()]
        assert visible, "the warning is showing"
        qtbot.keyClick(visible[0], Qt.Key.Key_Return)

    QTimer.singleShot(100, press_enter)
    assert box._ask_to_replace(box, other) is False
