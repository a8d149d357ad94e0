"""统计: counts by category and village, visits due and done per month, drawn bars."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from casework.eligibility import add_months
from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.ui.pages.statistics import StatisticsPage
from desktop.ui.session import StoreSession
from desktop.ui.tasks import SyncTaskRunner
from desktop.ui.widgets.bar_chart import SERIES_COLOURS
from tests.ui.conftest import VILLAGE, add_child
from tests.ui.test_todo_page import left_behind

TODAY = date.today() + timedelta(days=200)


def test_counts_and_charts(qtbot: QtBot, folder: DataDir, store: CaseStore) -> None:
    first = left_behind(store, "王小明", "2015-03-08", 111)
    left_behind(store, "李小红", "2016-05-01", 222)
    add_child(store, "张三", birth="2012-06-01", sequence=113)
    # 王小明 was visited this month (by the page's clock): due and visited.
    store.create(
        "visit",
        {"child_id": first, "visit_date": date.today().isoformat(), "visitor": "李主任"},
    )
    session = StoreSession(folder)
    page = StatisticsPage(session, SyncTaskRunner(), today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(900, 1200)
    page.show()
    session.open(store)
    stats = page.statistics
    assert stats is not None
    assert stats.children == 3
    assert dict(stats.by_category)["left_behind"] == 2
    assert sum(n for _c, n in stats.by_category) == 2
    [village] = stats.by_village
    assert (village.village_code, village.children, village.in_a_category) == (VILLAGE, 3, 2)
    assert village.overdue == 2  # 200 days on, a quarterly visit is overdue for both
    months = {m.month: m for m in stats.months}
    assert len(stats.months) == 6 and stats.months[-1].month == TODAY.replace(day=1)
    this_month = date.today().replace(day=1)
    if this_month in months:  # within the six months shown
        assert months[this_month].done == 1
    last = stats.months[-1]
    assert (last.due, last.visited) == (2, 0)
    assert page.summary.text().startswith("档案中共 3 名儿童，2 名属于保障类别，2 名走访已逾期。")
    # Issue 17 item 6: children in difficulty, each counted once (none here).
    assert stats.in_difficulty == 0 and "0" in page.summary.text().split("。", 1)[1]

    chart = page.categories_chart
    assert chart.labels[0] == "农村留守儿童"
    image = chart.grab().toImage()
    bar = chart.bar_rect(0, 0)
    colour = QColor(image.pixel(int(bar.center().x()), int(bar.center().y())))
    assert colour == SERIES_COLOURS[0]
    assert chart.bar_rect(1, 0).width() == 0  # no orphans: no bar
    months_chart = page.months_chart
    assert months_chart.labels[-1] == add_months(TODAY, 0).strftime("%Y-%m")
    due_bar = months_chart.bar_rect(5, 0)
    image = months_chart.grab().toImage()
    assert (
        QColor(image.pixel(int(due_bar.center().x()), int(due_bar.center().y())))
        == (SERIES_COLOURS[0])
    )

    session.lock()
    assert page.statistics is None and page.categories_chart.labels == ()


def test_counts_only_when_shown(qtbot: QtBot, folder: DataDir, store: CaseStore) -> None:
    add_child(store, "张三", birth="2012-06-01", sequence=113)
    session = StoreSession(folder)
    runner = SyncTaskRunner()
    page = StatisticsPage(session, runner)
    qtbot.addWidget(page)
    session.open(store)
    assert page.statistics is None and runner.calls == []  # hidden: the lane stays free
    page.show()
    assert page.statistics is not None and page.statistics.children == 1
    add_child(store, "李四", birth="2013-06-01", sequence=115)
    session.changed.emit("")  # shown: counts again at once
    assert page.statistics.children == 2


def test_the_chart_and_the_monthly_report_give_the_same_figures(
    qtbot: QtBot, folder: DataDir, store: CaseStore
) -> None:
    """Back-dated files and visits, all typed in today: each month of the chart is the
    monthly report's figures for that month, and a bar lists the children it counts."""
    from PySide6.QtCore import QPoint, Qt

    from desktop.services.monthly_report import monthly_report

    today = date.today()
    months = [add_months(today.replace(day=1), -back) for back in range(5, -1, -1)]
    monthly = left_behind(store, "王小明", "2015-03-08", 111)
    quarterly = left_behind(store, "李小红", "2016-05-01", 222)
    never = left_behind(store, "赵小刚", "2016-07-01", 333)
    store.update(monthly, {"key_child": True, "opened_on": "2021-01-04"})
    store.update(quarterly, {"opened_on": "2022-03-01"})
    store.update(never, {"opened_on": months[2].isoformat()})  # new in the third month
    for month in months[:-1]:
        store.create("visit", {"child_id": monthly, "visit_date": month.replace(day=3).isoformat(),
                               "visitor": "李主任"})  # fmt: skip
    store.create("visit", {"child_id": quarterly, "visit_date": months[1].replace(day=20)
                           .isoformat(), "visitor": "李主任"})  # fmt: skip

    session = StoreSession(folder)
    page = StatisticsPage(session, SyncTaskRunner(), today=lambda: today)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    session.open(store)
    chart = page.months_chart
    assert chart.labels == tuple(m.strftime("%Y-%m") for m in months)
    for row, month in enumerate(months):
        t = monthly_report(store, month).totals
        assert chart.values[row] == (t.visits_due, t.due_visited, t.visits_done), month
    assert chart.values[0] == (2, 1, 1) and chart.values[2] == (2, 1, 1)  # figures, not zeros

    opened: list[str] = []
    page.open_child.connect(opened.append)
    bar = chart.bar_rect(2, 0)  # the third month's "due a visit"
    where = QPoint(int(bar.left()) + 2, int(bar.center().y()))
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=where)
    dialog = page.figure_list
    assert dialog is not None and dialog.isVisible()
    names = [dialog.model.row(i).texts[0] for i in range(dialog.model.rowCount())]
    due = monthly_report(store, months[2])
    assert sorted(names) == sorted(c.name for c in due.children if c.due)
    assert "赵小刚" in names
    dialog.table.doubleClicked.emit(dialog.model.index(names.index("赵小刚"), 0))
    assert opened == [never]
    session.lock()
    assert page.figure_list is None


def test_villages_are_named_not_coded(
    qtbot: QtBot, folder: DataDir, store: CaseStore, tmp_path: Path
) -> None:
    """Issue 18 item 4 / issue 19 item 4: the village bars and the lists behind the monthly
    bars say the village's name from the county's directory, not its code."""
    from desktop.services.directory import record_offline_names

    first = left_behind(store, "王小明", "2015-03-08", 111)
    store.create(
        "visit", {"child_id": first, "visit_date": date.today().isoformat(), "visitor": "李主任"}
    )
    record_offline_names(store, village_name="演示古城村")
    session = StoreSession(folder)
    page = StatisticsPage(session, SyncTaskRunner(), today=date.today)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    session.open(store)
    assert page.villages_chart.labels == ("演示古城村",)
    assert VILLAGE not in page.villages_chart.labels
    stats = page.statistics
    assert stats is not None
    page.show_behind(len(stats.months) - 1, 2)  # this month's visits
    dialog = page.figure_list
    assert dialog is not None
    assert dialog.model.index(0, 1).data() == "演示古城村"
    page.grab().save(str(tmp_path / "statistics.png"))
