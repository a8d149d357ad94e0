"""The children behind one number (a statistics bar, a figure of the supervision page):
one line each, a double click (or Enter) opens the child's file."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop.ui.table_models.rows import PAYLOAD_ROLE, Row, RowsTableModel
from desktop.ui.widgets.tables import list_table


class ChildListDialog(QDialog):
    open_child = Signal(str)  # child id

    def __init__(
        self,
        title: str,
        note: str,
        titles: Callable[[], list[str]],
        rows: Iterable[Row],
        parent: QWidget | None,
        *,
        name: str,
        stretch_column: int,
        width: int,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.note = QLabel(note, self)
        self.note.setWordWrap(True)
        self.model = RowsTableModel(titles, self)
        self.model.set_rows(rows)
        self.table = list_table(self, self.model, f"{name}_table")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(width, 480)

    def _activated(self, index: QModelIndex) -> None:
        child_id = self.model.data(index, PAYLOAD_ROLE)
        if child_id:
            self.open_child.emit(str(child_id))
