"""修改记录: every change to the child's records, who made it and when (the audit log)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.ui.table_models.child_file import history_model, show_history
from desktop.usecases.children import ChildFile


class HistoryTab(QTableView):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("history_table")
        self.history_model = history_model(self)
        self.setModel(self.history_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)

    def show_file(self, file: ChildFile) -> None:
        show_history(self.history_model, file.history)
