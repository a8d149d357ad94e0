"""The conflict queue as a table: which child, which record, which field, who, when."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from desktop.ui.words import field_text, kind_text, local_time_text
from desktop.usecases.conflicts import ConflictItem

Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


class ConflictColumn(enum.IntEnum):
    CHILD = 0
    RECORD = 1
    FIELD = 2
    BY = 3
    WHEN = 4


class ConflictTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ConflictItem] = []

    def set_items(self, items: Iterable[ConflictItem]) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self.endResetModel()

    def item(self, row: int) -> ConflictItem:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ConflictColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            ConflictColumn.CHILD: QCoreApplication.translate("ConflictTableModel", "Child"),
            ConflictColumn.RECORD: QCoreApplication.translate("ConflictTableModel", "Record"),
            ConflictColumn.FIELD: QCoreApplication.translate("ConflictTableModel", "Field"),
            ConflictColumn.BY: QCoreApplication.translate("ConflictTableModel", "Changed by"),
            ConflictColumn.WHEN: QCoreApplication.translate("ConflictTableModel", "When"),
        }
        return titles[ConflictColumn(section)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        if role == ITEM_ROLE:
            return item
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        conflict = item.conflict
        column = ConflictColumn(index.column())
        if column == ConflictColumn.CHILD:
            return item.child_name
        if column == ConflictColumn.RECORD:
            kind = kind_text(conflict.kind)
            return f"{kind} {item.record_date}".strip()
        if column == ConflictColumn.FIELD:
            return field_text(conflict.field)
        if column == ConflictColumn.BY:
            return conflict.theirs_by
        return local_time_text(conflict.theirs_at)
