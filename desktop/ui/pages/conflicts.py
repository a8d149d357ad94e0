"""冲突: the fields the county and this computer both changed; decide one at a time."""

from __future__ import annotations

import logging
from typing import Any, Literal

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casework.merge import DELETED
from desktop.models.store import CaseStore
from desktop.ui.errors import describe_error
from desktop.ui.loading import Changed, write_in_background
from desktop.ui.pages.base import Page
from desktop.ui.session import StoreSession
from desktop.ui.table_models.conflicts import conflict_row, conflict_titles
from desktop.ui.table_models.rows import PAYLOAD_ROLE, RowsTableModel
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.styles import ERROR_STYLE
from desktop.ui.words import any_value_text, field_text, local_time_text
from desktop.usecases.conflicts import (
    ConflictItem,
    decide_conflict,
    editable_text,
    list_conflicts,
    parse_edited_value,
)

logger = logging.getLogger(__name__)


class ConflictsPage(Page):
    resolved = Signal(str, str)  # record id, field
    count_changed = Signal(int)

    def __init__(self, session: StoreSession, tasks: Tasks, parent: QWidget | None = None) -> None:
        # A sync or an unlock brings conflicts; a save here resolves one (it reloads itself).
        super().__init__(session, tasks, parent, follows=("unlocked", "synced"))
        self._busy = False
        self.model = RowsTableModel(conflict_titles, self)
        self.table = QTableView(self)
        self.table.setObjectName("conflicts_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(self.tr("No conflicts: nothing to decide."), self)
        self.empty_label.setObjectName("empty")

        detail = QWidget(self)
        self.heading = QLabel(detail)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.base_view = self._value_box(self.tr("Before (both sides agreed)"), "base")
        self.mine_view = self._value_box(self.tr("Mine (this computer)"), "mine")
        self.theirs_view = self._value_box(self.tr("Theirs (the county)"), "theirs")
        self.theirs_who = QLabel(detail)
        self.theirs_who.setObjectName("theirs_who")
        self.keep_mine = QPushButton(self.tr("Keep mine"), detail)
        self.keep_mine.setObjectName("keep_mine")
        self.keep_theirs = QPushButton(self.tr("Keep theirs"), detail)
        self.keep_theirs.setObjectName("keep_theirs")
        self.new_value = QLineEdit(detail)
        self.new_value.setObjectName("new_value")
        self.use_new = QPushButton(self.tr("Use this value"), detail)
        self.use_new.setObjectName("use_new")
        self.error_label = QLabel(detail)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.done_label = QLabel(self)
        self.done_label.setObjectName("done")

        grid = QGridLayout()
        grid.addWidget(self.base_view[0], 0, 0)
        grid.addWidget(self.mine_view[0], 0, 1)
        grid.addWidget(self.theirs_view[0], 0, 2)
        grid.addWidget(QLabel(self.tr("Changed here, not sent yet"), detail), 1, 1)
        grid.addWidget(self.theirs_who, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.keep_theirs)
        buttons.addSpacing(16)
        buttons.addWidget(QLabel(self.tr("Or a new value:"), detail))
        buttons.addWidget(self.new_value, 1)
        buttons.addWidget(self.use_new)
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.heading)
        detail_layout.addLayout(grid)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.error_label)
        detail_layout.addStretch(1)
        self.detail = detail

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.done_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.busy)

        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self._resolve("theirs"))
        self.use_new.clicked.connect(lambda: self._resolve(None))
        self._show(None)

    def _value_box(self, title: str, name: str) -> tuple[QGroupBox, QPlainTextEdit]:
        box = QGroupBox(title, self)
        text = QPlainTextEdit(box)
        text.setObjectName(name)
        text.setReadOnly(True)
        text.setMaximumHeight(120)
        layout = QVBoxLayout(box)
        layout.addWidget(text)
        return box, text

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self.read(self.tr("Reading the conflicts…"), list_conflicts, self._loaded, self._failed)

    def _loaded(self, items: tuple[ConflictItem, ...]) -> None:
        self.model.set_rows(conflict_row(item) for item in items)
        self.empty_label.setVisible(not items)
        self.count_changed.emit(len(items))
        if items:
            self.table.selectRow(0)
        else:
            self._show(None)
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.error_label.setText(describe_error(error))
        self.error_label.show()

    def clear(self) -> None:
        self.model.clear()
        self.done_label.clear()
        self._show(None)

    # -- one conflict --------------------------------------------------------------------

    def current(self) -> ConflictItem | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item: ConflictItem = rows[0].data(PAYLOAD_ROLE)
        return item

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show(self.current())

    def _show(self, item: ConflictItem | None) -> None:
        self.detail.setEnabled(item is not None and not self._busy)
        self.error_label.hide()
        if item is None:
            self.heading.clear()
            for _box, view in (self.base_view, self.mine_view, self.theirs_view):
                view.clear()
            self.theirs_who.clear()
            self.new_value.clear()
            return
        conflict = item.conflict
        self.heading.setText(
            self.tr("{child}: {field}").format(
                child=item.child_name or self.tr("(unknown child)"),
                field=field_text(conflict.field),
            )
        )
        self.base_view[1].setPlainText(any_value_text(conflict.field, conflict.base, conflict.kind))
        self.mine_view[1].setPlainText(any_value_text(conflict.field, conflict.mine, conflict.kind))
        self.theirs_view[1].setPlainText(
            any_value_text(conflict.field, conflict.theirs, conflict.kind)
        )
        self.theirs_who.setText(
            self.tr("Changed by {who} at {when}").format(
                who=conflict.theirs_by, when=local_time_text(conflict.theirs_at)
            )
        )
        editable = conflict.field != DELETED
        self.new_value.setEnabled(editable)
        self.use_new.setEnabled(editable)
        self.new_value.setText(editable_text(conflict.mine) if editable else "")

    def _resolve(self, keep: Literal["mine", "theirs"] | None) -> None:
        item = self.current()
        store = self._session.store
        if item is None or store is None or self._busy:
            return
        conflict = item.conflict
        value: Any = None
        if keep is None:
            like = conflict.mine if conflict.mine is not None else conflict.theirs
            try:
                value = parse_edited_value(self.new_value.text(), like)
            except ValueError:
                self.error_label.setText(
                    self.tr("That value cannot be read; type it like the values above.")
                )
                self.error_label.show()
                return
        self._busy = True
        self.detail.setEnabled(False)

        def work(store: CaseStore) -> Changed[None]:
            decided = decide_conflict(
                store, record_id=conflict.record_id, field=conflict.field, keep=keep, value=value
            )
            return Changed(None, decided)

        write_in_background(
            self._session,
            self._tasks,
            work,
            lambda _none: self._resolved(item),
            self._resolve_failed,
            owner=self,
        )

    def _resolved(self, item: ConflictItem) -> None:
        self._busy = False
        self.done_label.setText(
            self.tr("Decided: {field} of {child}.").format(
                field=field_text(item.conflict.field), child=item.child_name
            )
        )
        self.resolved.emit(item.conflict.record_id, item.conflict.field)
        self.reload()

    def _resolve_failed(self, error: BaseException) -> None:
        self._busy = False
        self.detail.setEnabled(True)
        self.error_label.setText(describe_error(error))
        self.error_label.show()
