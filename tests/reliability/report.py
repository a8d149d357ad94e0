"""pytest plugin: one results file per run, and the battery's table in the terminal summary.

Loaded from ``tests/conftest.py``. The controller (or the only process, without xdist)
names a fresh results file in ``RELIABILITY_RESULTS`` before workers start, so every
worker appends to the same file; the table is printed once, by the controller, when at
least one battery test reported figures.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.reliability.profile import profile
from tests.reliability.results import RESULTS_ENV, read, table

_OWNED = "_reliability_results_owned"


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):  # an xdist worker: the controller chose the file
        return
    if os.environ.get(RESULTS_ENV):  # chosen by the caller (make reliability)
        return
    handle, name = tempfile.mkstemp(prefix="reliability-", suffix=".jsonl")
    os.close(handle)
    os.environ[RESULTS_ENV] = name
    setattr(config, _OWNED, name)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    config = terminalreporter.config
    if hasattr(config, "workerinput"):
        return
    path = Path(os.environ.get(RESULTS_ENV, ""))
    lines = read(path) if path.name else []
    if lines:
        terminalreporter.write_sep("=", "reliability battery")
        terminalreporter.write_line(table(lines, profile()))
    owned = getattr(config, _OWNED, None)
    if owned:
        Path(owned).unlink(missing_ok=True)
        os.environ.pop(RESULTS_ENV, None)
