"""Errors in plain words even when the program's own files fail to load.

Before the main window's modules are imported (desktop/ui/startup.py), telling an error
means importing them; a partial copy or a file quarantined by an antivirus program makes
that fail too, and the user should still read what to do.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def damaged_install_text() -> str:
    return QCoreApplication.translate(
        "Damaged",
        "This copy of the program is incomplete or damaged, so the case file cannot be "
        "shown. Reinstall the program; the case file itself is safe.",
    )


def describe_error_safely(error: BaseException) -> str:
    """``desktop.ui.errors.describe_error``, or the damaged-install text if it won't load."""
    try:
        from desktop.ui.errors import describe_error
    except Exception:
        return damaged_install_text()
    return describe_error(error)
