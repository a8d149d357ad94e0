"""Bringing in a ledger, the director's two steps before anything is written.

1. 列对应: each column of the file beside the field it will fill (pre-filled from the
   villages' words, or remembered from this layout's last import); any can be changed or
   set to 不导入. "Preview again" re-reads the rows with the new mapping.
2. 预览: how many children are new, to update, unchanged, refused; per row the
   categories the county's rules give, the ledger's own 类别 and every disagreement
   with the rules' reason; the fields an update would change (old → new), each update
   ticked to apply or not; every refused row with its fix.

The dialog only shows and decides: the page runs the reading and the writing on its
database lane. It is opened with ``open()`` (window-modal, no nested event loop) and
says what the director chose through ``decided``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casework.eligibility import CATEGORY_NAMES
from casework.ledger_layout import column_letter
from casework.ledger_vocabulary import TARGETS, target_label
from casework.records import DATE_RANGES
from desktop.services.ledger_intake import NEW, REFUSED, UNCHANGED, UPDATE, ImportPlan, PlannedRow
from desktop.ui.i18n import is_english, message_text
from desktop.ui.table_models.editable_rows import ChoiceDelegate, EditableRow, EditableRowsModel
from desktop.ui.widgets.styles import MUTED_STYLE

# Up to this many rows each grows to show its whole reason; a bigger preview keeps one line
# per row (sizing 10,000 rows to their text would stall the window), the reason in its tip.
ROWS_SIZED_TO_TEXT = 2000


@dataclass(frozen=True)
class IntakeDecision:
    """What the director chose: re-read with a mapping, import, or neither."""

    action: str  # "remap", "import" or "cancel"
    mapping: dict[str, dict[str, str]] = field(default_factory=dict)
    skip_invalid: bool = False
    accepted: frozenset[str] = frozenset()  # keys of the updates to apply
    # 建档日期 for the new children whose row gives none (None: the plan has no such child)
    opened_on: date | None = None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


# The columns of the two tables: the field a column fills is chosen, an update ticked.
FILLS_COLUMN = 3
STATUS_COLUMN = 2


class IntakeDialog(QDialog):
    decided = Signal(object)  # IntakeDecision

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_dialog")
        self.setWindowTitle(self.tr("Bring in a ledger: {name}").format(name=plan.ledger.path.name))
        self._plan = plan
        self._sent = False

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._mapping_tab(), self.tr("1. Columns"))
        self.tabs.addTab(self._preview_tab(), self.tr("2. Preview"))
        self.tabs.setCurrentIndex(1 if plan.rows else 0)

        self.import_button = QPushButton(self.tr("Import"), self)
        self.import_button.setObjectName("intake_import")
        self.others_button = QPushButton(self.tr("Import the others"), self)
        self.others_button.setObjectName("intake_import_others")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        refused = len(plan.refused)
        writable = plan.count(NEW) + plan.count(UPDATE)
        self.import_button.setEnabled(refused == 0 and writable > 0)
        self.others_button.setVisible(refused > 0 and writable > 0)
        self.import_button.clicked.connect(lambda: self._import(skip_invalid=False))
        self.others_button.clicked.connect(lambda: self._import(skip_invalid=True))
        self.cancel_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.others_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.resize(1200, 640)

    # -- the columns -------------------------------------------------------------------

    def _mapping_tab(self) -> QWidget:
        tab = QWidget(self)
        column = QVBoxLayout(tab)
        note = QLabel(
            self.tr(
                "Each column of the file and the field it fills. Change any of them, or "
                "choose “not imported”; columns no field knows are kept in the notes. "
                "The choice is remembered for ledgers of this layout."
            ),
            tab,
        )
        note.setWordWrap(True)
        column.addWidget(note)
        language = "en" if is_english() else "zh"
        titles = (
            self.tr("Column"),
            self.tr("Header in the file"),
            self.tr("First value"),
            self.tr("Fills"),
        )
        self.mapping_model = EditableRowsModel(
            lambda: titles,
            self,
            choice_column=FILLS_COLUMN,
            choices=[(target_label(target, language), target) for target in TARGETS],
        )
        self.mapping_model.set_rows(self._mapping_rows())
        self.mapping_table = QTableView(tab)
        self.mapping_table.setObjectName("intake_mapping")
        self.mapping_table.setModel(self.mapping_model)
        self.mapping_table.setItemDelegateForColumn(FILLS_COLUMN, ChoiceDelegate(self))
        # A combo box on every row, as the choice is made: no click to open an editor.
        for row in range(self.mapping_model.rowCount()):
            self.mapping_table.openPersistentEditor(self.mapping_model.index(row, FILLS_COLUMN))
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FILLS_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.mapping_table.verticalHeader().setVisible(False)
        column.addWidget(self.mapping_table, 1)
        self.remap_button = QPushButton(self.tr("Preview again with these columns"), tab)
        self.remap_button.setObjectName("intake_remap")
        self.remap_button.clicked.connect(self._remap)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.remap_button)
        column.addLayout(actions)
        return tab

    def _mapping_rows(self) -> list[EditableRow]:
        """One row per column of each table in the file; its payload (signature, header)."""
        rows: list[EditableRow] = []
        for table in self._plan.ledger.tables:
            first = table.table.rows[0] if table.table.rows else None
            for m in table.mapping:
                where = f"{table.table.sheet} {column_letter(m.index)}".strip()
                sample = "" if first is None else str(first.value(m.index) or "")
                if "公民身份号码" in m.target and len(sample) >= 15:
                    sample = sample[:6] + "…"  # no full ID number on the screen
                rows.append(
                    EditableRow(
                        texts=(where, m.header, sample[:30], ""),
                        payload=(table.signature, m.header),
                        choice=m.target,
                    )
                )
        return rows

    def chosen_mapping(self) -> dict[str, dict[str, str]]:
        mapping: dict[str, dict[str, str]] = {}
        model = self.mapping_model
        for number in range(model.rowCount()):
            signature, header = model.row(number).payload
            mapping.setdefault(signature, {})[header] = str(model.choice(number))
        return mapping

    def set_target(self, header: str, target: str) -> None:
        """Choose a column's field (what a click in its list does)."""
        model = self.mapping_model
        for number in range(model.rowCount()):
            if model.row(number).payload[1] == header:
                model.set_choice(number, target)

    # -- the preview -------------------------------------------------------------------

    def _summary(self) -> str:
        plan = self._plan
        text = self.tr(
            "{new} new children, {update} to update, {unchanged} unchanged, {refused} rows "
            "with problems, {skipped} rows skipped; {disagree} rows where the ledger's "
            "category differs from the county's rules."
        ).format(
            new=plan.count(NEW),
            update=plan.count(UPDATE),
            unchanged=plan.count(UNCHANGED),
            refused=len(plan.refused),
            skipped=len(plan.skipped),
            disagree=len(plan.disagreeing),
        )
        if plan.skipped:
            shown = "；".join(
                f"{s.row_number}（{message_text(s.reason)}）" for s in plan.skipped[:12]
            )
            text += "\n" + self.tr("Skipped rows: {rows}").format(rows=shown)
        if plan.ledger.cells_beyond:
            text += "\n" + self.tr("{count} cells far right of the table were left out.").format(
                count=plan.ledger.cells_beyond
            )
        return text

    def _preview_tab(self) -> QWidget:
        tab = QWidget(self)
        column = QVBoxLayout(tab)
        self.summary = QLabel(self._summary(), tab)
        self.summary.setObjectName("intake_summary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        column.addWidget(self._opening_box(tab))
        titles = (
            self.tr("Row"),
            self.tr("Name"),
            self.tr("What happens"),
            self.tr("Categories by the rules"),
            self.tr("Ledger's category"),
            self.tr("Details"),
        )
        self.preview_model = EditableRowsModel(lambda: titles, self, check_column=STATUS_COLUMN)
        self.preview_table = QTableView(tab)
        self.preview_table.setObjectName("intake_preview")
        self.preview_table.setModel(self.preview_model)
        self.preview_table.setWordWrap(True)
        self.preview_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_table.verticalHeader().setVisible(False)
        # Problems first, then disagreements and updates, then the rest.
        order = {REFUSED: 0, UPDATE: 2, NEW: 3, UNCHANGED: 4}
        rows = sorted(
            self._plan.rows,
            key=lambda r: (order[r.status] - (1 if r.disagreements else 0), r.sheet, r.row_number),
        )
        self.preview_model.set_rows(self._preview_row(planned) for planned in rows)
        self.preview_table.resizeColumnsToContents()
        header = self.preview_table.horizontalHeader()
        # Long sheet and category names wrap inside a capped column rather than push the
        # details off the screen (1366×768: no sideways scrolling).
        em = self.preview_table.fontMetrics().horizontalAdvance("中")
        for index, ems in ((0, 9), (3, 16), (4, 12)):
            header.resizeSection(index, min(header.sectionSize(index), ems * em + 12))
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        if len(rows) <= ROWS_SIZED_TO_TEXT:
            # Long reasons wrap onto more lines instead of being cut off.
            rows_header = self.preview_table.verticalHeader()
            rows_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        column.addWidget(self.preview_table, 1)
        return tab

    def _opening_box(self, parent: QWidget) -> QWidget:
        """One date for the new children the ledger gives no 建档日期: asked, never assumed."""
        box = QWidget(parent)
        box.setObjectName("intake_opening")
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        count = self._plan.without_opening
        if self._plan.has_opening_column:
            text = self.tr("Opening date of the {count} new children whose row gives none:")
        else:
            text = self.tr(
                "Opening date of these {count} children (the ledger has no opening-date column):"
            )
        self.opening_label = QLabel(text.format(count=count), box)
        self.opened_on = QDateEdit(box)
        self.opened_on.setObjectName("intake_opened_on")
        self.opened_on.setCalendarPopup(True)
        self.opened_on.setDisplayFormat("yyyy-MM-dd")
        bounds = DATE_RANGES["opened_on"]
        self.opened_on.setDateRange(_qdate(bounds.earliest), _qdate(bounds.last_day()))
        self.opened_on.setDate(_qdate(self._plan.today))
        hint = QLabel(
            self.tr(
                "Filled in with today's date: change it to the day their files were opened. "
                "Monthly reports count new files by it."
            ),
            box,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(MUTED_STYLE)
        row.addWidget(self.opening_label)
        row.addWidget(self.opened_on)
        row.addWidget(hint, 1)
        box.setVisible(count > 0)
        return box

    def chosen_opening(self) -> date | None:
        if not self._plan.without_opening:
            return None
        picked = self.opened_on.date()
        return date(picked.year(), picked.month(), picked.day())

    def _status_word(self, status: str) -> str:
        words = {
            NEW: self.tr("New"),
            UPDATE: self.tr("Update"),
            UNCHANGED: self.tr("Unchanged"),
            REFUSED: self.tr("Has problems"),
        }
        return words[status]

    def _preview_row(self, planned: PlannedRow) -> EditableRow:
        """One row of the plan; an update carries a tick box (ticked) and its key."""
        english = is_english()
        where = f"{planned.sheet} {planned.row_number}".strip()
        categories = "、".join(
            (CATEGORY_NAMES[c].en if english else CATEGORY_NAMES[c].zh) for c in planned.categories
        )
        details: list[str] = []
        if planned.error is not None:
            details.append(planned.error.text("en" if english else "zh"))
        details += [message_text(d.message) for d in planned.disagreements]
        details += [f"{c.who}{c.label}：{c.old or '—'} → {c.new}" for c in planned.changes]
        update = planned.status == UPDATE
        categories = categories or self.tr("none")
        text = "\n".join(details)
        return EditableRow(
            texts=(
                where,
                planned.name,
                self._status_word(planned.status),
                categories,
                planned.ledger_category,
                text,
            ),
            # Capped columns may cut a long place or name: the whole text in the tip.
            tooltips=(where, "", "", categories, planned.ledger_category, text),
            payload=planned.key if update else None,
            checked=True if update else None,
        )

    def accepted_updates(self) -> frozenset[str]:
        return frozenset(self.preview_model.checked_payloads())

    # -- deciding ----------------------------------------------------------------------

    def _send(self, decision: IntakeDecision) -> None:
        if not self._sent:
            self._sent = True
            self.decided.emit(decision)

    def _remap(self) -> None:
        self._send(IntakeDecision("remap", mapping=self.chosen_mapping(), opened_on=None))
        self.accept()

    def _import(self, *, skip_invalid: bool) -> None:
        if self.chosen_mapping() != self._plan.ledger.mapping_json():
            self._remap()  # columns changed since this preview: preview them first
            return
        self._send(
            IntakeDecision(
                "import",
                mapping=self.chosen_mapping(),
                skip_invalid=skip_invalid,
                accepted=self.accepted_updates(),
                opened_on=self.chosen_opening(),
            )
        )
        self.accept()

    def reject(self) -> None:
        # The date goes with a cancel too: the page may still import the other rows.
        self._send(IntakeDecision("cancel", opened_on=self.chosen_opening()))
        super().reject()
