"""The window's one look: palette, status colours, spacing, text sizes and style sheets.

Every colour or style string a widget uses comes from here, so a page never invents its
own red. The text size is the director's choice (小 / 中 / 大 on the settings page); the
smallest is 11 pt, because most directors are past 45 and read on 14-inch screens.
Only QtGui and QtWidgets are imported: the unlock screen applies the size before anything
heavy is loaded.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtGui import QColor, QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget

# -- palette ---------------------------------------------------------------------------
ACCENT = "#1565c0"  # the selected page, buttons that go somewhere
ACCENT_LIGHT = "#e3edf9"
RAIL_BACKGROUND = "#f3f5f8"
BORDER = "#d5dbe3"
TEXT = "#1f2933"
MUTED = "#52606d"  # hints, secondary facts (still 7:1 on white)

# -- status colours (text on white, each at least 4.5:1) ---------------------------------
OK = "#1b5e20"
URGENT = "#b00020"  # overdue, refused, an error
WARNING = "#8a4b00"  # due soon
INFO = MUTED
URGENT_BACKGROUND = "#fdecee"
WARNING_BACKGROUND = "#fff4e0"
OK_BACKGROUND = "#e8f5e9"

SEVERITY_COLOURS = {"urgent": URGENT, "warning": WARNING, "info": INFO}
TONE_COLOURS = {"ok": OK, "warning": WARNING, "urgent": URGENT}  # sentences (sync_words.py)
SEVERITY_BACKGROUNDS = {"urgent": URGENT_BACKGROUND, "warning": WARNING_BACKGROUND}
CHART_SERIES = ("#1565c0", "#ef6c00", "#2e7d32")

OK_STYLE = f"color: {OK};"
ERROR_STYLE = f"color: {URGENT};"
MUTED_STYLE = f"color: {MUTED};"

# -- spacing (px at 100 %; Qt scales them with the screen) -----------------------------
SPACING = 8
PAGE_MARGIN = 12

# -- text size --------------------------------------------------------------------------
TextSize = Literal["small", "medium", "large"]
TEXT_SIZES: dict[str, int] = {"small": 11, "medium": 12, "large": 14}  # points
DEFAULT_TEXT_SIZE: TextSize = "medium"


def colour(name: str) -> QColor:
    return QColor(name)


def text_points(size: str) -> int:
    return TEXT_SIZES.get(size, TEXT_SIZES[DEFAULT_TEXT_SIZE])


def apply_text_size(app: QGuiApplication, size: str) -> None:
    """The base font of every widget, at once (the settings page changes it live).

    Widgets under a style sheet and headings hold a font of their own and would keep the
    old size: the sheets are set again and the headings follow here."""
    font = QFont(app.font())
    font.setPointSize(text_points(size))
    app.setFont(font)
    if not isinstance(app, QApplication):
        return
    for widget in app.allWidgets():
        if isinstance(widget, Heading):
            widget.follow()
        elif widget.styleSheet():
            widget.setStyleSheet(widget.styleSheet())


def heading_font(base: QFont, *, steps: int = 4, bold: bool = True) -> QFont:
    """A title a few points above the base text."""
    font = QFont(base)
    font.setPointSize(max(base.pointSize(), 1) + steps)
    font.setBold(bold)
    return font


class Heading(QLabel):
    """A page's or a box's title, a few points above the text size."""

    def __init__(self, text: str, parent: QWidget | None = None, *, steps: int = 4) -> None:
        super().__init__(text, parent)
        self._steps = steps
        self.setWordWrap(True)
        self.follow()

    def follow(self) -> None:
        """Take the size from the application's font (apply_text_size calls it)."""
        self.setFont(heading_font(QApplication.font(), steps=self._steps))


def say(label: QLabel, text: str, *, ok: bool = True) -> None:
    """Show ``text`` in ``label``, green when it went well and red when it did not."""
    label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
    label.setWordWrap(True)  # long messages wrap, never cut
    label.setText(text)


def banner_style(kind: str) -> str:
    """A coloured band for a sentence that must be seen (offline for days, a problem)."""
    background = {
        "urgent": URGENT_BACKGROUND, "warning": WARNING_BACKGROUND, "ok": OK_BACKGROUND
    }.get(kind, ACCENT_LIGHT)  # fmt: skip
    text = TONE_COLOURS.get(kind, TEXT)
    return (
        f"QLabel {{ background: {background}; color: {text}; border: 1px solid {BORDER};"
        f" border-radius: 4px; padding: 8px; }}"
    )


# A button that starts the page's main work (Sync now): filled, so it is found at once.
PRIMARY_BUTTON = f"""
QPushButton {{
    background: {ACCENT}; color: white; border: none; border-radius: 4px;
    padding: 6px 16px; font-weight: bold;
}}
QPushButton:disabled {{ background: #9fb8d8; }}
"""


def window_style_sheet() -> str:
    """The main window's sheet: the navigation rail and its selected page."""
    return f"""
QListWidget#rail {{
    background: {RAIL_BACKGROUND};
    border: none;
    border-right: 1px solid {BORDER};
    outline: 0;
}}
QListWidget#rail::item {{
    padding: 8px 6px;
    border-radius: 4px;
    color: {TEXT};
}}
QListWidget#rail::item:selected {{
    background: {ACCENT_LIGHT};
    color: {ACCENT};
    font-weight: bold;
}}
QListWidget#rail::item:hover:!selected {{
    background: #e8ecf1;
}}
"""
