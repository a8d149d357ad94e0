"""The unlock screen says the demo passphrase on the demo's folder, and only there."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.demo.marker import DEMO_PASSPHRASE, mark_demo_folder
from desktop.services.datadir import DataDir
from desktop.ui.dialogs.unlock import UnlockDialog
from desktop.ui.tasks import TaskRunner


def _dialog(qtbot: QtBot, root: Path) -> UnlockDialog:
    tasks = TaskRunner()
    dialog = UnlockDialog(DataDir(root), tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_demo_folder_shows_its_passphrase(qtbot: QtBot, tmp_path: Path) -> None:
    mark_demo_folder(tmp_path)
    dialog = _dialog(qtbot, tmp_path)
    assert dialog.demo_hint.isVisible()
    assert DEMO_PASSPHRASE in dialog.demo_hint.text()


def test_a_real_folder_shows_no_passphrase(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path)
    assert not dialog.demo_hint.isVisible()
