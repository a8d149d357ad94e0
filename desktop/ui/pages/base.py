"""What every page on the rail shares: it follows the store session and reads in the background.

A page reads the store again when the session says the store was unlocked, changed or
synced (each page names which of these concern it), and empties itself when the store
locks, so no child's name stays on the screen of a locked laptop. Reads run on the
database lane with the page's busy indicator; a result that arrives after the store locked
is dropped. A page whose reading is costly (statistics) reads only while it is shown: a
change while hidden marks it stale, and it reads when it is shown next.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Literal, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from desktop.models.store import CaseStore
from desktop.ui.loading import read_in_background
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.busy import BusyIndicator

T = TypeVar("T")
Follows = Literal["unlocked", "changed", "synced"]
EVERY_CHANGE: frozenset[Follows] = frozenset({"unlocked", "changed", "synced"})


class Page(QWidget):
    """A page on the rail; subclasses lay out ``busy`` and implement reload and clear."""

    loaded = Signal()  # the page shows what it read (tests wait on it)

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        follows: Collection[Follows] = EVERY_CHANGE,
        only_when_shown: bool = False,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._tasks = tasks
        self._only_when_shown = only_when_shown
        self._stale = True  # for only_when_shown: read when next shown
        self.busy = BusyIndicator(self)
        if "unlocked" in follows:
            session.unlocked.connect(self._outdated)
        if "changed" in follows:
            session.changed.connect(lambda _id: self._outdated())
        if "synced" in follows:
            session.synced.connect(self._outdated)
        session.locked.connect(self.clear)

    def _outdated(self) -> None:
        if not self._only_when_shown:
            self.reload()
            return
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._only_when_shown and self._stale:
            self.reload()

    def reload(self) -> None:
        """Read the store again and show it."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget what is shown (the store locked)."""
        raise NotImplementedError

    def read(
        self,
        saying: str,
        work: Callable[[CaseStore], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None],
        *,
        first: bool = False,
    ) -> bool:
        """``work(store)`` on the database lane, then ``done`` unless the store locked
        meanwhile; False (nothing run) while locked. ``first``: ahead of the reads queued."""

        def shown(result: T) -> None:
            if self._session.is_unlocked:
                done(result)

        started = read_in_background(
            self._session, self._tasks, self.busy, saying, work, shown, failed, owner=self,
            first=first,
        )  # fmt: skip
        self._stale = not started
        return started
