"""A parent's situations (外出务工, 服刑, 失联 …), each with its dates, as rows to edit.

The values go into the family member's ``situations`` field; the record form checks them
with the store's own rules (a term needs its start date, a disability its grade, …).
"""

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

SITUATION_KINDS = (
    "migrant_work", "deceased", "declared_dead", "declared_missing", "unidentified",
    "disability", "serious_illness", "imprisoned", "compulsory_rehab",
    "restricted_liberty", "lost_contact", "unable_to_guard",
)  # fmt: skip
DISABILITY_KINDS = (
    "physical", "visual", "hearing", "speech", "intellectual", "mental", "multiple",
)  # fmt: skip


class _SituationRow:
    def __init__(self, parent: QWidget) -> None:
        self.kind = QComboBox(parent)
        for code in SITUATION_KINDS:
            self.kind.addItem(value_text(code), code)
        self.since = QLineEdit(parent)
        self.until = QLineEdit(parent)
        for line in (self.since, self.until):
            line.setPlaceholderText(QCoreApplication.translate("SituationsEditor", "YYYY-MM-DD"))
            line.setMaxLength(10)
        self.category = QComboBox(parent)
        self.category.addItem(QCoreApplication.translate("SituationsEditor", "(not set)"), None)
        for code in DISABILITY_KINDS:
            self.category.addItem(value_text(code), code)
        self.grade = QComboBox(parent)
        self.grade.addItem(QCoreApplication.translate("SituationsEditor", "(not set)"), None)
        for grade in (1, 2, 3, 4):
            self.grade.addItem(
                QCoreApplication.translate("SituationsEditor", "Grade {n}").format(n=grade), grade
            )
        self.remove = QToolButton(parent)
        self.remove.setText(QCoreApplication.translate("SituationsEditor", "Remove"))
        self.widgets: tuple[QWidget, ...] = (
            self.kind,
            self.since,
            self.until,
            self.category,
            self.grade,
            self.remove,
        )
        self._show_disability()
        self.kind.currentIndexChanged.connect(lambda _i: self._show_disability())

    def _show_disability(self) -> None:
        disabled = self.kind.currentData() == "disability"
        self.category.setEnabled(disabled)
        self.grade.setEnabled(disabled)
        if not disabled:
            self.category.setCurrentIndex(0)
            self.grade.setCurrentIndex(0)

    def value(self) -> dict[str, Any]:
        found = {
            "kind": self.kind.currentData(),
            "since": self.since.text().strip() or None,
            "until": self.until.text().strip() or None,
            "category": self.category.currentData(),
            "grade": self.grade.currentData(),
        }
        return {k: v for k, v in found.items() if v is not None}

    def load(self, value: dict[str, Any]) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(value.get("kind")), 0))
        self.since.setText(str(value.get("since") or ""))
        self.until.setText(str(value.get("until") or ""))
        self.category.setCurrentIndex(max(self.category.findData(value.get("category")), 0))
        self.grade.setCurrentIndex(max(self.grade.findData(value.get("grade")), 0))


class SituationsEditor(RowListEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        titles = (
            QCoreApplication.translate("SituationsEditor", "Situation"),
            QCoreApplication.translate("SituationsEditor", "Since"),
            QCoreApplication.translate("SituationsEditor", "Until"),
            QCoreApplication.translate("SituationsEditor", "Disability category"),
            QCoreApplication.translate("SituationsEditor", "Disability grade"),
        )
        super().__init__(
            parent,
            name="situations",
            titles=titles,
            add_text=QCoreApplication.translate("SituationsEditor", "Add a situation"),
            add_name="add_situation",
        )

    def make_row(self) -> _SituationRow:
        return _SituationRow(self)
