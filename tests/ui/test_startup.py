"""The staged start: the unlock screen first, the main window once the store is open."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from desktop.app import build_application, build_controller, staged_start
from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.ui.controller import AppController
from desktop.ui.damaged import describe_error_safely
from desktop.ui.dialogs.unlock import UnlockDialog
from desktop.ui.settings import UiSettings, save_settings
from desktop.ui.startup import StagedStart
from desktop.ui.tasks import Lane, OnDone, OnError, TaskRunner
from tests.ui.conftest import PASSPHRASE, add_child

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter: this test process has imported everything already.
START_AND_UNLOCK = r"""
import json, sys, time
from desktop import app as window_app
from desktop.ui import startup

heavy = ("sqlalchemy", "pydantic", "desktop.models.store", "desktop.ui.controller")
loaded_for_unlock_screen = []
import_window = startup._import_window

def import_window_noting_what_is_loaded():
    # The first thing the start-up lane does, once the unlock screen is built and shown.
    loaded_for_unlock_screen.extend(name for name in heavy if name in sys.modules)
    import_window()

startup._import_window = import_window_noting_what_is_loaded
app, tasks, start = window_app.staged_start(["childdesk-window", "--data-dir", sys.argv[1]])
start.begin()
dialog = start.unlock_dialog
shown = dialog.isVisible()
dialog.passphrase.setText(sys.argv[2])
dialog.unlock()

def listed():
    c = start.controller
    return c is not None and c.window.isVisible() and c.children_page.model.rowCount() > 0

deadline = time.monotonic() + 60
while not listed() and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
print(json.dumps({
    "shown": shown,
    "loaded_for_unlock_screen": loaded_for_unlock_screen,
    "listed": listed(),
    "dialog_left": start.unlock_dialog is not None,
}))
if start.controller is not None:
    start.controller.quit()
tasks.wait_for_done()
"""


def test_unlock_screen_shows_before_the_window_is_imported(
    folder: DataDir, store: CaseStore
) -> None:
    add_child(store, "王小明")
    store.engine.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", START_AND_UNLOCK, str(folder.root), PASSPHRASE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["shown"] and result["loaded_for_unlock_screen"] == []
    assert result["listed"] and not result["dialog_left"]


def test_wrong_passphrase_keeps_the_unlock_screen_then_the_window_opens(
    qtbot: QtBot, folder: DataDir, store: CaseStore, restore_logging: None
) -> None:
    add_child(store, "王小明")
    store.engine.dispose()
    _app, tasks, start = staged_start(["childdesk", "--data-dir", str(folder.root)])
    start.begin()
    dialog = start.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    # While the passphrase is typed, the main window is built once imported, not shown.
    qtbot.waitUntil(lambda: start.controller is not None, timeout=30_000)
    controller = start.controller
    assert controller is not None
    qtbot.addWidget(controller.window)
    assert not controller.window.isVisible()
    dialog.passphrase.setText("not the passphrase")
    dialog.unlock()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=30_000)
    assert "密码不正确" in dialog.error.text() and not controller.window.isVisible()
    with qtbot.waitSignal(start.window_ready, timeout=30_000):
        dialog.passphrase.setText(PASSPHRASE)
        dialog.unlock()
    assert start.controller is controller and start.unlock_dialog is None
    _lists_the_child_then_quits(qtbot, controller, tasks)


def test_quit_at_the_unlock_screen(
    qtbot: QtBot, folder: DataDir, store: CaseStore, restore_logging: None
) -> None:
    store.engine.dispose()
    _app, tasks, start = staged_start(["childdesk", "--data-dir", str(folder.root)])
    start.begin()
    dialog = start.unlock_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: start.controller is not None, timeout=30_000)
    assert start.controller is not None
    qtbot.addWidget(start.controller.window)
    with qtbot.waitSignal(start.quit_requested):
        dialog.reject()  # Esc or the close button
    assert not start.controller.window.isVisible()
    assert tasks.wait_for_done(30_000)


def test_new_folder_starts_with_first_run(
    qtbot: QtBot, tmp_path: Path, restore_logging: None
) -> None:
    _app, tasks, start = staged_start(["childdesk", "--data-dir", str(tmp_path / "new")])
    start.begin()
    controller = start.controller
    assert controller is not None and start.unlock_dialog is None
    qtbot.addWidget(controller.window)
    assert controller.first_run is not None and controller.first_run.isVisible()
    with qtbot.waitSignal(controller.finished):
        controller.first_run.reject()
    assert tasks.wait_for_done(30_000)


def _lists_the_child_then_quits(qtbot: QtBot, controller: AppController, tasks: TaskRunner) -> None:
    """The main window shows the one child on file; quitting leaves no work running."""
    assert controller.window.isVisible()
    qtbot.waitUntil(lambda: controller.children_page.model.rowCount() == 1, timeout=30_000)
    with qtbot.waitSignal(controller.finished):
        controller.quit()
    assert tasks.wait_for_done(30_000)


def _begin_and_unlock(qtbot: QtBot, start: StagedStart) -> UnlockDialog:
    """The unlock screen, the right passphrase typed at once and Enter pressed."""
    start.begin()
    dialog = start.unlock_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.unlock()
    return dialog


class SlowImports(TaskRunner):
    """Real lanes, but the window's imports wait until the test lets them finish."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[Callable[[], None]] = []

    def run(
        self,
        lane: Lane,
        func: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        if lane is Lane.STARTUP:
            self.held.append(lambda: super(SlowImports, self).run(lane, func, on_done, on_error))
        else:
            super().run(lane, func, on_done, on_error, owner=owner)


def test_store_open_before_the_imports_keeps_the_unlock_screen_busy(
    qtbot: QtBot, folder: DataDir, store: CaseStore, restore_logging: None
) -> None:
    add_child(store, "王小明")
    store.engine.dispose()
    app, _tasks, _folder, settings = build_application(
        ["childdesk", "--data-dir", str(folder.root)]
    )
    tasks = SlowImports()
    start = StagedStart(folder, tasks, lambda: build_controller(app, folder, settings, tasks))
    dialog = _begin_and_unlock(qtbot, start)
    qtbot.waitUntil(lambda: dialog.busy.label.text() == "正在打开档案库…", timeout=30_000)
    assert dialog.isVisible() and start.controller is None
    dialog.reject()  # Esc while the window is on its way: ignored, the store stays open
    assert dialog.isVisible()
    with qtbot.waitSignal(start.window_ready, timeout=30_000):
        [release] = tasks.held
        release()
    controller = start.controller
    assert controller is not None
    qtbot.addWidget(controller.window)
    assert not dialog.isVisible()
    _lists_the_child_then_quits(qtbot, controller, tasks)


def test_a_damaged_install_is_told_at_the_unlock_screen(
    qtbot: QtBot, folder: DataDir, store: CaseStore, restore_logging: None
) -> None:
    store.engine.dispose()
    tasks = TaskRunner()

    def build_fails() -> Any:
        raise ImportError("a file of the program is missing")

    start = StagedStart(folder, tasks, build_fails)
    dialog = _begin_and_unlock(qtbot, start)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=30_000)
    assert "程序的文件不完整或已损坏" in dialog.error.text()
    assert dialog.isVisible() and dialog.unlock_button.isEnabled()  # not stuck busy
    assert start.controller is None
    with qtbot.waitSignal(start.quit_requested):
        dialog.reject()
    assert tasks.wait_for_done(30_000)


def test_errors_are_told_even_when_their_module_will_not_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "desktop.ui.errors", None)  # import fails
    assert "程序的文件不完整或已损坏" in describe_error_safely(RuntimeError("x"))


def test_the_unlock_screen_speaks_the_language_chosen_in_the_settings(
    folder: DataDir, store: CaseStore
) -> None:
    store.engine.dispose()
    save_settings(folder.root, UiSettings(language="en"))
    script = (
        "import sys\n"
        "from desktop.app import staged_start\n"
        "app, tasks, start = staged_start(['childdesk-window', '--data-dir', sys.argv[1]])\n"
        "start.begin()\n"
        "print(start.unlock_dialog.windowTitle())\n"
        "tasks.wait_for_done()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CHILDDESK_LANG"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder.root)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "Unlock the case file"
