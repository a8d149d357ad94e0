"""A task marked run_first goes ahead of those waiting on its lane (issue 19 item 6: the
children's list read first after unlock does not wait for the home page's whole to-do)."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from desktop.ui.tasks import Lane, TaskRunner, run_first


def test_a_task_marked_first_jumps_the_queue_not_the_running_one(qtbot: QtBot) -> None:
    tasks = TaskRunner()
    release = threading.Event()
    order: list[str] = []
    tasks.run(Lane.DB, lambda: (release.wait(10), order.append("running"))[1])
    tasks.run(Lane.DB, lambda: order.append("home page's to-do"))
    tasks.run(Lane.DB, run_first(lambda: order.append("children's names")))
    release.set()
    qtbot.waitUntil(lambda: len(order) == 3, timeout=10_000)
    assert order == ["running", "children's names", "home page's to-do"]
    tasks.wait_for_done(10_000)
