"""The idle lock's countdown: restarted by input at any top-level window and by text typed
through the input method, by nothing else; watched without a filter on the whole
application (which put every event of every widget through Python)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow, QVBoxLayout
from pytestqt.qtbot import QtBot

from desktop.ui.idle import IdleWatcher

TIMEOUT_MS = 60_000


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[QMainWindow]:
    window = QMainWindow()
    window.setCentralWidget(QLineEdit(window))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    yield window


@pytest.fixture
def watcher(window: QMainWindow) -> Iterator[IdleWatcher]:
    del window  # shown first: a top-level window when the watch starts
    watcher = IdleWatcher(TIMEOUT_MS)
    watcher.start()
    yield watcher
    watcher.stop()


def _restarts(qtbot: QtBot, watcher: IdleWatcher, act: Callable[[], None]) -> bool:
    """Whether ``act()`` started the countdown again (it had run down a little)."""
    qtbot.wait(250)
    before = watcher._timer.remainingTime()
    assert before <= TIMEOUT_MS - 200
    act()
    return watcher._timer.remainingTime() > before + 100


def test_keys_clicks_and_mouse_moves_at_the_window_restart_it(
    qtbot: QtBot, watcher: IdleWatcher, window: QMainWindow
) -> None:
    handle = window.windowHandle()
    assert _restarts(qtbot, watcher, lambda: QTest.keyClick(handle, Qt.Key.Key_A))
    assert _restarts(qtbot, watcher, lambda: QTest.mouseClick(handle, Qt.MouseButton.LeftButton))
    assert _restarts(qtbot, watcher, lambda: QTest.mouseMove(handle, QPoint(20, 30)))


def test_chinese_typed_through_the_input_method_restarts_it(
    qtbot: QtBot, watcher: IdleWatcher, window: QMainWindow
) -> None:
    line = window.centralWidget()
    assert isinstance(line, QLineEdit)
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)

    def commit() -> None:  # as the input method sends it: to the focused widget itself
        event = QInputMethodEvent()
        event.setCommitString("王小明")
        QApplication.sendEvent(line, event)

    assert _restarts(qtbot, watcher, commit)
    assert line.text() == "王小明"


def test_what_is_not_input_leaves_it_running_down(
    qtbot: QtBot, watcher: IdleWatcher, window: QMainWindow
) -> None:
    def not_input() -> None:
        window.update()
        window.centralWidget().repaint()
        QApplication.sendEvent(window.windowHandle(), QEvent(QEvent.Type.UpdateRequest))
        qtbot.wait(50)

    assert not _restarts(qtbot, watcher, not_input)


def test_a_dialog_opened_later_is_watched_too(
    qtbot: QtBot, watcher: IdleWatcher, window: QMainWindow
) -> None:
    dialog = QDialog(window)
    QVBoxLayout(dialog).addWidget(QLineEdit(dialog))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is dialog.windowHandle())
    handle = dialog.windowHandle()
    assert _restarts(qtbot, watcher, lambda: QTest.keyClick(handle, Qt.Key.Key_B))


class _Counter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.seen += 1
        return False


def test_no_event_of_a_widget_goes_through_it(
    qtbot: QtBot, watcher: IdleWatcher, window: QMainWindow
) -> None:
    """Timers and paints inside the window never reach the watcher (the application-wide
    filter it replaced saw each of them, in Python)."""
    seen: list[QEvent.Type] = []
    original = watcher.eventFilter

    def counting(watched: QObject, event: QEvent) -> bool:
        seen.append(event.type())
        return original(watched, event)

    watcher.eventFilter = counting  # type: ignore[method-assign]
    for _ in range(20):
        window.centralWidget().repaint()
    qtbot.wait(100)
    assert QEvent.Type.Paint not in seen and QEvent.Type.Timer not in seen


def test_after_stop_nothing_is_watched(
    qtbot: QtBot, watcher: IdleWatcher, window: QMainWindow
) -> None:
    watcher.stop()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)
    assert not watcher.is_active()
    watcher.start()
    assert watcher.is_active()
