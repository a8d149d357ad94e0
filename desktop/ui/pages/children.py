"""儿童档案: the list of children, search as you type, filters; opens a child's file."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casework.eligibility import CATEGORY_CODES
from desktop.services.search import ChildSearchIndex, match_names
from desktop.ui.collector import keep_out_of_collections
from desktop.ui.errors import describe_error
from desktop.ui.icons import icon
from desktop.ui.pages.base import Page
from desktop.ui.session import StoreSession
from desktop.ui.table_models.children import ChildFilterProxy, ChildTableModel, Column, Role
from desktop.ui.tasks import Lane, Tasks, run_first
from desktop.ui.widgets.styles import say
from desktop.ui.words import sync_state_codes, sync_state_text, value_text
from desktop.usecases.children import ChildrenSnapshot, load_children, load_children_first

logger = logging.getLogger(__name__)

RESIZE_PRECISION = 50  # rows looked at when fitting columns to their contents


class ChildrenPage(Page):
    open_child = Signal(str)  # child id
    new_child = Signal()
    report_child = Signal(str, str)  # child id, name: a mandatory report about the child
    archive_requested = Signal()  # the closed files (退出/结案)

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(session, tasks, parent)
        self._today = today
        self._index = ChildSearchIndex()
        self._generation = 0
        self.model = ChildTableModel(self)
        self.proxy = ChildFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Search by name, pinyin, initials (zs) or ID number digits")
        )
        self.category = QComboBox(self)
        self.category.setObjectName("category_filter")
        self.category.addItem(self.tr("All categories"), None)
        for code in CATEGORY_CODES:
            self.category.addItem(value_text(code), code)
        self.risk = QComboBox(self)
        self.risk.setObjectName("risk_filter")
        self.risk.addItem(self.tr("Any risk"), None)
        for level in ("high", "medium", "low"):
            self.risk.addItem(self.tr("Risk: {level}").format(level=value_text(level)), level)
        # Only where the list holds several villages (a supervisor's, the county's): _show.
        self.village = QComboBox(self)
        self.village.setObjectName("village_filter")
        self.village.addItem(self.tr("All villages"), None)
        self.village.hide()
        self.key_only = QCheckBox(self.tr("Key children"), self)
        self.key_only.setObjectName("key_filter")
        self.overdue = QCheckBox(self.tr("Visit overdue"), self)
        self.overdue.setObjectName("overdue_filter")
        self.sync_state = QComboBox(self)
        self.sync_state.setObjectName("sync_filter")
        self.sync_state.addItem(self.tr("Any sync state"), None)
        for state in sync_state_codes():
            self.sync_state.addItem(sync_state_text(state), state)
        self.new_button = QPushButton(self.tr("New child…"), self)
        self.new_button.setObjectName("new_child")
        self.report_button = QPushButton(self.tr("Mandatory report…"), self)
        self.report_button.setObjectName("report_child")
        self.report_button.setToolTip(
            self.tr("Record a mandatory report to the police about the chosen child.")
        )
        self.report_button.setEnabled(False)
        self.archive_button = QPushButton(self.tr("Closed files…"), self)
        self.archive_button.setObjectName("archive")
        self.archive_button.setToolTip(
            self.tr("Files closed (退出/结案) leave this list; find and reopen them here.")
        )

        self.table = QTableView(self)
        self.table.setObjectName("children_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Rows of one height: the view need not measure 10,000 rows after each keystroke.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Column widths from the first rows, not all 10,000 (that took seconds).
        self.table.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
        self.table.horizontalHeader().setStretchLastSection(True)
        # 村 beside the name, shown only on laptops that list several villages (_show).
        self.table.horizontalHeader().moveSection(Column.VILLAGE, Column.NAME + 1)
        self.table.setColumnHidden(Column.VILLAGE, True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        # Damaged records are left out of every list; the director is told, not shown less.
        self.damaged_label = QLabel(self)
        self.damaged_label.setObjectName("damaged")
        self.damaged_label.setWordWrap(True)
        self.damaged_label.hide()

        # Search and the actions on one row, the filters on the next: at 1366×768 with
        # large text one row squeezed the search box to two characters.
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setToolTip(self.tr("Search (Ctrl+F)"))
        self.new_button.setIcon(icon("new"))
        self.new_button.setToolTip(self.tr("New child (Ctrl+N)"))
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.report_button)
        bar.addWidget(self.archive_button)
        filters = QHBoxLayout()
        filters.addWidget(self.category, 1)
        filters.addWidget(self.village)
        filters.addWidget(self.risk)
        filters.addWidget(self.key_only)
        filters.addWidget(self.overdue)
        filters.addWidget(self.sync_state, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.error_label)
        layout.addWidget(self.damaged_label)
        layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.busy)
        layout.addLayout(footer)

        self.search.textChanged.connect(self._search)
        self.category.currentIndexChanged.connect(
            lambda _i: self._filter_changed(self.proxy.set_category, self.category.currentData())
        )
        self.village.currentIndexChanged.connect(
            lambda _i: self._filter_changed(self.proxy.set_village, self.village.currentData())
        )
        self.risk.currentIndexChanged.connect(
            lambda _i: self._filter_changed(self.proxy.set_risk, self.risk.currentData())
        )
        self.key_only.toggled.connect(lambda on: self._filter_changed(self.proxy.set_key_only, on))
        self.overdue.toggled.connect(
            lambda on: self._filter_changed(self.proxy.set_overdue_only, on)
        )
        self.sync_state.currentIndexChanged.connect(
            lambda _i: self._filter_changed(
                self.proxy.set_sync_state, self.sync_state.currentData()
            )
        )
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.new_button.clicked.connect(self.new_child)
        self.report_button.clicked.connect(self._report_selected)
        self.archive_button.clicked.connect(self.archive_requested)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.report_button.setEnabled(self.selected_child() is not None)
        )
        self._update_count()

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        store = self._session.store
        if store is None:
            return
        self._generation += 1
        generation = self._generation
        self.busy.start(self.tr("Reading the case file…"))
        today = self._today()
        list_file = self._session.folder.children_list
        if self.model.rowCount() == 0:
            # Just unlocked: the names first, the rules' categories and visits a moment
            # later (they need every family member and visit decrypted, and each child
            # classified). The names go ahead of every page's reading (run_first); the
            # rest is asked for once they are shown, so the other pages' first reads (the
            # home page's) come before it (bench/ui.py, issue 19 item 6).
            self._tasks.run(
                Lane.DB,
                run_first(
                    lambda: keep_out_of_collections(
                        lambda: load_children_first(store, today=today, kept_list=list_file)
                    )
                ),
                lambda snapshot: self._first_loaded(generation, snapshot),
                self._failed,
                owner=self,
            )
            return
        self._load_all(generation, None)

    def _load_all(self, generation: int, first: ChildrenSnapshot | None) -> None:
        store = self._session.store
        if store is None:
            return
        today = first.today if first is not None else self._today()
        list_file = self._session.folder.children_list
        self._tasks.run(
            Lane.DB,
            lambda: keep_out_of_collections(
                lambda: load_children(store, today=today, first=first, kept_list=list_file)
            ),
            lambda snapshot: self._loaded(generation, snapshot),
            self._failed,
            owner=self,
        )

    def _first_loaded(self, generation: int, snapshot: ChildrenSnapshot) -> None:
        if generation != self._generation or not self._session.is_unlocked:
            return  # a newer load is on its way (it reads everything), or locked
        self._show(snapshot)
        self.busy.start(self.tr("Working out categories and visits due…"))
        self._load_all(generation, snapshot)

    def _loaded(self, generation: int, snapshot: ChildrenSnapshot) -> None:
        if generation != self._generation or not self._session.is_unlocked:
            return  # a newer load is on its way, or the window locked meanwhile
        self.busy.stop()
        self._show(snapshot)
        self.loaded.emit()

    def _show(self, snapshot: ChildrenSnapshot) -> None:
        self.error_label.hide()
        self._show_damaged(snapshot.damaged)
        if snapshot.index is not None:
            self._index = snapshot.index
        unsized = self.model.rowCount() == 0 or not self.model.summary(0).classified
        self.model.set_children(
            snapshot.summaries,
            snapshot.name_keys,
            name_sorted=snapshot.name_sorted,
            village_names=snapshot.village_names,
            village_keys=snapshot.village_keys,
        )
        self.table.setColumnHidden(Column.VILLAGE, not snapshot.shows_villages)
        shown = snapshot.village_names if snapshot.shows_villages else {}
        self._list_villages(shown, snapshot.village_keys)
        if unsized and self.model.rowCount() and self.model.summary(0).classified:
            self.table.resizeColumnsToContents()  # from the first rows only (precision)
        self._search(self.search.text())

    def _list_villages(self, names: Mapping[str, str], keys: Mapping[str, str]) -> None:
        """The village filter's choices (code → name; none: no filter), by name in pinyin
        order; the village chosen stays chosen while it has children listed."""
        chosen = self.village.currentData()
        codes = sorted(names, key=lambda code: (keys.get(code, code), code))
        self.village.blockSignals(True)  # one refilter below, not one per item
        while self.village.count() > 1:
            self.village.removeItem(1)
        for code in codes:
            self.village.addItem(names[code], code)
        self.village.setCurrentIndex(max(self.village.findData(chosen), 0))
        self.village.blockSignals(False)
        self.village.setVisible(len(codes) > 1)
        if self.village.currentData() != chosen:
            self.proxy.set_village(self.village.currentData())

    def _show_damaged(self, count: int) -> None:
        self.damaged_label.setVisible(count > 0)
        if count:
            text = self.tr(
                "{count} records in the case file are damaged and are left out of the "
                "lists; the other records are safe. Restore a backup (Settings) or ask "
                "the county centre for help."
            )
            say(self.damaged_label, text.format(count=count), ok=False)

    def _failed(self, error: BaseException) -> None:
        self.busy.stop()
        self.error_label.setText(describe_error(error))
        self.error_label.show()

    def clear(self) -> None:
        """Locked: nothing personal stays on screen or in the index."""
        self._generation += 1
        self._index = ChildSearchIndex()
        self.model.clear()
        self._list_villages({}, {})
        self.search.clear()
        self._show_damaged(0)
        self.busy.stop()
        self._update_count()

    # -- search and filters --------------------------------------------------------------

    def _search(self, text: str) -> None:
        query = text.strip()
        if not query:
            self.proxy.set_search_results(None)
        elif len(self._index) or not self.model.rowCount():
            self.proxy.set_search_results(self._index.matching(query))
        else:
            # Just unlocked, the index still on its way (it re-runs this search when it
            # arrives): Chinese text is looked for in the names; pinyin and digits leave
            # the list whole rather than claim there is no such child.
            rows = (self.model.summary(row) for row in range(self.model.rowCount()))
            self.proxy.set_search_results(match_names(query, ((c.id, c.name) for c in rows)))
        self._update_count()

    def _filter_changed(self, setter: Callable[[Any], None], value: object) -> None:
        setter(value)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(
            self.tr("Showing {shown} of {total} children").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount()
            )
        )

    def visible_child_ids(self) -> list[str]:
        return [
            self.proxy.index(row, 0).data(Role.CHILD_ID) for row in range(self.proxy.rowCount())
        ]

    def selected_child(self) -> tuple[str, str] | None:
        rows = self.table.selectionModel().selectedRows(Column.NAME)
        if not rows:
            return None
        return rows[0].data(Role.CHILD_ID), rows[0].data(Qt.ItemDataRole.DisplayRole)

    def _report_selected(self) -> None:
        chosen = self.selected_child()
        if chosen is not None:
            self.report_child.emit(*chosen)

    def _activated(self, index: QModelIndex) -> None:
        child_id = index.data(Role.CHILD_ID)
        if child_id:
            self.open_child.emit(child_id)
