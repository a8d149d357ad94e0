"""Unlock: the passphrase opens the store; the key derivation runs off the UI thread.

The first screen of a start (desktop/ui/startup.py): it imports neither the store nor
SQLAlchemy at module level, so that it shows while they are still being imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.demo.marker import DEMO_PASSPHRASE, is_demo_folder
from desktop.services.folder import DataDir
from desktop.ui.damaged import describe_error_safely
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.busy import BusyIndicator
from desktop.ui.widgets.styles import ERROR_STYLE

if TYPE_CHECKING:
    from desktop.models.store import CaseStore


def _open_store(folder: DataDir, passphrase: str) -> CaseStore:
    from desktop.services.datadir import open_store  # on the worker, not at start

    return open_store(folder, passphrase=passphrase)


class UnlockDialog(QDialog):
    unlocked = Signal(object)  # the CaseStore
    quit_requested = Signal()

    def __init__(
        self,
        folder: DataDir,
        tasks: Tasks,
        *,
        after_idle: bool = False,
        hide_when_unlocked: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        """``hide_when_unlocked=False``: the dialog stays up, busy, once the store is open,
        until its owner hides it (the main window may still be on its way)."""
        super().__init__(parent)
        self.setObjectName("unlock")
        self._folder = folder
        self._tasks = tasks
        self._busy = False
        self._hide_when_unlocked = hide_when_unlocked
        self.setWindowTitle(self.tr("Unlock the case file"))
        intro = QLabel(self)
        intro.setWordWrap(True)
        if after_idle:
            intro.setText(
                self.tr(
                    "The case file was locked because nobody used the computer for a while. "
                    "Type the passphrase to go on; unsaved edits are kept."
                )
            )
        else:
            intro.setText(self.tr("Type the passphrase of this computer's case file."))
        # The demo's folder (made by `make run`) holds made-up people; say its passphrase.
        self.demo_hint = QLabel(self)
        self.demo_hint.setObjectName("demo_hint")
        self.demo_hint.setWordWrap(True)
        demo = is_demo_folder(folder.root)
        if demo:
            # Only here: PySide6 sets the Qt namespace up on its first use (about 20 ms, a
            # tenth of a bare window's start), which the screen otherwise never needs.
            from PySide6.QtCore import Qt

            self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setText(
            self.tr(
                "Demo: this case file holds made-up children only. Its passphrase is {passphrase}"
            ).format(passphrase=DEMO_PASSPHRASE)
        )
        self.demo_hint.setVisible(demo)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        # What the window has to say on the way here, e.g. that a backup was restored.
        self.notice = QLabel(self)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.busy = BusyIndicator(self)
        self.unlock_button = QPushButton(self.tr("Unlock"), self)
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("Quit"), self)
        self.quit_button.setAutoDefault(False)
        form = QFormLayout()
        form.addRow(self.tr("Passphrase"), self.passphrase)
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.demo_hint)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.unlock_button.clicked.connect(self.unlock)
        self.passphrase.returnPressed.connect(self.unlock)
        self.quit_button.clicked.connect(self.quit_requested)
        self.resize(440, 0)

    def unlock(self) -> None:
        if self._busy:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show_error(self.tr("Type the passphrase first."))
            return
        self._set_busy(True)
        folder = self._folder
        self._tasks.run(
            Lane.DB,
            lambda: _open_store(folder, passphrase),
            self._opened,
            self._failed,
            owner=self,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        if busy:
            self.error.hide()
            self.busy.start(self.tr("Checking the passphrase…"))
        else:
            self.busy.stop()

    def _opened(self, store: CaseStore) -> None:
        self.passphrase.clear()
        if not self._hide_when_unlocked:
            self.busy.start(self.tr("Opening the case file…"))  # still busy: Esc waits
            self.unlocked.emit(store)
            return
        self._set_busy(False)
        self.unlocked.emit(store)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self._show_error(describe_error_safely(error))

    def show_problem(self, text: str) -> None:
        """The store could not be shown after all: say why; the passphrase may be tried again."""
        self._set_busy(False)
        self._show_error(text)

    def show_notice(self, text: str, *, problem: bool = False) -> None:
        self.notice.setStyleSheet(ERROR_STYLE if problem else "")
        self.notice.setText(text)
        self.notice.show()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def reject(self) -> None:
        # Esc or the window's close button: the case file stays locked; ask to quit.
        if not self._busy:
            self.quit_requested.emit()
