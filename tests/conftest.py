"""Shared test setup: Qt offscreen, Chinese messages, and a fresh unlocked store."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("CHILDDESK_LANG", None)

# The reliability battery's results file and closing table (tests/reliability/report.py).
pytest_plugins = ("tests.reliability.report",)
