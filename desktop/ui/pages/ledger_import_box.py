"""The ledger page's second box: the village's own ledger in, through the intake dialog
(columns found, a preview of every row), then the rows it refused listed with their reasons."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QPushButton,
    QWidget,
)

from casework.ledger import IMPORT_CHECKING
from desktop.ui.dialogs.ledger_intake import IntakeDecision, IntakeDialog
from desktop.ui.i18n import is_english
from desktop.ui.pages.ledger_jobs import ChooseOpen, Jobs, group, named, row, status_label
from desktop.ui.session import StoreSession
from desktop.ui.table_models.rows import Row, RowsTableModel
from desktop.ui.tasks import ProgressRelay
from desktop.ui.widgets.styles import say
from desktop.ui.widgets.tables import list_table
from desktop.usecases.ledger import (
    ImportOutcome,
    RefusedRow,
    import_planned,
    preview_ledger_file,
    refused_outcome,
)

if TYPE_CHECKING:
    from datetime import date

    from desktop.services.ledger_intake import ImportPlan


def refused_titles() -> list[str]:
    return [
        QCoreApplication.translate("ImportBox", "Row"),
        QCoreApplication.translate("ImportBox", "Sheet"),
        QCoreApplication.translate("ImportBox", "Why it was not imported"),
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


class ImportBox(QGroupBox):
    refused_shown = Signal(bool)  # the list of refused rows appears or goes (the page sizes it)

    def __init__(
        self, session: StoreSession, jobs: Jobs, parent: QWidget, *, choose_open: ChooseOpen
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._jobs = jobs
        self._choose_open = choose_open
        self._last_import: Path | None = None
        self._last_plan: ImportPlan | None = None
        self._opened_on: date | None = None  # the intake dialog's 建档日期 for the last plan
        self.intake_dialog: IntakeDialog | None = None
        self._progress = ProgressRelay(self)
        self._progress.progress.connect(self._show_progress)
        inside = group(
            self,
            self.tr("Import a ledger"),
            self.tr(
                "The village's own ledger as it is (Excel or WPS .xlsx, .xls, .csv): title "
                "rows, two-row headers, merged cells and totals need no editing. You see the "
                "columns it found and a preview of every row, with each child's category by "
                "the county's rules, before anything is written. A child already on file "
                "(same ID number) is updated only where you tick it, never added twice."
            ),
        )
        self.import_button = named(
            QPushButton(self.tr("Import a ledger (.xlsx, .xls or .csv)…"), self), "import_ledger"
        )
        self.skip_button = named(
            QPushButton(self.tr("Import the other rows now, without the rows listed"), self),
            "import_skipping_bad_rows",
        )
        self.import_status = status_label(self, "import_status")
        self.refused_model = RowsTableModel(refused_titles, self)
        self.refused_table = list_table(self, self.refused_model, "refused_rows")
        self.refused_table.setMinimumHeight(180)
        header = self.refused_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(50)  # fit to the first rows, not thousands
        header.setStretchLastSection(True)
        inside.addLayout(row(self.import_button, self.skip_button))
        inside.addWidget(self.import_status)
        inside.addWidget(self.refused_table, 1)
        self.skip_button.hide()
        self.refused_table.hide()
        jobs.hold(self.import_button, self.skip_button)
        self.import_button.clicked.connect(self.import_ledger)
        self.skip_button.clicked.connect(self.import_skipping_bad_rows)

    def _show_refused(self, shown: bool) -> None:
        self.refused_table.setVisible(shown)
        self.refused_shown.emit(shown)

    def import_ledger(self) -> None:
        if self._session.store is None or self._jobs.running:
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
        if store is None or self._jobs.running:
            return
        self._last_import = path
        self._last_plan = None
        self.skip_button.hide()
        self.refused_model.clear()
        self._show_refused(False)
        report = self._progress.report
        folder = self._session.folder.root
        self._jobs.run(
            self.tr("Reading and checking every row of {name}…").format(name=path.name),
            lambda: preview_ledger_file(
                store, path=path, folder=folder, mapping=mapping, progress=report
            ),
            self._review,
            self.import_status,
            owner=self,
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
        if store is None or self._jobs.running:
            return
        if plan.refused and not skip_invalid:
            self._imported(refused_outcome(plan))
            return
        self.skip_button.hide()
        report = self._progress.report
        folder = self._session.folder.root
        opened_on = self._opened_on
        self._jobs.run(
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
            owner=self,
            changes=lambda outcome: bool(outcome.written),
        )

    def _show_progress(self, phase: str, done: int, total: int) -> None:
        if not self._jobs.running:
            return  # a late report of an import that has ended
        if phase == IMPORT_CHECKING:
            text = self.tr("Checked {done} of {total} rows…").format(done=done, total=total)
        else:
            percent = 100 * done // max(total, 1)
            text = self.tr("Writing the children's files… {percent}%").format(percent=percent)
        self._jobs.busy.advance(text, done, total)

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

    def clear(self) -> None:
        """Locked: nothing of the last import stays on screen."""
        self.refused_model.clear()
        self._show_refused(False)
        self.skip_button.hide()
        self._last_import = None
        self._last_plan = None
        self._opened_on = None
        if self.intake_dialog is not None:
            self.intake_dialog.reject()
        self.import_status.clear()
