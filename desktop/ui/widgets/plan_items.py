"""An assessment's help plan (帮扶计划, seed §二(六)3) as rows to edit: what, which
department, by when, done and on which day.

The values go into the assessment's ``plan_items`` field; the record form checks them with
the store's own rules (an item that is done needs its day). Ticking "done" fills in today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casework.records import DEPARTMENTS
from desktop.ui.words import value_text


class _PlanItemRow:
    def __init__(self, parent: QWidget, today: Callable[[], date]) -> None:
        self._today = today
        self.what = QLineEdit(parent)
        self.what.setObjectName("plan_what")
        self.what.setMinimumWidth(180)
        self.department = QComboBox(parent)
        self.department.addItem(QCoreApplication.translate("PlanItemsEditor", "(not set)"), None)
        for code in DEPARTMENTS:
            self.department.addItem(value_text(code), code)
        self.due = QLineEdit(parent)
        self.done_on = QLineEdit(parent)
        wide = parent.fontMetrics().horizontalAdvance("0000-00-000") + 12
        for line in (self.due, self.done_on):
            line.setPlaceholderText(QCoreApplication.translate("PlanItemsEditor", "YYYY-MM-DD"))
            line.setMaxLength(10)
            line.setMinimumWidth(wide)  # a whole date, never cut
        self.done = QCheckBox(parent)  # the column's title says what it is
        self.done.setObjectName("plan_done")
        # The rows' words are the editor's (QCoreApplication.translate: a context lupdate sees).
        self.remove = QToolButton(parent)
        self.remove.setText(QCoreApplication.translate("PlanItemsEditor", "Remove"))
        self.widgets: tuple[QWidget, ...] = (
            self.what,
            self.department,
            self.due,
            self.done,
            self.done_on,
            self.remove,
        )
        self.done.toggled.connect(self._done_toggled)

    def _done_toggled(self, done: bool) -> None:
        if done and not self.done_on.text().strip():
            self.done_on.setText(self._today().isoformat())

    def value(self) -> dict[str, Any]:
        found = {
            "what": self.what.text().strip() or None,
            "department": self.department.currentData(),
            "due": self.due.text().strip() or None,
            "done": self.done.isChecked(),
            "done_on": self.done_on.text().strip() or None,
        }
        return {k: v for k, v in found.items() if v is not None}

    def load(self, value: dict[str, Any]) -> None:
        self.what.setText(str(value.get("what") or ""))
        index = self.department.findData(value.get("department"))
        self.department.setCurrentIndex(max(index, 0))
        self.due.setText(str(value.get("due") or ""))
        self.done.blockSignals(True)
        self.done.setChecked(bool(value.get("done")))
        self.done.blockSignals(False)
        self.done_on.setText(str(value.get("done_on") or ""))


class PlanItemsEditor(QWidget):
    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self.setObjectName("plan_items")
        self._today = today
        self._rows: list[_PlanItemRow] = []
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        titles = (
            self.tr("What"),
            self.tr("Department"),
            self.tr("Due"),
            self.tr("Done"),
            self.tr("Done on"),
        )
        for column, title in enumerate(titles):
            self.grid.addWidget(QLabel(title, self), 0, column)
        self.add_button = QPushButton(self.tr("Add a plan item"), self)
        self.add_button.setObjectName("add_plan_item")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addWidget(self.add_button)
        self.add_button.clicked.connect(lambda: self.add_row())

    def rows(self) -> list[_PlanItemRow]:
        return list(self._rows)

    def add_row(self, value: dict[str, Any] | None = None, *, quiet: bool = False) -> None:
        row = _PlanItemRow(self, self._today)
        if value:
            row.load(value)
        line = len(self._rows) + 1
        for column, widget in enumerate(row.widgets):
            self.grid.addWidget(widget, line, column)
        self._rows.append(row)
        for edit in (row.what, row.due, row.done_on):
            edit.textChanged.connect(lambda _t: self.changed.emit())
        row.department.currentIndexChanged.connect(lambda _i: self.changed.emit())
        row.done.toggled.connect(lambda _c: self.changed.emit())
        row.remove.clicked.connect(lambda: self.remove_row(row))
        if not quiet:
            self.changed.emit()

    def remove_row(self, row: _PlanItemRow) -> None:
        values = [r.value() for r in self._rows if r is not row]
        self.set_values(values)
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
