"""The main window: a navigation rail on the left, the pages, and the sync status bar."""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.pages.children import ChildrenPage
from desktop.ui.pages.conflicts import ConflictsPage
from desktop.ui.pages.later import LaterPage
from desktop.ui.pages.sync_page import SyncPage
from desktop.ui.widgets.status import SyncStatusBar


class Page(enum.IntEnum):
    CHILDREN = 0
    CONFLICTS = 1
    SYNC = 2


class MainWindow(QMainWindow):
    lock_requested = Signal()
    close_requested = Signal()  # the controller decides (open files may have changes)

    def __init__(
        self,
        children: ChildrenPage,
        conflicts: ConflictsPage,
        sync: SyncPage,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("Child files (一人一档)"))
        self.resize(1100, 700)
        self.children_page = children
        self.conflicts_page = conflicts
        self.sync_page = sync
        self.allow_close = False

        self.rail = QListWidget(self)
        self.rail.setObjectName("rail")
        self.rail.setFixedWidth(170)
        self.pages = QStackedWidget(self)
        for title, page in (
            (self.tr("Children"), children),
            (self.tr("Conflicts"), conflicts),
            (self.tr("Sync"), sync),
        ):
            self.rail.addItem(title)
            self.pages.addWidget(page)
        later = (
            (
                self.tr("Visits due"),
                self.tr("A list of the visits due and overdue across the village."),
            ),
            (
                self.tr("Entrustments"),
                self.tr("Guardianship entrustment confirmations (委托监护确认书)."),
            ),
            (
                self.tr("Mandatory reports"),
                self.tr("Mandatory reports to the police and their follow-up."),
            ),
            (self.tr("Referrals"), self.tr("Referrals to departments for help.")),
            (
                self.tr("Ledger"),
                self.tr("Importing and exporting the ledger (台账) as a spreadsheet."),
            ),
        )
        for title, what in later:
            item = QListWidgetItem(self.tr("{title} (later)").format(title=title))
            item.setForeground(Qt.GlobalColor.gray)
            self.rail.addItem(item)
            self.pages.addWidget(LaterPage(title, what, self))

        self.lock_button = QPushButton(self.tr("Lock now"), self)
        self.lock_button.setObjectName("lock_now")
        self.lock_button.clicked.connect(self.lock_requested)
        rail_column = QVBoxLayout()
        rail_column.addWidget(self.rail, 1)
        rail_column.addWidget(self.lock_button)

        self.locked_panel = QLabel(
            self.tr("The case file is locked. Type the passphrase to go on."), self
        )
        self.locked_panel.setObjectName("locked_panel")
        self.locked_panel.setAlignment(Qt.AlignmentFlag.AlignCenter)

        body = QWidget(self)
        row = QHBoxLayout(body)
        row.addLayout(rail_column)
        row.addWidget(self.pages, 1)
        self.body = body
        self.central = QStackedWidget(self)
        self.central.addWidget(body)
        self.central.addWidget(self.locked_panel)
        self.setCentralWidget(self.central)

        self.status_bar = SyncStatusBar(self)
        self.setStatusBar(self.status_bar)
        sync.status_changed.connect(self.status_bar.show_status)
        conflicts.count_changed.connect(self._conflict_count)
        self.rail.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.rail.setCurrentRow(Page.CHILDREN)

    def show_page(self, page: Page) -> None:
        self.rail.setCurrentRow(page)

    def set_locked(self, locked: bool) -> None:
        self.central.setCurrentWidget(self.locked_panel if locked else self.body)

    def is_locked(self) -> bool:
        return self.central.currentWidget() is self.locked_panel

    def _conflict_count(self, count: int) -> None:
        item = self.rail.item(Page.CONFLICTS)
        if count:
            item.setText(self.tr("Conflicts ({count})").format(count=count))
        else:
            item.setText(self.tr("Conflicts"))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.allow_close:
            event.accept()
        else:
            event.ignore()
            self.close_requested.emit()
