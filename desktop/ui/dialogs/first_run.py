"""First run: make this computer's encrypted case file, offline or by joining the county."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.services.passphrase_policy import village_words
from desktop.sync.client import SyncError
from desktop.ui.errors import describe_error
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.busy import BusyIndicator
from desktop.ui.widgets.passphrase import PassphraseFields
from desktop.ui.widgets.styles import ERROR_STYLE
from desktop.usecases.first_run import join_county, start_offline


class Step(enum.IntEnum):
    CHOOSE = 0
    OFFLINE = 1
    JOIN = 2


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class FirstRunDialog(QDialog):
    store_ready = Signal(object)  # the new, unlocked CaseStore
    quit_requested = Signal()

    def __init__(self, folder: DataDir, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_run")
        self.setWindowTitle(self.tr("Set up the case file on this computer"))
        self._folder = folder
        self._tasks = tasks
        self._busy = False
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._choose_page())
        self.stack.addWidget(self._offline_page())
        self.stack.addWidget(self._join_page())
        self.busy = BusyIndicator(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.busy)
        self.resize(560, 0)

    # -- pages ---------------------------------------------------------------------------

    def _choose_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(
            self.tr(
                "Welcome. This computer has no case file yet. Everything you type is kept "
                "encrypted on this computer, locked by a passphrase that only you know."
            ),
            page,
        )
        intro.setWordWrap(True)
        self.offline_choice = QPushButton(self.tr("Start offline"), page)
        self.offline_choice.setObjectName("choose_offline")
        offline_note = QLabel(
            self.tr("Work on this computer only. You can join the county server later."), page
        )
        offline_note.setWordWrap(True)
        self.join_choice = QPushButton(self.tr("Join the county"), page)
        self.join_choice.setObjectName("choose_join")
        join_note = QLabel(
            self.tr(
                "Use the server address and the enrolment code from the county centre; "
                "your records then go up to the county when you sync."
            ),
            page,
        )
        join_note.setWordWrap(True)
        quit_button = QPushButton(self.tr("Quit"), page)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addWidget(self.offline_choice)
        layout.addWidget(offline_note)
        layout.addSpacing(8)
        layout.addWidget(self.join_choice)
        layout.addWidget(join_note)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(quit_button)
        layout.addLayout(row)
        self.offline_choice.clicked.connect(lambda: self.show_step(Step.OFFLINE))
        self.join_choice.clicked.connect(lambda: self.show_step(Step.JOIN))
        quit_button.clicked.connect(self.quit_requested)
        return page

    def _offline_page(self) -> QWidget:
        page = QWidget(self)
        self.village_code = QLineEdit(page)
        self.village_code.setObjectName("village_code")
        self.village_code.setPlaceholderText(self.tr("12 digits, e.g. 330523101001"))
        self.village_code.setMaxLength(12)
        self.user_name = QLineEdit(page)
        self.user_name.setObjectName("user_name")
        self.user_name.setPlaceholderText(self.tr("e.g. 李主任"))
        self.user_name.setMaxLength(40)
        self.user_name.setToolTip(
            self.tr("Shown as the visitor and as who changed a record (走访人, 修改人).")
        )
        self.village_name = QLineEdit(page)
        self.village_name.setObjectName("village_name")
        self.village_name.setPlaceholderText(self.tr("e.g. 古城村 (shown instead of the code)"))
        self.village_name.setMaxLength(40)
        self.offline_passphrase = PassphraseFields(page)
        self.offline_passphrase.setObjectName("offline_passphrase")
        self.offline_error = _error_label(page, "offline_error")
        self.create_button = QPushButton(self.tr("Create the case file"), page)
        self.create_button.setObjectName("create")
        self.create_button.setDefault(True)
        back = QPushButton(self.tr("Back"), page)
        back.setAutoDefault(False)
        form = QFormLayout()
        form.addRow(self.tr("Village code"), self.village_code)
        form.addRow(self.tr("Village name"), self.village_name)
        form.addRow(self.tr("Your name"), self.user_name)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.offline_passphrase)
        layout.addWidget(self.offline_error)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(self.create_button)
        layout.addLayout(row)
        back.clicked.connect(lambda: self.show_step(Step.CHOOSE))
        self.create_button.clicked.connect(self.create_offline)
        self.village_code.textChanged.connect(
            lambda text: self.offline_passphrase.set_context(village_words(text.strip()))
        )
        self.village_code.textEdited.connect(lambda _t: self._live_check(Step.OFFLINE))
        self.user_name.textEdited.connect(lambda _t: self._live_check(Step.OFFLINE))
        self.offline_passphrase.changed.connect(lambda: self._live_check(Step.OFFLINE))
        return page

    def _join_page(self) -> QWidget:
        page = QWidget(self)
        self.server_url = QLineEdit(page)
        self.server_url.setObjectName("server_url")
        self.server_url.setPlaceholderText("https://")
        self.enrolment_code = QLineEdit(page)
        self.enrolment_code.setObjectName("enrolment_code")
        self.ca_file = QLineEdit(page)
        self.ca_file.setObjectName("ca_file")
        self.ca_file.setPlaceholderText(self.tr("Only if the county centre gave you one"))
        choose = QToolButton(page)
        choose.setText(self.tr("Choose…"))
        choose.clicked.connect(self._choose_ca_file)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(choose)
        self.join_passphrase = PassphraseFields(page)
        self.join_passphrase.setObjectName("join_passphrase")
        self.join_error = _error_label(page, "join_error")
        self.join_button = QPushButton(self.tr("Join"), page)
        self.join_button.setObjectName("join")
        self.join_button.setDefault(True)
        back = QPushButton(self.tr("Back"), page)
        back.setAutoDefault(False)
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.server_url)
        form.addRow(self.tr("Enrolment code"), self.enrolment_code)
        form.addRow(self.tr("County CA file"), ca_row)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.join_passphrase)
        layout.addWidget(self.join_error)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(self.join_button)
        layout.addLayout(row)
        back.clicked.connect(lambda: self.show_step(Step.CHOOSE))
        self.join_button.clicked.connect(self.join)
        self.join_passphrase.changed.connect(lambda: self._live_check(Step.JOIN))
        return page

    def show_step(self, step: Step) -> None:
        self.stack.setCurrentIndex(step)

    def _choose_ca_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("County CA file"),
            "",
            self.tr("Certificates (*.pem *.crt);;All files (*)"),
        )
        if path:
            self.ca_file.setText(path)

    # -- checks --------------------------------------------------------------------------

    def offline_problems(self) -> list[str]:
        problems = []
        code = self.village_code.text().strip()
        if not (code.isdigit() and 6 <= len(code) <= 12):
            problems.append(self.tr("The village code has 6 to 12 digits (12 for a village)."))
        if not self.user_name.text().strip():
            problems.append(
                self.tr("Type your name: it is shown as the visitor and as who changed a record.")
            )
        passphrase_problem = self.offline_passphrase.problem()
        if passphrase_problem:
            problems.append(passphrase_problem)
        return problems

    def join_problems(self) -> list[str]:
        problems = []
        url = self.server_url.text().strip()
        if not url.startswith(("https://", "http://")):
            problems.append(self.tr("The server address starts with https://"))
        ca_file = self.ca_file.text().strip()
        if ca_file and not Path(ca_file).is_file():
            problems.append(self.tr("The CA file was not found: {path}").format(path=ca_file))
        if not self.enrolment_code.text().strip():
            problems.append(self.tr("Type the enrolment code from the county centre."))
        passphrase_problem = self.join_passphrase.problem()
        if passphrase_problem:
            problems.append(passphrase_problem)
        return problems

    def _live_check(self, step: Step) -> None:
        # Once an error is showing, keep it current as the user types.
        label = self.offline_error if step == Step.OFFLINE else self.join_error
        if label.isVisible():
            problems = self.offline_problems() if step == Step.OFFLINE else self.join_problems()
            self._show(label, problems)

    def _show(self, label: QLabel, problems: list[str]) -> None:
        label.setText("\n".join(problems))
        label.setVisible(bool(problems))

    # -- actions -------------------------------------------------------------------------

    def create_offline(self) -> None:
        problems = self.offline_problems()
        self._show(self.offline_error, problems)
        if problems or self._busy:
            return
        folder = self._folder
        code = self.village_code.text().strip()
        user = self.user_name.text().strip() or None
        village = self.village_name.text().strip() or None
        passphrase = self.offline_passphrase.passphrase()

        def create() -> CaseStore:
            return start_offline(
                folder, village_code=code, passphrase=passphrase, user=user, village_name=village
            )

        self._set_busy(True, self.tr("Creating the encrypted case file…"))
        self._tasks.run(
            Lane.DB,
            create,
            self._created,
            lambda error: self._failed(self.offline_error, error),
            owner=self,
        )

    def join(self) -> None:
        problems = self.join_problems()
        self._show(self.join_error, problems)
        if problems or self._busy:
            return
        folder = self._folder
        url = self.server_url.text().strip()
        code = self.enrolment_code.text().strip()
        ca_file = self.ca_file.text().strip() or None
        passphrase = self.join_passphrase.passphrase()
        self._set_busy(True, self.tr("Contacting the county server…"))
        self._tasks.run(
            Lane.NETWORK,
            lambda: join_county(
                folder, server_url=url, code=code, passphrase=passphrase, ca_file=ca_file
            ),
            self._created,
            self._join_failed,
            owner=self,
        )

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.stack.setEnabled(not busy)
        if busy:
            self.busy.start(text)
        else:
            self.busy.stop()

    def _created(self, store: Any) -> None:
        self._set_busy(False)
        assert isinstance(store, CaseStore)
        self.offline_passphrase.clear()
        self.join_passphrase.clear()
        self.store_ready.emit(store)
        self.accept()

    def _failed(self, label: QLabel, error: BaseException) -> None:
        self._set_busy(False)
        self._show(label, [describe_error(error)])

    def _join_failed(self, error: BaseException) -> None:
        if isinstance(error, SyncError) and error.kind in ("unauthorized", "bad_code"):
            # At enrolment the server refuses the code, not a device.
            self._set_busy(False)
            self._show(
                self.join_error,
                [
                    self.tr(
                        "The county server did not accept this enrolment code: it may be "
                        "mistyped, already used or expired (a code lasts 72 hours). Check it, "
                        "or ask the county centre for a new one."
                    )
                ],
            )
        else:
            self._failed(self.join_error, error)

    def reject(self) -> None:
        if not self._busy:
            self.quit_requested.emit()
