"""The open mandatory-report dialogs, and their drafts across a lock (like child_files)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.ui.dialogs.child_file import Unsaved, ask_unsaved
from desktop.ui.dialogs.mandatory_report import ReportDialog, ReportDraft
from desktop.ui.open_dialogs import OpenDialogs
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Tasks


class ReportDialogs(QObject, OpenDialogs[ReportDialog]):
    opened = Signal(object)  # the ReportDialog
    save_finished = Signal()
    referral_requested = Signal(str, str, str)  # child id, report id, what is asked

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        *,
        parent_widget: QWidget | None = None,
        confirm_unsaved: Callable[[QWidget], Unsaved] = ask_unsaved,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        QObject.__init__(self, parent_widget)
        OpenDialogs.__init__(self)
        self._session = session
        self._tasks = tasks
        self._parent_widget = parent_widget
        self._confirm_unsaved = confirm_unsaved
        self._now = now

    def new_for_child(self, child_id: str, child_name: str = "") -> ReportDialog:
        return self._show(child_id=child_id, child_name=child_name)

    def new_for_unknown_child(self) -> ReportDialog:
        return self._show(child_id=None)

    def open_report(self, report_id: str) -> ReportDialog:
        for dialog in self._open:
            if dialog.report_id == report_id:
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        return self._show(child_id=None, report_id=report_id)

    def _show(
        self,
        *,
        child_id: str | None,
        report_id: str | None = None,
        child_name: str = "",
        draft: ReportDraft | None = None,
    ) -> ReportDialog:
        dialog = ReportDialog(
            self._session,
            self._tasks,
            child_id=child_id,
            report_id=report_id,
            child_name=child_name,
            draft=draft,
            now=self._now,
            confirm_unsaved=self._confirm_unsaved,
            parent=self._parent_widget,
        )
        self._remember(dialog)
        dialog.closed.connect(lambda d=dialog: self._forget(d))
        dialog.save_finished.connect(self.save_finished)
        dialog.referral_requested.connect(self.referral_requested)
        dialog.show()
        self.opened.emit(dialog)
        return dialog

    def restore_drafts(self) -> None:
        for draft in self._take_drafts():
            self._show(child_id=draft.child_id, report_id=draft.report_id, draft=draft)
