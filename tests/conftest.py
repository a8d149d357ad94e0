"""Shared test setup: Qt offscreen, Chinese messages, and a fresh unlocked store."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("CHILDDESK_LANG", None)

# The reliability battery's results file and closing table (tests/reliability/report.py),
# its ``sized`` marker (profile.py) and its longest-first order (scheduling.py).
pytest_plugins = (
    "tests.reliability.profile",  # first: the other two import it
    "tests.reliability.report",
    "tests.reliability.scheduling",
)


def pytest_configure() -> None:
    # One QApplication for the whole run, made before anything else: a service that needs
    # only QtGui (the PDFs) makes a bare QGuiApplication when none exists, and under that a
    # later widget test would abort the process ("construct a QApplication first").
    from PySide6.QtWidgets import QApplication

    global _APPLICATION
    if QApplication.instance() is None:
        _APPLICATION = QApplication([])


_APPLICATION: object = None
