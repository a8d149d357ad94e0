"""What the ledger page's boxes share: one job at a time on the database lane, and the
small builders and file questions each box uses.

Where a file goes or comes from is asked through replaceable callables, so tests choose
the paths without a native dialog (as the backup box and the print button do).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.errors import describe_error
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.busy import BusyIndicator
from desktop.ui.widgets.styles import say

T = TypeVar("T")
W = TypeVar("W", bound=QWidget)

# (parent, title, suggested path, filter) → the chosen path, "" when cancelled
ChooseSave = Callable[[QWidget, str, str, str], str]
# (parent, title, filter) → the chosen path, "" when cancelled
ChooseOpen = Callable[[QWidget, str, str], str]
# (parent, title, question) → yes
Confirm = Callable[[QWidget, str, str], bool]


def save_dialog(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


def open_dialog(parent: QWidget, title: str, filters: str) -> str:
    path, _filter = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path


def question(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def named(widget: W, name: str) -> W:
    widget.setObjectName(name)  # what tests and style sheets find it by
    return widget


def status_label(parent: QWidget, name: str) -> QLabel:
    label = named(QLabel(parent), name)
    label.setWordWrap(True)
    return label


def group(box: QGroupBox, title: str, note: str) -> QVBoxLayout:
    """Titles ``box`` and opens it with a wrapped note; the caller adds the rest below."""
    box.setTitle(title)
    label = QLabel(note, box)
    label.setWordWrap(True)
    inside = QVBoxLayout(box)
    inside.addWidget(label)
    return inside


def row(*widgets: QWidget) -> QHBoxLayout:
    """Widgets side by side, from the left."""
    line = QHBoxLayout()
    for widget in widgets:
        line.addWidget(widget)
    line.addStretch(1)
    return line


class Jobs(QObject):
    """One job of the page at a time: while it runs every box's buttons wait and the busy
    bar says what is happening."""

    finished = Signal(bool)  # a job ended: whether it went well
    idle = Signal()  # no job runs any more (boxes re-enable what they hold back)

    def __init__(self, session: StoreSession, tasks: Tasks, busy: BusyIndicator) -> None:
        super().__init__(busy)
        self._session = session
        self._tasks = tasks
        self.busy = busy
        self.running = False
        self._buttons: list[QPushButton] = []

    def hold(self, *buttons: QPushButton) -> None:
        """Buttons that wait while a job runs."""
        self._buttons.extend(buttons)

    def _start(self, saying: str) -> None:
        self.running = True
        for button in self._buttons:
            button.setEnabled(False)
        self.busy.start(saying)

    def _stop(self) -> None:
        self.running = False
        self.busy.stop()
        for button in self._buttons:
            button.setEnabled(True)
        self.idle.emit()

    def run(
        self,
        saying: str,
        work: Callable[[], T],
        done: Callable[[T], None],
        status: QLabel,
        *,
        owner: QObject,
        changes: Callable[[T], bool] | None = None,
    ) -> None:
        """``work`` on the database lane; a write says through ``changes`` whether it
        changed the case file, and the session then tells every page."""

        def finished(result: T) -> None:
            self._stop()
            done(result)
            self.finished.emit(True)
            if changes is not None and changes(result):
                self._session.changed.emit("")  # many children at once

        def failed(error: BaseException) -> None:
            self._stop()
            say(status, describe_error(error), ok=False)
            self.finished.emit(False)

        status.clear()
        self._start(saying)
        self._tasks.run(Lane.DB, work, finished, failed, owner=owner)
