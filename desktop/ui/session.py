"""The unlocked store the window works on, and the news that it changed.

Pages get this object (and the task runner), never the main window. While the window is
locked there is no store at all: :meth:`lock` drops it, so the data key is no longer
held by the window, and every page clears what it shows.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop.models.store import CaseStore
from desktop.services import read_cache
from desktop.services.datadir import DataDir
from desktop.ui.collector import collect_everything, give_back_free_memory

logger = logging.getLogger(__name__)


class LockedError(RuntimeError):
    """Work was asked for while the store is locked."""


class StoreSession(QObject):
    unlocked = Signal()
    locked = Signal()
    # A record was written here: the id of the child it concerns ("" for many at once).
    changed = Signal(str)
    # A sync finished: pulled records may change any list.
    synced = Signal()

    def __init__(self, folder: DataDir, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._store: CaseStore | None = None
        # First, before the pages (connected after) queue their reads.
        self.synced.connect(give_back_free_memory)

    @property
    def store(self) -> CaseStore | None:
        return self._store

    @property
    def is_unlocked(self) -> bool:
        return self._store is not None

    def require(self) -> CaseStore:
        if self._store is None:
            raise LockedError("the store is locked")
        return self._store

    @property
    def user(self) -> str:
        return self._store.actor if self._store else ""

    def open(self, store: CaseStore) -> None:
        self._store = store
        logger.info("store unlocked")
        self.unlocked.emit()

    def lock(self) -> None:
        if self._store is None:
            return
        read_cache.forget(self._store)
        self._store = None
        logger.info("store locked")
        self.locked.emit()
        # Full collections are rare in the window, and what a read made is frozen out of
        # them (ui/collector.py): collect everything now, so that decrypted records caught
        # in reference cycles do not outlive the lock.
        collect_everything()
