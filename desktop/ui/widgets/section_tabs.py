"""A tab widget whose tabs are a list of sections beside it, not a row above it.

Eleven tabs of a child's file do not fit a row at 1000 px with the large text or at 150 %
scaling: the last ones hid behind scroll arrows. A list on the left shows every section's
whole name at any width and text size. The tab widget keeps its API (current index,
enabled tabs, tooltips), so callers and tests use it as a QTabWidget; its own bar is hidden
and ``sections`` is laid out by the caller.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSizePolicy, QTabWidget, QWidget

from desktop.ui.widgets.styles import ACCENT, ACCENT_LIGHT, BORDER, RAIL_BACKGROUND, TEXT

DISABLED = "#9aa5b1"  # a section a new child does not have yet: plainly greyed
MARGIN = 40  # room for the frame, the items' padding and a vertical scroll bar
# The main window's rail, smaller: the same look for "where am I" in the file.
SECTIONS_SHEET = f"""
QListWidget#sections {{
    background: {RAIL_BACKGROUND};
    border: 1px solid {BORDER};
    outline: 0;
}}
QListWidget#sections::item {{
    padding: 5px 6px;
    border-radius: 3px;
    color: {TEXT};
}}
QListWidget#sections::item:selected {{
    background: {ACCENT_LIGHT};
    color: {ACCENT};
}}
QListWidget#sections::item:disabled {{
    color: {DISABLED};
}}
QListWidget#sections::item:hover:!selected {{
    background: #e8ecf1;
}}
"""


class SectionTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabBar().hide()
        self.setDocumentMode(True)  # no frame around the page: the list is its border
        self.sections = QListWidget(parent)
        self.sections.setObjectName("sections")
        self.sections.setStyleSheet(SECTIONS_SHEET)
        self.sections.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.currentRowChanged.connect(self._section_picked)
        self.currentChanged.connect(self._tab_shown)

    def addTab(self, page: QWidget, label: str) -> int:  # type: ignore[override]
        index = super().addTab(page, label)
        self.sections.insertItem(index, QListWidgetItem(label))
        if self.sections.currentRow() < 0:
            self.sections.setCurrentRow(self.currentIndex())
        self._fit_width()
        return index

    def setTabEnabled(self, index: int, enabled: bool) -> None:
        super().setTabEnabled(index, enabled)
        item = self.sections.item(index)
        if item is not None:
            flags = item.flags()
            wanted = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            item.setFlags(flags | wanted if enabled else flags & ~wanted)

    def setTabToolTip(self, index: int, tip: str) -> None:
        super().setTabToolTip(index, tip)
        item = self.sections.item(index)
        if item is not None:
            item.setToolTip(tip)

    def _section_picked(self, row: int) -> None:
        if 0 <= row < self.count() and row != self.currentIndex():
            self.setCurrentIndex(row)

    def _tab_shown(self, index: int) -> None:
        if self.sections.currentRow() != index:
            self.sections.setCurrentRow(index)

    def _fit_width(self) -> None:
        """As wide as the longest name, in the font of the moment (the text size setting)."""
        self.sections.setFixedWidth(self.sections.sizeHintForColumn(0) + MARGIN)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_width()
