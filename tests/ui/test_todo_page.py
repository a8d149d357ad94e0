"""待办: overdue visits, expiring entrustments, birthdays, open reports; each opens its file."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.ui.child_files import ChildFiles
from desktop.ui.pages.todo import TodoPage
from desktop.ui.report_dialogs import ReportDialogs
from desktop.ui.session import StoreSession
from desktop.ui.tasks import SyncTaskRunner
from tests.ui.conftest import add_child

TODAY = date.today() + timedelta(days=200)  # long after registration: visits overdue


def left_behind(store: CaseStore, name: str, birth: str, sequence: int) -> str:
    child_id = add_child(store, name, birth=birth, sequence=sequence)
    for relation, parent in (("father", "王某"), ("mother", "李某")):
        store.create(
            "family_member",
            {
                "child_id": child_id,
                "relation": relation,
                "name": parent,
                "situations": [{"kind": "migrant_work", "since": "2020-01-01"}],
            },
        )
    return child_id


def test_the_to_do_list_and_opening_items(qtbot: QtBot, folder: DataDir, store: CaseStore) -> None:
    # 王小明 turns 16 three weeks after "today": no longer left behind then.
    sixteenth = TODAY + timedelta(days=21)
    birth = sixteenth.replace(year=sixteenth.year - 16).isoformat()
    older = left_behind(store, "王小明", birth, 111)
    younger = left_behind(store, "李小红", "2016-05-01", 222)
    store.create(
        "entrustment",
        {
            "child_id": younger,
            "guardian_name": "李奶奶",
            "signed_date": date.today().isoformat(),
            "valid_until": (TODAY + timedelta(days=10)).isoformat(),
            "status": "signed",
        },
    )
    # 王小明's entrustment is valid long after: no "留守儿童无有效委托监护确认书" item.
    store.create(
        "entrustment",
        {"child_id": older, "guardian_name": "王奶奶", "signed_date": date.today().isoformat(),
         "valid_until": (TODAY + timedelta(days=365)).isoformat(), "status": "signed"},
    )  # fmt: skip
    report = store.create(
        "mandatory_report",
        {"child_id": younger, "trigger": "living_alone", "found_at": "2026-11-01 08:00"},
    )
    add_child(store, "张三", birth="2012-06-01", sequence=113)  # in no category: nothing due

    session = StoreSession(folder)
    runner = SyncTaskRunner()
    page = TodoPage(session, runner, today=lambda: TODAY)
    qtbot.addWidget(page)
    files = ChildFiles(session, runner, today=lambda: TODAY)
    reports = ReportDialogs(session, runner)
    page.open_child.connect(files.open)
    page.open_report.connect(reports.open_report)
    session.open(store)

    items = page.visible_items()
    kinds = sorted((item.kind, item.child_id) for item in items)
    assert kinds == sorted(
        [
            ("visit_overdue", older),
            ("visit_overdue", younger),
            ("entrustment_expiring", younger),
            ("turns_16", older),
            ("report_draft", younger),
        ]
    )
    texts = [page.model.index(row, 2).data() for row in range(page.model.rowCount())]
    assert any(t.startswith("王小明：走访已逾期") for t in texts)
    assert any("委托监护确认书将于" in t for t in texts)
    assert any("满 16 周岁" in t for t in texts)
    assert any("强制报告还是草稿" in t for t in texts)
    assert page.model.index(0, 0).data() == "紧急"  # the most urgent first
    assert page.count_label.text() == "共 5 项待办，其中 3 项紧急"

    page.group.setCurrentIndex(page.group.findData("papers"))
    assert [item.kind for item in page.visible_items()] == ["entrustment_expiring"]

    # Double-clicking the entrustment opens 李小红's file.
    page.table.show()
    with qtbot.waitSignal(files.opened) as opened:
        index = page.model.index(0, 2)
        page.table.doubleClicked.emit(index)
    dialog = opened.args[0]
    qtbot.addWidget(dialog)
    assert dialog.child_id == younger

    # The report item opens the report; once closed it leaves the list.
    page.group.setCurrentIndex(page.group.findData("reports"))
    with qtbot.waitSignal(reports.opened) as shown:
        page.table.doubleClicked.emit(page.model.index(0, 0))
    report_dialog = shown.args[0]
    qtbot.addWidget(report_dialog)
    assert report_dialog.report_id == report
    store.update(
        report,
        {"reported_at": "2026-11-01 08:30", "police_station": "递铺派出所", "filed": True},
    )
    store.update(report, {"follow_up_status": "closed"})
    page.reload()
    assert page.visible_items() == []
    page.group.setCurrentIndex(0)
    assert len(page.visible_items()) == 4
    dialog.take_draft()
    report_dialog.take_draft()

    session.lock()
    assert page.model.rowCount() == 0


def test_nothing_to_do_says_so(qtbot: QtBot, folder: DataDir, store: CaseStore) -> None:
    session = StoreSession(folder)
    page = TodoPage(session, SyncTaskRunner())
    qtbot.addWidget(page)
    session.open(store)
    assert not page.empty_label.isHidden()
    assert page.empty_label.text() == "目前没有需要办理的事项。"
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0
