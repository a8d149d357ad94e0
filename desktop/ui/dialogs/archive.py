"""The archive: closed files (退出/结案), searchable by name or ID number digits; a file
opens from it, and is reopened from the file itself (casework.closure)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.session import StoreSession
from desktop.ui.table_models.rows import PAYLOAD_ROLE, Row, RowsTableModel
from desktop.ui.tasks import Lane, Tasks
from desktop.ui.words import value_text
from desktop.usecases.casecycle import ArchivedFile, list_archive


class ArchiveDialog(QDialog):
    open_child = Signal(str)  # child id
    loaded = Signal()

    def __init__(self, session: StoreSession, tasks: Tasks, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("archive")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Closed files (archive)"))
        self.resize(640, 480)
        self._session = session
        self._tasks = tasks
        self.search = QLineEdit(self)
        self.search.setObjectName("archive_search")
        self.search.setPlaceholderText(self.tr("Search by name or ID number"))
        self.model = RowsTableModel(
            lambda: [self.tr("Name"), self.tr("Closed on"), self.tr("Reason"), self.tr("Note")],
            self,
        )
        self.table = QTableView(self)
        self.table.setObjectName("archive_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.count = QLabel(self)
        self.count.setObjectName("archive_count")
        self.open_button = QPushButton(self.tr("Open the file (to reopen it)"), self)
        self.open_button.setObjectName("open_archived")
        close = QPushButton(self.tr("Close"), self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.open_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.search.textChanged.connect(self._changed)
        self.table.doubleClicked.connect(self._open)
        self.open_button.clicked.connect(self._open)
        close.clicked.connect(self.close)
        # Bound methods, not lambdas: Qt drops them when the dialog is deleted.
        session.changed.connect(self._changed)
        self.reload()

    def _changed(self, *_args: object) -> None:
        self.reload()

    def reload(self) -> None:
        store = self._session.store
        if store is None:
            return
        query = self.search.text()
        self._tasks.run(
            Lane.DB, lambda: list_archive(store, query=query), self._show, None, owner=self
        )

    def _show(self, files: tuple[ArchivedFile, ...]) -> None:
        self.model.set_rows(
            Row((f.name, f.closed_on, value_text(f.reason), f.note), payload=f.child_id)
            for f in files
        )
        self.table.resizeColumnsToContents()
        self.count.setText(self.tr("{n} closed files").format(n=len(files)))
        self.loaded.emit()

    def _open(self, *_args: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        index = rows[0] if rows else self.model.index(0, 0)
        child_id = index.data(PAYLOAD_ROLE) if index.isValid() else None
        if child_id:
            self.open_child.emit(str(child_id))
