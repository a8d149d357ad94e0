"""The colours of a line that tells the user how something went, in one place."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

OK_STYLE = "color: #1b5e20;"
ERROR_STYLE = "color: #b00020;"


def say(label: QLabel, text: str, *, ok: bool = True) -> None:
    """Show ``text`` in ``label``, green when it went well and red when it did not."""
    label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
    label.setText(text)
