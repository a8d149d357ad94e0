"""Prepared rows (:mod:`rows`) with the two edits a person makes in a list: a tick box in
one column (apply this row or not) and a choice from a fixed list in another, shown as a
combo box on every row (the ledger intake's columns and its updates to apply).

The texts, payloads and tooltips stay the frozen :class:`EditableRow`; what the person
changes is kept beside them in the model and read back with :meth:`checked_payloads` and
:meth:`choice`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QObject, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.ui.table_models.rows import Index, Row, RowsTableModel

_CHECK = Qt.ItemDataRole.CheckStateRole
_EDIT = Qt.ItemDataRole.EditRole
_DISPLAY = Qt.ItemDataRole.DisplayRole
NO_COLUMN = -1


@dataclass(frozen=True)
class EditableRow(Row):
    checked: bool | None = None  # the tick box's first state; None: this row has none
    choice: Any = None  # the value first chosen in the choice column


class EditableRowsModel(RowsTableModel):
    """``check_column``: the column whose rows may carry a tick box; ``choice_column``: the
    column chosen from ``choices`` ((label, value) pairs; the cell shows the label)."""

    def __init__(
        self,
        titles: Callable[[], Sequence[str]],
        parent: QObject | None = None,
        *,
        check_column: int = NO_COLUMN,
        choice_column: int = NO_COLUMN,
        choices: Sequence[tuple[str, Any]] = (),
    ) -> None:
        super().__init__(titles, parent)
        self.check_column = check_column
        self.choice_column = choice_column
        self.choices = tuple(choices)
        self._labels = {value: label for label, value in self.choices}
        self._checked: list[bool | None] = []
        self._chosen: list[Any] = []

    def set_rows(self, rows: Iterable[Row]) -> None:
        listed = list(rows)
        self._checked = [r.checked if isinstance(r, EditableRow) else None for r in listed]
        self._chosen = [r.choice if isinstance(r, EditableRow) else None for r in listed]
        super().set_rows(listed)

    # -- what the person chose -----------------------------------------------------------

    def checked_payloads(self) -> list[Any]:
        """The payloads of the rows whose box is ticked, in row order."""
        return [self.row(n).payload for n, on in enumerate(self._checked) if on]

    def choice(self, number: int) -> Any:
        return self._chosen[number]

    def set_choice(self, number: int, value: Any) -> None:
        self.setData(self.index(number, self.choice_column), value, _EDIT)

    # -- the model interface -------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._has_box(index):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == self.choice_column:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._chosen):
            return None
        if role == _CHECK and self._has_box(index):
            on = self._checked[index.row()]
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if index.column() == self.choice_column and role in (_DISPLAY, _EDIT):
            value = self._chosen[index.row()]
            return value if role == _EDIT else self._labels.get(value, "")
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._chosen):
            return False
        if role == _CHECK and self._has_box(index):
            on = _is_checked(value)
            if on != self._checked[index.row()]:
                self._checked[index.row()] = on
                self.dataChanged.emit(index, index, [_CHECK])
            return True
        if role == _EDIT and index.column() == self.choice_column and value in self._labels:
            if value != self._chosen[index.row()]:
                self._chosen[index.row()] = value
                self.dataChanged.emit(index, index, [_DISPLAY, _EDIT])
            return True
        return False

    def _has_box(self, index: Index) -> bool:
        return index.column() == self.check_column and self._checked[index.row()] is not None


def _is_checked(value: Any) -> bool:
    # The view's tick box sends the state as an int or as the enum, by binding.
    state = value.value if isinstance(value, Qt.CheckState) else value
    return bool(state == Qt.CheckState.Checked.value)


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of the model's choices; each pick is written to the model at once (as a
    combo in a cell would), so the view keeps it open on every row (persistent editors)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        combo = QComboBox(parent)
        if isinstance(model, EditableRowsModel):
            for label, value in model.choices:
                combo.addItem(label, value)
        combo.currentIndexChanged.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(_EDIT))
            if found >= 0 and found != editor.currentIndex():
                editor.setCurrentIndex(found)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), _EDIT)
