"""A form for one record kind, validated as the user types by the store's own rules.

Each field has its widget and, beside it, a line for its problem (``casework.records``
messages, in the window's language). Problems show for fields the user has touched, or
for all after :meth:`RecordForm.reveal_errors` (a save attempt); ``is_valid`` counts all.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casework.ids import mask_id_number
from casework.messages import Message
from casework.records import SCHEMAS
from desktop.ui.i18n import message_text
from desktop.ui.widgets.styles import ERROR_STYLE
from desktop.ui.words import field_text, value_text
from desktop.usecases.children import field_errors


class Widget(enum.Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    BOOL = "bool"
    DATE = "date"
    DATETIME = "datetime"
    ID_NUMBER = "id_number"
    MULTI_CHOICE = "multi_choice"  # several codes of ``choices`` (a tuple field)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    widget: Widget = Widget.TEXT
    choices: tuple[Any, ...] = ()
    blank: bool = True  # a choice may be left unset
    describe: Callable[[Any], str] | None = None  # a choice's words, when not value_text's
    tooltip: str = ""  # the rule's clause, say (shown on the field's label and widget)


class IdNumberEdit(QWidget):
    """An ID number, shown masked (330523********123X) until the user asks to see it."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setObjectName("id_number")
        self.line.setMaxLength(18)
        self.reveal_button = QToolButton(self)
        self.reveal_button.setObjectName("reveal_id_number")
        self.reveal_button.setText(self.tr("Show and edit"))
        self.reveal_button.clicked.connect(self.reveal)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.reveal_button)
        self._value = ""
        self._masked = False
        self.line.textEdited.connect(self._typed)
        self.reveal_button.hide()

    def value(self) -> str:
        return self._value

    def set_value(self, value: str, *, masked: bool) -> None:
        self._value = value
        self._masked = masked and bool(value)
        self.line.setText(mask_id_number(value) if self._masked else value)
        self.line.setReadOnly(self._masked)
        self.reveal_button.setVisible(self._masked)

    def reveal(self) -> None:
        self.set_value(self._value, masked=False)

    def _typed(self, text: str) -> None:
        self._value = text
        self.edited.emit()


class ChoicesBox(QWidget):
    """Several codes picked with check boxes, in the order of ``choices``."""

    edited = Signal()

    def __init__(self, choices: Sequence[tuple[Any, str]], parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[tuple[Any, QCheckBox]] = []
        # Long names (a report's triggers) two to a line, so each stays whole.
        columns = 3 if max((len(text) for _c, text in choices), default=0) <= 8 else 2
        for index, (code, text) in enumerate(choices):
            box = QCheckBox(text, self)
            box.setObjectName(f"choice_{code}")
            box.toggled.connect(lambda _c: self.edited.emit())
            grid.addWidget(box, index // columns, index % columns)
            self.boxes.append((code, box))

    def value(self) -> list[Any]:
        return [code for code, box in self.boxes if box.isChecked()]

    def set_value(self, codes: Sequence[Any]) -> None:
        chosen = set(codes)
        for code, box in self.boxes:
            box.blockSignals(True)
            box.setChecked(code in chosen)
            box.blockSignals(False)


class RecordForm(QWidget):
    """Widgets for ``specs`` of record ``kind``; ``edited`` names the field changed."""

    edited = Signal(str)
    validity_changed = Signal(bool)

    def __init__(
        self, kind: str, specs: Sequence[FieldSpec], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.specs = {spec.name: spec for spec in specs}
        self._widgets: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._reveal_all = False
        self._context: dict[str, Any] = {}
        self._baseline: dict[str, Any] = {}
        self._problems: dict[str, Message] = {}
        self._valid = False
        self._loading = False
        schema = SCHEMAS[kind]
        outer = QVBoxLayout(self)
        self.general_error = QLabel(self)
        self.general_error.setObjectName("general_error")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        outer.addWidget(self.general_error)
        layout = QFormLayout()
        outer.addLayout(layout)
        for spec in specs:
            widget = self._make_widget(spec)
            widget.setObjectName(f"field_{spec.name}")
            error = QLabel(self)
            error.setObjectName(f"error_{spec.name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            cell = QWidget(self)
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            required = schema.model_fields[spec.name].is_required()
            text = field_text(spec.name) + (" *" if required else "")
            layout.addRow(text, cell)
            if spec.tooltip:
                widget.setToolTip(spec.tooltip)
                label = layout.labelForField(cell)
                if label is not None:
                    label.setToolTip(spec.tooltip)
            self._widgets[spec.name] = widget
            self._errors[spec.name] = error
        outer.addStretch(1)
        self.revalidate()

    # -- widgets -------------------------------------------------------------------------

    def _make_widget(self, spec: FieldSpec) -> QWidget:
        name = spec.name
        if spec.widget is Widget.CHOICE:
            combo = QComboBox(self)
            if spec.blank:
                combo.addItem(self.tr("(not set)"), None)
            for code in spec.choices:
                words = spec.describe(code) if spec.describe else self._choice_text(name, code)
                combo.addItem(words, code)
            combo.currentIndexChanged.connect(lambda _i, n=name: self._on_edit(n))
            return combo
        if spec.widget is Widget.MULTI_CHOICE:
            several = ChoicesBox([(c, self._choice_text(name, c)) for c in spec.choices], self)
            several.edited.connect(lambda n=name: self._on_edit(n))
            return several
        if spec.widget is Widget.BOOL:
            box = QCheckBox(self)
            box.toggled.connect(lambda _c, n=name: self._on_edit(n))
            return box
        if spec.widget is Widget.LONG_TEXT:
            text = QPlainTextEdit(self)
            text.setTabChangesFocus(True)
            text.setFixedHeight(64)
            text.textChanged.connect(lambda n=name: self._on_edit(n))
            return text
        if spec.widget is Widget.ID_NUMBER:
            id_edit = IdNumberEdit(self)
            id_edit.edited.connect(lambda n=name: self._on_edit(n))
            return id_edit
        line = QLineEdit(self)
        if spec.widget is Widget.DATE:
            line.setPlaceholderText(self.tr("YYYY-MM-DD, e.g. 2015-03-08"))
            line.setMaxLength(10)
        elif spec.widget is Widget.DATETIME:
            line.setPlaceholderText(self.tr("YYYY-MM-DD HH:MM, e.g. 2026-03-08 14:30"))
            line.setMaxLength(19)
        line.textChanged.connect(lambda _t, n=name: self._on_edit(n))
        return line

    def _choice_text(self, name: str, code: Any) -> str:
        """A choice in the field's own words (casework.vocabulary: 二级, 已办结)."""
        return value_text(code, field=name, kind=self.kind)

    def widget(self, name: str) -> QWidget:
        return self._widgets[name]

    def error_label(self, name: str) -> QLabel:
        return self._errors[name]

    # -- values --------------------------------------------------------------------------

    def _value_of(self, spec: FieldSpec) -> Any:
        widget = self._widgets[spec.name]
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QPlainTextEdit):
            text = widget.toPlainText().strip()
            return text or None
        if isinstance(widget, IdNumberEdit):
            return widget.value().strip().upper() or None
        if isinstance(widget, ChoicesBox):
            return widget.value()
        assert isinstance(widget, QLineEdit)
        return widget.text().strip() or None

    def values(self) -> dict[str, Any]:
        return {name: self._value_of(spec) for name, spec in self.specs.items()}

    def set_value(self, name: str, value: Any, *, masked_id: bool = False) -> None:
        widget = self._widgets[name]
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText("" if value is None else str(value))
        elif isinstance(widget, IdNumberEdit):
            widget.set_value("" if value is None else str(value), masked=masked_id)
        elif isinstance(widget, ChoicesBox):
            widget.set_value(list(value or ()))
        else:
            assert isinstance(widget, QLineEdit)
            text = "" if value is None else str(value)
            if self.specs[name].widget is Widget.DATETIME and "T" in text:
                text = text.replace("T", " ")[:16]  # stored 2026-03-08T14:30:00
            widget.setText(text)

    def load(
        self,
        values: Mapping[str, Any],
        *,
        baseline: Mapping[str, Any] | None = None,
        mask_id: bool = True,
    ) -> None:
        """Show ``values``; the form is unchanged when it shows ``baseline`` (default: them)."""
        self._loading = True
        try:
            for name in self.specs:
                self.set_value(name, values.get(name), masked_id=mask_id)
        finally:
            self._loading = False
        self._baseline = dict(baseline if baseline is not None else self.values())
        self.revalidate()

    def set_context(self, fields: Mapping[str, Any]) -> None:
        """Values of the record that this form does not show (validated along)."""
        self._context = dict(fields)
        self.revalidate()

    def is_dirty(self) -> bool:
        return self.values() != self._baseline

    def mark_clean(self) -> None:
        self._baseline = self.values()
        self._touched.clear()
        self._reveal_all = False

    # -- validation ----------------------------------------------------------------------

    def _on_edit(self, name: str) -> None:
        if self._loading:
            return
        self._touched.add(name)
        self.revalidate()
        self.edited.emit(name)

    def is_touched(self, name: str) -> bool:
        return name in self._touched

    def set_quietly(self, name: str, value: Any) -> None:
        """Change a value as the program, not the user: it stays untouched."""
        self._loading = True
        try:
            self.set_value(name, value)
        finally:
            self._loading = False
        self.revalidate()

    def touch(self, name: str) -> None:
        """A value this form validates along (a context field) was changed by the user."""
        self._touched.add(name)
        self.revalidate()

    def touch_all(self) -> None:
        self._reveal_all = True
        self.revalidate()

    def revalidate(self) -> None:
        # Blank fields are left out, so a required one reads "必须填写" (is required).
        values = {k: v for k, v in {**self._context, **self.values()}.items() if v is not None}
        problems = field_errors(self.kind, values)
        self.show_problems(problems)

    def show_problems(self, problems: Mapping[str, Message]) -> None:
        self._problems = dict(problems)
        general: list[str] = []
        for name, label in self._errors.items():
            message = problems.get(name)
            visible = message is not None and (self._reveal_all or name in self._touched)
            label.setText(message_text(message) if message else "")
            label.setVisible(visible)
        for name, message in problems.items():
            if name not in self._errors and (self._reveal_all or self._touched):
                prefix = f"{field_text(name)}：" if name else ""
                general.append(prefix + message_text(message))
        self.set_general_error("\n".join(general))
        valid = not problems
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)

    def set_general_error(self, text: str) -> None:
        self.general_error.setText(text)
        self.general_error.setVisible(bool(text))

    def show_field_error(self, name: str, text: str) -> None:
        """A problem found on save (a duplicate ID number, say) shown at its field."""
        if name in self._errors:
            self._errors[name].setText(text)
            self._errors[name].show()
        else:
            self.set_general_error(text)

    def is_valid(self) -> bool:
        return self._valid

    def problems(self) -> dict[str, Message]:
        return dict(self._problems)
