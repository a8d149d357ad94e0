"""The open child files: one dialog per child, and their drafts across a lock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.ui.dialogs.child_file import ChildDraft, ChildFileDialog, Unsaved, ask_unsaved
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Tasks

logger = logging.getLogger(__name__)


class ChildFiles(QObject):
    opened = Signal(object)  # the ChildFileDialog
    save_finished = Signal()  # some file finished saving

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        *,
        parent_widget: QWidget | None = None,
        confirm_unsaved: Callable[[QWidget], Unsaved] = ask_unsaved,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent_widget)
        self._session = session
        self._tasks = tasks
        self._parent_widget = parent_widget
        self._confirm_unsaved = confirm_unsaved
        self._today = today
        self._open: list[ChildFileDialog] = []
        self._drafts: list[ChildDraft] = []

    def dialogs(self) -> list[ChildFileDialog]:
        return list(self._open)

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
        self._open.append(dialog)
        dialog.closed.connect(lambda d=dialog: self._forget(d))
        dialog.save_finished.connect(self.save_finished)
        dialog.show()
        self.opened.emit(dialog)
        return dialog

    def _forget(self, dialog: ChildFileDialog) -> None:
        if dialog in self._open:
            self._open.remove(dialog)

    def any_saving(self) -> bool:
        return any(dialog.is_saving() for dialog in self._open)

    def stash_drafts(self) -> int:
        """Locking: close every file, keeping unsaved edits in memory. Returns how many."""
        for dialog in list(self._open):
            draft = dialog.take_draft()
            if draft is not None:
                self._drafts.append(draft)
        self._open.clear()
        return len(self._drafts)

    def restore_drafts(self) -> None:
        """Unlocked again: reopen each file that had unsaved edits, with them."""
        drafts, self._drafts = self._drafts, []
        for draft in drafts:
            self.open(draft.child_id, draft=draft)

    def has_drafts(self) -> bool:
        return bool(self._drafts)

    def close_all(self) -> bool:
        """Quitting: each file with changes asks; False when the user chose to stay."""
        return all(dialog.close() for dialog in list(self._open))
