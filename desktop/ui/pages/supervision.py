"""督导: the township supervisor's view of every village, and supervision notes.

Shown on the rail for a device enrolled with a township scope, and for a director's
device (its own village's notes). Per village (issue 18 item 3): children per category,
overdue visits, left-behind children without a valid entrustment, open mandatory reports
and referrals, tasks done / open / overdue, data problems, and the last sync of each of
the village's laptops as the county told this laptop at its own last sync (red after
``STALE_AFTER_DAYS`` days, or never); double-clicking a number lists the children (or
tasks) behind it.
Picking a village lists its notes; a new note (with an optional task and deadline) goes to
that village's director at the next sync, who marks the task done with a short reply. What
is offered follows ``casework.permissions.TABLE`` (the county server's own table).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QModelIndex, Signal
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
from desktop.ui.dialogs.supervision_list import SupervisionListDialog
from desktop.ui.dialogs.task_reply import ask_reply
from desktop.ui.errors import describe_error
from desktop.ui.pages.base import Page
from desktop.ui.session import StoreSession
from desktop.ui.table_models.rows import PAYLOAD_ROLE, Row, RowsTableModel
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.widgets.record_form import FieldSpec, RecordForm, Widget
from desktop.ui.widgets.tables import list_table
from desktop.ui.words import value_text
from desktop.usecases.supervision import (
    FIGURES,
    STALE_AFTER_DAYS,
    LaptopSync,
    NoteOffers,
    SupervisionOverview,
    VillageOverview,
    add_supervision_note,
    mark_task_done,
    supervision_overview,
)

NOTE_FIELDS = (
    FieldSpec("note", Widget.LONG_TEXT),
    FieldSpec("task", Widget.LONG_TEXT),
    FieldSpec("task_due", Widget.DATE),
)
# The village table's columns: the village, then FIGURES in order, then the laptops' syncs.
FIRST_FIGURE_COLUMN = 1
LAPTOPS_COLUMN = FIRST_FIGURE_COLUMN + len(FIGURES)
# Figures that are work to look at: their cell (and the village's name) in red when not 0.
PROBLEM_FIGURES = ("overdue_visits", "missing_entrustments", "data_problems")


def figure_titles() -> dict[str, str]:
    """Short column titles (two lines at most, to fit 1366 pixels)."""
    return {
        "children": QCoreApplication.translate("SupervisionPage", "Children\non file"),
        "left_behind": QCoreApplication.translate("SupervisionPage", "Left\nbehind"),
        "in_difficulty": QCoreApplication.translate("SupervisionPage", "In\ndifficulty"),
        "other_categories": QCoreApplication.translate("SupervisionPage", "Other\ncategories"),
        "overdue_visits": QCoreApplication.translate("SupervisionPage", "Visits\noverdue"),
        "missing_entrustments": QCoreApplication.translate(
            "SupervisionPage", "No valid\nentrustment"
        ),
        "open_reports": QCoreApplication.translate("SupervisionPage", "Open\nreports"),
        "open_referrals": QCoreApplication.translate("SupervisionPage", "Open\nreferrals"),
        "tasks": QCoreApplication.translate("SupervisionPage", "Tasks done /\nopen / overdue"),
        "data_problems": QCoreApplication.translate("SupervisionPage", "Data\nproblems"),
    }


def figure_explanations() -> dict[str, str]:
    """What each number counts, for its tooltip and its list's heading."""
    return {
        "children": QCoreApplication.translate(
            "SupervisionPage", "Children whose files are open (closed files are in the archive)."
        ),
        "left_behind": QCoreApplication.translate(
            "SupervisionPage", "Left-behind children (work plan §二(一)1)."
        ),
        "in_difficulty": QCoreApplication.translate(
            "SupervisionPage", "Children in difficulty (work plan §二(一)2–6)."
        ),
        "other_categories": QCoreApplication.translate(
            "SupervisionPage",
            "Children involved with the justice system or needing temporary custody.",
        ),
        "overdue_visits": QCoreApplication.translate(
            "SupervisionPage", "Children whose next visit is past its day."
        ),
        "missing_entrustments": QCoreApplication.translate(
            "SupervisionPage",
            "Left-behind children with no signed entrustment confirmation in force (work "
            "plan annex 3 item 3: the director helps the guardians sign one).",
        ),
        "open_reports": QCoreApplication.translate(
            "SupervisionPage", "Mandatory reports not closed, drafts included."
        ),
        "open_referrals": QCoreApplication.translate(
            "SupervisionPage", "Referrals not yet answered or still in progress."
        ),
        "tasks": QCoreApplication.translate(
            "SupervisionPage",
            "Tasks in the township's notes: done (with the village's reply), open, and "
            "past their day.",
        ),
        "data_problems": QCoreApplication.translate(
            "SupervisionPage",
            "Files the rules cannot judge (facts that contradict each other), children "
            "without an ID number, and 低保 certificates without their validity date.",
        ),
    }


def village_titles() -> list[str]:
    titles = figure_titles()
    return [
        QCoreApplication.translate("SupervisionPage", "Village"),
        *(titles[figure] for figure in FIGURES),
        QCoreApplication.translate("SupervisionPage", "Laptops'\nlast sync"),
    ]


def notes_table(parent: QWidget, model: RowsTableModel, name: str) -> QTableView:
    """The notes and tasks (this page's, a child file's 督导 tab): the note, the task and the
    reply take the room; the rest fit their text."""
    table = list_table(parent, model, name, single=True)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in (1, 2, 5):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


def note_titles() -> list[str]:
    return [
        QCoreApplication.translate("SupervisionPage", "Written"),
        QCoreApplication.translate("SupervisionPage", "Note"),
        QCoreApplication.translate("SupervisionPage", "Task"),
        QCoreApplication.translate("SupervisionPage", "Task due"),
        QCoreApplication.translate("SupervisionPage", "State"),
        QCoreApplication.translate("SupervisionPage", "Reply"),
    ]


def _moment(moment: datetime, pattern: str = "%Y-%m-%d %H:%M") -> str:
    return moment.astimezone().strftime(pattern) if moment.tzinfo else moment.strftime(pattern)


def laptop_line(laptop: LaptopSync) -> str:
    """One laptop in the village's cell: whose, and its last sync (or how long ago)."""
    if laptop.last_seen is None:
        return QCoreApplication.translate("SupervisionPage", "{user}: never synced").format(
            user=laptop.user_name
        )
    if laptop.stale:
        return QCoreApplication.translate(
            "SupervisionPage", "{user}: no sync for {days} days"
        ).format(user=laptop.user_name, days=laptop.days_since)
    return QCoreApplication.translate("SupervisionPage", "{user} {when}").format(
        user=laptop.user_name, when=_moment(laptop.last_seen, "%m-%d %H:%M")
    )


def laptops_text(village: VillageOverview, asked_at: datetime | None) -> str:
    if asked_at is None:
        return QCoreApplication.translate("SupervisionPage", "after the next sync")
    if not village.laptops:
        return QCoreApplication.translate("SupervisionPage", "no laptop enrolled")
    return "\n".join(laptop_line(laptop) for laptop in village.laptops)


def laptops_tip(village: VillageOverview, asked_at: datetime | None) -> str:
    """Each laptop's computer and exact last sync, and where the times come from."""
    lines = []
    for laptop in village.laptops:
        when = (
            _moment(laptop.last_seen)
            if laptop.last_seen is not None
            else QCoreApplication.translate("SupervisionPage", "never")
        )
        lines.append(
            QCoreApplication.translate(
                "SupervisionPage", "{user} (computer {computer}): last sync {when}"
            ).format(user=laptop.user_name, computer=laptop.device_name, when=when)
        )
    if asked_at is None:
        lines.append(
            QCoreApplication.translate(
                "SupervisionPage",
                "The county tells this laptop when each village laptop last synced at this "
                "laptop's next sync.",
            )
        )
    else:
        lines.append(
            QCoreApplication.translate(
                "SupervisionPage",
                "As the county server told this laptop at its last sync ({when}). A laptop "
                "not synced for more than {days} days is shown in red.",
            ).format(when=_moment(asked_at), days=STALE_AFTER_DAYS)
        )
    return "\n".join(lines)


def village_row(village: VillageOverview, laptops_asked_at: datetime | None = None) -> Row:
    explanations = figure_explanations()
    texts = [village.name]
    for figure in FIGURES:
        if figure == "tasks":
            texts.append(f"{village.tasks_done} / {village.tasks_open} / {village.tasks_overdue}")
        else:
            texts.append(str(village.count(figure)))
    texts.append(laptops_text(village, laptops_asked_at))
    red = {FIRST_FIGURE_COLUMN + FIGURES.index(f) for f in PROBLEM_FIGURES if village.count(f)}
    if village.tasks_overdue:
        red.add(FIRST_FIGURE_COLUMN + FIGURES.index("tasks"))
    if village.stale_laptops:
        red.add(LAPTOPS_COLUMN)
    if red:
        red.add(0)  # the village's name: something here to look at
    seen = [laptop.last_seen for laptop in village.laptops if laptop.last_seen is not None]
    oldest = min(seen, default=None)
    return Row(
        texts=tuple(texts),
        payload=village.code,
        sort_keys=(
            village.code,
            *(village.count(f) for f in FIGURES),
            "" if oldest is None else oldest.isoformat(),
        ),
        alert_columns=frozenset(red),
        tooltips=(
            village.code,
            *(explanations[f] for f in FIGURES),
            laptops_tip(village, laptops_asked_at),
        ),
    )


def note_row(note: RecordView) -> Row:
    fields = note.fields
    task = str(fields.get("task") or "")
    reply = str(fields.get("reply") or "")
    return Row(
        texts=(
            note.created_at.date().isoformat(),
            str(fields.get("note") or ""),
            task,
            str(fields.get("task_due") or ""),
            value_text(fields.get("status"), field="status", kind="supervision_note")
            if task or fields.get("task_due")
            else "",
            reply,
        ),
        payload=note.id,
        tooltips=("", str(fields.get("note") or ""), task, "", "", reply),
    )


class SupervisionPage(Page):
    supervisor_mode = Signal(bool)  # whether this device has a township scope
    note_added = Signal(str)
    open_child = Signal(str)  # child id, from the list behind a number
    list_opened = Signal(object)  # the SupervisionListDialog shown

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        # Always read, shown or not: what it reads says whether the rail offers the page.
        super().__init__(session, tasks, parent)
        self._today = today
        self.ask_reply: Callable[[QWidget, str], str | None] = ask_reply  # replaced in tests
        self.overview: SupervisionOverview | None = None
        self.figure_list: SupervisionListDialog | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.hint = QLabel(
            self.tr("Double-click a number to see the children or tasks behind it."), self
        )
        self.villages = RowsTableModel(village_titles, self)
        self.village_table = QTableView(self)
        self.village_table.setObjectName("village_table")
        self.village_table.setModel(self.villages)
        self.village_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.village_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.village_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.village_table.verticalHeader().hide()
        header = self.village_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.notes = RowsTableModel(note_titles, self)
        self.note_table = notes_table(self, self.notes, "note_table")
        self.notes_heading = QLabel(self.tr("Choose a village to see and write its notes."), self)
        self.form = RecordForm("supervision_note", NOTE_FIELDS, self)
        self.form.set_context({"author": "-"})
        self.add_button = QPushButton(self.tr("Add the supervision note"), self)
        self.add_button.setObjectName("add_note")
        self.done_button = QPushButton(self.tr("Mark the task done…"), self)
        self.done_button.setObjectName("mark_done")
        self.done_button.setToolTip(
            self.tr(
                "Tell the township supervisor that what this note asked for is done, "
                "with a short reply."
            )
        )
        self.offers = NoteOffers()
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.village_table, 3)
        layout.addWidget(self.notes_heading)
        notes_row = QHBoxLayout()
        notes_row.addWidget(self.note_table, 3)
        notes_row.addWidget(self.form, 2)
        layout.addLayout(notes_row, 2)
        row = QHBoxLayout()
        row.addWidget(self.busy)
        row.addWidget(self.status, 1)
        row.addWidget(self.done_button)
        row.addWidget(self.add_button)
        layout.addLayout(row)

        self.village_table.selectionModel().selectionChanged.connect(lambda *_: self._show_notes())
        self.village_table.doubleClicked.connect(self._figure_activated)
        self.village_table.activated.connect(self._figure_activated)
        self.note_table.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self.add_button.clicked.connect(self.add_note)
        self.done_button.clicked.connect(self.mark_done)
        self._update()

    def reload(self) -> None:
        today = self._today()
        self.read(
            self.tr("Reading the township's villages…"),
            lambda store: supervision_overview(store, today=today),
            self._loaded,
            lambda error: self.status.setText(describe_error(error)),
        )

    def _loaded(self, overview: SupervisionOverview) -> None:
        chosen = self.chosen_village()
        chosen_note = self.chosen_note()
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
        self.villages.set_rows(village_row(v, overview.laptops_asked_at) for v in overview.villages)
        self.village_table.resizeRowsToContents()  # a village with two laptops: two lines
        # A director's laptop is not told other laptops' syncs (its own is its sync page's).
        self.village_table.setColumnHidden(LAPTOPS_COLUMN, not overview.is_supervisor)
        codes = [v.code for v in overview.villages]
        if chosen not in codes and not overview.is_supervisor and codes:
            chosen = codes[0]  # a director's one village
        if chosen in codes:
            self.village_table.selectRow(codes.index(chosen))
        self._show_notes()
        if chosen_note is not None:
            self.choose_note(chosen_note.id)
        self.loaded.emit()

    def clear(self) -> None:
        self.overview = None
        self.villages.clear()
        self.notes.clear()
        self.form.load({})
        if self.figure_list is not None:
            self.figure_list.close()  # nothing of the store stays on screen when locked
            self.figure_list = None

    def chosen_village(self) -> str | None:
        rows = self.village_table.selectionModel().selectedRows()
        return rows[0].data(PAYLOAD_ROLE) if rows else None

    def choose_village(self, code: str) -> None:
        for row in range(self.villages.rowCount()):
            if self.villages.index(row, 0).data(PAYLOAD_ROLE) == code:
                self.village_table.selectRow(row)

    def village(self, code: str) -> VillageOverview | None:
        overview = self.overview
        if overview is None:
            return None
        return next((v for v in overview.villages if v.code == code), None)

    # -- the lists behind the numbers ----------------------------------------------------

    def _figure_activated(self, index: QModelIndex) -> None:
        figure_at = index.column() - FIRST_FIGURE_COLUMN
        code = self.villages.index(index.row(), 0).data(PAYLOAD_ROLE)
        if 0 <= figure_at < len(FIGURES) and code:
            self.open_figure(code, FIGURES[figure_at])

    def open_figure(self, code: str, figure: str) -> SupervisionListDialog | None:
        """List what one number of one village counts; a line opens the child's file."""
        village = self.village(code)
        if village is None:
            return None
        if self.figure_list is not None:
            self.figure_list.close()
        title = self.tr("{village}: {figure}").format(
            village=village.name, figure=figure_titles()[figure].replace("\n", " ")
        )
        dialog = SupervisionListDialog(
            title, figure_explanations()[figure], village.lists.get(figure, ()), self
        )
        dialog.open_child.connect(self.open_child)
        dialog.finished.connect(lambda _result: self._list_closed(dialog))
        self.figure_list = dialog
        dialog.show()
        self.list_opened.emit(dialog)
        return dialog

    def _list_closed(self, dialog: SupervisionListDialog) -> None:
        if self.figure_list is dialog:
            self.figure_list = None

    # -- notes ---------------------------------------------------------------------------

    def _show_notes(self) -> None:
        code = self.chosen_village()
        overview = self.overview
        notes = [] if overview is None or code is None else overview.notes
        self.notes.set_rows(note_row(n) for n in notes if n.fields.get("village_code") == code)
        self.note_table.resizeRowsToContents()
        if code is not None and overview is not None:
            village = self.village(code)
            self.notes_heading.setText(
                self.tr("Supervision notes for {village}").format(
                    village=village.name if village else code
                )
            )
        self._update()

    def chosen_note(self) -> RecordView | None:
        rows = self.note_table.selectionModel().selectedRows()
        overview = self.overview
        if not rows or overview is None:
            return None
        note_id = rows[0].data(PAYLOAD_ROLE)
        return next((n for n in overview.notes if n.id == note_id), None)

    def choose_note(self, note_id: str) -> None:
        for row in range(self.notes.rowCount()):
            if self.notes.index(row, 0).data(PAYLOAD_ROLE) == note_id:
                self.note_table.selectRow(row)

    def _update(self) -> None:
        # Offered only what the table lets this role do; the county refuses the rest.
        self.form.setVisible(self.offers.create)
        self.add_button.setVisible(self.offers.create)
        self.add_button.setEnabled(self.chosen_village() is not None)
        self.done_button.setVisible(self.offers.mark_done and not self.offers.create)
        note = self.chosen_note()
        self.done_button.setEnabled(
            note is not None
            and bool(str(note.fields.get("task") or "").strip())
            and note.fields.get("status") != "done"
        )

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
        reply = self.ask_reply(self, str(note.fields.get("task") or ""))
        if reply is None:
            return
        today = self._today()
        self.done_button.setEnabled(False)
        self._tasks.run(
            Lane.DB,
            lambda: mark_task_done(store, note_id=note.id, reply=reply, today=today),
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
