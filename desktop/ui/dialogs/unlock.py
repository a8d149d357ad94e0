"""Unlock: the passphrase opens the store; the key derivation runs off the UI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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
from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir, open_store
from desktop.ui.errors import describe_error
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.busy import BusyIndicator
from desktop.ui.widgets.styles import ERROR_STYLE


class UnlockDialog(QDialog):
    unlocked = Signal(object)  # the CaseStore
    quit_requested = Signal()

    def __init__(
        self,
        folder: DataDir,
        tasks: Tasks,
        *,
        after_idle: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlock")
        self._folder = folder
        self._tasks = tasks
        self._busy = False
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
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setText(
            self.tr(
                "Demo: this case file holds made-up children only. Its passphrase is {passphrase}"
            ).format(passphrase=DEMO_PASSPHRASE)
        )
        self.demo_hint.setVisible(is_demo_folder(folder.root))
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
            lambda: open_store(folder, passphrase=passphrase),
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
        self._set_busy(False)
        self.passphrase.clear()
        self.unlocked.emit(store)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self._show_error(describe_error(error))

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
