"""统计: children by category and by village, home visits due and done month by month.

The monthly chart shows the monthly report's own figures (``services/month_figures``);
a click on a bar lists the children (or visits) behind it, each opening its file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.dialogs.figure_list import FigureListDialog
from desktop.ui.errors import describe_error
from desktop.ui.pages.base import Page
from desktop.ui.session import StoreSession
from desktop.ui.tasks import Tasks
from desktop.ui.widgets.bar_chart import BarChart
from desktop.ui.words import value_text
from desktop.usecases.statistics import Statistics, behind_bar, load_statistics


class StatisticsPage(Page):
    open_child = Signal(str)  # child id, from the list behind a bar

    def __init__(
        self,
        session: StoreSession,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        # Counting 10,000 children takes seconds of the database lane: only when shown.
        super().__init__(session, tasks, parent, only_when_shown=True)
        self._today = today
        self.statistics: Statistics | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.categories_chart = BarChart([self.tr("Children")], self)
        self.categories_chart.setObjectName("categories_chart")
        self.villages_chart = BarChart(
            [self.tr("Children on file"), self.tr("In a category"), self.tr("Visit overdue")],
            self,
        )
        self.villages_chart.setObjectName("villages_chart")
        self.months_chart = BarChart(
            [self.tr("Due a visit"), self.tr("Of those, visited"), self.tr("Visits recorded")],
            self,
        )
        self.months_chart.setObjectName("months_chart")
        self.months_chart.clickable = True
        self.months_chart.setToolTip(self.tr("Click a bar to see the children it counts."))
        self.figure_list: FigureListDialog | None = None

        body = QWidget(self)
        column = QVBoxLayout(body)
        for title, chart in (
            (self.tr("Children by category"), self.categories_chart),
            (self.tr("Children by village"), self.villages_chart),
            (self.tr("Home visits month by month (click a bar for its list)"), self.months_chart),
        ):
            box = QGroupBox(title, body)
            inside = QVBoxLayout(box)
            inside.addWidget(chart)
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.busy)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)

        self.refresh_button.clicked.connect(self.reload)
        self.months_chart.bar_clicked.connect(self.show_behind)

    def reload(self) -> None:
        today = self._today()
        self.read(
            self.tr("Counting…"),
            lambda store: load_statistics(store, today=today),
            self._loaded,
            lambda error: self.summary.setText(describe_error(error)),
        )

    def _loaded(self, statistics: Statistics) -> None:
        self.statistics = statistics
        in_categories = sum(v.in_a_category for v in statistics.by_village)
        overdue = sum(v.overdue for v in statistics.by_village)
        self.summary.setText(
            self.tr(
                "{children} children on file, {in_categories} in a category, "
                "{overdue} with a visit overdue."
            ).format(children=statistics.children, in_categories=in_categories, overdue=overdue)
            + " "
            + self.tr(
                "Children in difficulty: {count} (a child in several categories counted once)."
            ).format(count=statistics.in_difficulty)
        )
        self.categories_chart.set_data(
            [value_text(code) for code, _n in statistics.by_category],
            [(n,) for _code, n in statistics.by_category],
        )
        self.villages_chart.set_data(
            [v.village_name or v.village_code for v in statistics.by_village],
            [(v.children, v.in_a_category, v.overdue) for v in statistics.by_village],
        )
        self.months_chart.set_data(
            [m.month.strftime("%Y-%m") for m in statistics.months],
            [(m.due, m.visited, m.done) for m in statistics.months],
        )
        self.loaded.emit()

    def show_behind(self, row: int, series: int) -> None:
        """The children (or visits) a bar of the monthly chart counts, in a list."""
        if self.statistics is None or not 0 <= row < len(self.statistics.months):
            return
        month = self.statistics.months[row]
        title = self.tr("{figure}, {month}").format(
            figure=self.months_chart.series[series], month=month.month.strftime("%Y-%m")
        )
        note = self.tr(
            "Counted as the monthly report counts them: by the dates of the visits and the "
            "files, categories as of {day}. Double-click a child to open the file."
        ).format(day=month.figures.as_of.isoformat())
        if self.figure_list is not None:
            self.figure_list.close()
        items = behind_bar(month, series, self.statistics.names)
        dialog = FigureListDialog(title, note, items, self)
        dialog.open_child.connect(self.open_child)
        dialog.finished.connect(lambda _result: self._list_closed(dialog))
        self.figure_list = dialog
        dialog.open()

    def _list_closed(self, dialog: FigureListDialog) -> None:
        if self.figure_list is dialog:
            self.figure_list = None
        dialog.deleteLater()

    def clear(self) -> None:
        if self.figure_list is not None:
            self.figure_list.close()  # nothing of the store stays on screen when locked
            self.figure_list = None
        self.statistics = None
        self.summary.clear()
        for chart in (self.categories_chart, self.villages_chart, self.months_chart):
            chart.set_data([], [])
