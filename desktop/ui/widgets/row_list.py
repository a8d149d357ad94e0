"""A field holding a list of rows (a parent's situations, a help plan, the steps taken with
a guardian, a child's benefits), edited as a grid: one line of widgets per row, each with
its "Remove" button, and an "Add" button below.

A subclass says what one row is (:meth:`RowListEditor.make_row`) and the column titles; the
grid, adding, removing, loading without signalling, and the ``changed`` signal are here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class EditorRow(Protocol):
    """One row: its widgets in column order (the last one its remove button)."""

    widgets: tuple[QWidget, ...]
    remove: QToolButton

    def value(self) -> dict[str, Any]: ...

    def load(self, value: dict[str, Any]) -> None: ...


class RowListEditor(QWidget):
    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        *,
        name: str,
        titles: Sequence[str],
        add_text: str,
        add_name: str,
        stretch_column: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._rows: list[EditorRow] = []
        self.grid = QGridLayout()
        if stretch_column is not None:
            self.grid.setColumnStretch(stretch_column, 1)
        for column, title in enumerate(titles):
            self.grid.addWidget(QLabel(title, self), 0, column)
        self.add_button = QPushButton(add_text, self)
        self.add_button.setObjectName(add_name)
        # The buttons under the rows, from the left (a subclass may add its own beside).
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.add_button)
        self.buttons.addStretch(1)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addLayout(self.grid)
        self.column.addLayout(self.buttons)
        self.column.addStretch(1)  # rows keep together at the top of any spare height
        self.add_button.clicked.connect(lambda: self.add_row())

    def make_row(self) -> EditorRow:
        raise NotImplementedError

    def rows(self) -> list[Any]:  # the subclass's own row type
        return list(self._rows)

    def add_row(self, value: dict[str, Any] | None = None, *, quiet: bool = False) -> None:
        row = self.make_row()
        if value:
            row.load(value)
        line = len(self._rows) + 1
        for column, widget in enumerate(row.widgets):
            self.grid.addWidget(widget, line, column)
        self._rows.append(row)
        for widget in row.widgets:
            self._watch(widget)
        row.remove.clicked.connect(lambda: self.remove_row(row))
        if not quiet:
            self.changed.emit()

    def _watch(self, widget: QWidget) -> None:
        """Any edit of a row's widget is a change of the list."""
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda _t: self.changed.emit())
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i: self.changed.emit())
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _c: self.changed.emit())

    def remove_row(self, row: EditorRow) -> None:
        self.set_values([r.value() for r in self._rows if r is not row])
        self.changed.emit()

    def values(self) -> list[dict[str, Any]]:
        return [row.value() for row in self._rows]

    def set_values(self, values: list[dict[str, Any]]) -> None:
        """Show ``values`` without signalling a change (loading a record)."""
        for row in self._rows:
            for widget in row.widgets:
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self._rows = []
        self.blockSignals(True)
        try:
            for value in values:
                self.add_row(value, quiet=True)
        finally:
            self.blockSignals(False)
