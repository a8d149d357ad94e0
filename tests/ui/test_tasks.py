"""The two lanes: work off the UI thread, results on it, database writes one at a time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.tasks import Lane, SyncTaskRunner, TaskRunner, _WindowTurn, run_first


def test_results_and_errors_arrive_on_the_main_thread(qtbot: QtBot, tasks: TaskRunner) -> None:
    main = threading.get_ident()
    seen: list[tuple[str, int, object]] = []

    def work() -> int:
        return threading.get_ident()

    def fail() -> None:
        raise ValueError("boom")

    tasks.run(Lane.DB, work, lambda worker: seen.append(("done", threading.get_ident(), worker)))
    tasks.run(
        Lane.NETWORK,
        fail,
        lambda _r: None,
        lambda e: seen.append(("error", threading.get_ident(), e)),
    )
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    done = next(s for s in seen if s[0] == "done")
    error = next(s for s in seen if s[0] == "error")
    assert done[1] == main and done[2] != main  # worked elsewhere, delivered here
    assert error[1] == main and isinstance(error[2], ValueError)
    qtbot.waitUntil(lambda: not tasks.is_busy(), timeout=5_000)


def test_database_lane_runs_one_task_at_a_time_in_order(qtbot: QtBot, tasks: TaskRunner) -> None:
    gate = threading.Event()
    started: list[int] = []
    done: list[int] = []

    def write(n: int) -> int:
        started.append(n)
        if n == 0:
            gate.wait(10)  # the first write holds the lane
        return n

    for n in range(8):
        tasks.run(Lane.DB, lambda n=n: write(n), done.append)
    network: list[str] = []
    tasks.run(Lane.NETWORK, lambda: "pong", network.append)
    # The network lane answers while the first write still holds the database lane,
    # and no second write has started beside it.
    qtbot.waitUntil(lambda: network == ["pong"] and started == [0], timeout=10_000)
    assert done == []
    gate.set()
    qtbot.waitUntil(lambda: len(done) == 8, timeout=10_000)
    assert started == done == list(range(8))


def test_a_slow_network_task_does_not_hold_up_a_save(qtbot: QtBot, tasks: TaskRunner) -> None:
    release = threading.Event()
    finished: list[str] = []
    tasks.run(Lane.NETWORK, lambda: release.wait(10), lambda _r: finished.append("network"))
    tasks.run(Lane.DB, lambda: "saved", finished.append)
    qtbot.waitUntil(lambda: finished == ["saved"], timeout=5_000)
    release.set()
    qtbot.waitUntil(lambda: finished == ["saved", "network"], timeout=5_000)


def test_results_for_a_deleted_widget_are_dropped(qtbot: QtBot, tasks: TaskRunner) -> None:
    widget = QWidget()
    release = threading.Event()
    called: list[object] = []
    tasks.run(Lane.DB, lambda: release.wait(10), called.append, owner=widget)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not _alive(widget), timeout=5_000)
    release.set()
    with qtbot.waitSignal(tasks.busy_changed, timeout=5_000):
        pass
    assert called == []


def _alive(widget: QWidget) -> bool:
    from shiboken6 import Shiboken

    return bool(Shiboken.isValid(widget))


def test_synchronous_runner_for_tests() -> None:
    runner = SyncTaskRunner()
    results: list[object] = []
    runner.run(Lane.DB, lambda: 42, results.append)
    runner.run(Lane.NETWORK, lambda: 1 / 0, results.append, results.append)
    assert results[0] == 42
    assert isinstance(results[1], ZeroDivisionError)
    assert runner.calls == [Lane.DB, Lane.NETWORK]


def test_database_lane_waits_for_the_window_to_take_each_result(
    qtbot: QtBot, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next read starts only after the main thread has handled the last result and
    had its moment to repaint it: a repaint is ~1,200 calls into Python, each waiting for
    the interpreter lock while a read runs beside it (the sync stall in bench/ui.py)."""
    monkeypatch.setattr(_WindowTurn, "LONGEST_WAIT_S", 10.0)  # a slow machine: no early start
    handled_at: list[float] = []
    started_at: list[float] = []

    def handled(_result: object) -> None:
        handled_at.append(time.perf_counter())

    tasks.run(Lane.DB, lambda: None, handled)
    tasks.run(Lane.DB, lambda: started_at.append(time.perf_counter()))
    qtbot.waitUntil(lambda: bool(started_at), timeout=10_000)
    assert handled_at, "the second read started before the window had the first result"
    assert started_at[0] - handled_at[0] >= _WindowTurn.PAINT_MS / 1000 * 0.9


def _second_start_with_the_window_asleep(
    tasks: TaskRunner,
    lane: Lane,
    on_done: Callable[[object], None] | None,
    *,
    first: bool = False,
) -> float:
    """Seconds until a second task on ``lane`` starts after one whose result goes to
    ``on_done`` (``first``: the second is run first), while the main thread processes no
    event (it waits here)."""
    second_ran = threading.Event()
    tasks.run(lane, lambda: None, on_done)
    tasks.run(lane, run_first(lambda: second_ran.set()) if first else second_ran.set)
    start = time.perf_counter()
    assert second_ran.wait(5)
    waited = time.perf_counter() - start
    tasks.wait_for_done(10_000)
    return waited


def test_a_busy_window_holds_the_database_lane_only_briefly(tasks: TaskRunner) -> None:
    """The main thread not turning its event loop (here: asleep) holds the lane at most
    LONGEST_WAIT_S per task: a save never waits on a busy window for long."""
    waited = _second_start_with_the_window_asleep(tasks, Lane.DB, lambda _r: None)
    assert _WindowTurn.LONGEST_WAIT_S * 0.9 <= waited < _WindowTurn.LONGEST_WAIT_S + 1.5


def test_other_lanes_do_not_wait_for_the_window(tasks: TaskRunner) -> None:
    waited = _second_start_with_the_window_asleep(tasks, Lane.NETWORK, lambda _r: None)
    assert waited < _WindowTurn.LONGEST_WAIT_S * 0.9


def test_waiting_for_the_lanes_at_exit_gives_the_window_no_turns(tasks: TaskRunner) -> None:
    """At exit the main thread blocks in wait_for_done and paints nothing: the writes
    still queued run straight on, not LONGEST_WAIT_S apart."""
    ran: list[int] = []
    for n in range(6):
        tasks.run(Lane.DB, lambda n=n: ran.append(n), lambda _r: None)
    start = time.perf_counter()
    assert tasks.wait_for_done(10_000)
    assert ran == list(range(6))
    assert time.perf_counter() - start < _WindowTurn.LONGEST_WAIT_S * 3


def test_a_task_run_first_does_not_wait_for_the_window(tasks: TaskRunner) -> None:
    """The list after Enter is what the director waits for: it starts as soon as the lane
    is free, even while the window is still busy with the result before it."""
    waited = _second_start_with_the_window_asleep(tasks, Lane.DB, lambda _r: None, first=True)
    assert waited < _WindowTurn.LONGEST_WAIT_S * 0.9


def test_a_result_for_a_page_not_on_screen_ends_the_turn_at_once(
    qtbot: QtBot, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hidden page's result paints nothing: the next read does not wait for a repaint
    (after a save, only the page in view makes the reads behind it wait)."""
    monkeypatch.setattr(_WindowTurn, "PAINT_MS", 1000)  # a turn, if taken, is unmistakable
    hidden = QWidget()  # never shown
    handled_at: list[float] = []
    started_at: list[float] = []
    tasks.run(
        Lane.DB, lambda: None, lambda _r: handled_at.append(time.perf_counter()), owner=hidden
    )
    tasks.run(Lane.DB, lambda: started_at.append(time.perf_counter()))
    qtbot.waitUntil(lambda: bool(started_at), timeout=10_000)
    assert handled_at and started_at[0] >= handled_at[0]
    assert started_at[0] - handled_at[0] < 0.5


def test_a_task_nobody_waits_on_gives_no_turn(tasks: TaskRunner) -> None:
    """A backup or a log set-up (no owner, no result handler) paints nothing: the lane
    does not even wait for the main thread to take its result."""
    assert _second_start_with_the_window_asleep(tasks, Lane.DB, None) < (
        _WindowTurn.LONGEST_WAIT_S * 0.9
    )


def test_a_task_run_first_does_not_end_an_older_results_turn(
    qtbot: QtBot, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The children's list (run first) overtakes the home page's read: the home page's
    result, delivered after it, still gets its turn before the next read starts."""
    monkeypatch.setattr(_WindowTurn, "LONGEST_WAIT_S", 10.0)
    gate = threading.Event()
    handled_at: dict[str, float] = {}
    started_at: list[float] = []

    def handled(name: str) -> Callable[[object], None]:
        def note(_result: object) -> None:
            handled_at[name] = time.perf_counter()

        return note

    tasks.run(Lane.DB, lambda: gate.wait(10))
    tasks.run(Lane.DB, lambda: None, handled("home"))
    tasks.run(Lane.DB, run_first(lambda: None), handled("children"))
    tasks.run(Lane.DB, lambda: started_at.append(time.perf_counter()))
    gate.set()
    qtbot.waitUntil(lambda: bool(started_at), timeout=20_000)
    assert handled_at["children"] < handled_at["home"]  # the list went first
    assert started_at[0] - handled_at["home"] >= _WindowTurn.PAINT_MS / 1000 * 0.9
