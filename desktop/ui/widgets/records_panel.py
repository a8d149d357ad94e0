"""A child's records of one kind (family members, entrustments, referrals, assessments):
a list and a form, with an editor of rows for a field holding a list (a parent's
situations, an assessment's plan items).

Picking a row shows it in the form; "New" starts a blank one. The form is checked as the
user types by the store's rules; saving runs on the database lane. A form with unsaved
changes is never replaced by another row: the user saves or discards first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casework.records import SCHEMAS, RecordValidationError
from desktop.models.store import CaseStore, RecordView
from desktop.ui.errors import describe_error
from desktop.ui.loading import Changed, write_in_background
from desktop.ui.session import StoreSession
from desktop.ui.table_models.rows import Row, RowsTableModel
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.busy import BusyIndicator
from desktop.ui.widgets.record_form import FieldSpec, RecordForm
from desktop.ui.widgets.situations import SituationsEditor
from desktop.ui.words import field_text, value_text
from desktop.usecases.children import save_child_record

PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"


class RowsEditor(Protocol):
    """An editor of a field holding a list of rows (``SituationsEditor``, ``PlanItemsEditor``)."""

    def values(self) -> list[dict[str, Any]]: ...
    def set_values(self, values: list[dict[str, Any]]) -> None: ...


# Saves one of a child's records on the database lane; returns its id.
Saver = Callable[..., str]


@dataclass(frozen=True)
class PanelDraft:
    record_id: str | None
    values: Mapping[str, Any]
    situations: tuple[Mapping[str, Any], ...] = ()


def cell_text(value: Any, field: str = "", kind: str = "") -> str:
    if isinstance(value, list | tuple) and any(
        isinstance(v, dict) and "what" in v for v in value
    ):  # a help plan's items
        done = sum(1 for v in value if isinstance(v, dict) and v.get("done"))
        return QCoreApplication.translate("RecordsPanel", "{done} of {total} done").format(
            done=done, total=len(value)
        )
    if isinstance(value, list | tuple) and any(isinstance(v, dict) and "step" in v for v in value):
        # a guardian's interventions: the steps, in order
        return "、".join(value_text(v.get("step")) for v in value if isinstance(v, dict))
    if isinstance(value, list | tuple):  # situations
        return "、".join(value_text(v.get("kind")) for v in value if isinstance(v, dict))
    return value_text(value, field=field, kind=kind)  # the field's own words (vocabulary)


class RecordsPanel(QWidget):
    saved = Signal(str)  # record id
    save_finished = Signal()

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        *,
        kind: str,
        specs: Sequence[FieldSpec],
        columns: Sequence[str],
        defaults: Callable[[], Mapping[str, Any]] = dict,
        with_situations: bool = False,
        rows: tuple[str, Callable[[QWidget], Any]] | None = None,
        saver: Saver = save_child_record,
        can_create: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"panel_{kind}")
        self._session = session
        self._tasks = tasks
        self.kind = kind
        self._columns = tuple(columns)
        self._defaults = defaults
        self.child_id: str | None = None
        self.record_id: str | None = None
        self._records: list[RecordView] = []
        self._saving = False
        self._baseline_situations: list[dict[str, Any]] = []
        self._saver = saver
        self._writable = True
        self._can_create = can_create
        self._hidden: dict[str, Any] = {}  # a new record's values the form doesn't show
        self._unshown: dict[str, Any] = {}  # the picked record's fields the form doesn't show
        if with_situations:
            rows = ("situations", SituationsEditor)
        self._rows_field = rows[0] if rows else None

        self.model = RowsTableModel(lambda: [field_text(c) for c in self._columns], self)
        self.table = QTableView(self)
        self.table.setObjectName(f"{kind}_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.form = RecordForm(kind, specs, self)
        # The editor of the list field; ``situations`` for a family member's.
        self.situations: Any = None
        if rows is not None:
            self.situations = rows[1](self)
            self.situations.changed.connect(self._situations_changed)
        self.new_button = QPushButton(self.tr("New"), self)
        self.new_button.setObjectName(f"new_{kind}")
        self.discard_button = QPushButton(self.tr("Discard changes"), self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName(f"save_{kind}")
        self.status = QLabel(self)
        self.status.setObjectName(f"{kind}_status")
        self.status.setWordWrap(True)
        self.busy = BusyIndicator(self)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form)
        if self.situations is not None:
            layout.addWidget(QLabel(field_text(self._rows_field or ""), self))
            layout.addWidget(self.situations)
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        self.form.edited.connect(lambda _n: self._edited())
        self.form.validity_changed.connect(lambda _v: self._update())
        self.table.clicked.connect(lambda index: self.pick(index.row()))
        self.new_button.clicked.connect(self.start_new)
        self.discard_button.clicked.connect(self.discard)
        self.new_button.setVisible(can_create)
        self.save_button.clicked.connect(self.save)
        self._load_values(None, dict(self._defaults()))

    # -- content -------------------------------------------------------------------------

    def set_child(self, child_id: str | None) -> None:
        self.child_id = child_id
        self._set_context()

    def set_records(self, records: Sequence[RecordView]) -> None:
        self._records = list(records)
        self.model.set_rows(
            Row(tuple(self._cell(c, r.fields.get(c)) for c in self._columns), payload=r.id)
            for r in self._records
        )
        self.table.resizeColumnsToContents()  # headers and dates whole
        if self.record_id is not None and not self.is_dirty():
            current = next((r for r in self._records if r.id == self.record_id), None)
            if current is not None:
                self._load_values(current.id, current.fields, keep_status=True)

    def _cell(self, column: str, value: Any) -> str:
        spec = self.form.specs.get(column)
        if spec is not None and spec.describe is not None and value is not None:
            return spec.describe(value)  # a code named in this kind's own words
        return cell_text(value, column, self.form.kind)

    def _set_context(self) -> None:
        # The whole record is validated: what the form doesn't show comes along as it is.
        context: dict[str, Any] = {**self._unshown, **self._hidden}
        if "child_id" in SCHEMAS[self.kind].model_fields:  # not the child's own record
            context["child_id"] = self.child_id or PLACEHOLDER_ID
        if self.situations is not None and self._rows_field:
            context[self._rows_field] = self.situations.values()
        self.form.set_context(context)

    def _load_values(
        self, record_id: str | None, values: Mapping[str, Any], *, keep_status: bool = False
    ) -> None:
        self.record_id = record_id
        self._hidden = {}
        shown = set(self.form.specs) | {self._rows_field or ""}
        self._unshown = {
            k: v for k, v in values.items() if k not in shown and v is not None
        } if record_id is not None else {}  # fmt: skip
        if self.situations is not None:
            listed = values.get(self._rows_field or "") or []
            self.situations.set_values([dict(v) for v in listed])
            self._baseline_situations = self.situations.values()  # as the editor reads them
        self._set_context()
        self.form.load(values)
        if not keep_status:
            self.status.clear()
        self._update()

    def pick(self, row: int) -> None:
        if self.is_dirty():
            self.status.setText(
                self.tr("Save or discard the changes in the form before choosing another.")
            )
            return
        record = self._records[row]
        self._load_values(record.id, record.fields)

    def start_new(self) -> None:
        if self.is_dirty():
            self.status.setText(
                self.tr("Save or discard the changes in the form before choosing another.")
            )
            return
        self.table.clearSelection()
        self._load_values(None, dict(self._defaults()))

    def start_new_with(self, values: Mapping[str, Any]) -> bool:
        """A new record with ``values`` filled in (a referral from a report); False when
        the form holds unsaved changes."""
        if self.is_dirty():
            self.status.setText(
                self.tr("Save or discard the changes in the form before choosing another.")
            )
            return False
        self.table.clearSelection()
        self._load_values(None, dict(self._defaults()))
        for name, value in values.items():
            if name in self.form.specs:
                self.form.set_value(name, value)
        self._hidden = {k: v for k, v in values.items() if k not in self.form.specs}
        self._set_context()
        return True

    def set_writable(self, writable: bool, why: str = "") -> None:
        """Offer writing only where this device's role may (casework.permissions)."""
        self._writable = writable
        for button in (self.new_button, self.discard_button, self.save_button):
            button.setVisible(writable)
        self.new_button.setVisible(writable and self._can_create)
        self.form.setEnabled(writable)
        if self.situations is not None:
            self.situations.setEnabled(writable)
        self.setToolTip("" if writable else why)

    def discard(self) -> None:
        current = next((r for r in self._records if r.id == self.record_id), None)
        self._load_values(self.record_id, current.fields if current else dict(self._defaults()))

    # -- state ---------------------------------------------------------------------------

    def _situations_changed(self) -> None:
        self._set_context()
        self.form.touch(self._rows_field or "")
        self._edited()

    def _edited(self) -> None:
        self.status.clear()
        self._update()

    def values(self) -> dict[str, Any]:
        values = {**self._hidden, **self.form.values()}
        if self.situations is not None and self._rows_field:
            values[self._rows_field] = self.situations.values()
        return values

    def is_dirty(self) -> bool:
        if self.situations is not None and self.situations.values() != self._baseline_situations:
            return True
        return self.form.is_dirty()

    def is_saving(self) -> bool:
        return self._saving

    def _update(self) -> None:
        chosen = self.record_id is not None or self._can_create  # else pick a row first
        self.save_button.setEnabled(
            self.child_id is not None
            and self.is_dirty()
            and not self._saving
            and self._writable
            and chosen
        )
        self.discard_button.setEnabled(self.is_dirty() and not self._saving)

    def save(self) -> None:
        self.form.touch_all()
        store = self._session.store
        child_id = self.child_id
        if store is None or child_id is None or self._saving:
            return
        if not self.form.is_valid():
            self.status.setText(
                QCoreApplication.translate(
                    "RecordsPanel", "Not saved: please correct the fields marked in red."
                )
            )
            return
        values = self.values()
        record_id, kind, saver = self.record_id, self.kind, self._saver

        def work(store: CaseStore) -> Changed[str]:
            saved = saver(store, kind=kind, record_id=record_id, child_id=child_id, fields=values)
            return Changed(saved, child_id)  # the session tells the pages: the child's file

        self._saving = True
        self._update()
        self.busy.start(self.tr("Saving…"))
        write_in_background(self._session, self._tasks, work, self._saved, self._failed, owner=self)

    def _saved(self, record_id: str) -> None:
        self._saving = False
        self.busy.stop()
        self.record_id = record_id
        self.form.mark_clean()
        if self.situations is not None:
            self._baseline_situations = self.situations.values()
        self.status.setText(self.tr("Saved."))
        self._update()
        self.saved.emit(record_id)
        self.save_finished.emit()

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.busy.stop()
        if isinstance(error, RecordValidationError):
            self.form.show_problems({e.field: e.message for e in error.errors})
        self.status.setText(self.tr("Not saved.") + " " + describe_error(error))
        self._update()
        self.save_finished.emit()

    # -- drafts --------------------------------------------------------------------------

    def take_draft(self) -> PanelDraft | None:
        if not self.is_dirty():
            return None
        situations = tuple(self.situations.values()) if self.situations else ()
        return PanelDraft(self.record_id, self.form.values(), situations)

    def apply_draft(self, draft: PanelDraft) -> None:
        self.record_id = draft.record_id
        if self.situations is not None:
            self.situations.set_values([dict(s) for s in draft.situations])
        self._set_context()
        self.form.load(draft.values, baseline=self.form.values(), mask_id=False)
        self.form.touch_all()
        self._update()
