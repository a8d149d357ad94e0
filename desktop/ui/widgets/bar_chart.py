"""A horizontal bar chart drawn with QPainter (QtCharts is not in PySide6-Essentials).

One row per label, one bar per series in each row, the value written after each bar and
a legend on top when there are several series. Long Chinese labels fit on the left.
A click on a bar (or beside it, in its lane) says which: ``bar_clicked(row, series)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.ui.widgets.styles import CHART_SERIES

SERIES_COLOURS = tuple(QColor(c) for c in CHART_SERIES)
ROW_GAP = 10
BAR_HEIGHT = 16
LEGEND_HEIGHT = 24
MARGIN = 8


class BarChart(QWidget):
    bar_clicked = Signal(int, int)  # row, series

    def __init__(self, series: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series = tuple(series)
        self.labels: tuple[str, ...] = ()
        self.values: tuple[tuple[int, ...], ...] = ()
        self.clickable = False  # a pointing hand over the bars, for charts whose bars open lists
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(self, labels: Sequence[str], values: Sequence[Sequence[int]]) -> None:
        """``values[i]`` holds one number per series for ``labels[i]``."""
        self.labels = tuple(labels)
        self.values = tuple(tuple(v) for v in values)
        self.setFixedHeight(self._height())
        self.update()

    def _legend_height(self) -> int:
        return LEGEND_HEIGHT if len(self.series) > 1 else 0

    def _row_height(self) -> int:
        return BAR_HEIGHT * len(self.series) + ROW_GAP

    def _height(self) -> int:
        return 2 * MARGIN + self._legend_height() + self._row_height() * max(len(self.labels), 1)

    def sizeHint(self) -> QSize:
        return QSize(480, self._height())

    def bar_rect(self, row: int, series: int) -> QRectF:
        """Where a bar is drawn (tests look at the pixels there)."""
        metrics = self.fontMetrics()
        label_width = max((metrics.horizontalAdvance(t) for t in self.labels), default=0) + 12
        value_width = metrics.horizontalAdvance("0000000") + 8
        area = max(self.width() - label_width - value_width - 2 * MARGIN, 10)
        largest = max((max(v) for v in self.values if v), default=0) or 1
        value = self.values[row][series]
        top = MARGIN + self._legend_height() + row * self._row_height() + series * BAR_HEIGHT
        width = area * value / largest
        return QRectF(MARGIN + label_width, top, max(width, 1 if value else 0), BAR_HEIGHT - 2)

    def bar_at(self, x: float, y: float) -> tuple[int, int] | None:
        """The (row, series) whose lane holds the point: right of the labels, a bar's height."""
        for row in range(len(self.labels)):
            for series in range(len(self.series)):
                bar = self.bar_rect(row, series)
                if bar.left() <= x <= self.width() - MARGIN and bar.top() <= y <= bar.bottom():
                    return row, series
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.bar_at(event.position().x(), event.position().y())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.bar_clicked.emit(*hit)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.clickable and self.bar_at(event.position().x(), event.position().y())
        shape = Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor
        self.setCursor(shape)
        super().mouseMoveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        text_colour = self.palette().text().color()
        if self._legend_height():
            x = MARGIN
            for index, name in enumerate(self.series):
                painter.fillRect(QRectF(x, MARGIN + 4, 12, 12), SERIES_COLOURS[index])
                painter.setPen(text_colour)
                painter.drawText(int(x + 16), MARGIN + 15, name)
                x += 32 + self.fontMetrics().horizontalAdvance(name)
        for row, label in enumerate(self.labels):
            first = self.bar_rect(row, 0)
            block = QRectF(MARGIN, first.top(), first.left() - MARGIN - 6, self._row_height())
            painter.setPen(text_colour)
            painter.drawText(
                block.adjusted(0, 0, 0, -ROW_GAP),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            for series in range(len(self.series)):
                bar = self.bar_rect(row, series)
                painter.fillRect(bar, SERIES_COLOURS[series % len(SERIES_COLOURS)])
                painter.setPen(text_colour)
                painter.drawText(
                    QRectF(bar.right() + 4, bar.top() - 1, 80, BAR_HEIGHT),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    str(self.values[row][series]),
                )
        painter.end()
