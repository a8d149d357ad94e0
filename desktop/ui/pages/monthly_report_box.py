"""The ledger page's third box: the township's monthly work report, as PDF and Excel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QGroupBox, QLabel, QPushButton, QWidget

from desktop.ui.pages.ledger_jobs import ChooseSave, Jobs, group, named, row, status_label
from desktop.ui.session import StoreSession
from desktop.ui.widgets.styles import say
from desktop.usecases.ledger import PDF, XLSX, ReportWritten, make_monthly_report


class MonthlyReportBox(QGroupBox):
    def __init__(
        self,
        session: StoreSession,
        jobs: Jobs,
        parent: QWidget,
        *,
        today: Callable[[], date],
        choose_save: ChooseSave,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._jobs = jobs
        self._choose_save = choose_save
        inside = group(
            self,
            self.tr("Monthly work report for the township"),
            self.tr(
                "Home visits due and done, new and closed cases, mandatory reports, referrals "
                "and the children whose category changes next month. It names children: "
                "keep the files safe."
            ),
        )
        self.report_month = named(QDateEdit(self), "report_month")
        self.report_month.setDisplayFormat("yyyy-MM")
        now = today()
        self.report_month.setMaximumDate(QDate(now.year, now.month, now.day))
        self.report_month.setDate(QDate(now.year, now.month, 1))
        self.report_pdf = named(QCheckBox(self.tr("PDF (to print)"), self), "report_pdf")
        self.report_xlsx = named(
            QCheckBox(self.tr("Excel (.xlsx, every list in full)"), self), "report_xlsx"
        )
        for format_box in (self.report_pdf, self.report_xlsx):
            format_box.setChecked(True)
        self.report_button = named(
            QPushButton(self.tr("Make the monthly report…"), self), "make_monthly_report"
        )
        self.report_status = status_label(self, "report_status")
        inside.addLayout(
            row(
                QLabel(self.tr("Month:"), self),
                self.report_month,
                self.report_pdf,
                self.report_xlsx,
                self.report_button,
            )
        )
        inside.addWidget(self.report_status)
        jobs.hold(self.report_button)
        jobs.idle.connect(self._formats_changed)
        self.report_button.clicked.connect(self.make_report)
        self.report_pdf.toggled.connect(self._formats_changed)
        self.report_xlsx.toggled.connect(self._formats_changed)

    def _suffixes(self) -> tuple[str, ...]:
        chosen = ((self.report_pdf, PDF), (self.report_xlsx, XLSX))
        return tuple(suffix for box, suffix in chosen if box.isChecked())

    def _formats_changed(self) -> None:
        self.report_button.setEnabled(not self._jobs.running and bool(self._suffixes()))

    def make_report(self) -> None:
        store = self._session.store
        suffixes = self._suffixes()
        if store is None or self._jobs.running or not suffixes:
            return
        picked = self.report_month.date()
        month = date(picked.year(), picked.month(), 1)
        filters = {PDF: "PDF (*.pdf)", XLSX: self.tr("Excel workbook (*.xlsx)")}
        name = self.tr("monthly report {month}").format(month=month.strftime("%Y-%m"))
        chosen = self._choose_save(
            self,
            self.tr("Save the monthly report (it names children: keep it safe)"),
            str(Path.home() / f"{name}{suffixes[0]}"),
            ";;".join(filters[s] for s in suffixes),
        )
        if not chosen:
            return
        self._jobs.run(
            self.tr("Making the monthly report…"),
            lambda: make_monthly_report(store, month=month, path=Path(chosen), suffixes=suffixes),
            self._reported,
            self.report_status,
            owner=self,
        )

    def _reported(self, result: ReportWritten) -> None:
        say(
            self.report_status,
            self.tr("The monthly report for {month} is saved: {paths}").format(
                month=result.month.strftime("%Y-%m"),
                paths="; ".join(str(p) for p in result.paths),
            ),
        )

    def clear(self) -> None:
        self.report_status.clear()
