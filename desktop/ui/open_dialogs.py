"""The open dialogs of one sort (child files, reports) and their drafts across a lock."""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar


class DraftingDialog(Protocol):
    def is_saving(self) -> bool: ...
    def take_draft(self) -> Any: ...
    def close(self) -> bool: ...


D = TypeVar("D", bound=DraftingDialog)


class OpenDialogs(Generic[D]):
    """Keeps the open dialogs; locking stashes their unsaved edits, unlocking reopens."""

    def __init__(self) -> None:
        self._open: list[D] = []
        self._drafts: list[Any] = []

    def dialogs(self) -> list[D]:
        return list(self._open)

    def _remember(self, dialog: D) -> None:
        self._open.append(dialog)

    def _forget(self, dialog: D) -> None:
        if dialog in self._open:
            self._open.remove(dialog)

    def any_saving(self) -> bool:
        return any(dialog.is_saving() for dialog in self._open)

    def stash_drafts(self) -> int:
        """Locking: close every dialog, keeping unsaved edits in memory. Returns how many."""
        for dialog in list(self._open):
            draft = dialog.take_draft()
            if draft is not None:
                self._drafts.append(draft)
        self._open.clear()
        return len(self._drafts)

    def _take_drafts(self) -> list[Any]:
        drafts, self._drafts = self._drafts, []
        return drafts

    def has_drafts(self) -> bool:
        return bool(self._drafts)

    def close_all(self) -> bool:
        """Quitting: each dialog with changes asks; False when the user chose to stay."""
        return all(dialog.close() for dialog in list(self._open))
