"""The main window: a navigation rail on the left, the pages, and the sync status bar.

The rail shows each page with its icon (icons.py) and a count where one matters; the look
comes from widgets/styles.py. Keys: Ctrl+F search the children, Ctrl+N a new child,
Ctrl+L lock (the controller connects the signals; dialogs close with Esc as QDialogs do).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.icons import icon
from desktop.ui.pages.children import ChildrenPage
from desktop.ui.pages.conflicts import ConflictsPage
from desktop.ui.pages.later import LaterPage
from desktop.ui.pages.sync_page import SyncPage
from desktop.ui.widgets.status import SyncStatusBar
from desktop.ui.widgets.styles import window_style_sheet


class Page(enum.IntEnum):
    """The pages in the rail's order (each number is its row on the rail)."""

    HOME = 0
    CHILDREN = 1
    TODO = 2
    REPORTS = 3
    CONFLICTS = 4
    STATISTICS = 5
    LEDGER = 6
    SYNC = 7
    SETTINGS = 8
    SUPERVISION = 9


ICONS = {
    Page.HOME: "home",
    Page.CHILDREN: "children",
    Page.TODO: "todo",
    Page.REPORTS: "reports",
    Page.CONFLICTS: "conflicts",
    Page.STATISTICS: "statistics",
    Page.LEDGER: "ledger",
    Page.SYNC: "sync",
    Page.SETTINGS: "settings",
    Page.SUPERVISION: "supervision",
}
# Pages whose boxes are taller than a 1366×768 screen at the larger text sizes scroll;
# pages made of a table keep their own scroll bars.
SCROLLED = frozenset({Page.SETTINGS})


class MainWindow(QMainWindow):
    lock_requested = Signal()
    close_requested = Signal()  # the controller decides (open files may have changes)
    search_requested = Signal()  # Ctrl+F
    new_child_requested = Signal()  # Ctrl+N

    def __init__(
        self,
        children: ChildrenPage,
        conflicts: ConflictsPage,
        sync: SyncPage,
        parent: QWidget | None = None,
        *,
        extra: Mapping[Page, QWidget] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("Child files (一人一档)"))
        self.resize(1280, 720)
        self.children_page = children
        self.conflicts_page = conflicts
        self.sync_page = sync
        self.allow_close = False

        self.rail = QListWidget(self)
        self.rail.setObjectName("rail")
        # The sheet on the rail alone: a sheet on the window puts every widget under it
        # (the children's table too) through Qt's slow style-sheet style on each paint.
        self.rail.setStyleSheet(window_style_sheet())
        self.rail.setIconSize(QSize(20, 20))
        # Wide enough for the longest Chinese name with its count at 14 pt; narrower at
        # smaller sizes so the tables keep the room (see _fit_rail).
        self.rail.setMinimumWidth(150)
        self.pages = QStackedWidget(self)
        given: dict[Page, QWidget] = {
            Page.CHILDREN: children,
            Page.CONFLICTS: conflicts,
            Page.SYNC: sync,
            **(extra or {}),
        }
        for page in Page:
            title, what = self._page_words(page)
            widget = given.get(page)
            if widget is None:
                item = QListWidgetItem(self.tr("{title} (later)").format(title=title))
                item.setForeground(Qt.GlobalColor.gray)
                widget = LaterPage(title, what, self)
            else:
                item = QListWidgetItem(title)
            item.setIcon(icon(ICONS[page]))
            item.setToolTip(what or title)
            self.rail.addItem(item)
            self.pages.addWidget(self._scrolled(widget) if page in SCROLLED else widget)
        # Only a supervisor's device (township scope) has the supervision page.
        self.rail.item(Page.SUPERVISION).setHidden(True)

        self.lock_button = QPushButton(icon("lock"), self.tr("Lock now"), self)
        self.lock_button.setObjectName("lock_now")
        self.lock_button.setToolTip(self.tr("Lock the case file (Ctrl+L)"))
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
        self.rail.setCurrentRow(Page.HOME)
        self._fit_rail()
        self._shortcuts()

    def _shortcuts(self) -> None:
        # On the window: they work from any page, and not while the body is locked.
        for keys, signal in (
            (QKeySequence.StandardKey.Find, self.search_requested),
            (QKeySequence.StandardKey.New, self.new_child_requested),
            (QKeySequence("Ctrl+L"), self.lock_requested),
        ):
            shortcut = QShortcut(keys, self.body)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(signal)

    def _scrolled(self, widget: QWidget) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(widget)
        return area

    def _fit_rail(self) -> None:
        """The rail as wide as its longest entry (the text size and language decide)."""
        width = self.rail.sizeHintForColumn(0) + 2 * self.rail.frameWidth() + 16
        self.rail.setFixedWidth(max(150, min(width, 260)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._fit_rail()
        super().changeEvent(event)

    def _page_words(self, page: Page) -> tuple[str, str]:
        words = {
            Page.HOME: (self.tr("Today's work"), ""),
            Page.CHILDREN: (self.tr("Children"), ""),
            Page.TODO: (
                self.tr("To-do"),
                self.tr("Visits due and overdue, expiring papers, birthdays that matter."),
            ),
            Page.REPORTS: (
                self.tr("Mandatory reports"),
                self.tr("Mandatory reports to the police and their follow-up."),
            ),
            Page.CONFLICTS: (self.tr("Conflicts"), ""),
            Page.STATISTICS: (
                self.tr("Statistics"),
                self.tr("Counts by category and village, visits due and done."),
            ),
            Page.SYNC: (self.tr("Sync"), ""),
            Page.SETTINGS: (
                self.tr("Settings"),
                self.tr("Lock time, language, county server, passphrase."),
            ),
            Page.SUPERVISION: (
                self.tr("Supervision"),
                self.tr("The villages of the township, for the township supervisor."),
            ),
            Page.LEDGER: (
                self.tr("Ledger and reports"),
                self.tr("The township ledger in Excel, its template, the monthly report."),
            ),
        }
        return words[page]

    def set_supervisor(self, on: bool) -> None:
        self.rail.item(Page.SUPERVISION).setHidden(not on)

    def page_title(self, page: Page) -> str:
        return self._page_words(page)[0]

    def show_page(self, page: Page) -> None:
        self.rail.setCurrentRow(page)

    def set_locked(self, locked: bool) -> None:
        self.central.setCurrentWidget(self.locked_panel if locked else self.body)

    def is_locked(self) -> bool:
        return self.central.currentWidget() is self.locked_panel

    def _conflict_count(self, count: int) -> None:
        self.show_count(Page.CONFLICTS, count)

    def show_count(self, page: Page, count: int) -> None:
        """A number beside the page's name on the rail (nothing when zero)."""
        title = self.page_title(page)
        text = self.tr("{title} ({count})").format(title=title, count=count) if count else title
        self.rail.item(page).setText(text)
        self._fit_rail()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.allow_close:
            event.accept()
        else:
            event.ignore()
            self.close_requested.emit()
