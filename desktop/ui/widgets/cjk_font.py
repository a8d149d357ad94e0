"""The window's font: Chinese families by name, Windows' own first (``desktop/cjk_fonts``).

Left to itself Qt takes the system's default family and finds Chinese glyphs through its
fallback, which on an English Windows can land on SimSun's small bitmap-hinted strokes or
on whatever font was installed last. Here the application font asks for the installed
families of :data:`~desktop.cjk_fonts.WINDOW_FAMILIES` in order (微软雅黑 first on
Windows), the system's default after them for anything they lack.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from desktop.cjk_fonts import WINDOW_FAMILIES, preferred_installed


def window_families(installed: list[str], default: str) -> list[str]:
    """The families the window asks for: the preferred installed, then ``default``."""
    chosen = preferred_installed(WINDOW_FAMILIES, installed)
    return [*chosen, default] if default not in chosen else chosen


def apply_cjk_font(app: QGuiApplication) -> list[str]:
    """Set the application font's families (its size is kept); the families set."""
    font = QFont(app.font())
    families = window_families(QFontDatabase.families(), font.family())
    font.setFamilies(families)
    app.setFont(font)
    return families


__all__ = ["apply_cjk_font", "window_families"]
