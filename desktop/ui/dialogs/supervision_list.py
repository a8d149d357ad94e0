"""The children (or tasks) behind one number of the supervision page (issue 18 item 3).

One line each: the child's name (or the task), what about it, and its day; a double click
(or Enter) opens the child's file.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.i18n import message_text
from desktop.ui.table_models.rows import PAYLOAD_ROLE, Row, RowsTableModel
from desktop.ui.usecases_supervision import Entry


def list_titles() -> list[str]:
    return [
        QCoreApplication.translate("SupervisionListDialog", "Child or task"),
        QCoreApplication.translate("SupervisionListDialog", "What"),
        QCoreApplication.translate("SupervisionListDialog", "Date"),
    ]


def entry_row(entry: Entry) -> Row:
    detail = message_text(entry.detail)
    return Row(
        (entry.name, detail, entry.day.isoformat() if entry.day else ""),
        payload=entry.child_id,
        alert=entry.state == "overdue",
        tooltips=(entry.name, detail, ""),
    )


class SupervisionListDialog(QDialog):
    open_child = Signal(str)  # child id

    def __init__(
        self, title: str, note: str, entries: Sequence[Entry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supervision_list")
        self.setWindowTitle(title)
        self.note = QLabel(note, self)
        self.note.setWordWrap(True)
        self.model = RowsTableModel(list_titles, self)
        self.model.set_rows(entry_row(entry) for entry in entries)
        self.table = QTableView(self)
        self.table.setObjectName("supervision_list_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 480)

    def _activated(self, index: QModelIndex) -> None:
        child_id = self.model.data(index, PAYLOAD_ROLE)
        if child_id:
            self.open_child.emit(str(child_id))
