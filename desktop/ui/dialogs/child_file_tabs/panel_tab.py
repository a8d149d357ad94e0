"""A tab that is one records panel (family, entrustments, the case cycle, benefits)."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from desktop.ui.widgets.case_cycle import ClauseTab
from desktop.ui.widgets.records_panel import RecordsPanel
from desktop.usecases.casecycle import FileOffers
from desktop.usecases.children import ChildFile


class PanelTab(QWidget):
    """``panel`` scrolled, under the clause it follows when there is one; subclasses say
    which of the file's records it lists and whether this device's role writes them."""

    def __init__(self, panel: RecordsPanel, parent: QWidget, *, clause: str = "") -> None:
        super().__init__(parent)
        self.panel = panel
        self.clause = clause  # the tab's tooltip too
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if clause:
            layout.addWidget(ClauseTab(clause, panel, self))
        else:
            area = QScrollArea(self)
            area.setWidgetResizable(True)
            area.setWidget(panel)
            layout.addWidget(area)

    def show_file(self, file: ChildFile) -> None:
        raise NotImplementedError

    def may_write(self, offers: FileOffers) -> bool:
        raise NotImplementedError
