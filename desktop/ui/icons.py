"""Icons from qtawesome's Font Awesome 5 (a font, drawn by QPainter: crisp at any scaling,
and no QtSvg in the package). One name per idea, so a page and its rail entry agree.

If the icon fonts cannot be loaded (a damaged install), every icon is empty: the words
beside it still say everything.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtGui import QIcon

from desktop.ui.widgets.styles import ACCENT, MUTED

logger = logging.getLogger(__name__)

# QtPy (under qtawesome) would otherwise try PyQt5 first.
os.environ.setdefault("QT_API", "pyside6")

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


def icon(name: str, colour: str = MUTED, *, selected: str = ACCENT) -> QIcon:
    """The icon for ``name`` (a key of NAMES), in ``colour``; ``selected`` when chosen."""
    try:
        import qtawesome

        drawn: QIcon = qtawesome.icon(
            NAMES[name], color=colour, color_active=colour, color_selected=selected
        )
        return drawn
    except Exception:
        logger.warning("icon %s could not be drawn", name, exc_info=True)
        return QIcon()
