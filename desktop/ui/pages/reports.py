"""强制报告: every mandatory report with its state; open ones first and in red."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.errors import describe_error
from desktop.ui.pages.base import Page
from desktop.ui.session import StoreSession
from desktop.ui.table_models.rows import PAYLOAD_ROLE, SORT_ROLE, Row, RowsTableModel
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.tables import list_table
from desktop.ui.words import value_text
from desktop.usecases.reports import ReportItem, list_reports


def report_state_text(item: ReportItem) -> str:
    fields = item.report.fields
    if not fields.get("filed"):
        return QCoreApplication.translate("ReportsPage", "Draft, not filed yet")
    status = fields.get("follow_up_status")
    if status == "closed":
        return QCoreApplication.translate("ReportsPage", "Filed, closed")
    if status == "following":
        return QCoreApplication.translate("ReportsPage", "Filed, following up")
    return QCoreApplication.translate("ReportsPage", "Filed, open")


def report_titles() -> list[str]:
    return [
        QCoreApplication.translate("ReportsPage", "Found at"),
        QCoreApplication.translate("ReportsPage", "Child"),
        QCoreApplication.translate("ReportsPage", "Trigger"),
        QCoreApplication.translate("ReportsPage", "Police station"),
        QCoreApplication.translate("ReportsPage", "State"),
    ]


def report_row(item: ReportItem) -> Row:
    fields = item.report.fields
    found = str(fields.get("found_at") or "").replace("T", " ")[:16]
    return Row(
        texts=(
            found,
            item.child_name,
            value_text(fields.get("trigger")),
            str(fields.get("police_station") or ""),
            report_state_text(item),
        ),
        payload=item.report.id,
        alert=item.is_open,
    )


class _OpenFilter(QSortFilterProxyModel):
    def __init__(self, model: RowsTableModel) -> None:
        super().__init__(model)
        self.open_only = False
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self._model = model

    def set_open_only(self, on: bool) -> None:
        self.beginFilterChange()
        self.open_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # type: ignore[override]
        return not self.open_only or self._model.row(source_row).alert


class ReportsPage(Page):
    open_report = Signal(str)  # report id
    new_unknown_child_report = Signal()
    count_changed = Signal(int)  # open reports

    def __init__(self, session: StoreSession, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(session, tasks, parent)
        self.model = RowsTableModel(report_titles, self)
        self.proxy = _OpenFilter(self.model)
        self.table = list_table(self, self.proxy, "reports_table")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.open_only = QCheckBox(self.tr("Only reports not closed"), self)
        self.open_only.setObjectName("open_only")
        self.new_button = QPushButton(self.tr("Report a child not on file…"), self)
        self.new_button.setObjectName("new_unknown_report")
        self.hint = QLabel(
            self.tr(
                "To report about a child already on file, open the child's file or pick "
                "the child in the children list and press “Mandatory report”."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        bar = QHBoxLayout()
        bar.addWidget(self.open_only)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.busy)
        layout.addLayout(footer)

        self.open_only.toggled.connect(self.proxy.set_open_only)
        self.new_button.clicked.connect(self.new_unknown_child_report)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)

    def reload(self) -> None:
        self.read(
            self.tr("Reading the reports…"),
            list_reports,
            self._loaded,
            lambda error: self.count_label.setText(describe_error(error)),
        )

    def _loaded(self, items: tuple[ReportItem, ...]) -> None:
        self.model.set_rows(report_row(item) for item in items)
        open_count = sum(1 for item in items if item.is_open)
        self.count_label.setText(
            self.tr("{total} reports, {open} not closed").format(total=len(items), open=open_count)
        )
        self.count_changed.emit(open_count)
        self.loaded.emit()

    def clear(self) -> None:
        self.model.clear()
        self.count_label.clear()

    def visible_report_ids(self) -> list[str]:
        return [self.proxy.index(row, 0).data(PAYLOAD_ROLE) for row in range(self.proxy.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        report_id = index.data(PAYLOAD_ROLE)
        if report_id:
            self.open_report.emit(report_id)
