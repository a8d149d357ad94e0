"""Backups in the settings page: a copy to a folder or USB stick, and a restore.

A backup is the encrypted database as it is (nothing is decrypted), made on the database
lane. A restore needs the store closed: the box asks for the file and the passphrase the
store had when the copy was made, confirms, and hands over to the window
(``restore_requested``), which locks, restores and asks for the passphrase again.

A backup of another store (another village's, or another computer's) is told apart
before anything is locked (its clear identity, read on the database lane) and restored
only after a warning that says, in words, that this computer's case file is replaced;
its default button is Cancel. Without that choice the restore refuses such a backup.
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

from desktop.services.datadir import DataDir
from desktop.ui.errors import describe_error
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.styles import say
from desktop.usecases.backups import OtherStore, back_up_to, backup_of_other_store


class BackupBox(QGroupBox):
    # The backup file, its passphrase, and whether replacing another store was chosen.
    restore_requested = Signal(Path, str, bool)

    def __init__(
        self,
        folder: DataDir,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        choose_folder: Callable[[QWidget], str] | None = None,
        choose_backup: Callable[[QWidget], str] | None = None,
        confirm_restore: Callable[[QWidget], bool] | None = None,
        confirm_replace: Callable[[QWidget, OtherStore], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Backups"))
        self._folder = folder
        self._tasks = tasks
        self._choose_folder = choose_folder or self._ask_for_folder
        self._choose_backup = choose_backup or self._ask_for_backup
        self._confirm_restore = confirm_restore or self._ask_to_restore
        self._confirm_replace = confirm_replace or self._ask_to_replace
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

    def replace_store_box(self, parent: QWidget, other: OtherStore) -> QMessageBox:
        """The warning before another store's backup replaces this one; Cancel by default."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Replace this computer's case file?"))
        if other.other_village:
            text = self.tr(
                "This backup is of another village's case file (village {backup}); this "
                "computer's case file is village {this}. Restoring it turns this computer "
                "into that village's device: this village's files on it are replaced by "
                "that village's."
            ).format(backup=other.backup_village, this=other.this_village)
        else:
            text = self.tr(
                "This backup is of another case file (another computer's in the village, "
                "or one made afresh), not of this computer's. Restoring it replaces this "
                "computer's case file and its enrolment with the county."
            )
        box.setText(text)
        box.setInformativeText(
            self.tr(
                "The current case file is kept in the backups folder. Replace it only if "
                "the county centre asked you to."
            )
        )
        replace = box.addButton(
            self.tr("Replace this computer's case file"), QMessageBox.ButtonRole.DestructiveRole
        )
        replace.setObjectName("replace_store")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        return box

    def _ask_to_replace(self, parent: QWidget, other: OtherStore) -> bool:
        box = self.replace_store_box(parent, other)
        box.exec()
        clicked = box.clickedButton()
        return clicked is not None and clicked.objectName() == "replace_store"

    # -- backup ------------------------------------------------------------------------------

    def back_up(self) -> None:
        chosen = self._choose_folder(self)
        if not chosen:
            return
        folder, target = self._folder, Path(chosen)
        self.backup_button.setEnabled(False)
        self.status.clear()
        self._tasks.run(
            Lane.DB,
            lambda: back_up_to(folder, target=target),
            self._backed_up,
            self._failed,
            owner=self,
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
        if not chosen:
            return
        backup, folder = Path(chosen), self._folder
        self.restore_button.setEnabled(False)
        self._tasks.run(
            Lane.DB,
            lambda: backup_of_other_store(folder, backup=backup),
            lambda other: self._checked(backup, passphrase, other),
            self._check_failed,
            owner=self,
        )

    def _checked(self, backup: Path, passphrase: str, other: OtherStore | None) -> None:
        self.restore_button.setEnabled(True)
        self.restore_passphrase.clear()
        if other is not None:
            if not self._confirm_replace(self, other):
                self.say(self.tr("Not restored: this computer's case file is unchanged."))
                return
        elif not self._confirm_restore(self):
            return
        self.restore_requested.emit(backup, passphrase, other is not None)

    def _check_failed(self, error: BaseException) -> None:
        self.restore_button.setEnabled(True)
        self.say(describe_error(error), ok=False)

    def say(self, text: str, *, ok: bool = True) -> None:
        say(self.status, text, ok=ok)

    def clear(self) -> None:
        self.restore_passphrase.clear()
        self.status.clear()
