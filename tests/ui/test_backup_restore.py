"""Backups from the settings page: a copy to a folder, and a checked restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.ui.controller import AppController
from tests.fakes import FakePeople
from tests.ui.conftest import PASSPHRASE
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
