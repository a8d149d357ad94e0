"""台账与报表: one box per job — the township ledger out and its blank template
(``ledger_export_box``), the village's own ledger in (``ledger_import_box``), the monthly
work report (``monthly_report_box``).

Every file is written or read on the database lane (``usecases/ledger``), one job at a
time (``ledger_jobs.Jobs``): while one runs the page's buttons wait and the busy bar says
what is happening.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from desktop.ui.pages.ledger_export_box import ExportBox
from desktop.ui.pages.ledger_import_box import ImportBox
from desktop.ui.pages.ledger_jobs import (
    ChooseOpen,
    ChooseSave,
    Confirm,
    Jobs,
    open_dialog,
    question,
    save_dialog,
)
from desktop.ui.pages.monthly_report_box import MonthlyReportBox
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.busy import BusyIndicator


class LedgerPage(QWidget):
    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        choose_save: ChooseSave | None = None,
        choose_open: ChooseOpen | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(parent)
        self.busy = BusyIndicator(self)
        self.jobs = Jobs(session, tasks, self.busy)
        self.finished = self.jobs.finished  # a job of the page ended: whether it went well
        body = QWidget(self)
        save = choose_save or save_dialog
        self.exporting = ExportBox(
            session, self.jobs, body, today=today, choose_save=save, confirm=confirm or question
        )
        self.importing = ImportBox(session, self.jobs, body, choose_open=choose_open or open_dialog)
        self.reporting = MonthlyReportBox(session, self.jobs, body, today=today, choose_save=save)
        column = QVBoxLayout(body)
        for box in (self.exporting, self.importing, self.reporting):
            column.addWidget(box)
        # The boxes keep their own height; only a list of refused rows takes the room left.
        column.addStretch(1)
        self._column = column
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.busy)
        self.importing.refused_shown.connect(self._give_room)
        session.locked.connect(self.clear)

    def _give_room(self, refused_shown: bool) -> None:
        """The refused rows get the page's spare height while they show."""
        self._column.setStretchFactor(self.importing, 1 if refused_shown else 0)
        self._column.setStretch(self._column.count() - 1, 0 if refused_shown else 1)

    def is_running(self) -> bool:
        return self.jobs.running

    def clear(self) -> None:
        """Locked: nothing of the last files stays on screen."""
        for box in (self.exporting, self.importing, self.reporting):
            box.clear()
