"""The self-test's window step: the packaged window really opens (``desktop/selftest.py``)."""

from __future__ import annotations

import os
import time

from PySide6.QtWidgets import QApplication

from casework.messages import Message
from desktop.services.folder import DataDir
from desktop.ui.application import staged_start
from desktop.ui.i18n import chosen_language

WINDOW_TIMEOUT_S = 60.0
NO_TRANSLATIONS = Message(
    "没有找到中文界面文件（.qm），界面会显示英文", "the Chinese catalog (.qm) did not load"
)
NO_WINDOW = Message(
    "主窗口没有在 {seconds} 秒内打开", "the main window did not open in {seconds} s"
)


class WindowCheckFailed(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


def check_window(folder: DataDir, passphrase: str) -> None:
    """Opens the main window offscreen through the real unlock screen, as a user would."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # read when the application is made
    # The start the window makes: the unlock screen first, the rest imported meanwhile.
    app, tasks, start = staged_start(["childdesk-window", "--data-dir", str(folder.root)])
    try:
        if chosen_language() != "en" and app.applicationDisplayName() == "Child files":
            raise WindowCheckFailed(NO_TRANSLATIONS)
        start.begin()
        dialog = start.unlock_dialog
        if dialog is None:
            raise WindowCheckFailed(NO_WINDOW.format(seconds=WINDOW_TIMEOUT_S))
        dialog.passphrase.setText(passphrase)
        dialog.unlock()
        deadline = time.monotonic() + WINDOW_TIMEOUT_S

        def window_shown() -> bool:
            return start.controller is not None and start.controller.window.isVisible()

        while not window_shown() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.02)
        if not window_shown():
            raise WindowCheckFailed(NO_WINDOW.format(seconds=WINDOW_TIMEOUT_S))
    finally:
        if start.controller is not None:
            start.controller.quit()
        tasks.wait_for_done()
        app.processEvents()
