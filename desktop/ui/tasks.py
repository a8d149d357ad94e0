"""Running work off the UI thread, in lanes, with results back on the main thread.

- ``Lane.DB``: one worker thread, so writes to the local store go one at a time, in the
  order they were asked for (a save is never overtaken by a later save).
- ``Lane.NETWORK``: talking to the county server (sync, enrolment), so a slow link never
  holds up a save.
- ``Lane.STARTUP``: importing the main window's modules while the unlock screen waits
  (desktop/ui/startup.py).

``run(lane, func, on_done, on_error)`` calls ``func()`` on a worker thread; its result
(or the exception it raised) comes back through a queued signal, so ``on_done`` and
``on_error`` always run on the main thread. Workers never touch widgets.

:class:`SyncTaskRunner` has the same interface and runs everything at once on the calling
thread, for tests of logic that do not need threads (CONVENTIONS 7).
"""

from __future__ import annotations

import enum
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot
from shiboken6 import Shiboken

logger = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


class Lane(enum.StrEnum):
    DB = "db"
    NETWORK = "network"
    STARTUP = "startup"  # the window's modules, imported while the unlock screen waits


T = TypeVar("T")


def run_first(func: Callable[[], T]) -> Callable[[], T]:
    """Mark ``func`` to go ahead of the tasks already waiting on its lane (a higher
    priority in the lane's pool; one running is not interrupted). The children's list read
    first after unlock is marked: Enter → a usable list should not wait for the home
    page's whole to-do of 10,000 children (bench/ui.py, issue 19 item 6)."""
    func.run_first = True  # type: ignore[attr-defined]
    return func


class Tasks(Protocol):
    """What the pages need of a task runner (the threaded one or the synchronous one)."""

    def run(
        self,
        lane: Lane,
        func: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None: ...

    def is_busy(self, lane: Lane | None = None) -> bool: ...


@dataclass
class _Pending:
    lane: Lane
    on_done: OnDone | None
    on_error: OnError | None
    owner: QObject | None


def _owner_gone(owner: QObject | None) -> bool:
    return owner is not None and not Shiboken.isValid(owner)


def _deliver(pending: _Pending, ok: bool, value: Any) -> None:
    if _owner_gone(pending.owner):
        return  # the widget that asked is gone; nobody to tell
    if ok:
        if pending.on_done is not None:
            pending.on_done(value)
    elif pending.on_error is not None:
        pending.on_error(value)
    else:
        logger.error("background task failed", exc_info=value)


class _Relay(QObject):
    """Lives on the main thread; worker threads emit, the main thread receives."""

    finished = Signal(int, bool, object)


class TaskRunner(QObject):
    """Lanes of worker threads; results delivered on the main thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, network_threads: int = 2) -> None:
        super().__init__(parent)
        self._pools = {lane: QThreadPool(self) for lane in Lane}
        self._pools[Lane.DB].setMaxThreadCount(1)
        self._pools[Lane.NETWORK].setMaxThreadCount(network_threads)
        self._pools[Lane.STARTUP].setMaxThreadCount(1)
        for pool in self._pools.values():
            pool.setExpiryTimeout(-1)  # keep the threads: no start-up cost per task
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished)
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)

    def run(
        self,
        lane: Lane,
        func: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        task_id = next(self._ids)
        was_busy = bool(self._pending)
        self._pending[task_id] = _Pending(Lane(lane), on_done, on_error, owner)
        relay = self._relay

        def work() -> None:
            try:
                result = func()
            except Exception as error:  # delivered to on_error on the main thread
                relay.finished.emit(task_id, False, error)
            else:
                relay.finished.emit(task_id, True, result)

        # The callable itself, not QRunnable.create(work): the pool deletes the runnables it
        # made in C++, but a Python wrapper of one outlived it, and a later Qt object
        # created at the same address came back to Python as that stale QRunnable
        # ("'QRunnable' object has no attribute 'selectionChanged'", seen in CI).
        self._pools[Lane(lane)].start(work, 1 if getattr(func, "run_first", False) else 0)
        if not was_busy:
            self.busy_changed.emit(True)

    def is_busy(self, lane: Lane | None = None) -> bool:
        return any(lane is None or p.lane == lane for p in self._pending.values())

    @Slot(int, bool, object)
    def _on_finished(self, task_id: int, ok: bool, value: Any) -> None:
        pending = self._pending.pop(task_id, None)
        try:
            if pending is not None:
                _deliver(pending, ok, value)
        finally:
            if not self._pending:
                self.busy_changed.emit(False)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until every started task has finished (at exit: never cut a write)."""
        return all(pool.waitForDone(msecs) for pool in self._pools.values())


class SyncTaskRunner(QObject):
    """The same interface, run at once on the calling thread (tests)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.calls: list[Lane] = []

    def run(
        self,
        lane: Lane,
        func: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        self.calls.append(Lane(lane))
        pending = _Pending(Lane(lane), on_done, on_error, owner)
        try:
            result = func()
        except Exception as error:
            _deliver(pending, False, error)
        else:
            _deliver(pending, True, result)

    def is_busy(self, lane: Lane | None = None) -> bool:
        return False

    def wait_for_done(self, msecs: int = -1) -> bool:
        return True


class ProgressRelay(QObject):
    """Progress reports from a worker, delivered on the main thread.

    Make it on the main thread, give ``report`` to the worker, connect ``progress``.
    """

    progress = Signal(str, int, int)

    def report(self, phase: str, done: int, total: int) -> None:
        self.progress.emit(phase, done, total)
