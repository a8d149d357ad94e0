"""Backups in the settings page: a copy to a folder or USB stick, and a restore.

A backup is the encrypted database as it is (nothing is decrypted), made on the database
lane. A restore needs the store closed: the box asks for the file and the passphrase the
store had when the copy was made, confirms, and hands over to the window
(``restore_requested``), which locks, restores and asks for the passphrase again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop.services.backup import make_backup
from desktop.services.datadir import DataDir
from desktop.ui.errors import describe_error
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.styles import say


class BackupBox(QGroupBox):
    restore_requested = Signal(Path, str)  # the backup file, its passphrase

    def __init__(
        self,
        folder: DataDir,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        choose_folder: Callable[[QWidget], str] | None = None,
        choose_backup: Callable[[QWidget], str] | None = None,
        confirm_restore: Callable[[QWidget], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Backups"))
        self._folder = folder
        self._tasks = tasks
        self._choose_folder = choose_folder or self._ask_for_folder
        self._choose_backup = choose_backup or self._ask_for_backup
        self._confirm_restore = confirm_restore or self._ask_to_restore
        note = QLabel(
            self.tr(
                "A copy is made every day when the case file is opened (the last seven are "
                "kept). Copies stay encrypted: they open only with the passphrase the case "
                "file had when the copy was made."
            ),
            self,
        )
        note.setWordWrap(True)
        self.backup_button = QPushButton(self.tr("Back up to a folder or USB stick…"), self)
        self.backup_button.setObjectName("backup_to_folder")
        self.restore_passphrase = QLineEdit(self)
        self.restore_passphrase.setObjectName("restore_passphrase")
        self.restore_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.restore_button = QPushButton(self.tr("Restore from a backup…"), self)
        self.restore_button.setObjectName("restore_backup")
        self.status = QLabel(self)
        self.status.setObjectName("backup_status")
        self.status.setWordWrap(True)
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restore_passphrase, 1)
        restore_row.addWidget(self.restore_button)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(self.backup_button)
        form.addRow(self.tr("Passphrase of the backup"), restore_row)
        form.addRow(self.status)
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button.clicked.connect(self.restore)

    # -- asking the user (replaceable in tests) --------------------------------------------

    def _ask_for_folder(self, parent: QWidget) -> str:
        return QFileDialog.getExistingDirectory(parent, self.tr("Where to put the backup"))

    def _ask_for_backup(self, parent: QWidget) -> str:
        path, _filter = QFileDialog.getOpenFileName(
            parent, self.tr("Backup to restore"), "", self.tr("Backups (*.sqlite)")
        )
        return path

    def _ask_to_restore(self, parent: QWidget) -> bool:
        answer = QMessageBox.question(
            parent,
            self.tr("Restore from a backup"),
            self.tr(
                "The case file will be replaced by the backup, after it has been checked. "
                "The current case file is kept aside in the backups folder. Changes made "
                "since the backup (and not yet sent to the county) are not in it. Go on?"
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- backup ------------------------------------------------------------------------------

    def back_up(self) -> None:
        chosen = self._choose_folder(self)
        if not chosen:
            return
        folder, target = self._folder, Path(chosen)
        self.backup_button.setEnabled(False)
        self.status.clear()
        self._tasks.run(
            Lane.DB, lambda: make_backup(folder, target), self._backed_up, self._failed, owner=self
        )

    def _backed_up(self, path: Path) -> None:
        self.backup_button.setEnabled(True)
        self.say(self.tr("Backed up to {path}").format(path=path))

    def _failed(self, error: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.say(describe_error(error), ok=False)

    # -- restore -----------------------------------------------------------------------------

    def restore(self) -> None:
        passphrase = self.restore_passphrase.text()
        if not passphrase:
            self.say(self.tr("Type the passphrase of the backup first."), ok=False)
            return
        chosen = self._choose_backup(self)
        if not chosen or not self._confirm_restore(self):
            return
        self.restore_passphrase.clear()
        self.restore_requested.emit(Path(chosen), passphrase)

    def say(self, text: str, *, ok: bool = True) -> None:
        say(self.status, text, ok=ok)

    def clear(self) -> None:
        self.restore_passphrase.clear()
        self.status.clear()
