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

The database lane gives the window its turn after each result (:class:`_WindowTurn`): it
starts its next task only once the main thread has handled the result and had a moment to
repaint. A repaint of the children's list is some 1,200 calls into Python (each cell's
``data()``), and each call waited for the interpreter lock while the next page's read ran
Python on the lane: after a sync that made the window stall 100-170 ms (bench/ui.py).

:class:`SyncTaskRunner` has the same interface and runs everything at once on the calling
thread, for tests of logic that do not need threads (CONVENTIONS 7).
"""

from __future__ import annotations

import enum
import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget
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

    @property
    def gives_turn(self) -> bool:
        """Whether the window gets its turn with this result before the database lane goes
        on: a task nobody waits on (a backup, the log set-up) shows nothing."""
        return self.lane is Lane.DB and not (
            self.owner is None and self.on_done is None and self.on_error is None
        )


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


class _WindowTurn:
    """The database lane waits, before its next task, until the main thread has taken the
    last result and :data:`PAINT_MS` have passed for the repaint it causes, but never
    longer than :data:`LONGEST_WAIT_S`: a window busy for long (a big import's progress)
    does not hold up the saves.

    After a model is reset Qt repaints its view in up to three passes (the paint, the
    resize when the page's layout changes, the view's delayed item layout on a timer),
    some 25 ms in all here; with 12 ms the last pass still met the next read half the time.
    A result for a page not on screen paints nothing, so its turn ends at once: after a
    save only the page in view makes the reads behind it wait. A task run first skips its
    own wait, but one the pool has already handed to the lane keeps its place: a task run
    first and queued meanwhile may start up to one turn later than before."""

    PAINT_MS = 30
    LONGEST_WAIT_S = 0.25

    def __init__(self) -> None:
        self._ready = threading.Condition()
        # The last task the lane delivered, and whether the window has had its turn with
        # it. By identity, not order: a task run first overtakes older ones, so a later
        # id is no sign that an earlier result was shown.
        self._awaited = 0
        self._turned = True
        self._waived = False  # the main thread is waiting for the lanes (at exit): no turns

    def wait(self) -> None:
        """On the lane: before a task, the window's turn with the last result."""
        with self._ready:
            self._ready.wait_for(lambda: self._waived or self._turned, self.LONGEST_WAIT_S)

    def waive(self, waived: bool) -> None:
        """On the main thread, around a blocking wait for the lanes: it paints nothing."""
        with self._ready:
            self._waived = waived
            self._ready.notify_all()

    def delivering(self, task_id: int) -> None:
        """On the lane: ``task_id``'s result is about to be sent to the main thread."""
        with self._ready:
            self._awaited = task_id
            self._turned = False

    def handled(self, task_id: int, *, on_screen: bool) -> None:
        """On the main thread: the result is handled; the turn ends after the repaint, or
        at once when what it was for is not on screen."""
        if on_screen:
            QTimer.singleShot(self.PAINT_MS, lambda: self._turn_over(task_id))
        else:
            self._turn_over(task_id)

    def _turn_over(self, task_id: int) -> None:
        with self._ready:
            if task_id == self._awaited:  # a late timer for an older result ends nothing
                self._turned = True
                self._ready.notify_all()


def _on_screen(owner: QObject | None) -> bool:
    """Whether delivering to ``owner`` may repaint what the director sees (unknown: yes)."""
    if _owner_gone(owner):
        return False
    return not isinstance(owner, QWidget) or owner.isVisible()


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
        self._window_turn = _WindowTurn()

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
        pending = self._pending[task_id] = _Pending(Lane(lane), on_done, on_error, owner)
        relay = self._relay
        first = getattr(func, "run_first", False)
        # A task run first is one the director waits for (the list after Enter): it does
        # not wait for the window to finish with the result before it.
        turn = self._window_turn if pending.lane is Lane.DB and not first else None
        shown = pending.gives_turn

        def work() -> None:
            if turn is not None:
                turn.wait()
            try:
                result = func()
            except Exception as error:  # delivered to on_error on the main thread
                ok, value = False, error
            else:
                ok, value = True, result
            if shown:
                self._window_turn.delivering(task_id)
            relay.finished.emit(task_id, ok, value)

        # The callable itself, not QRunnable.create(work): the pool deletes the runnables it
        # made in C++, but a Python wrapper of one outlived it, and a later Qt object
        # created at the same address came back to Python as that stale QRunnable
        # ("'QRunnable' object has no attribute 'selectionChanged'", seen in CI).
        self._pools[Lane(lane)].start(work, 1 if first else 0)
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
            if pending is not None and pending.gives_turn:
                self._window_turn.handled(task_id, on_screen=_on_screen(pending.owner))
            if not self._pending:
                self.busy_changed.emit(False)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until every started task has finished (at exit: never cut a write)."""
        self._window_turn.waive(True)  # the window turns no event meanwhile
        try:
            return all(pool.waitForDone(msecs) for pool in self._pools.values())
        finally:
            self._window_turn.waive(False)


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
