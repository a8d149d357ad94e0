"""The open child files: one dialog per child, and their drafts across a lock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from desktop.ui.dialogs.child_file import ChildDraft, ChildFileDialog, Unsaved, ask_unsaved
from desktop.ui.open_dialogs import OpenDialogs
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Tasks

logger = logging.getLogger(__name__)


class ChildFiles(QObject, OpenDialogs[ChildFileDialog]):
    opened = Signal(object)  # the ChildFileDialog
    save_finished = Signal()  # some file finished saving
    report_requested = Signal(str, str)  # child id, name

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        *,
        parent_widget: QWidget | None = None,
        confirm_unsaved: Callable[[QWidget], Unsaved] = ask_unsaved,
        today: Callable[[], date] = date.today,
    ) -> None:
        QObject.__init__(self, parent_widget)
        OpenDialogs.__init__(self)
        self._session = session
        self._tasks = tasks
        self._parent_widget = parent_widget
        self._confirm_unsaved = confirm_unsaved
        self._today = today

    def open(self, child_id: str | None, *, draft: ChildDraft | None = None) -> ChildFileDialog:
        if child_id is not None:
            for dialog in self._open:
                if dialog.child_id == child_id:
                    dialog.raise_()
                    dialog.activateWindow()
                    return dialog
        dialog = ChildFileDialog(
            self._session,
            self._tasks,
            child_id=child_id,
            draft=draft,
            confirm_unsaved=self._confirm_unsaved,
            today=self._today,
            parent=self._parent_widget,
        )
        self._remember(dialog)
        dialog.closed.connect(lambda d=dialog: self._forget(d))
        dialog.save_finished.connect(self.save_finished)
        dialog.report_requested.connect(self.report_requested)
        dialog.show()
        self.opened.emit(dialog)
        return dialog

    def open_referral(self, child_id: str, report_id: str, need: str) -> ChildFileDialog:
        """The child's file on a new referral following ``report_id`` (its 转介 button)."""
        dialog = self.open(child_id)

        def start() -> None:
            dialog.start_referral(report_id=report_id, need=need)

        if dialog.is_loaded():
            start()
        else:
            dialog.file_loaded.connect(start, Qt.ConnectionType.SingleShotConnection)
        return dialog

    def restore_drafts(self) -> None:
        """Unlocked again: reopen each file that had unsaved edits, with them."""
        for draft in self._take_drafts():
            self.open(draft.child_id, draft=draft)
