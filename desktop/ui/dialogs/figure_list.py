"""The children behind one figure (a bar of the statistics page's monthly chart).

Shows who was due a visit, who was visited, or each visit of the month, as the monthly
report counts them; a double click (or Enter) opens the child's file.
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

from desktop.ui.table_models.rows import PAYLOAD_ROLE, Row, RowsTableModel
from desktop.ui.usecases_statistics import BarItem


def figure_titles() -> list[str]:
    return [
        QCoreApplication.translate("FigureListDialog", "Child"),
        QCoreApplication.translate("FigureListDialog", "Village"),
        QCoreApplication.translate("FigureListDialog", "Visited in the month"),
    ]


class FigureListDialog(QDialog):
    open_child = Signal(str)  # child id

    def __init__(
        self, title: str, note: str, items: Sequence[BarItem], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("figure_list")
        self.setWindowTitle(title)
        self.note = QLabel(note, self)
        self.note.setWordWrap(True)
        self.model = RowsTableModel(figure_titles, self)
        yes, no = self.tr("Yes"), self.tr("No")
        self.model.set_rows(
            Row(
                (
                    item.name,
                    item.village_name or item.village_code,
                    item.visit_date.isoformat()
                    if item.visit_date
                    else (yes if item.visited else no),
                ),
                payload=item.child_id,
                alert=not item.visited,
            )
            for item in items
        )
        self.table = QTableView(self)
        self.table.setObjectName("figure_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(560, 480)

    def _activated(self, index: QModelIndex) -> None:
        child_id = self.model.data(index, PAYLOAD_ROLE)
        if child_id:
            self.open_child.emit(str(child_id))
