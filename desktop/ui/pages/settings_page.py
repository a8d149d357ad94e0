"""设置: lock time, language, text size, the county server, changing the passphrase, and
backups.

The lock time and the text size apply at once; the language at the next start. The server
address and CA file are kept in the case file (once this computer has joined the county). Changing
the passphrase derives two keys (Argon2id), so it runs on the database lane with a moving
bar, and the window stays usable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services.datadir import DataDir
from desktop.ui.errors import describe_error
from desktop.ui.session import StoreSession
from desktop.ui.settings import UiSettings, save_settings
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.backup_box import BackupBox
from desktop.ui.widgets.busy import BusyIndicator
from desktop.ui.widgets.passphrase import PassphraseFields
from desktop.ui.widgets.styles import apply_text_size, say
from desktop.usecases.settings import (
    ServerSettings,
    change_passphrase_now,
    passphrase_context_of,
    save_server_settings,
    server_settings,
)


class SettingsPage(QWidget):
    idle_minutes_changed = Signal(int)
    passphrase_changed = Signal()
    server_saved = Signal()

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        folder: DataDir,
        settings: UiSettings,
        parent: QWidget | None = None,
        *,
        choose_file: Callable[[QWidget], str] | None = None,
        backup_choices: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._tasks = tasks
        self._folder = folder
        self.settings = settings
        self._choose_file = choose_file or self._ask_for_file

        # -- lock and language -------------------------------------------------------------
        general = QGroupBox(self.tr("This computer"), self)
        self.idle_minutes = QSpinBox(general)
        self.idle_minutes.setObjectName("idle_minutes")
        self.idle_minutes.setRange(1, 120)
        self.idle_minutes.setSuffix(self.tr(" minutes"))
        self.idle_minutes.setValue(max(1, round(settings.idle_lock_minutes)))
        self.language = QComboBox(general)
        self.language.setObjectName("language")
        self.language.addItem("中文（简体）", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.text_size = QComboBox(general)
        self.text_size.setObjectName("text_size")
        for code, words in (
            ("small", self.tr("Small")),
            ("medium", self.tr("Medium")),
            ("large", self.tr("Large")),
        ):
            self.text_size.addItem(words, code)
        self.text_size.setCurrentIndex(max(self.text_size.findData(settings.text_size), 0))
        self.general_status = QLabel(general)
        self.general_status.setObjectName("general_status")
        self.general_status.setWordWrap(True)
        form = QFormLayout(general)
        form.addRow(self.tr("Lock the window after no use for"), self.idle_minutes)
        form.addRow(self.tr("Language (after restarting the program)"), self.language)
        form.addRow(self.tr("Size of the text"), self.text_size)
        form.addRow(self.general_status)

        # -- county server ---------------------------------------------------------------
        server = QGroupBox(self.tr("County server"), self)
        self.server_url = QLineEdit(server)
        self.server_url.setObjectName("server_url")
        self.server_url.setPlaceholderText("https://")
        self.ca_file = QLineEdit(server)
        self.ca_file.setObjectName("ca_file")
        self.ca_file.setPlaceholderText(self.tr("Only if the county centre gave you one"))
        self.choose_button = QPushButton(self.tr("Choose…"), server)
        self.server_button = QPushButton(self.tr("Save the server settings"), server)
        self.server_button.setObjectName("save_server")
        self.server_status = QLabel(server)
        self.server_status.setObjectName("server_status")
        self.server_status.setWordWrap(True)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.choose_button)
        server_form = QFormLayout(server)
        server_form.addRow(self.tr("Server address"), self.server_url)
        server_form.addRow(self.tr("County CA file"), ca_row)
        server_form.addRow(self.server_status)
        server_form.addRow(self.server_button)

        # -- passphrase ------------------------------------------------------------------
        secret = QGroupBox(self.tr("Passphrase"), self)
        self.old_passphrase = QLineEdit(secret)
        self.old_passphrase.setObjectName("old_passphrase")
        self.old_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_passphrase = PassphraseFields(secret)
        self.passphrase_button = QPushButton(self.tr("Change the passphrase"), secret)
        self.passphrase_button.setObjectName("change_passphrase")
        self.passphrase_busy = BusyIndicator(secret)
        self.passphrase_status = QLabel(secret)
        self.passphrase_status.setObjectName("passphrase_status")
        self.passphrase_status.setWordWrap(True)
        secret_form = QFormLayout(secret)
        secret_form.addRow(self.tr("Current passphrase"), self.old_passphrase)
        secret_form.addRow(self.tr("New passphrase"), self.new_passphrase)
        secret_form.addRow(self.passphrase_busy)
        secret_form.addRow(self.passphrase_status)
        secret_form.addRow(self.passphrase_button)

        # -- backups (widgets/backup_box.py) ---------------------------------------------
        self.backups = BackupBox(folder, tasks, self, **(backup_choices or {}))

        layout = QVBoxLayout(self)
        layout.addWidget(general)
        layout.addWidget(server)
        layout.addWidget(secret)
        layout.addWidget(self.backups)
        layout.addStretch(1)

        self.idle_minutes.valueChanged.connect(self._idle_changed)
        self.language.currentIndexChanged.connect(lambda _i: self._language_changed())
        self.text_size.currentIndexChanged.connect(lambda _i: self._text_size_changed())
        self.choose_button.clicked.connect(self._choose_ca)
        self.server_button.clicked.connect(self.save_server)
        self.passphrase_button.clicked.connect(self.change_passphrase)
        session.unlocked.connect(self.reload)
        session.locked.connect(self.clear)

    # -- this computer -------------------------------------------------------------------

    def _write(self, settings: UiSettings) -> bool:
        try:
            save_settings(self._folder.root, settings)
        except OSError as error:
            say(self.general_status, describe_error(error), ok=False)
            return False
        self.settings = settings
        return True

    def _idle_changed(self, minutes: int) -> None:
        if self._write(replace(self.settings, idle_lock_minutes=float(minutes))):
            self.idle_minutes_changed.emit(minutes)
            say(
                self.general_status,
                self.tr("Saved: the window locks after {n} minutes without use.").format(n=minutes),
            )

    def _language_changed(self) -> None:
        if self._write(replace(self.settings, language=self.language.currentData())):
            say(
                self.general_status,
                self.tr("Saved: the language changes the next time the program starts."),
            )

    def _text_size_changed(self) -> None:
        size = str(self.text_size.currentData())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_text_size(app, size)  # at once: every widget follows the application font
        if self._write(replace(self.settings, text_size=size)):
            say(self.general_status, self.tr("Saved: the text has its new size."))

    # -- county server -------------------------------------------------------------------

    def reload(self) -> None:
        store = self._session.store
        if store is None:
            return
        self._tasks.run(Lane.DB, lambda: server_settings(store), self._show_server, owner=self)
        self._tasks.run(
            Lane.DB,
            lambda: passphrase_context_of(store),
            self.new_passphrase.set_context,
            owner=self,
        )

    def _show_server(self, current: ServerSettings) -> None:
        self.server_url.setText(current.server_url)
        self.ca_file.setText(current.ca_file)
        for widget in (self.server_url, self.ca_file, self.choose_button, self.server_button):
            widget.setEnabled(current.enrolled)
        if not current.enrolled:
            say(
                self.server_status,
                self.tr(
                    "This computer works offline. To join the county server, ask the "
                    "county centre for an enrolment code."
                ),
            )

    def _ask_for_file(self, parent: QWidget) -> str:
        path, _filter = QFileDialog.getOpenFileName(
            parent, self.tr("County CA file"), "", self.tr("Certificates (*.pem *.crt)")
        )
        return path

    def _choose_ca(self) -> None:
        path = self._choose_file(self)
        if path:
            self.ca_file.setText(str(Path(path)))

    def save_server(self) -> None:
        store = self._session.store
        if store is None:
            return
        url, ca = self.server_url.text(), self.ca_file.text()
        self.server_button.setEnabled(False)
        self._tasks.run(
            Lane.DB,
            lambda: save_server_settings(store, server_url=url, ca_file=ca),
            self._server_saved,
            self._server_failed,
            owner=self,
        )

    def _server_saved(self, current: ServerSettings) -> None:
        self._show_server(current)
        say(self.server_status, self.tr("Saved. The next sync uses this server."))
        self.server_saved.emit()

    def _server_failed(self, error: BaseException) -> None:
        self.server_button.setEnabled(True)
        say(self.server_status, describe_error(error), ok=False)

    # -- passphrase ----------------------------------------------------------------------

    def change_passphrase(self) -> None:
        old = self.old_passphrase.text()
        problem = self.new_passphrase.problem()
        if not old:
            say(self.passphrase_status, self.tr("Type the current passphrase first."), ok=False)
            return
        if problem:
            say(self.passphrase_status, problem, ok=False)
            return
        new = self.new_passphrase.passphrase()
        folder = self._folder
        self.passphrase_button.setEnabled(False)
        self.passphrase_status.clear()
        self.passphrase_busy.start(
            self.tr("Changing the passphrase… this takes a few seconds; you can keep working.")
        )
        self._tasks.run(
            Lane.DB,
            lambda: change_passphrase_now(folder, old=old, new=new),
            self._passphrase_done,
            self._passphrase_failed,
            owner=self,
        )

    def _passphrase_done(self, _result: object) -> None:
        self.passphrase_busy.stop()
        self.passphrase_button.setEnabled(True)
        self.old_passphrase.clear()
        self.new_passphrase.clear()
        say(
            self.passphrase_status,
            self.tr("The passphrase is changed. Use the new one from now on."),
        )
        self.passphrase_changed.emit()

    def _passphrase_failed(self, error: BaseException) -> None:
        self.passphrase_busy.stop()
        self.passphrase_button.setEnabled(True)
        say(self.passphrase_status, describe_error(error), ok=False)

    # -- shared --------------------------------------------------------------------------

    def clear(self) -> None:
        self.old_passphrase.clear()
        self.new_passphrase.clear()
        self.passphrase_status.clear()
        self.server_status.clear()
        self.backups.clear()
