"""今日工作, the first page after unlock: what needs doing today and this week.

Most urgent first (usecases/home.py). Each item opens what it names: the child's file, a
mandatory report, or a page (conflicts, sync, supervision). Above the list: today's date,
the sync sentence (the status bar's) and how many things are urgent, soon, or later on the
to-do page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casework.vocabulary import SEVERITY
from desktop.ui.errors import describe_error
from desktop.ui.i18n import is_english, message_text
from desktop.ui.icons import icon
from desktop.ui.pages.base import Page
from desktop.ui.session import StoreSession
from desktop.ui.sync_words import SyncStatus, sync_sentence
from desktop.ui.table_models.rows import PAYLOAD_ROLE, Row, RowsTableModel
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.styles import (
    MUTED_STYLE,
    SEVERITY_COLOURS,
    Heading,
    banner_style,
)
from desktop.ui.widgets.tables import list_table
from desktop.usecases.home import HomeItem, HomeOverview, load_home
from desktop.usecases.tasks import TASK_KIND


def home_titles() -> list[str]:
    return [
        QCoreApplication.translate("HomePage", "How pressing"),
        QCoreApplication.translate("HomePage", "When"),
        QCoreApplication.translate("HomePage", "What to do"),
    ]


def severity_words(severity: str) -> str:
    """紧急 / 提醒 / 知悉, as the to-do page and the CLI say them (casework.vocabulary)."""
    return message_text(SEVERITY.name(severity))


def when_words(due: date, today: date) -> str:
    days = (due - today).days
    if days == -1:
        return QCoreApplication.translate("HomePage", "Yesterday")
    if days < 0:
        text = QCoreApplication.translate("HomePage", "{date} ({days} days ago)")
        return text.format(date=due.isoformat(), days=-days)
    if days == 0:
        return QCoreApplication.translate("HomePage", "Today")
    if days == 1:
        return QCoreApplication.translate("HomePage", "Tomorrow")
    text = QCoreApplication.translate("HomePage", "{date} (in {days} days)")
    return text.format(date=due.isoformat(), days=days)


def home_row(item: HomeItem, today: date) -> Row:
    text = message_text(item.message)
    return Row(
        texts=(severity_words(item.severity), when_words(item.due, today), text),
        payload=item,
        colour=SEVERITY_COLOURS.get(item.severity, ""),
        tooltips=("", "", text),
    )


def long_date(day: date) -> str:
    locale = QLocale(QLocale.Language.English if is_english() else QLocale.Language.Chinese)
    return locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)


class HomePage(Page):
    open_child = Signal(str)  # child id
    open_report = Signal(str)  # mandatory report id
    open_child_notes = Signal(str)  # child id: a township task, on the file's 督导 tab
    open_page = Signal(str)  # usecases.home.PAGE_* or "todo"
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
        self.overview: HomeOverview | None = None

        self.title = Heading(self.tr("Today's work"), self, steps=6)
        self.date_label = QLabel(self)
        self.date_label.setObjectName("today")
        self.date_label.setStyleSheet(MUTED_STYLE)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.sync_line = QLabel(self)
        self.sync_line.setObjectName("home_sync")
        self.sync_line.setWordWrap(True)
        self.sync_button = QPushButton(icon("sync"), self.tr("Go to Sync"), self)
        self.sync_button.setObjectName("home_go_sync")
        self.summary = QLabel(self)
        self.summary.setObjectName("home_summary")
        self.summary.setWordWrap(True)
        self.model = RowsTableModel(home_titles, self)
        self.table = list_table(self, self.model, "home_table", single=True, rows_fit_text=True)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty_label = QLabel(self.tr("Nothing is due today or this week. Well done."), self)
        self.empty_label.setObjectName("empty")
        self.empty_label.setWordWrap(True)
        self.hint = QLabel(
            self.tr("Double-click an item, or select it and press Enter, to open it."), self
        )
        self.hint.setStyleSheet(MUTED_STYLE)
        self.hint.setWordWrap(True)
        self.todo_button = QPushButton(icon("todo"), self.tr("Everything on the to-do list"), self)
        self.todo_button.setObjectName("home_go_todo")

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.date_label, 1, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.refresh_button)
        sync_row = QHBoxLayout()
        sync_row.addWidget(self.sync_line, 1)
        sync_row.addWidget(self.sync_button)
        footer = QHBoxLayout()
        footer.addWidget(self.hint, 1)
        footer.addWidget(self.busy)
        footer.addWidget(self.todo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(sync_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.empty_label.hide()

        self.refresh_button.clicked.connect(self.reload)
        self.sync_button.clicked.connect(lambda: self.open_page.emit("sync"))
        self.todo_button.clicked.connect(lambda: self.open_page.emit("todo"))
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.show_sync_status(SyncStatus("unknown", None, None))

    def reload(self) -> None:
        today = self._today()
        self.date_label.setText(long_date(today))
        self.read(
            self.tr("Looking for what needs doing…"),
            lambda store: load_home(store, today=today),
            self._loaded,
            lambda error: self.summary.setText(describe_error(error)),
        )

    def _loaded(self, overview: HomeOverview) -> None:
        self.overview = overview
        self.model.set_rows(home_row(item, overview.today) for item in overview.items)
        urgent, soon = overview.count("urgent"), overview.count("warning")
        self.summary.setText(
            self.tr(
                "{urgent} urgent, {soon} for this week, {info} for information; "
                "{later} more later on the to-do list."
            ).format(urgent=urgent, soon=soon, info=overview.count("info"), later=overview.later)
        )
        self.empty_label.setVisible(not overview.items)
        self.table.setVisible(bool(overview.items))
        self.count_changed.emit(urgent)
        self.loaded.emit()

    def show_sync_status(self, status: SyncStatus) -> None:
        """The sync page's status (the same sentence as the status bar)."""
        text, tone = sync_sentence(status)
        self.sync_line.setText(text)
        self.sync_line.setStyleSheet(banner_style(tone) if text else "")
        self.sync_line.setVisible(bool(text))
        self.sync_button.setVisible(status.connection != "offline_only")

    def clear(self) -> None:
        self.overview = None
        self.model.clear()
        self.summary.clear()

    def items(self) -> list[HomeItem]:
        return [self.model.row(r).payload for r in range(self.model.rowCount())]

    def open_item(self, item: HomeItem) -> None:
        if item.report_id:
            self.open_report.emit(item.report_id)
        elif item.child_id and item.kind == TASK_KIND:
            self.open_child_notes.emit(item.child_id)  # answered on the file's 督导 tab
        elif item.child_id:
            self.open_child.emit(item.child_id)
        elif item.page:
            self.open_page.emit(item.page)

    def _activated(self, index: QModelIndex) -> None:
        item = index.data(PAYLOAD_ROLE)
        if isinstance(item, HomeItem):
            self.open_item(item)
