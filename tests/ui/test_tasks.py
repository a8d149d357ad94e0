"""The two lanes: work off the UI thread, results on it, database writes one at a time."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.tasks import Lane, SyncTaskRunner, TaskRunner


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
