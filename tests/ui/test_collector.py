"""The window's start freezes what exists and makes full collections rare (a subprocess:
tuning the collector here would change it for every later test in this process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import weakref
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.ui import collector

PROBE = """
import gc, json, sys
from desktop.ui.collector import hold_during_start
hold_during_start()  # as the packaged entry script does
from desktop.app import build
before, held = gc.get_freeze_count(), not gc.isenabled()
app, tasks, controller = build(["childdesk-window", "--data-dir", sys.argv[1]])
print(json.dumps({"before": before, "held": held, "frozen": gc.get_freeze_count(),
                  "enabled": gc.isenabled(), "threshold": gc.get_threshold()}))
"""


def test_the_window_tunes_the_collector_once_built(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["before"] == 0
    assert seen["held"] and seen["enabled"]  # off while starting, on once the window is built
    assert seen["frozen"] > 10_000  # modules, classes and the built window
    assert seen["threshold"] == [
        collector.YOUNG_THRESHOLD,
        collector.MIDDLE_THRESHOLD,
        collector.OLD_THRESHOLD,
    ]


class _Row:
    """Something a list holds (summaries have slots and no weak references)."""


def test_a_retired_list_is_let_go_a_slice_per_turn_of_the_event_loop(qtbot: QtBot) -> None:
    rows = [_Row() for _ in range(5 * collector.RELEASE_SLICE)]
    alive = [weakref.ref(row) for row in rows]
    collector.retire(rows)
    del rows
    # Nothing freed at once (the caller's turn of the loop stays short) ...
    assert all(ref() is not None for ref in alive)
    # ... and all of it within a few turns.
    qtbot.waitUntil(lambda: all(ref() is None for ref in alive), timeout=5_000)


def test_a_short_list_is_left_to_its_caller(qtbot: QtBot) -> None:
    rows = [_Row() for _ in range(10)]
    alive = [weakref.ref(row) for row in rows]
    collector.retire(rows)
    del rows
    assert all(ref() is None for ref in alive)
