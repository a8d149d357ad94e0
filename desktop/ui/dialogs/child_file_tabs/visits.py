"""走访记录: the visits made, and the form for a new one whose next due date follows the
visit policy until it is typed over."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casework.records import RecordValidationError
from desktop.models.store import CaseStore
from desktop.ui.errors import describe_error
from desktop.ui.loading import Changed, write_in_background
from desktop.ui.session import StoreSession
from desktop.ui.table_models.child_file import show_visits, visits_model
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.busy import BusyIndicator
from desktop.ui.widgets.record_form import FieldSpec, RecordForm, Widget
from desktop.usecases.children import ChildFile, next_visit_default, record_visit

VISIT_FIELDS = (
    FieldSpec("visit_date", Widget.DATE),
    FieldSpec("visitor"),
    FieldSpec("visit_type", Widget.CHOICE, ("regular", "key_check", "follow_up"), blank=False),
    FieldSpec("living_condition", Widget.LONG_TEXT),
    FieldSpec("guardianship", Widget.LONG_TEXT),
    FieldSpec("schooling", Widget.LONG_TEXT),
    FieldSpec("health", Widget.LONG_TEXT),
    FieldSpec("mental_state", Widget.LONG_TEXT),
    FieldSpec("problems_found", Widget.LONG_TEXT),
    FieldSpec("help_given", Widget.LONG_TEXT),
    FieldSpec("next_visit_due", Widget.DATE),
)
# A syntactically valid child id, so a visit form validates before the child exists.
PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"


class VisitsTab(QWidget):
    """The visits table and the new-visit form; recording one writes it on the database
    lane (the dialog's busy indicator says so) and the session tells every page."""

    recorded = Signal(str)  # visit id, once the store has it
    finished = Signal()  # a recording ended, well or not

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        busy: BusyIndicator,
        *,
        today: Callable[[], date],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._tasks = tasks
        self._busy = busy
        self._today = today
        self._interval: int | None = None  # months between visits (None: no category)
        self._saving = False
        self._child_id: str | None = None
        self.model = visits_model(self)
        self.table = QTableView(self)
        self.table.setObjectName("visits_table")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.form = RecordForm("visit", VISIT_FIELDS, self)
        self.form.set_context({"child_id": PLACEHOLDER_ID})
        self.button = QPushButton(
            QCoreApplication.translate("ChildFileDialog", "Record this visit"), self
        )
        self.button.setObjectName("record_visit")
        self.status = QLabel(self)
        self.status.setObjectName("visit_status")
        self._new_visit = QWidget(self)  # the form for a new visit, under the list
        scroll = QScrollArea(self._new_visit)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        new_visit = QVBoxLayout(self._new_visit)
        new_visit.setContentsMargins(0, 0, 0, 0)
        new_visit.addWidget(
            QLabel(QCoreApplication.translate("ChildFileDialog", "New visit"), self._new_visit)
        )
        new_visit.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.button)
        new_visit.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._new_visit, 2)
        self.form.edited.connect(self._edited)

    def show_file(self, file: ChildFile) -> None:
        self._interval = file.visit_interval_months
        show_visits(self.model, file.visits)
        self.table.resizeColumnsToContents()

    def reset(self, child_id: str | None) -> None:
        """An empty new visit: today, by this user, next due by the visit policy."""
        today = self._today()
        due = next_visit_default(today, self._interval)
        self.form.load(
            {
                "visit_date": today.isoformat(),
                "visitor": self._session.user,
                "visit_type": "regular",
                "next_visit_due": due.isoformat() if due else None,
            }
        )
        self._child_id = child_id
        if child_id:
            self.form.set_context({"child_id": child_id})

    def set_writable(self, writable: bool) -> None:
        """A role that does not record visits (a supervisor's laptop) sees the list only:
        a greyed form filled with its own name would offer what the county refuses."""
        self.form.setEnabled(writable)
        self._new_visit.setVisible(writable)

    def allow(self, allowed: bool) -> None:
        """The button, when the dialog allows a visit now and the form is right."""
        self.button.setEnabled(allowed and self.form.is_valid())

    def is_saving(self) -> bool:
        return self._saving

    def _edited(self, name: str) -> None:
        if name == "visit_date" and not self.form.is_touched("next_visit_due"):
            # Follow the visit date with the policy's next due date, until typed over.
            try:
                visit_day = date.fromisoformat(self.form.values().get("visit_date") or "")
            except ValueError:
                visit_day = None
            if visit_day is not None:
                due = next_visit_default(visit_day, self._interval)
                self.form.set_quietly("next_visit_due", due.isoformat() if due else None)
        self.status.clear()

    def record(self, child_id: str) -> bool:
        """Write the visit; False (nothing started) when the form is not right or locked."""
        self.form.touch_all()
        if not self.form.is_valid() or self._saving or not self._session.is_unlocked:
            return False
        values: dict[str, Any] = self.form.values()
        self._child_id = child_id

        def work(store: CaseStore) -> Changed[str]:
            return Changed(record_visit(store, child_id=child_id, fields=values), child_id)

        self._saving = True
        self._busy.start(QCoreApplication.translate("ChildFileDialog", "Saving the visit…"))
        write_in_background(self._session, self._tasks, work, self._saved, self._failed, owner=self)
        return True

    def _saved(self, visit_id: str) -> None:
        try:
            self._saving = False
            self._busy.stop()
            self.reset(self._child_id)
            self.status.setText(QCoreApplication.translate("ChildFileDialog", "Visit recorded."))
            self.recorded.emit(visit_id)
        finally:
            self.finished.emit()

    def _failed(self, error: BaseException) -> None:
        try:
            self._saving = False
            self._busy.stop()
            if isinstance(error, RecordValidationError):
                self.form.show_problems({e.field: e.message for e in error.errors})
            self.status.setText(
                QCoreApplication.translate("ChildFileDialog", "Visit not saved.")
                + " "
                + describe_error(error)
            )
        finally:
            self.finished.emit()
