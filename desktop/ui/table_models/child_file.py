"""Small tables of one child's file: visits, and history (who changed what, when)."""

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

from desktop.models.store import AuditEntryView, RecordView
from desktop.ui.words import action_text, field_text, local_time_text, value_text

Index = QModelIndex | QPersistentModelIndex
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class VisitColumn(enum.IntEnum):
    DATE = 0
    TYPE = 1
    VISITOR = 2
    PROBLEMS = 3
    NEXT_DUE = 4


class HistoryColumn(enum.IntEnum):
    WHEN = 0
    WHO = 1
    ACTION = 2
    FIELDS = 3


class VisitTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RecordView] = []

    def set_visits(self, visits: Iterable[RecordView]) -> None:
        self.beginResetModel()
        self._rows = list(visits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(VisitColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            VisitColumn.DATE: QCoreApplication.translate("VisitTableModel", "Visit date"),
            VisitColumn.TYPE: QCoreApplication.translate("VisitTableModel", "Type"),
            VisitColumn.VISITOR: QCoreApplication.translate("VisitTableModel", "Visitor"),
            VisitColumn.PROBLEMS: QCoreApplication.translate("VisitTableModel", "Problems found"),
            VisitColumn.NEXT_DUE: QCoreApplication.translate("VisitTableModel", "Next visit due"),
        }
        return titles[VisitColumn(section)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        visit = self._rows[index.row()]
        if role == RECORD_ID_ROLE:
            return visit.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        fields = visit.fields
        column = VisitColumn(index.column())
        if column == VisitColumn.DATE:
            return fields.get("visit_date") or ""
        if column == VisitColumn.TYPE:
            return value_text(fields.get("visit_type"))
        if column == VisitColumn.VISITOR:
            return fields.get("visitor") or ""
        if column == VisitColumn.PROBLEMS:
            return fields.get("problems_found") or ""
        return fields.get("next_visit_due") or ""


class HistoryTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditEntryView] = []

    def set_entries(self, entries: Iterable[AuditEntryView]) -> None:
        self.beginResetModel()
        self._rows = sorted(entries, key=lambda e: e.at, reverse=True)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HistoryColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            HistoryColumn.WHEN: QCoreApplication.translate("HistoryTableModel", "When"),
            HistoryColumn.WHO: QCoreApplication.translate("HistoryTableModel", "Who"),
            HistoryColumn.ACTION: QCoreApplication.translate("HistoryTableModel", "What"),
            HistoryColumn.FIELDS: QCoreApplication.translate("HistoryTableModel", "Fields"),
        }
        return titles[HistoryColumn(section)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        entry = self._rows[index.row()]
        column = HistoryColumn(index.column())
        if column == HistoryColumn.WHEN:
            return local_time_text(entry.at)
        if column == HistoryColumn.WHO:
            return entry.actor
        if column == HistoryColumn.ACTION:
            return action_text(entry.action)
        return "、".join(field_text(f) for f in entry.fields)
