"""Steps taken with a failing guardian (强化监护干预, seed §二(六)4) as rows to edit: the
step, its day, by whom, and the outcome. The values go into the family member's
``interventions`` field, checked by the store's own rules."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QToolButton,
    QWidget,
)

from desktop.ui.widgets.row_list import RowListEditor
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


class InterventionsEditor(RowListEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            name="interventions",
            titles=(
                QCoreApplication.translate("InterventionsEditor", "Step"),
                QCoreApplication.translate("InterventionsEditor", "Taken on"),
                QCoreApplication.translate("InterventionsEditor", "By whom"),
                QCoreApplication.translate("InterventionsEditor", "Outcome"),
            ),
            add_text=QCoreApplication.translate("InterventionsEditor", "Add a step"),
            add_name="add_intervention",
            stretch_column=3,
        )

    def make_row(self) -> _InterventionRow:
        return _InterventionRow(self)
