"""The township's monthly work report: figures for October 2026, then the PDF and xlsx."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from desktop.models.store import CaseStore
from desktop.models.tables import Record
from desktop.services.documents.monthly_report import write_monthly_report_pdf
from desktop.services.monthly_report import (
    MonthlyReport,
    ReportError,
    monthly_report,
    parse_month,
)
from desktop.services.monthly_report_xlsx import write_monthly_report_xlsx
from tests.desktop.pdf_render import render_pdf
from tests.desktop.test_cli import run

OCTOBER = date(2026, 10, 1)
JUNE = datetime(2026, 6, 1, 9)


def _left_behind(store: CaseStore, name: str, birth: str, **extra: Any) -> str:
    child = store.create("child", {"name": name, "gender": "female", "birth_date": birth, **extra})
    for relation, parent in (("father", "父" + name), ("mother", "母" + name)):
        store.create(
            "family_member",
            {"child_id": child, "relation": relation, "name": parent,
             "situations": [{"kind": "migrant_work", "since": "2019-01-01"}]},
        )  # fmt: skip
    return child


def _visit(store: CaseStore, child: str, day: str) -> None:
    store.create("visit", {"child_id": child, "visit_date": day, "visitor": "李主任"})


def _backdate(store: CaseStore, ids: list[str], **values: datetime) -> None:
    with store.engine.begin() as connection:
        connection.execute(update(Record).where(Record.id.in_(ids)).values(**values))


@pytest.fixture
def october(store: CaseStore) -> tuple[CaseStore, dict[str, str]]:
    kids = {
        "a": _left_behind(store, "安安", "2015-02-01"),  # due 10 Oct, visited 12 Oct
        "b": _left_behind(store, "贝贝", "2015-02-01"),  # due 20 Nov
        "c": _left_behind(store, "丛丛", "2015-02-01", key_child=True),  # due 5 Oct, missed
        "d": _left_behind(store, "丁丁", "2015-02-01"),  # new on 15 Oct, never visited
        "e": _left_behind(store, "鄂鄂", "2010-10-20"),  # turns 16 on 20 Oct: closed
        "f": _left_behind(store, "范范", "2010-11-15"),  # turns 16 next month
    }
    _visit(store, kids["a"], "2026-07-10")
    _visit(store, kids["a"], "2026-10-12")
    _visit(store, kids["b"], "2026-08-20")
    _visit(store, kids["c"], "2026-09-05")
    _visit(store, kids["e"], "2026-09-15")
    _visit(store, kids["f"], "2026-09-15")
    _backdate(store, [k for n, k in kids.items() if n != "d"], created_at=JUNE)
    _backdate(store, [kids["d"]], created_at=datetime(2026, 10, 15, 10))
    for reported, filed in (("2026-10-03T10:00", True), ("2026-09-28T10:00", True),
                            ("2026-10-04T10:00", False)):  # fmt: skip
        store.create(
            "mandatory_report",
            {"child_id": kids["a"], "trigger": "living_alone", "found_at": reported,
             "reported_at": reported, "police_station": "递铺派出所", "filed": filed},
        )  # fmt: skip
    store.create("referral", {"child_id": kids["a"], "department": "education",
                              "need": "课后辅导", "referred_on": "2026-10-05"})  # fmt: skip
    store.create("referral", {"child_id": kids["b"], "department": "health", "need": "心理咨询",
                              "referred_on": "2026-08-01", "status": "in_progress"})  # fmt: skip
    settled = store.create("referral", {"child_id": kids["c"], "department": "civil_affairs",
                                        "need": "临时救助", "referred_on": "2026-07-01",
                                        "status": "done"})  # fmt: skip
    _backdate(store, [settled], updated_at=datetime(2026, 7, 20))
    store.create("referral", {"child_id": kids["c"], "department": "justice", "need": "法律援助",
                              "referred_on": "2026-11-02"})  # fmt: skip
    return store, kids


def _names(lines: Any) -> list[str]:
    return [line.child_name for line in lines]


def test_october_figures(october: tuple[CaseStore, dict[str, str]]) -> None:
    store, _ = october
    report = monthly_report(store, OCTOBER)
    t = report.totals
    assert (t.children, t.in_scope) == (6, 5)
    assert (t.visits_due, t.due_visited, t.visits_done) == (3, 1, 1)
    assert (t.new_cases, t.closed_cases) == (1, 1)
    assert sorted(_names(report.overdue)) == sorted(["丛丛", "丁丁"])
    assert _names(report.new_cases) == ["丁丁"]
    assert _names(report.closed_cases) == ["鄂鄂"]
    assert [(r.child_name, r.day) for r in report.reports_filed] == [("安安", date(2026, 10, 3))]
    assert sorted((r.child_name, r.state) for r in report.referrals) == [
        ("安安", "待答复"),
        ("贝贝", "办理中"),
    ]
    assert report.referral_states == {"open": 1, "in_progress": 1, "done": 0, "declined": 0}
    changes = [(r.child_name, r.day) for r in report.changes_next_month]
    assert ("范范", date(2026, 11, 15)) in changes
    assert all(r.day.month == 11 for r in report.changes_next_month)
    assert list(report.villages) == ["330523101001"]


def test_a_month_before_anything_was_registered_is_empty(
    october: tuple[CaseStore, dict[str, str]],
) -> None:
    store, _ = october
    report = monthly_report(store, date(2026, 5, 1))
    assert report.totals.children == 0 and report.overdue == [] and report.referrals == []


def _report(october: tuple[CaseStore, dict[str, str]]) -> MonthlyReport:
    return monthly_report(october[0], OCTOBER)


def test_monthly_report_xlsx(october: tuple[CaseStore, dict[str, str]], tmp_path: Path) -> None:
    path = tmp_path / "月报.xlsx"
    write_monthly_report_xlsx(_report(october), path)
    workbook = load_workbook(path)
    assert workbook.sheetnames[:2] == ["概况", "分村统计"]
    figures = {r[0]: r[1] for r in workbook["概况"].iter_rows(min_row=4, values_only=True)}
    assert figures["本月应走访（人）"] == 3 and figures["其中已走访（人）"] == 1
    assert figures["走访完成率"] == "33%" and figures["本月提交强制报告（件）"] == 1
    assert "2026年10月" in str(workbook["概况"]["A1"].value)
    villages = list(workbook["分村统计"].iter_rows(values_only=True))
    assert villages[-1][:4] == ("合计", 6, 5, 3)
    overdue = [r[0] for r in workbook["应走访未走访"].iter_rows(min_row=2, values_only=True)]
    assert sorted(overdue) == sorted(["丛丛", "丁丁"])
    assert "含个人信息" in (workbook.properties.subject or "")


def test_monthly_report_pdf(october: tuple[CaseStore, dict[str, str]], tmp_path: Path) -> None:
    path = tmp_path / "月报.pdf"
    assert write_monthly_report_pdf(_report(october), path) >= 1
    pages = render_pdf(path, tmp_path)
    text = "".join(p.text for p in pages)
    for expected in ("儿童关爱保护工作月报（2026年10月）", "走访完成率33%", "丛丛", "丁丁",
                     "鄂鄂", "范范", "转介教育：课后辅导", "递铺派出所"):  # fmt: skip
        assert expected in text, expected
    assert pages[0].dark_fraction(0.02, 0.08) > 0.01


def test_month_parsing() -> None:
    assert parse_month("2026-11") == date(2026, 11, 1)
    for bad in ("2026-13", "11/2026", "2026"):
        with pytest.raises(ReportError):
            parse_month(bad)


def test_cli_report_print_and_todo(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "init", "--village", "330523101001").returncode == 0
    added = run(
        data, "add", "child", "--set", "name=王小明", "--set", "gender=male",
        "--set", "birth_date=2014-03-01", "--set", "family_assistance=dibao",
        "--set", f"assistance_valid_until={date.today() + timedelta(days=10)}",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    child = json.loads(run(data, "list", "--json").stdout)[0]["id"]
    month = date.today().strftime("%Y-%m")

    xlsx = tmp_path / "月报.xlsx"
    made = run(data, "report", "monthly", "--month", month, "--out", str(xlsx))
    assert made.returncode == 0, made.stderr
    new = [r[0] for r in load_workbook(xlsx)["新建档案"].iter_rows(min_row=2, values_only=True)]
    assert new == ["王小明"]
    pdf = tmp_path / "月报.pdf"
    assert run(data, "report", "monthly", "--month", month, "--out", str(pdf)).returncode == 0
    assert "王小明" in render_pdf(pdf, tmp_path)[0].text
    bad = run(data, "report", "monthly", "--month", "2026/11", "--out", str(pdf))
    assert bad.returncode == 1 and "YYYY-MM" in bad.stderr

    for document, expected in (("entrustment", "委托监护确认书"), ("dossier", "一人一档")):
        out = tmp_path / f"{document}.pdf"
        printed = run(data, "print", document, child[:8], "--out", str(out))
        assert printed.returncode == 0, printed.stderr
        (page,) = render_pdf(out, tmp_path)
        assert expected in page.text and "王小明" in page.text

    todo = run(data, "todo", "--json")
    assert todo.returncode == 0, todo.stderr
    items = json.loads(todo.stdout)
    assert ("certificate_expiring", child) in [(i["kind"], i["child_id"]) for i in items]
    assert all("王小明" in i["zh"] for i in items)
    assert "王小明" in run(data, "todo").stdout


def test_printed_lists_are_cut_with_a_pointer_to_the_workbook(
    october: tuple[CaseStore, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.documents import monthly_report as printed

    monkeypatch.setattr(printed, "PRINTED_LINES", 1)
    html = printed.monthly_report_html(_report(october))
    assert "另有 1 项未列出" in html  # two children missed their visit
