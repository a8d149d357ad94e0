"""台账与报表: the township ledger out and in, its blank template, the monthly work report.

Every file is written or read on the database lane (``usecases_ledger``), one job at a
time: while one runs the page's buttons wait and the busy bar says what is happening.
Where a file goes or comes from is asked through replaceable callables, so tests choose
the paths without a native dialog (as the backup box and the print button do).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casework.ledger import IMPORT_CHECKING
from desktop.ui.dialogs.ledger_intake import IntakeDecision, IntakeDialog
from desktop.ui.errors import describe_error
from desktop.ui.i18n import is_english
from desktop.ui.session import StoreSession
from desktop.ui.table_models.rows import Row, RowsTableModel
from desktop.ui.tasks import Lane, ProgressRelay, Tasks
from desktop.ui.usecases_ledger import (
    PDF,
    XLSX,
    ImportOutcome,
    LedgerExported,
    RefusedRow,
    ReportWritten,
    export_ledger_file,
    import_planned,
    make_monthly_report,
    preview_ledger_file,
    refused_outcome,
    save_ledger_template,
)
from desktop.ui.widgets.busy import BusyIndicator
from desktop.ui.widgets.styles import say

if TYPE_CHECKING:
    from desktop.services.ledger_intake import ImportPlan

T = TypeVar("T")

# (parent, title, suggested path, filter) → the chosen path, "" when cancelled
ChooseSave = Callable[[QWidget, str, str, str], str]
# (parent, title, filter) → the chosen path, "" when cancelled
ChooseOpen = Callable[[QWidget, str, str], str]
# (parent, title, question) → yes
Confirm = Callable[[QWidget, str, str], bool]


def refused_titles() -> list[str]:
    return [
        QCoreApplication.translate("LedgerPage", "Row"),
        QCoreApplication.translate("LedgerPage", "Sheet"),
        QCoreApplication.translate("LedgerPage", "Why it was not imported"),
    ]


def refused_row(refused: RefusedRow, *, english: bool) -> Row:
    reason = refused.reason(english=english)
    return Row(
        texts=(str(refused.row_number), refused.sheet, reason),
        payload=refused,
        sort_keys=(refused.row_number, refused.sheet, reason),
        alert=True,
        tooltips=("", "", reason),
    )


def _save_dialog(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


def _open_dialog(parent: QWidget, title: str, filters: str) -> str:
    path, _filter = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path


def _question(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    widget.setObjectName(name)  # what tests and style sheets find it by
    return widget


def _status_label(parent: QWidget, name: str) -> QLabel:
    label = _named(QLabel(parent), name)
    label.setWordWrap(True)
    return label


def _group(parent: QWidget, title: str, note: str) -> tuple[QGroupBox, QVBoxLayout]:
    """A titled box opening with a wrapped note; the caller adds the rest below."""
    box = QGroupBox(title, parent)
    label = QLabel(note, box)
    label.setWordWrap(True)
    inside = QVBoxLayout(box)
    inside.addWidget(label)
    return box, inside


def _row(*widgets: QWidget) -> QHBoxLayout:
    """Widgets side by side, from the left."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class LedgerPage(QWidget):
    finished = Signal(bool)  # a job of the page ended: whether it went well

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
        self._session = session
        self._tasks = tasks
        self._today = today
        self._choose_save = choose_save or _save_dialog
        self._choose_open = choose_open or _open_dialog
        self._confirm = confirm or _question
        self._running = False
        self._last_import: Path | None = None
        self._last_plan: ImportPlan | None = None
        self._opened_on: date | None = None  # the intake dialog's 建档日期 for the last plan
        self.intake_dialog: IntakeDialog | None = None
        self.busy = BusyIndicator(self)
        self._import_progress = ProgressRelay(self)
        self._import_progress.progress.connect(self._show_import_progress)

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.addWidget(self._export_box(body))
        self.import_box = self._import_box(body)
        column.addWidget(self.import_box)
        column.addWidget(self._report_box(body))
        # The boxes keep their own height; only a list of refused rows takes the room left.
        column.addStretch(1)
        self._column = column
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.busy)

        self.export_button.clicked.connect(self.export_ledger)
        self.template_button.clicked.connect(self.save_template)
        self.import_button.clicked.connect(self.import_ledger)
        self.skip_button.clicked.connect(self.import_skipping_bad_rows)
        self.report_button.clicked.connect(self.make_report)
        self.report_pdf.toggled.connect(self._formats_changed)
        self.report_xlsx.toggled.connect(self._formats_changed)
        session.locked.connect(self.clear)

    # -- building ------------------------------------------------------------------------

    def _show_refused(self, shown: bool) -> None:
        """The refused rows, given the page's spare height while they show."""
        self.refused_table.setVisible(shown)
        self._column.setStretchFactor(self.import_box, 1 if shown else 0)
        self._column.setStretch(self._column.count() - 1, 0 if shown else 1)

    def _export_box(self, parent: QWidget) -> QGroupBox:
        box, inside = _group(
            parent,
            self.tr("Export the ledger (台账)"),
            self.tr(
                "An Excel workbook in the township's layout: a summary sheet (children per "
                "category and village) and one sheet per category. ID numbers are masked "
                "(330523********123X) unless you choose to show them in full; a ledger with "
                "masked ID numbers cannot be imported again."
            ),
        )
        self.reveal_ids = _named(
            QCheckBox(
                self.tr("Show full ID numbers in the file (it then holds personal data)"), box
            ),
            "reveal_id_numbers",
        )
        self.export_button = _named(
            QPushButton(self.tr("Export the ledger to Excel…"), box), "export_ledger"
        )
        self.template_button = _named(
            QPushButton(self.tr("Save a blank ledger template…"), box), "ledger_template"
        )
        self.export_status = _status_label(box, "export_status")
        inside.addWidget(self.reveal_ids)
        inside.addLayout(_row(self.export_button, self.template_button))
        inside.addWidget(self.export_status)
        return box

    def _import_box(self, parent: QWidget) -> QGroupBox:
        box, inside = _group(
            parent,
            self.tr("Import a ledger"),
            self.tr(
                "The village's own ledger as it is (Excel or WPS .xlsx, .xls, .csv): title "
                "rows, two-row headers, merged cells and totals need no editing. You see the "
                "columns it found and a preview of every row, with each child's category by "
                "the county's rules, before anything is written. A child already on file "
                "(same ID number) is updated only where you tick it, never added twice."
            ),
        )
        self.import_button = _named(
            QPushButton(self.tr("Import a ledger (.xlsx, .xls or .csv)…"), box), "import_ledger"
        )
        self.skip_button = _named(
            QPushButton(self.tr("Import the other rows now, without the rows listed"), box),
            "import_skipping_bad_rows",
        )
        self.import_status = _status_label(box, "import_status")
        self.refused_model = RowsTableModel(refused_titles, self)
        self.refused_table = _named(QTableView(box), "refused_rows")
        self.refused_table.setModel(self.refused_model)
        self.refused_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.refused_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.refused_table.setWordWrap(True)
        self.refused_table.verticalHeader().hide()
        self.refused_table.setMinimumHeight(180)
        header = self.refused_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(50)  # fit to the first rows, not thousands
        header.setStretchLastSection(True)
        inside.addLayout(_row(self.import_button, self.skip_button))
        inside.addWidget(self.import_status)
        inside.addWidget(self.refused_table, 1)
        self.skip_button.hide()
        self.refused_table.hide()
        return box

    def _report_box(self, parent: QWidget) -> QGroupBox:
        box, inside = _group(
            parent,
            self.tr("Monthly work report for the township"),
            self.tr(
                "Home visits due and done, new and closed cases, mandatory reports, referrals "
                "and the children whose category changes next month. It names children: "
                "keep the files safe."
            ),
        )
        self.report_month = _named(QDateEdit(box), "report_month")
        self.report_month.setDisplayFormat("yyyy-MM")
        today = self._today()
        self.report_month.setMaximumDate(QDate(today.year, today.month, today.day))
        self.report_month.setDate(QDate(today.year, today.month, 1))
        self.report_pdf = _named(QCheckBox(self.tr("PDF (to print)"), box), "report_pdf")
        self.report_xlsx = _named(
            QCheckBox(self.tr("Excel (.xlsx, every list in full)"), box), "report_xlsx"
        )
        for format_box in (self.report_pdf, self.report_xlsx):
            format_box.setChecked(True)
        self.report_button = _named(
            QPushButton(self.tr("Make the monthly report…"), box), "make_monthly_report"
        )
        self.report_status = _status_label(box, "report_status")
        inside.addLayout(
            _row(
                QLabel(self.tr("Month:"), box),
                self.report_month,
                self.report_pdf,
                self.report_xlsx,
                self.report_button,
            )
        )
        inside.addWidget(self.report_status)
        return box

    # -- running one job at a time ---------------------------------------------------------

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.export_button,
            self.template_button,
            self.import_button,
            self.skip_button,
            self.report_button,
        )

    def _start(self, saying: str) -> None:
        self._running = True
        for button in self._buttons():
            button.setEnabled(False)
        self.busy.start(saying)

    def _stop(self) -> None:
        self._running = False
        self.busy.stop()
        for button in self._buttons():
            button.setEnabled(True)
        self._formats_changed()

    def _run(
        self,
        saying: str,
        work: Callable[[], T],
        done: Callable[[T], None],
        status: QLabel,
        *,
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
        self._tasks.run(Lane.DB, work, finished, failed, owner=self)

    def is_running(self) -> bool:
        return self._running

    # -- export and template ---------------------------------------------------------------

    def export_ledger(self) -> None:
        store = self._session.store
        if store is None or self._running:
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
        self._run(
            self.tr("Writing the ledger…"),
            lambda: export_ledger_file(
                store, path=Path(chosen), reveal_id_numbers=reveal, today=today
            ),
            self._exported,
            self.export_status,
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
        if self._running:
            return
        chosen = self._choose_save(
            self,
            self.tr("Save the blank ledger template"),
            str(Path.home() / self.tr("ledger template.xlsx")),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if not chosen:
            return
        self._run(
            self.tr("Writing the template…"),
            lambda: save_ledger_template(path=Path(chosen)),
            lambda path: say(
                self.export_status,
                self.tr("The blank template is saved: {path}").format(path=path),
            ),
            self.export_status,
        )

    # -- import ------------------------------------------------------------------------------

    def import_ledger(self) -> None:
        if self._session.store is None or self._running:
            return
        chosen = self._choose_open(
            self,
            self.tr("Ledger to import"),
            self.tr("Ledger (*.xlsx *.xls *.csv);;All files (*)"),
        )
        if chosen:
            self._preview(Path(chosen))

    def _preview(self, path: Path, mapping: dict[str, dict[str, str]] | None = None) -> None:
        """Read and check the file (nothing written), then show the intake dialog."""
        store = self._session.store
        if store is None or self._running:
            return
        self._last_import = path
        self._last_plan = None
        self.skip_button.hide()
        self.refused_model.clear()
        self._show_refused(False)
        report = self._import_progress.report
        folder = self._session.folder.root
        self._run(
            self.tr("Reading and checking every row of {name}…").format(name=path.name),
            lambda: preview_ledger_file(
                store, path=path, folder=folder, mapping=mapping, progress=report
            ),
            self._review,
            self.import_status,
        )

    def _review(self, plan: ImportPlan) -> None:
        if not self._session.is_unlocked:
            return
        self._last_plan = plan
        if not plan.rows:
            say(self.import_status, self.tr("The file holds no children's rows."), ok=False)
            return
        dialog = IntakeDialog(plan, self)
        dialog.decided.connect(self._decided)
        dialog.finished.connect(dialog.deleteLater)
        self.intake_dialog = dialog
        dialog.open()

    def _decided(self, decision: IntakeDecision) -> None:
        self.intake_dialog = None
        plan = self._last_plan
        if plan is None or self._last_import is None:
            return
        self._opened_on = decision.opened_on
        if decision.action == "remap":
            self._preview(self._last_import, decision.mapping)
        elif decision.action == "import":
            self._write(plan, skip_invalid=decision.skip_invalid, accepted=decision.accepted)
        elif plan.refused:
            self._imported(refused_outcome(plan))
        else:
            say(self.import_status, self.tr("Nothing was imported."), ok=True)

    def import_skipping_bad_rows(self) -> None:
        if self._last_plan is not None:
            self._write(self._last_plan, skip_invalid=True, accepted=frozenset())

    def _write(self, plan: ImportPlan, *, skip_invalid: bool, accepted: frozenset[str]) -> None:
        store = self._session.store
        if store is None or self._running:
            return
        if plan.refused and not skip_invalid:
            self._imported(refused_outcome(plan))
            return
        self.skip_button.hide()
        report = self._import_progress.report
        folder = self._session.folder.root
        opened_on = self._opened_on
        self._run(
            self.tr("Writing the children's files…"),
            lambda: import_planned(
                store,
                plan=plan,
                folder=folder,
                accepted=accepted,
                progress=report,
                opened_on=opened_on,
            ),
            self._imported,
            self.import_status,
            changes=lambda outcome: bool(outcome.written),
        )

    def _show_import_progress(self, phase: str, done: int, total: int) -> None:
        if not self._running:
            return  # a late report of an import that has ended
        if phase == IMPORT_CHECKING:
            text = self.tr("Checked {done} of {total} rows…").format(done=done, total=total)
        else:
            percent = 100 * done // max(total, 1)
            text = self.tr("Writing the children's files… {percent}%").format(percent=percent)
        self.busy.advance(text, done, total)

    def _imported(self, result: ImportOutcome) -> None:
        bad = len(result.refused)
        if not result.written and bad and not result.added:
            text = self.tr(
                "Nothing was imported: {bad} rows have problems (listed below). Correct them "
                "in the file and import it again, or import the other rows now without them."
            ).format(bad=bad)
            say(self.import_status, text, ok=False)
            # Only when some row was fine: skipping would otherwise import nothing.
            self.skip_button.setVisible(result.checked > bad)
        else:
            text = self.tr(
                "{added} children added (with {members} family members); {bad} rows not imported."
            ).format(added=result.added, members=result.members, bad=bad)
            if result.updated:
                text += " " + self.tr("{updated} children updated.").format(updated=result.updated)
            if bad:
                text += " " + self.tr("The rows not imported are listed below.")
            say(self.import_status, text, ok=not bad)
        if result.ignored_columns:
            self.import_status.setText(
                self.import_status.text()
                + " "
                + self.tr("Columns kept in the children's notes: {columns}").format(
                    columns="、".join(result.ignored_columns)
                )
            )
        if self._session.is_unlocked and result.refused:
            english = is_english()
            self.refused_model.set_rows(refused_row(r, english=english) for r in result.refused)
            # The sheet column only for a workbook with several ledger sheets.
            self.refused_table.setColumnHidden(1, not any(r.sheet for r in result.refused))
            self._show_refused(True)

    # -- monthly report --------------------------------------------------------------------

    def _suffixes(self) -> tuple[str, ...]:
        chosen = ((self.report_pdf, PDF), (self.report_xlsx, XLSX))
        return tuple(suffix for box, suffix in chosen if box.isChecked())

    def _formats_changed(self) -> None:
        self.report_button.setEnabled(not self._running and bool(self._suffixes()))

    def make_report(self) -> None:
        store = self._session.store
        suffixes = self._suffixes()
        if store is None or self._running or not suffixes:
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
        self._run(
            self.tr("Making the monthly report…"),
            lambda: make_monthly_report(store, month=month, path=Path(chosen), suffixes=suffixes),
            self._reported,
            self.report_status,
        )

    def _reported(self, result: ReportWritten) -> None:
        say(
            self.report_status,
            self.tr("The monthly report for {month} is saved: {paths}").format(
                month=result.month.strftime("%Y-%m"),
                paths="; ".join(str(p) for p in result.paths),
            ),
        )

    # -- lock ----------------------------------------------------------------------------------

    def clear(self) -> None:
        """Locked: nothing of the last import stays on screen."""
        self.reveal_ids.setChecked(False)
        self.refused_model.clear()
        self._show_refused(False)
        self.skip_button.hide()
        self._last_import = None
        self._last_plan = None
        self._opened_on = None
        if self.intake_dialog is not None:
            self.intake_dialog.reject()
        for label in (self.export_status, self.import_status, self.report_status):
            label.clear()
