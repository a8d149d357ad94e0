"""An assessment's help plan (帮扶计划, seed §二(六)3) as rows to edit: what, which
department, by when, done and on which day.

The values go into the assessment's ``plan_items`` field; the record form checks them with
the store's own rules (an item that is done needs its day). Ticking "done" fills in today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QToolButton,
    QWidget,
)

from casework.records import DEPARTMENTS
from desktop.ui.widgets.row_list import RowListEditor
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


class PlanItemsEditor(RowListEditor):
    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], date] = date.today
    ) -> None:
        self._today = today
        titles = (
            QCoreApplication.translate("PlanItemsEditor", "What"),
            QCoreApplication.translate("PlanItemsEditor", "Department"),
            QCoreApplication.translate("PlanItemsEditor", "Due"),
            QCoreApplication.translate("PlanItemsEditor", "Done"),
            QCoreApplication.translate("PlanItemsEditor", "Done on"),
        )
        super().__init__(
            parent,
            name="plan_items",
            titles=titles,
            add_text=QCoreApplication.translate("PlanItemsEditor", "Add a plan item"),
            add_name="add_plan_item",
            stretch_column=0,
        )

    def make_row(self) -> _PlanItemRow:
        return _PlanItemRow(self, self._today)
