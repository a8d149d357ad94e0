"""The window's start freezes what exists and makes full collections rare (a subprocess:
tuning the collector here would change it for every later test in this process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
