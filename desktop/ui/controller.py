"""Wiring the window together: first run or unlock, the main window, the idle lock.

The controller builds each part with only the collaborators it needs (the session, the
task runner, settings) and connects their signals; no part ever sees the controller.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.ui.child_files import ChildFiles
from desktop.ui.dialogs.archive import ArchiveDialog
from desktop.ui.dialogs.child_file import ChildFileDialog, Tab, Unsaved, ask_unsaved
from desktop.ui.dialogs.first_run import FirstRunDialog
from desktop.ui.dialogs.unlock import UnlockDialog
from desktop.ui.errors import describe_error
from desktop.ui.i18n import apply_language_setting
from desktop.ui.idle import IdleWatcher
from desktop.ui.main_window import MainWindow, Page
from desktop.ui.pages.children import ChildrenPage
from desktop.ui.pages.conflicts import ConflictsPage
from desktop.ui.pages.home import HomePage
from desktop.ui.pages.ledger_page import LedgerPage
from desktop.ui.pages.reports import ReportsPage
from desktop.ui.pages.settings_page import SettingsPage
from desktop.ui.pages.statistics import StatisticsPage
from desktop.ui.pages.supervision import SupervisionPage
from desktop.ui.pages.sync_page import SyncPage
from desktop.ui.pages.todo import TodoPage
from desktop.ui.report_dialogs import ReportDialogs
from desktop.ui.role_offers import WindowOffers, window_offers
from desktop.ui.session import StoreSession
from desktop.ui.settings import UiSettings
from desktop.ui.tasks import Lane, Tasks
from desktop.usecases.backups import RestoreReport, back_up_today, restore_from
from desktop.usecases.home import PAGE_CONFLICTS, PAGE_SUPERVISION, PAGE_SYNC

logger = logging.getLogger(__name__)

# Where a home page item that is not about one child leads (usecases.home.PAGE_*).
HOME_LINKS = {
    PAGE_CONFLICTS: Page.CONFLICTS,
    PAGE_SYNC: Page.SYNC,
    PAGE_SUPERVISION: Page.SUPERVISION,
    "todo": Page.TODO,
}


class AppController(QObject):
    finished = Signal()  # the user quit; the application may exit
    unlocked = Signal()
    locked = Signal()
    restore_finished = Signal(bool)  # whether the backup replaced the case file

    def __init__(
        self,
        folder: DataDir,
        settings: UiSettings,
        tasks: Tasks,
        *,
        confirm_unsaved: Callable[[QWidget], Unsaved] = ask_unsaved,
        idle_timeout_ms: int | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self.folder = folder
        self.tasks = tasks
        self._today = today
        self._apply_language(settings)
        self.session = StoreSession(folder, self)
        # The children's list first: the pages read in the order they were made, and
        # Enter → a usable list of 10,000 should not wait for the home page's whole
        # to-do (bench/ui.py, issue 19 item 6); the list's first read is the short one.
        self.children_page = ChildrenPage(self.session, tasks, today=today)
        self.home_page = HomePage(self.session, tasks, today=today)
        self.conflicts_page = ConflictsPage(self.session, tasks)
        self.sync_page = SyncPage(self.session, tasks, interval_ms=settings.sync_interval_ms)
        self.reports_page = ReportsPage(self.session, tasks)
        self.todo_page = TodoPage(self.session, tasks, today=today)
        self.supervision_page = SupervisionPage(self.session, tasks, today=today)
        self.statistics_page = StatisticsPage(self.session, tasks, today=today)
        self.settings_page = SettingsPage(self.session, tasks, folder, settings)
        self.ledger_page = LedgerPage(self.session, tasks, today=today)
        self.window = MainWindow(
            self.children_page,
            self.conflicts_page,
            self.sync_page,
            extra={
                Page.HOME: self.home_page,
                Page.REPORTS: self.reports_page,
                Page.TODO: self.todo_page,
                Page.SETTINGS: self.settings_page,
                Page.STATISTICS: self.statistics_page,
                Page.SUPERVISION: self.supervision_page,
                Page.LEDGER: self.ledger_page,
            },
        )
        self.files = ChildFiles(
            self.session,
            tasks,
            parent_widget=self.window,
            confirm_unsaved=confirm_unsaved,
            today=today,
        )
        self.reports = ReportDialogs(
            self.session, tasks, parent_widget=self.window, confirm_unsaved=confirm_unsaved
        )
        self.idle = IdleWatcher(idle_timeout_ms or settings.idle_lock_ms, self)
        self._lock_pending = False
        self.offers = WindowOffers()
        self.first_run: FirstRunDialog | None = None
        self.unlock_dialog: UnlockDialog | None = None

        self.children_page.open_child.connect(self.files.open)
        self.children_page.new_child.connect(self.new_child)
        self.window.lock_requested.connect(self.lock)
        self.window.close_requested.connect(self.quit)
        self.idle.idle.connect(self.lock)
        self.files.save_finished.connect(self._save_finished)
        self.reports.save_finished.connect(self._save_finished)
        self.children_page.report_child.connect(self.reports.new_for_child)
        self.files.report_requested.connect(self.reports.new_for_child)
        self.reports.referral_requested.connect(self.files.open_referral)
        self.children_page.archive_requested.connect(self.open_archive)
        self.reports_page.open_report.connect(self.reports.open_report)
        self.reports_page.new_unknown_child_report.connect(self.reports.new_for_unknown_child)
        self.todo_page.open_child.connect(self.files.open)
        self.statistics_page.open_child.connect(self.files.open)
        self.supervision_page.supervisor_mode.connect(self.window.set_supervisor)
        self.settings_page.idle_minutes_changed.connect(
            lambda minutes: self.idle.set_timeout_ms(minutes * 60_000)
        )
        self.settings_page.backups.restore_requested.connect(self.restore)
        self.todo_page.open_report.connect(self.reports.open_report)
        self.todo_page.count_changed.connect(lambda count: self.window.show_count(Page.TODO, count))
        self.reports_page.count_changed.connect(
            lambda count: self.window.show_count(Page.REPORTS, count)
        )
        self._connect_home()

    def _connect_home(self) -> None:
        """今日工作 opens what each item names; the keys reach the children page."""
        home, window = self.home_page, self.window
        home.open_child.connect(self.files.open)
        home.open_child_notes.connect(self.open_child_notes)
        home.open_report.connect(self.reports.open_report)
        home.open_page.connect(lambda name: window.show_page(HOME_LINKS[name]))
        home.count_changed.connect(lambda count: window.show_count(Page.HOME, count))
        self.sync_page.status_changed.connect(home.show_sync_status)
        self.sync_page.open_child.connect(self.files.open)
        window.search_requested.connect(self.search_children)
        window.new_child_requested.connect(self.new_child)
        # Issue 18: the township's numbers open files; a task about the whole village
        # opens the supervision page, where it is answered.
        self.supervision_page.open_child.connect(self.files.open)
        self.todo_page.open_page.connect(lambda name: window.show_page(HOME_LINKS[name]))
        self.todo_page.open_child_notes.connect(self.open_child_notes)
        self.session.unlocked.connect(self._offer_by_role)

    def _offer_by_role(self) -> None:
        """Offer only what this laptop's role may write (issue 18 item 2)."""
        store = self.session.store
        self.offers = window_offers(store.role() if store is not None else None)
        self.children_page.new_button.setVisible(self.offers.new_child)
        self.children_page.report_button.setVisible(self.offers.mandatory_report)
        self.ledger_page.importing.import_button.setVisible(self.offers.import_ledger)

    def open_child_notes(self, child_id: str) -> ChildFileDialog:
        """A township task about a child: the file, on its 督导 tab, where it is answered."""
        dialog = self.files.open(child_id)
        dialog.tabs.setCurrentIndex(Tab.SUPERVISION)
        return dialog

    def new_child(self) -> None:
        if self.offers.new_child:
            self.files.open(None)

    def search_children(self) -> None:
        """Ctrl+F: the children page with the cursor in its search box."""
        self.window.show_page(Page.CHILDREN)
        self.children_page.search.setFocus()
        self.children_page.search.selectAll()

    def open_archive(self) -> ArchiveDialog:
        """The closed files (退出/结案); a file opens from it to be reopened."""
        dialog = ArchiveDialog(self.session, self.tasks, parent=self.window)
        dialog.open_child.connect(self.files.open)
        dialog.show()
        return dialog

    @staticmethod
    def _apply_language(settings: UiSettings) -> None:
        """The language chosen in the settings, before any window is built."""
        app = QCoreApplication.instance()
        if app is not None:
            apply_language_setting(app, settings.language)

    # -- start ---------------------------------------------------------------------------

    def start(self) -> None:
        if self.folder.exists():
            self._ask_unlock(after_idle=False)
        else:
            dialog = FirstRunDialog(self.folder, self.tasks)
            dialog.store_ready.connect(self.show_window)
            dialog.quit_requested.connect(self.quit)
            self.first_run = dialog
            dialog.show()

    def _ask_unlock(self, *, after_idle: bool) -> None:
        parent = self.window if after_idle else None
        dialog = UnlockDialog(self.folder, self.tasks, after_idle=after_idle, parent=parent)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.unlocked.connect(self.show_window)
        dialog.quit_requested.connect(self.quit)
        self.unlock_dialog = dialog
        dialog.show()
        dialog.passphrase.setFocus()

    def show_window(self, store: CaseStore) -> None:
        """The store is open (first run, unlock, or the start's own unlock screen)."""
        for dialog in (self.first_run, self.unlock_dialog):
            if dialog is not None:
                dialog.hide()
                dialog.deleteLater()
        self.first_run = self.unlock_dialog = None
        self.session.open(store)
        self.window.set_locked(False)
        self.window.show()
        self.idle.start()
        self.files.restore_drafts()
        self.reports.restore_drafts()
        self._back_up_daily()
        self.unlocked.emit()

    def _back_up_daily(self) -> None:
        """Today's automatic copy of the encrypted database (the last seven are kept)."""
        folder, today = self.folder, self._today()

        def failed(error: BaseException) -> None:
            # Never in the way of the day's work; the next unlock tries again.
            logger.warning("daily backup failed: %s", type(error).__name__)

        self.tasks.run(Lane.DB, lambda: back_up_today(folder, today=today), None, failed)

    # -- lock ----------------------------------------------------------------------------

    def lock(self) -> None:
        """Drop the store; unsaved edits stay in memory as drafts; ask for the passphrase."""
        store = self.session.store
        if store is None:
            return
        if self.files.any_saving() or self.reports.any_saving():
            # A save on its way finishes first, so the edits it carries are not lost.
            self._lock_pending = True
            return
        self._lock_pending = False
        self.idle.stop()
        kept = self.files.stash_drafts() + self.reports.stash_drafts()
        self.session.lock()
        self.window.set_locked(True)
        # Close the pooled connections after any write already queued on the lane.
        self.tasks.run(Lane.DB, store.engine.dispose)
        del store
        logger.info("window locked; %d unsaved files kept as drafts", kept)
        self.locked.emit()
        self._ask_unlock(after_idle=True)

    # -- restore -------------------------------------------------------------------------

    def restore(self, backup: Path, passphrase: str, replace_store: bool = False) -> None:
        """Lock, then replace the case file by the checked backup; then ask to unlock.

        ``replace_store``: the user chose, after a warning, to let another store's backup
        replace this one (``widgets/backup_box.py``); otherwise such a backup is refused."""
        if self.session.store is not None:
            self.lock()
        if self.session.store is not None:  # a save on its way: the user tries again
            self.settings_page.backups.say(
                self.tr("A save is still on its way; try the restore again in a moment."),
                ok=False,
            )
            return
        folder = self.folder
        if self.unlock_dialog is not None:
            self.unlock_dialog.show_notice(self.tr("Checking the backup and restoring it…"))
        # On the database lane, after the connections the lock closed.
        self.tasks.run(
            Lane.DB,
            lambda: restore_from(
                folder, backup=backup, passphrase=passphrase, replace_store=replace_store
            ),
            self._restored,
            self._restore_failed,
        )

    def _restored(self, report: RestoreReport) -> None:
        logger.info("backup restored: %d records checked", report.records_checked)
        if self.unlock_dialog is not None:
            self.unlock_dialog.show_notice(
                self.tr(
                    "The backup was restored ({count} records checked). Unlock it with the "
                    "passphrase it had when it was made."
                ).format(count=report.records_checked)
            )
        self.restore_finished.emit(True)

    def _restore_failed(self, error: BaseException) -> None:
        if self.unlock_dialog is not None:
            self.unlock_dialog.show_notice(describe_error(error), problem=True)
        self.restore_finished.emit(False)

    def _save_finished(self) -> None:
        if self._lock_pending:
            self.lock()

    # -- quit ----------------------------------------------------------------------------

    def quit(self) -> None:
        if not self.files.close_all() or not self.reports.close_all():
            return
        self.idle.stop()
        self.sync_page.timer.stop()
        for dialog in (self.first_run, self.unlock_dialog):
            if dialog is not None:
                dialog.hide()
        self.window.allow_close = True
        self.window.close()
        self.session.lock()
        self.finished.emit()
