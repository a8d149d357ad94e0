"""督导: the township supervisor's view of every village, and supervision notes.

Shown on the rail for a device enrolled with a township scope, and for a director's
device (its own village's notes). Picking a village lists its notes; a new note (with an
optional task and deadline) goes to that village's director at the next sync. What is
offered follows ``casework.permissions.TABLE`` (the county server's own table): a
supervisor writes notes; a director reads them and may only mark a task done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.store import RecordView
from desktop.ui.errors import describe_error
from desktop.ui.loading import read_in_background
from desktop.ui.session import StoreSession
from desktop.ui.table_models.rows import PAYLOAD_ROLE, Row, RowsTableModel
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.usecases_supervision import (
    NoteOffers,
    SupervisionOverview,
    VillageOverview,
    add_supervision_note,
    mark_task_done,
    supervision_overview,
)
from desktop.ui.widgets.busy import BusyIndicator
from desktop.ui.widgets.record_form import FieldSpec, RecordForm, Widget
from desktop.ui.words import value_text

NOTE_FIELDS = (
    FieldSpec("note", Widget.LONG_TEXT),
    FieldSpec("task", Widget.LONG_TEXT),
    FieldSpec("task_due", Widget.DATE),
)


def village_titles() -> list[str]:
    return [
        QCoreApplication.translate("SupervisionPage", "Village"),
        QCoreApplication.translate("SupervisionPage", "Children on file"),
        QCoreApplication.translate("SupervisionPage", "Visits overdue"),
        QCoreApplication.translate("SupervisionPage", "Left-behind children without entrustment"),
        QCoreApplication.translate("SupervisionPage", "Files whose categories cannot be judged"),
    ]


def note_titles() -> list[str]:
    return [
        QCoreApplication.translate("SupervisionPage", "Written"),
        QCoreApplication.translate("SupervisionPage", "Note"),
        QCoreApplication.translate("SupervisionPage", "Task due"),
        QCoreApplication.translate("SupervisionPage", "State"),
    ]


def village_row(village: VillageOverview) -> Row:
    return Row(
        texts=(
            f"{village.name}（{village.code}）" if village.name != village.code else village.code,
            str(village.children),
            str(village.overdue_visits),
            str(village.missing_entrustments),
            str(village.rules_problems),
        ),
        payload=village.code,
        sort_keys=(village.code, village.children, village.overdue_visits),
        alert=bool(
            village.overdue_visits or village.missing_entrustments or village.rules_problems
        ),
        tooltips=("", "", "", _entrustment_tip(), _rules_tip()),
    )


def _entrustment_tip() -> str:
    # casework.file_checks: annex 3 item 3 of the work plan.
    return QCoreApplication.translate(
        "SupervisionPage",
        "Left-behind children with no signed entrustment confirmation (work plan annex 3 "
        "item 3: the director helps the guardians sign one).",
    )


def _rules_tip() -> str:
    # Issue 17 item 6: a child never silently loses its categories.
    return QCoreApplication.translate(
        "SupervisionPage",
        "Files whose facts contradict each other (two fathers, say), so the rules cannot "
        "judge the child's categories; each is on the village's to-do to correct.",
    )


class SupervisionPage(QWidget):
    supervisor_mode = Signal(bool)  # whether this device has a township scope
    loaded = Signal()
    note_added = Signal(str)

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._tasks = tasks
        self._today = today
        self.overview: SupervisionOverview | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.villages = RowsTableModel(village_titles, self)
        self.village_table = QTableView(self)
        self.village_table.setObjectName("village_table")
        self.village_table.setModel(self.villages)
        self.village_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.village_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.village_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.village_table.verticalHeader().hide()
        self.village_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.notes = RowsTableModel(note_titles, self)
        self.note_table = QTableView(self)
        self.note_table.setObjectName("note_table")
        self.note_table.setModel(self.notes)
        self.note_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.note_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.note_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.note_table.verticalHeader().hide()
        self.note_table.horizontalHeader().setStretchLastSection(True)
        self.notes_heading = QLabel(self.tr("Choose a village to see and write its notes."), self)
        self.form = RecordForm("supervision_note", NOTE_FIELDS, self)
        self.form.set_context({"author": "-"})
        self.add_button = QPushButton(self.tr("Add the supervision note"), self)
        self.add_button.setObjectName("add_note")
        self.done_button = QPushButton(self.tr("Mark the task done"), self)
        self.done_button.setObjectName("mark_done")
        self.done_button.setToolTip(
            self.tr("Tell the township supervisor that what this note asked for is done.")
        )
        self.offers = NoteOffers()
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.busy = BusyIndicator(self)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.village_table, 2)
        layout.addWidget(self.notes_heading)
        layout.addWidget(self.note_table, 1)
        layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addWidget(self.busy)
        row.addWidget(self.status, 1)
        row.addWidget(self.done_button)
        row.addWidget(self.add_button)
        layout.addLayout(row)

        self.village_table.selectionModel().selectionChanged.connect(lambda *_: self._show_notes())
        self.note_table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.add_button.clicked.connect(self.add_note)
        self.done_button.clicked.connect(self.mark_done)
        session.unlocked.connect(self.reload)
        session.synced.connect(self.reload)
        session.changed.connect(lambda _id: self.reload())
        session.locked.connect(self.clear)
        self._update()

    def reload(self) -> None:
        today = self._today()
        read_in_background(
            self._session,
            self._tasks,
            self.busy,
            self.tr("Reading the township's villages…"),
            lambda store: supervision_overview(store, today=today),
            self._loaded,
            lambda error: self.status.setText(describe_error(error)),
            owner=self,
        )

    def _loaded(self, overview: SupervisionOverview) -> None:
        if not self._session.is_unlocked:
            return
        chosen = self.chosen_village()
        self.overview = overview
        self.offers = overview.offers
        self.supervisor_mode.emit(overview.shown)
        if overview.is_supervisor:
            heading = self.tr("{township}: {count} villages").format(
                township=overview.township_name, count=len(overview.villages)
            )
        else:
            heading = self.tr("The township supervisor's notes to this village")
        self.heading.setText(heading)
        self.villages.set_rows(village_row(v) for v in overview.villages)
        codes = [v.code for v in overview.villages]
        if chosen not in codes and not overview.is_supervisor and codes:
            chosen = codes[0]  # a director's one village
        if chosen in codes:
            self.village_table.selectRow(codes.index(chosen))
        self._show_notes()
        self.loaded.emit()

    def clear(self) -> None:
        self.overview = None
        self.villages.clear()
        self.notes.clear()
        self.form.load({})

    def chosen_village(self) -> str | None:
        rows = self.village_table.selectionModel().selectedRows()
        return rows[0].data(PAYLOAD_ROLE) if rows else None

    def choose_village(self, code: str) -> None:
        for row in range(self.villages.rowCount()):
            if self.villages.index(row, 0).data(PAYLOAD_ROLE) == code:
                self.village_table.selectRow(row)

    def _show_notes(self) -> None:
        code = self.chosen_village()
        overview = self.overview
        notes = [] if overview is None or code is None else overview.notes
        self.notes.set_rows(
            Row(
                texts=(
                    n.created_at.date().isoformat(),
                    str(n.fields.get("note") or ""),
                    str(n.fields.get("task_due") or ""),
                    value_text(n.fields.get("status")),
                ),
                payload=n.id,
                tooltips=("", str(n.fields.get("task") or "")),
            )
            for n in notes
            if n.fields.get("village_code") == code
        )
        if code is not None and overview is not None:
            name = next((v.name for v in overview.villages if v.code == code), code)
            self.notes_heading.setText(
                self.tr("Supervision notes for {village}").format(village=name)
            )
        self._update()

    def chosen_note(self) -> RecordView | None:
        rows = self.note_table.selectionModel().selectedRows()
        overview = self.overview
        if not rows or overview is None:
            return None
        note_id = rows[0].data(PAYLOAD_ROLE)
        return next((n for n in overview.notes if n.id == note_id), None)

    def _update(self) -> None:
        # Offered only what the table lets this role do; the county refuses the rest.
        self.form.setVisible(self.offers.create)
        self.add_button.setVisible(self.offers.create)
        self.add_button.setEnabled(self.chosen_village() is not None)
        self.done_button.setVisible(self.offers.mark_done)
        note = self.chosen_note()
        self.done_button.setEnabled(note is not None and note.fields.get("status") != "done")

    def add_note(self) -> None:
        self.form.touch_all()
        store = self._session.store
        code = self.chosen_village()
        if store is None or code is None:
            return
        if not self.form.is_valid():
            self.status.setText(self.tr("Not saved: please correct the fields marked in red."))
            return
        values = {k: v for k, v in self.form.values().items() if v is not None}
        self.add_button.setEnabled(False)
        self._tasks.run(
            Lane.DB,
            lambda: add_supervision_note(store, village_code=code, fields=values),
            self._added,
            self._add_failed,
            owner=self,
        )

    def _added(self, note_id: str) -> None:
        self.form.load({})
        self.status.setText(self.tr("Note saved; it goes to the village at the next sync."))
        self.note_added.emit(note_id)
        self._session.changed.emit("")
        self._update()

    def mark_done(self) -> None:
        store = self._session.store
        note = self.chosen_note()
        if store is None or note is None or not self.offers.mark_done:
            return
        self.done_button.setEnabled(False)
        self._tasks.run(
            Lane.DB,
            lambda: mark_task_done(store, note_id=note.id),
            lambda _: self._marked(note.id),
            self._add_failed,
            owner=self,
        )

    def _marked(self, note_id: str) -> None:
        self.status.setText(self.tr("Marked done; the supervisor sees it after the next sync."))
        self._session.changed.emit(note_id)

    def _add_failed(self, error: BaseException) -> None:
        self.status.setText(self.tr("Not saved.") + " " + describe_error(error))
        self._update()
