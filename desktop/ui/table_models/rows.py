"""A read-only table of prepared rows: display texts per column, one payload per row.

For the lists that only show and open things (reports, to-do, statistics, villages):
the page turns its frozen results into :class:`Row` values on the main thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication

from desktop.ui.widgets.styles import URGENT

Index = QModelIndex | QPersistentModelIndex
PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ALERT_COLOUR = QColor(URGENT)


@dataclass(frozen=True)
class Row:
    texts: tuple[str, ...]
    payload: Any = None
    sort_keys: tuple[Any, ...] = ()  # defaults to the texts
    alert: bool = False  # shown in red (overdue, open)
    alert_columns: frozenset[int] = frozenset()  # only these cells in red (when not ``alert``)
    # A status colour of widgets/styles.py for the first column (the one that names the
    # status), so a long list is not a wall of red; wins over ``alert`` there.
    colour: str = ""
    tooltips: tuple[str, ...] = field(default_factory=tuple)


class RowsTableModel(QAbstractTableModel):
    def __init__(self, titles: Callable[[], Sequence[str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._titles = titles  # called when shown, so the language is the current one
        self._rows: list[Row] = []

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows(())

    def row(self, number: int) -> Row:
        return self._rows[number]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._titles())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._titles()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column] if column < len(row.texts) else ""
        if role == PAYLOAD_ROLE:
            return row.payload
        if role == SORT_ROLE:
            keys = row.sort_keys or row.texts
            return keys[column] if column < len(keys) else ""
        if role == Qt.ItemDataRole.ForegroundRole and row.colour:
            return QBrush(QColor(row.colour)) if column == 0 else None
        if role == Qt.ItemDataRole.ForegroundRole and (row.alert or column in row.alert_columns):
            return QBrush(ALERT_COLOUR)
        if role == Qt.ItemDataRole.FontRole and row.colour and column == 0:
            bold = QFont(QGuiApplication.font())  # the text size chosen now
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ToolTipRole and column < len(row.tooltips):
            return row.tooltips[column] or None
        return None
