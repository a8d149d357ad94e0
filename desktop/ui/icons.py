"""Icons from Font Awesome 5 (solid), the font qtawesome ships: drawn by QPainter, crisp at
any scaling, and no QtSvg in the package. One name per idea, so a page and its rail entry
agree.

Only that one font is loaded, and drawn here rather than through qtawesome itself, whose
import (QtPy star-importing every Qt class) and nine other fonts cost the window about
40 MiB and half a second at start (bench/ui.py, issue 19 item 6).

If the icon font cannot be loaded (a damaged install), every icon is empty: the words
beside it still say everything.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)

from desktop.ui.widgets.styles import ACCENT, MUTED

logger = logging.getLogger(__name__)

NAMES: dict[str, str] = {
    "home": "fa5s.sun",
    "children": "fa5s.child",
    "todo": "fa5s.tasks",
    "reports": "fa5s.shield-alt",
    "conflicts": "fa5s.code-branch",
    "statistics": "fa5s.chart-bar",
    "ledger": "fa5s.file-excel",
    "sync": "fa5s.sync-alt",
    "settings": "fa5s.cog",
    "supervision": "fa5s.clipboard-check",
    "lock": "fa5s.lock",
    "visit": "fa5s.walking",
    "paper": "fa5s.file-signature",
    "urgent": "fa5s.exclamation-circle",
    "warning": "fa5s.clock",
    "info": "fa5s.info-circle",
    "task": "fa5s.clipboard-list",
    "upload": "fa5s.cloud-upload-alt",
    "offline": "fa5s.plug",
    "search": "fa5s.search",
    "new": "fa5s.user-plus",
}
GLYPH_SHARE = 0.875  # of the icon's height: room for the font's bearings (as qtawesome)


@cache
def _solid_font() -> tuple[str, dict[str, str]]:
    """The font's family and its glyphs by name, from qtawesome's fonts folder (found
    without importing qtawesome)."""
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("qtawesome")
    fonts = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    ttf = max(fonts.glob("fontawesome5-solid-webfont-[0-9]*.ttf"))
    charmap = max(fonts.glob("fontawesome5-solid-webfont-charmap-*.json"))
    font_id = QFontDatabase.addApplicationFontFromData(ttf.read_bytes())
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        raise ValueError(f"{ttf.name} could not be loaded")
    codes: dict[str, str] = json.loads(charmap.read_text(encoding="utf-8"))
    return families[0], {name: chr(int(code, 16)) for name, code in codes.items()}


class _GlyphEngine(QIconEngine):
    """One glyph of the font, in a colour per mode (drawn at the size asked for)."""

    def __init__(self, family: str, glyph: str, colour: str, selected: str) -> None:
        super().__init__()
        self._family, self._glyph = family, glyph
        self._colour, self._selected = colour, selected

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        if mode == QIcon.Mode.Disabled:
            colour = QGuiApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        else:
            colour = QColor(self._selected if mode == QIcon.Mode.Selected else self._colour)
        font = QFont(self._family)
        font.setStyleName("Solid")
        font.setPixelSize(max(1, round(GLYPH_SHARE * rect.height())))
        painter.save()
        painter.setPen(colour)
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self._glyph)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        drawn = QPixmap(size)
        drawn.fill(Qt.GlobalColor.transparent)
        painter = QPainter(drawn)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return drawn

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self._family, self._glyph, self._colour, self._selected)


def icon(name: str, colour: str = MUTED, *, selected: str = ACCENT) -> QIcon:
    """The icon for ``name`` (a key of NAMES), in ``colour``; ``selected`` when chosen."""
    try:
        family, glyphs = _solid_font()
        glyph = glyphs[NAMES[name].removeprefix("fa5s.")]
    except Exception:
        logger.warning("icon %s could not be drawn", name, exc_info=True)
        return QIcon()
    return QIcon(_GlyphEngine(family, glyph, colour, selected))
