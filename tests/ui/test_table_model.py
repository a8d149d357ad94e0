"""The child list's model and filter, without any widget (CONVENTIONS 6)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from casework.visits_policy import VisitDue
from desktop.services.casefile import ChildSummary
from desktop.ui.table_models.children import ChildFilterProxy, ChildTableModel, Column, Role


def summary(
    child_id: str,
    name: str,
    *,
    gender: str = "male",
    categories: tuple[str, ...] = ("left_behind",),
    due: VisitDue | None = None,
    sync_state: str = "pending",
) -> ChildSummary:
    return ChildSummary(
        id=child_id,
        name=name,
        gender=gender,
        birth_date="2015-03-08",
        id_number_masked="330523********1235",
        village_code="330523101001",
        categories=categories,
        in_difficulty=False,
        risk_level="low",
        key_child=False,
        last_visit=None,
        next_visit=due,
        sync_state=sync_state,
    )


ROWS = [
    summary("a", "王小明", due=VisitDue(date(2026, 1, 1), "overdue", 30)),
    summary("b", "李小红", gender="female", categories=("low_income_family",), sync_state="synced"),
    summary("c", "张三", categories=(), due=None, sync_state="conflict"),
]


def test_columns_and_display_in_chinese() -> None:
    model = ChildTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_children(ROWS)
    assert model.rowCount() == 3
    assert model.columnCount() == len(Column)
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) for c in Column
    ]
    assert headers == [
        "姓名",
        "性别",
        "出生日期",
        "公民身份号码",
        "类别",
        "下次走访",
        "同步状态",
        "村",
    ]
    cell = lambda row, column: model.index(row, column).data()  # noqa: E731
    assert cell(0, Column.NAME) == "王小明"
    assert cell(0, Column.GENDER) == "男"
    assert cell(1, Column.GENDER) == "女"
    assert cell(0, Column.ID_NUMBER) == "330523********1235"
    assert cell(0, Column.CATEGORIES) == "农村留守儿童"
    assert cell(0, Column.NEXT_VISIT) == "2026-01-01（逾期 30 天）"
    assert cell(2, Column.NEXT_VISIT) == "无需走访"
    assert cell(1, Column.SYNC_STATE) == "已同步"
    assert cell(0, Column.SYNC_STATE) == "待上传"


def test_roles() -> None:
    model = ChildTableModel()
    model.set_children(ROWS)
    index = model.index(0, Column.NAME)
    assert index.data(Role.CHILD_ID) == "a"
    assert index.data(Role.SUMMARY) is ROWS[0]
    assert index.data(Role.CATEGORIES) == ("left_behind",)
    assert index.data(Role.VISIT_STATUS) == "overdue"
    assert index.data(Role.SYNC_STATE) == "pending"
    assert model.index(2, Column.NEXT_VISIT).data(Role.SORT) == "9999-12-31"
    assert model.row_of("b") == 1
    model.clear()
    assert model.rowCount() == 0


def test_filters() -> None:
    model = ChildTableModel()
    model.set_children(ROWS)
    proxy = ChildFilterProxy()
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    proxy.setSourceModel(model)

    def shown() -> list[str]:
        return [proxy.index(r, 0).data(Role.CHILD_ID) for r in range(proxy.rowCount())]

    assert shown() == ["a", "b", "c"]
    proxy.set_search_results(["c", "a"])
    assert sorted(shown()) == ["a", "c"]
    proxy.set_search_results([])
    assert shown() == []
    proxy.set_search_results(None)
    proxy.set_category("low_income_family")
    assert shown() == ["b"]
    proxy.set_category(None)
    proxy.set_overdue_only(True)
    assert shown() == ["a"]
    proxy.set_overdue_only(False)
    proxy.set_sync_state("conflict")
    assert shown() == ["c"]
    proxy.set_sync_state(None)
    proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert len(shown()) == 3


def test_names_sort_by_pinyin_and_filters_keep_the_order() -> None:
    from desktop.usecases.children import by_name, name_sort_keys

    rows = [summary(str(i), name) for i, name in enumerate(["张三", "王小明", "吕布", "李小红"])]
    model = ChildTableModel()
    model.set_children(rows, name_sort_keys(r.name for r in rows))
    proxy = ChildFilterProxy()
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    proxy.setSourceModel(model)
    proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)

    def names() -> list[str]:
        return [proxy.index(r, Column.NAME).data() for r in range(proxy.rowCount())]

    assert names() == ["李小红", "吕布", "王小明", "张三"]  # li, lü, wang, zhang
    proxy.set_search_results(["0", "3", "1"])  # the index's order does not matter
    assert names() == ["李小红", "王小明", "张三"]
    proxy.sort(Column.NAME, Qt.SortOrder.DescendingOrder)
    assert names() == ["张三", "王小明", "李小红"]

    # Sorted on the worker (usecases.children.by_name): the same order, none of the work.
    keys = name_sort_keys(r.name for r in rows)
    model.set_children(by_name(rows, keys), keys, name_sorted=True)
    assert names() == ["张三", "王小明", "李小红"]  # still descending, as chosen
    proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert names() == ["李小红", "王小明", "张三"]
    proxy.set_search_results(None)
    assert names() == ["李小红", "吕布", "王小明", "张三"]


def test_the_list_resets_only_when_what_it_shows_changes() -> None:
    model = ChildTableModel()
    model.set_children(ROWS)
    proxy = ChildFilterProxy()
    proxy.setSourceModel(model)
    resets: list[bool] = []
    proxy.modelReset.connect(lambda: resets.append(True))

    proxy.set_search_results(["a", "b", "c"])  # every child matches, as the first digits do
    proxy.set_search_results(["c", "b", "a"])
    assert resets == []
    proxy.set_search_results(["a"])
    assert len(resets) == 1
    proxy.set_search_results(["a"])
    assert len(resets) == 1
    # New summaries with the same rows: the view must repaint what changed in them.
    model.set_children([summary("a", "王小华"), *ROWS[1:]])
    assert len(resets) == 2
    assert proxy.index(0, Column.NAME).data() == "王小华"
