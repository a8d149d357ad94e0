"""The list of children: a table model with named columns and roles, and its filter.

Tested without widgets (CONVENTIONS 6). Rows are :class:`ChildSummary` values (frozen);
ID numbers are only ever held masked here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.services.casefile import ChildSummary
from desktop.ui.words import sync_state_text, value_text

Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = QColor("#b00020")
DUE_SOON_COLOUR = QColor("#a15c00")


class Column(enum.IntEnum):
    NAME = 0
    GENDER = 1
    BIRTH_DATE = 2
    ID_NUMBER = 3
    CATEGORIES = 4
    NEXT_VISIT = 5
    SYNC_STATE = 6


class Role(enum.IntEnum):
    CHILD_ID = Qt.ItemDataRole.UserRole + 1
    SUMMARY = Qt.ItemDataRole.UserRole + 2
    SORT = Qt.ItemDataRole.UserRole + 3
    CATEGORIES = Qt.ItemDataRole.UserRole + 4
    VISIT_STATUS = Qt.ItemDataRole.UserRole + 5  # ok / due_soon / overdue / None
    SYNC_STATE = Qt.ItemDataRole.UserRole + 6
    RISK = Qt.ItemDataRole.UserRole + 7
    KEY_CHILD = Qt.ItemDataRole.UserRole + 8


def column_title(column: Column) -> str:
    titles = {
        Column.NAME: QCoreApplication.translate("ChildTableModel", "Name"),
        Column.GENDER: QCoreApplication.translate("ChildTableModel", "Gender"),
        Column.BIRTH_DATE: QCoreApplication.translate("ChildTableModel", "Birth date"),
        Column.ID_NUMBER: QCoreApplication.translate("ChildTableModel", "ID number"),
        Column.CATEGORIES: QCoreApplication.translate("ChildTableModel", "Categories"),
        Column.NEXT_VISIT: QCoreApplication.translate("ChildTableModel", "Next visit"),
        Column.SYNC_STATE: QCoreApplication.translate("ChildTableModel", "Sync state"),
    }
    return titles[column]


def next_visit_text(summary: ChildSummary) -> str:
    due = summary.next_visit
    if due is None:
        return QCoreApplication.translate("ChildTableModel", "Not needed")
    if due.status == "overdue":
        return QCoreApplication.translate("ChildTableModel", "{date} ({days} days overdue)").format(
            date=due.due.isoformat(), days=due.days_overdue
        )
    return due.due.isoformat()


class ChildTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ChildSummary] = []
        self._row_of: dict[str, int] = {}

    # -- content -------------------------------------------------------------------------

    def set_children(self, summaries: Iterable[ChildSummary]) -> None:
        self.beginResetModel()
        self._rows = list(summaries)
        self._row_of = {s.id: i for i, s in enumerate(self._rows)}
        self.endResetModel()

    def clear(self) -> None:
        self.set_children(())

    def summary(self, row: int) -> ChildSummary:
        return self._rows[row]

    def row_of(self, child_id: str) -> int | None:
        return self._row_of.get(child_id)

    def child_ids(self) -> list[str]:
        return [s.id for s in self._rows]

    # -- the model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_title(Column(section))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        if role == Role.SORT:
            return self._sort_key(summary, column)
        if role == Role.CHILD_ID:
            return summary.id
        if role == Role.SUMMARY:
            return summary
        if role == Role.CATEGORIES:
            return summary.categories
        if role == Role.VISIT_STATUS:
            return summary.next_visit.status if summary.next_visit else None
        if role == Role.SYNC_STATE:
            return summary.sync_state
        if role == Role.RISK:
            return summary.risk_level
        if role == Role.KEY_CHILD:
            return summary.key_child
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.NEXT_VISIT:
            status = summary.next_visit.status if summary.next_visit else None
            if status == "overdue":
                return QBrush(OVERDUE_COLOUR)
            if status == "due_soon":
                return QBrush(DUE_SOON_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.CATEGORIES:
            return "\n".join(value_text(c) for c in summary.categories) or None
        return None

    def _display(self, summary: ChildSummary, column: Column) -> str:
        if column == Column.NAME:
            return summary.name
        if column == Column.GENDER:
            return value_text(summary.gender)
        if column == Column.BIRTH_DATE:
            return summary.birth_date
        if column == Column.ID_NUMBER:
            return summary.id_number_masked or ""
        if column == Column.CATEGORIES:
            return "、".join(value_text(c) for c in summary.categories)
        if column == Column.NEXT_VISIT:
            return next_visit_text(summary)
        return sync_state_text(summary.sync_state)

    def _sort_key(self, summary: ChildSummary, column: Column) -> Any:
        if column == Column.NEXT_VISIT:
            # Children with no visit due sort last.
            return summary.next_visit.due.isoformat() if summary.next_visit else "9999-12-31"
        return self._display(summary, column)


class ChildFilterProxy(QSortFilterProxyModel):
    """Search results and the filters (category, risk, key child, overdue, sync state)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._matches: frozenset[str] | None = None
        self._category: str | None = None
        self._overdue_only = False
        self._sync_state: str | None = None
        self._risk: str | None = None
        self._key_only = False
        self.setSortRole(Role.SORT)
        self.setSortLocaleAware(True)

    def set_search_results(self, child_ids: Sequence[str] | None) -> None:
        """Ids found by the search index, or None when there is no search."""
        self.beginFilterChange()
        self._matches = None if child_ids is None else frozenset(child_ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_category(self, code: str | None) -> None:
        self.beginFilterChange()
        self._category = code
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_overdue_only(self, on: bool) -> None:
        self.beginFilterChange()
        self._overdue_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_sync_state(self, state: str | None) -> None:
        self.beginFilterChange()
        self._sync_state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_risk(self, level: str | None) -> None:
        self.beginFilterChange()
        self._risk = level
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_key_only(self, on: bool) -> None:
        self.beginFilterChange()
        self._key_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._matches is not None and model.data(index, Role.CHILD_ID) not in self._matches:
            return False
        if self._category is not None and self._category not in model.data(index, Role.CATEGORIES):
            return False
        if self._overdue_only and model.data(index, Role.VISIT_STATUS) != "overdue":
            return False
        if self._risk is not None and model.data(index, Role.RISK) != self._risk:
            return False
        if self._key_only and not model.data(index, Role.KEY_CHILD):
            return False
        return self._sync_state is None or model.data(index, Role.SYNC_STATE) == self._sync_state
