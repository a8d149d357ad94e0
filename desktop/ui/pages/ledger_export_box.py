"""The ledger page's first box: the township ledger out (masked ID numbers unless asked),
and its blank template."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QGroupBox, QPushButton, QWidget

from desktop.ui.pages.ledger_jobs import (
    ChooseSave,
    Confirm,
    Jobs,
    group,
    named,
    row,
    status_label,
)
from desktop.ui.session import StoreSession
from desktop.ui.widgets.styles import say
from desktop.usecases.ledger import LedgerExported, export_ledger_file, save_ledger_template


class ExportBox(QGroupBox):
    def __init__(
        self,
        session: StoreSession,
        jobs: Jobs,
        parent: QWidget,
        *,
        today: Callable[[], date],
        choose_save: ChooseSave,
        confirm: Confirm,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._jobs = jobs
        self._today = today
        self._choose_save = choose_save
        self._confirm = confirm
        inside = group(
            self,
            self.tr("Export the ledger (台账)"),
            self.tr(
                "An Excel workbook in the township's layout: a summary sheet (children per "
                "category and village) and one sheet per category. ID numbers are masked "
                "(330523********123X) unless you choose to show them in full; a ledger with "
                "masked ID numbers cannot be imported again."
            ),
        )
        self.reveal_ids = named(
            QCheckBox(
                self.tr("Show full ID numbers in the file (it then holds personal data)"), self
            ),
            "reveal_id_numbers",
        )
        self.export_button = named(
            QPushButton(self.tr("Export the ledger to Excel…"), self), "export_ledger"
        )
        self.template_button = named(
            QPushButton(self.tr("Save a blank ledger template…"), self), "ledger_template"
        )
        self.export_status = status_label(self, "export_status")
        inside.addWidget(self.reveal_ids)
        inside.addLayout(row(self.export_button, self.template_button))
        inside.addWidget(self.export_status)
        jobs.hold(self.export_button, self.template_button)
        self.export_button.clicked.connect(self.export_ledger)
        self.template_button.clicked.connect(self.save_template)

    def export_ledger(self) -> None:
        store = self._session.store
        if store is None or self._jobs.running:
            return
        reveal = self.reveal_ids.isChecked()
        if reveal and not self._confirm(
            self,
            self.tr("Full ID numbers"),
            self.tr(
                "The file will hold the full ID numbers of the children and their families: "
                "it is personal data, and it will be marked so. Keep it safe, do not send it "
                "on by WeChat or QQ, and delete it when it is no longer needed. Export with "
                "full ID numbers?"
            ),
        ):
            return
        today = self._today()
        chosen = self._choose_save(
            self,
            self.tr("Save the ledger"),
            str(Path.home() / self.tr("ledger {date}.xlsx").format(date=today.isoformat())),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if not chosen:
            return
        self._jobs.run(
            self.tr("Writing the ledger…"),
            lambda: export_ledger_file(
                store, path=Path(chosen), reveal_id_numbers=reveal, today=today
            ),
            self._exported,
            self.export_status,
            owner=self,
        )

    def _exported(self, result: LedgerExported) -> None:
        self.reveal_ids.setChecked(False)  # asked again for the next file
        text = self.tr("{count} children exported to {path}.").format(
            count=result.children, path=result.path
        )
        if result.revealed:
            text += " " + self.tr(
                "This file holds full ID numbers (personal data) and is marked so: keep it safe."
            )
        else:
            text += " " + self.tr("ID numbers are masked.")
        say(self.export_status, text)

    def save_template(self) -> None:
        if self._jobs.running:
            return
        chosen = self._choose_save(
            self,
            self.tr("Save the blank ledger template"),
            str(Path.home() / self.tr("ledger template.xlsx")),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if not chosen:
            return
        self._jobs.run(
            self.tr("Writing the template…"),
            lambda: save_ledger_template(path=Path(chosen)),
            lambda path: say(
                self.export_status,
                self.tr("The blank template is saved: {path}").format(path=path),
            ),
            self.export_status,
            owner=self,
        )

    def clear(self) -> None:
        self.reveal_ids.setChecked(False)
        self.export_status.clear()
