"""待办: what needs doing now or soon, most urgent first; each item opens its child or report."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QCoreApplication, QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casework.vocabulary import SEVERITY
from desktop.ui.errors import describe_error
from desktop.ui.i18n import message_text
from desktop.ui.pages.base import Page
from desktop.ui.session import StoreSession
from desktop.ui.table_models.rows import PAYLOAD_ROLE, Row, RowsTableModel
from desktop.ui.tasks import Tasks
from desktop.usecases.home import PAGE_SUPERVISION
from desktop.usecases.tasks import TASK_KIND
from desktop.usecases.todo import TodoItem, load_todo

GROUPS: dict[str, tuple[str, ...]] = {
    "visits": ("visit_overdue", "visit_due", "follow_up_visit_due"),
    "papers": (
        "entrustment_expired",
        "entrustment_expiring",
        "entrustment_missing",  # annex 3 item 3 (casework.file_checks)
        "entrustment_outdated",  # the parents' situation changed (annex 3 item 3, §二(六)2)
        "certificate_expired",
        "certificate_expiring",
        "certificate_undated",  # §二(一)4–5 "持有有效期内"
    ),
    # A child whose rules cannot run is listed with the category changes (issue 17 item 6).
    "categories": (
        "turns_16",
        "turns_18",
        "lost_contact_6_months",
        "rules_cannot_run",
        "key_child_suggested",  # annex 3 item 4: the director confirms
    ),
    "reports": ("report_without_follow_up", "report_open", "report_draft"),
    # The case cycle after a report (seed §二(五), §二(六)3).
    "help": (
        "assessment_needed",
        "plan_item_overdue",
        "plan_item_open",
        "referral_unanswered",
        "adult_referral_needed",
        "guardianship_revocation",
        "benefit_not_applied",  # annex 3 item 4 "协助申请救助" (casework.benefits)
    ),
    "sync": ("sync_conflict", "sync_rejected"),
    # Tasks the township supervisor gave the village (issue 18 item 1).
    "township": ("township_task",),
}


def group_names() -> dict[str, str]:
    return {
        "visits": QCoreApplication.translate("TodoPage", "Visits"),
        "papers": QCoreApplication.translate("TodoPage", "Entrustments and certificates"),
        "categories": QCoreApplication.translate("TodoPage", "Birthdays and category changes"),
        "reports": QCoreApplication.translate("TodoPage", "Mandatory reports"),
        "help": QCoreApplication.translate("TodoPage", "Assessments, help plans and referrals"),
        "sync": QCoreApplication.translate("TodoPage", "Conflicts and refused records"),
        "township": QCoreApplication.translate("TodoPage", "Tasks from the township"),
    }


def severity_text(severity: str) -> str:
    """紧急 / 提醒 / 知悉: the one vocabulary's words (the CLI's ``todo`` says the same)."""
    return message_text(SEVERITY.name(severity))


def todo_titles() -> list[str]:
    return [
        QCoreApplication.translate("TodoPage", "How pressing"),
        QCoreApplication.translate("TodoPage", "Date"),
        QCoreApplication.translate("TodoPage", "What to do"),
    ]


def todo_row(item: TodoItem, severities: Mapping[str, str] | None = None) -> Row:
    """One item as a row; ``severities`` (the words, looked up once) for long lists."""
    order = {"urgent": 0, "warning": 1, "info": 2}.get(item.severity, 3)
    text = message_text(item.message)
    severity = (severities or {}).get(item.severity) or severity_text(item.severity)
    return Row(
        texts=(severity, item.due.isoformat(), text),
        payload=item,
        sort_keys=(order, item.due.isoformat(), text),
        alert=item.severity == "urgent",
        tooltips=("", "", text),
    )


class TodoPage(Page):
    open_child = Signal(str)  # child id
    open_report = Signal(str)  # report id
    open_page = Signal(str)  # usecases.home.PAGE_*: a township task about the whole village
    open_child_notes = Signal(str)  # child id: a township task, on the file's 督导 tab
    count_changed = Signal(int)  # urgent items

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(session, tasks, parent)
        self._today = today
        self.model = RowsTableModel(todo_titles, self)
        self._items: tuple[TodoItem, ...] = ()
        self._group: str | None = None
        self.group = QComboBox(self)
        self.group.setObjectName("todo_group")
        self.group.addItem(self.tr("Everything"), None)
        for code, name in group_names().items():
            self.group.addItem(name, code)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.table = QTableView(self)
        self.table.setObjectName("todo_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(50)  # fit to the first rows, not thousands
        header.setStretchLastSection(True)
        self.empty_label = QLabel(self.tr("Nothing to do right now."), self)
        self.empty_label.setObjectName("empty")
        self.hint = QLabel(self.tr("Double-click an item to open the child's file."), self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show:"), self))
        bar.addWidget(self.group, 1)
        bar.addStretch(2)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.busy)
        layout.addLayout(footer)
        self.empty_label.hide()

        self.group.currentIndexChanged.connect(lambda _i: self.set_group(self.group.currentData()))
        self.refresh_button.clicked.connect(self.reload)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)

    def reload(self) -> None:
        today = self._today()
        self.read(
            self.tr("Looking for what needs doing…"),
            lambda store: load_todo(store, today=today),
            self._loaded,
            lambda error: self.count_label.setText(describe_error(error)),
        )

    def _loaded(self, items: tuple[TodoItem, ...]) -> None:
        self._items = items
        self._show_rows()
        urgent = sum(1 for item in items if item.severity == "urgent")
        self.empty_label.setVisible(not items)
        self.count_label.setText(
            self.tr("{total} things to do, {urgent} urgent").format(total=len(items), urgent=urgent)
        )
        self.count_changed.emit(len(items))
        self.loaded.emit()

    def set_group(self, group: str | None) -> None:
        self._group = group
        self._show_rows()

    def _show_rows(self) -> None:
        # Filtered here in Python: a proxy model would call back per row, thousands of times.
        kinds = GROUPS[self._group] if self._group else None
        words = {code: severity_text(code) for code in ("urgent", "warning", "info")}
        self.model.set_rows(
            todo_row(item, words) for item in self._items if kinds is None or item.kind in kinds
        )

    def clear(self) -> None:
        self._items = ()
        self.model.clear()
        self.count_label.clear()

    def visible_items(self) -> list[TodoItem]:
        return [self.model.index(r, 0).data(PAYLOAD_ROLE) for r in range(self.model.rowCount())]

    def open_item(self, item: TodoItem) -> None:
        if item.opens_report:
            self.open_report.emit(item.record_id)
        elif item.child_id and item.kind == TASK_KIND:
            self.open_child_notes.emit(item.child_id)
        elif item.child_id:
            self.open_child.emit(item.child_id)
        elif item.kind == TASK_KIND:
            self.open_page.emit(PAGE_SUPERVISION)

    def _activated(self, index: QModelIndex) -> None:
        item = index.data(PAYLOAD_ROLE)
        if isinstance(item, TodoItem):
            self.open_item(item)
