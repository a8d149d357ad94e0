"""The 督导 tab of a child's file (issue 18 item 1): the township supervisor's notes and
tasks about this child. A supervisor writes a note (with an optional task and day) here;
the village's director marks a task done with a short reply. What is offered follows
``casework.permissions.TABLE`` (usecases.supervision.note_offers), the county's own table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.store import CaseStore, RecordView
from desktop.ui.dialogs.task_reply import ask_reply
from desktop.ui.errors import describe_error
from desktop.ui.loading import Changed, while_unlocked, write_in_background
from desktop.ui.pages.supervision import NOTE_FIELDS, note_row, note_titles, notes_table
from desktop.ui.session import StoreSession
from desktop.ui.table_models.rows import PAYLOAD_ROLE, RowsTableModel
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.record_form import RecordForm
from desktop.usecases.supervision import NoteOffers, add_supervision_note, note_offers
from desktop.usecases.tasks import mark_task_done, notes_of_child


class ChildNotesPanel(QWidget):
    loaded = Signal()

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        *,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("child_notes")
        self._session = session
        self._tasks = tasks
        self._today = today
        self._note_row = note_row
        self.ask_reply: Callable[[QWidget, str], str | None] = ask_reply  # replaced in tests
        self.child_id: str | None = None
        self.village_code: str | None = None
        self.offers = NoteOffers()
        self._notes: tuple[RecordView, ...] = ()
        self.model = RowsTableModel(note_titles, self)
        self.table = notes_table(self, self.model, "child_note_table")
        self.empty = QLabel(self.tr("No notes from the township about this child."), self)
        self.form = RecordForm("supervision_note", NOTE_FIELDS, self)
        self.form.set_context({"author": "-"})
        self.add_button = QPushButton(self.tr("Add the supervision note"), self)
        self.add_button.setObjectName("add_child_note")
        self.done_button = QPushButton(self.tr("Mark the task done…"), self)
        self.done_button.setObjectName("mark_child_task_done")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.done_button)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.add_button.clicked.connect(self.add_note)
        self.done_button.clicked.connect(self.mark_done)
        self._update()

    def set_child(self, child_id: str, village_code: str, role: str | None) -> None:
        self.child_id, self.village_code = child_id, village_code
        self.offers = note_offers(role)
        self.reload()

    def reload(self) -> None:
        store, child_id = self._session.store, self.child_id
        if store is None or child_id is None:
            return
        self._tasks.run(
            Lane.DB,
            while_unlocked(self._session, store, lambda s: notes_of_child(s, child_id), ()),
            self._loaded,
            lambda error: self.status.setText(describe_error(error)),
            owner=self,
        )

    def _loaded(self, notes: tuple[RecordView, ...]) -> None:
        chosen = self.chosen_note()
        self._notes = notes
        self.model.set_rows(self._note_row(note) for note in notes)
        self.table.resizeRowsToContents()
        self.empty.setVisible(not notes)
        if chosen is not None:
            for row in range(self.model.rowCount()):
                if self.model.index(row, 0).data(PAYLOAD_ROLE) == chosen.id:
                    self.table.selectRow(row)
        self._update()
        self.loaded.emit()

    def notes(self) -> tuple[RecordView, ...]:
        return self._notes

    def chosen_note(self) -> RecordView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        note_id = rows[0].data(PAYLOAD_ROLE)
        return next((n for n in self._notes if n.id == note_id), None)

    def _update(self) -> None:
        self.form.setVisible(self.offers.create)
        self.add_button.setVisible(self.offers.create)
        self.add_button.setEnabled(self.child_id is not None)
        self.done_button.setVisible(self.offers.mark_done and not self.offers.create)
        note = self.chosen_note()
        self.done_button.setEnabled(
            note is not None
            and bool(str(note.fields.get("task") or "").strip())
            and note.fields.get("status") != "done"
        )

    def add_note(self) -> None:
        self.form.touch_all()
        store, child_id, village = self._session.store, self.child_id, self.village_code
        if store is None or child_id is None or village is None:
            return
        if not self.form.is_valid():
            self.status.setText(self.tr("Not saved: please correct the fields marked in red."))
            return
        values = {k: v for k, v in self.form.values().items() if v is not None}
        values["child_id"] = child_id

        def work(store: CaseStore) -> Changed[str]:
            note_id = add_supervision_note(store, village_code=village, fields=values)
            return Changed(note_id, child_id)

        self.add_button.setEnabled(False)
        write_in_background(self._session, self._tasks, work, self._saved, self._failed, owner=self)

    def mark_done(self) -> None:
        store, note = self._session.store, self.chosen_note()
        if store is None or note is None or not self.offers.mark_done:
            return
        reply = self.ask_reply(self, str(note.fields.get("task") or ""))
        if reply is None:
            return
        today, child_id = self._today(), self.child_id or ""

        def work(store: CaseStore) -> Changed[str]:
            done = mark_task_done(store, note_id=note.id, reply=reply, today=today)
            return Changed(done.id, child_id)

        self.done_button.setEnabled(False)
        write_in_background(self._session, self._tasks, work, self._saved, self._failed, owner=self)

    def _saved(self, _note_id: str) -> None:
        self.form.load({})
        self.status.setText(self.tr("Saved; the township sees it after the next sync."))
        self.reload()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(self.tr("Not saved.") + " " + describe_error(error))
        self._update()
