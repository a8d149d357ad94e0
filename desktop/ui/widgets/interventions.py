"""Steps taken with a failing guardian (强化监护干预, seed §二(六)4) as rows to edit: the
step, its day, by whom, and the outcome. The values go into the family member's
``interventions`` field, checked by the store's own rules."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.words import value_text

STEPS = (
    "criticism_education", "urging", "admonition", "public_security_penalty",
    "revocation_application", "new_guardian_appointed", "other",
)  # fmt: skip


class _InterventionRow:
    def __init__(self, parent: QWidget) -> None:
        self.step = QComboBox(parent)
        for code in STEPS:
            self.step.addItem(value_text(code), code)
        self.taken_on = QLineEdit(parent)
        self.taken_on.setPlaceholderText(
            QCoreApplication.translate("InterventionsEditor", "YYYY-MM-DD")
        )
        self.taken_on.setMaxLength(10)
        self.taken_on.setMinimumWidth(parent.fontMetrics().horizontalAdvance("0000-00-000") + 12)
        self.by_whom = QLineEdit(parent)
        self.outcome = QLineEdit(parent)
        self.remove = QToolButton(parent)
        self.remove.setText(QCoreApplication.translate("InterventionsEditor", "Remove"))
        self.widgets: tuple[QWidget, ...] = (
            self.step,
            self.taken_on,
            self.by_whom,
            self.outcome,
            self.remove,
        )

    def value(self) -> dict[str, Any]:
        found = {
            "step": self.step.currentData(),
            "taken_on": self.taken_on.text().strip() or None,
            "by_whom": self.by_whom.text().strip() or None,
            "outcome": self.outcome.text().strip() or None,
        }
        return {k: v for k, v in found.items() if v is not None}

    def load(self, value: dict[str, Any]) -> None:
        self.step.setCurrentIndex(max(self.step.findData(value.get("step")), 0))
        self.taken_on.setText(str(value.get("taken_on") or ""))
        self.by_whom.setText(str(value.get("by_whom") or ""))
        self.outcome.setText(str(value.get("outcome") or ""))


class InterventionsEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interventions")
        self._rows: list[_InterventionRow] = []
        self.grid = QGridLayout()
        self.grid.setColumnStretch(3, 1)
        titles = (self.tr("Step"), self.tr("Taken on"), self.tr("By whom"), self.tr("Outcome"))
        for column, title in enumerate(titles):
            self.grid.addWidget(QLabel(title, self), 0, column)
        self.add_button = QPushButton(self.tr("Add a step"), self)
        self.add_button.setObjectName("add_intervention")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addWidget(self.add_button)
        self.add_button.clicked.connect(lambda: self.add_row())

    def rows(self) -> list[_InterventionRow]:
        return list(self._rows)

    def add_row(self, value: dict[str, Any] | None = None, *, quiet: bool = False) -> None:
        row = _InterventionRow(self)
        if value:
            row.load(value)
        line = len(self._rows) + 1
        for column, widget in enumerate(row.widgets):
            self.grid.addWidget(widget, line, column)
        self._rows.append(row)
        row.step.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for edit in (row.taken_on, row.by_whom, row.outcome):
            edit.textChanged.connect(lambda _t: self.changed.emit())
        row.remove.clicked.connect(lambda: self.remove_row(row))
        if not quiet:
            self.changed.emit()

    def remove_row(self, row: _InterventionRow) -> None:
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
