"""帮扶救助 (annex 3 item 4: "对符合社会救助、社会福利政策的儿童及家庭，告知具体内容及申请
程序，并协助申请救助"): the benefits that apply by the child's categories
(``casework.benefits``), and rows to keep each one's course: told, applied for, granted,
refused or not needed, with the days. The rows go into the child's ``benefits`` field,
checked by the store's own rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casework.benefits import Applicable
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.records_panel import RecordsPanel
from desktop.ui.widgets.row_list import RowListEditor
from desktop.ui.words import value_text

BENEFITS = (
    "basic_living", "dibao", "medical_aid", "education_aid", "disability_subsidies",
    "rehabilitation", "other",
)  # fmt: skip
STATUSES = ("informed", "applied", "granted", "refused", "not_needed")
DAYS = ("informed_on", "applied_on", "granted_on")


def _name(code: str) -> str:
    return value_text(code)


class _BenefitRow:
    def __init__(self, parent: QWidget) -> None:
        self.benefit = QComboBox(parent)
        for code in BENEFITS:
            self.benefit.addItem(_name(code), code)
        self.status = QComboBox(parent)
        for code in STATUSES:
            self.status.addItem(value_text(code), code)
        self.days: dict[str, QLineEdit] = {}
        for name in DAYS:
            edit = QLineEdit(parent)
            edit.setPlaceholderText(QCoreApplication.translate("BenefitsEditor", "YYYY-MM-DD"))
            edit.setMaxLength(10)
            edit.setMinimumWidth(parent.fontMetrics().horizontalAdvance("0000-00-000") + 12)
            self.days[name] = edit
        self.note = QLineEdit(parent)
        self.remove = QToolButton(parent)
        self.remove.setText(QCoreApplication.translate("BenefitsEditor", "Remove"))
        self.widgets: tuple[QWidget, ...] = (
            self.benefit, self.status, *self.days.values(), self.note, self.remove,
        )  # fmt: skip

    def value(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "benefit": self.benefit.currentData(),
            "status": self.status.currentData(),
            **{name: edit.text().strip() or None for name, edit in self.days.items()},
            "note": self.note.text().strip() or None,
        }
        return {k: v for k, v in found.items() if v is not None}

    def load(self, value: dict[str, Any]) -> None:
        self.benefit.setCurrentIndex(max(self.benefit.findData(value.get("benefit")), 0))
        self.status.setCurrentIndex(max(self.status.findData(value.get("status")), 0))
        for name, edit in self.days.items():
            edit.setText(str(value.get(name) or ""))
        self.note.setText(str(value.get("note") or ""))


class BenefitsEditor(RowListEditor):
    """The child's benefits as rows, under the line of those that apply."""

    def __init__(self, parent: QWidget | None = None) -> None:
        titles = (
            QCoreApplication.translate("BenefitsEditor", "Benefit"),
            QCoreApplication.translate("BenefitsEditor", "Status"),
            QCoreApplication.translate("BenefitsEditor", "Family told on"),
            QCoreApplication.translate("BenefitsEditor", "Applied on"),
            QCoreApplication.translate("BenefitsEditor", "Granted on"),
            QCoreApplication.translate("BenefitsEditor", "Note (why refused or not needed)"),
        )
        super().__init__(
            parent,
            name="benefits",
            titles=titles,
            add_text=QCoreApplication.translate("BenefitsEditor", "Add a benefit"),
            add_name="add_benefit",
            stretch_column=5,
        )
        self._applicable: tuple[Applicable, ...] = ()
        self.applicable_label = QLabel(self)
        self.applicable_label.setObjectName("applicable_benefits")
        self.applicable_label.setWordWrap(True)
        self.column.insertWidget(0, self.applicable_label)
        self.add_applicable_button = QPushButton(self.tr("Add those that apply"), self)
        self.add_applicable_button.setObjectName("add_applicable_benefits")
        self.buttons.insertWidget(1, self.add_applicable_button)
        self.add_applicable_button.clicked.connect(self.add_applicable)

    def make_row(self) -> _BenefitRow:
        return _BenefitRow(self)

    def set_applicable(
        self, applicable: Sequence[Applicable], not_applied: Sequence[Applicable]
    ) -> None:
        """Which benefits apply by the child's categories, and which wait to be applied for."""
        self._applicable = tuple(applicable)
        if not applicable:
            self.applicable_label.setText(
                self.tr(
                    "By the child's categories no benefit applies now (work plan annex 3 item 4)."
                )
            )
        else:
            clause = self.tr("work plan §{clause}")
            listed = "、".join(
                f"{_name(a.benefit)}（{clause.format(clause=a.clause)}）" for a in applicable
            )
            text = self.tr("Apply by the child's categories: {benefits}.").format(benefits=listed)
            if not_applied:
                text += " " + self.tr(
                    "Not applied for yet: {benefits}. Tell the family what they are and how "
                    "to apply, and help them apply (work plan annex 3 item 4)."
                ).format(benefits="、".join(_name(a.benefit) for a in not_applied))
            self.applicable_label.setText(text)
        self.add_applicable_button.setEnabled(bool(self._missing_rows()))

    def _missing_rows(self) -> list[str]:
        listed = {row.benefit.currentData() for row in self.rows()}
        return [a.benefit for a in self._applicable if a.benefit not in listed]

    def add_applicable(self) -> None:
        """A row (told, no day yet) for each applicable benefit not listed."""
        for code in self._missing_rows():
            self.add_row({"benefit": code, "status": "informed"}, quiet=True)
        self.add_applicable_button.setEnabled(False)
        self.changed.emit()

    def set_values(self, values: list[dict[str, Any]]) -> None:
        super().set_values(values)
        self.add_applicable_button.setEnabled(bool(self._missing_rows()))


def benefits_panel(session: StoreSession, tasks: Tasks, *, parent: QWidget) -> RecordsPanel:
    """The child's own record, its ``benefits`` field only: the list is hidden and the
    child is picked as soon as the file is loaded."""
    panel = RecordsPanel(
        session,
        tasks,
        kind="child",
        specs=(),
        columns=("name",),
        rows=("benefits", BenefitsEditor),
        can_create=False,
        parent=parent,
    )
    panel.table.hide()
    # No list and no fields of its own: the rows sit at the top, the space below stays empty.
    panel.form.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    layout = panel.layout()
    if isinstance(layout, QVBoxLayout):
        layout.addStretch(1)
    return panel


def clause_text() -> str:
    return QCoreApplication.translate(
        "CaseCycle",
        "帮扶救助 (work plan annex 3 item 4): for a child who qualifies for assistance or "
        "welfare, tell the family what it is and how to apply, and help them apply. A "
        "benefit that applies and is not applied for is on the to-do.",
    )
