"""Idle lock: no keyboard or mouse input for a while, and the window locks itself.

Input is watched where it arrives: at each top-level window (the QWindow every key press,
click, mouse move and wheel turn of that window passes through before it reaches a
widget), and at the input method (Chinese typed through it reaches the focused widget
directly; each character moves the text cursor). Not with a filter on the whole
application: that put every event of every widget (each timer, each paint) through
Python, and while a worker thread ran Python each of those waited for the interpreter
lock: 50-90 ms stalls of the window during every reload (bench/ui.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow
from shiboken6 import Shiboken

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.InputMethod,  # Chinese is typed through an input method
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Watches the input of every top-level window; ``idle`` after ``timeout_ms`` quiet."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # one timer: no batching to win
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.idle)
        self._installed = False
        self._windows: list[QWindow] = []  # the top-level windows watched

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """A new idle time from the settings; a running countdown starts again with it."""
        self._timer.setInterval(timeout_ms)
        if self._timer.isActive():
            self._timer.start()

    def start(self) -> None:
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication) and not self._installed:
            for window in app.topLevelWindows():
                self._watch(window)
            app.focusWindowChanged.connect(self._watch)  # a dialog opened since
            app.inputMethod().cursorRectangleChanged.connect(self._input)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication) and self._installed:
            app.focusWindowChanged.disconnect(self._watch)
            app.inputMethod().cursorRectangleChanged.disconnect(self._input)
            for window in self._windows:
                if Shiboken.isValid(window):
                    window.removeEventFilter(self)
            self._windows.clear()
            self._installed = False

    def _watch(self, window: QWindow | None) -> None:
        if window is None or any(window is seen for seen in self._windows):
            return
        self._windows = [seen for seen in self._windows if Shiboken.isValid(seen)]
        self._windows.append(window)
        window.installEventFilter(self)

    def _input(self) -> None:
        if self._installed:
            self._timer.start()  # restart the countdown

    def is_active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._timer.start()  # restart the countdown
        return False
