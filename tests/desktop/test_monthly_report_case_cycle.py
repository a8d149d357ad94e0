"""The monthly report shows the month's case cycle (issue 17): assessments (seed §二(六)3),
referral answers ("一门受理、协同救助", §二(五)), time to report with those over 24 hours
flagged (§二(六)1 "第一时间"), emergency measures and police feedback (§二(六)2), closures
and reopenings (退出/结案), guardianship interventions (§二(六)4); counted once in
month_figures, rendered as PDF and workbook and read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from casework.closure import closing
from desktop.models.store import CaseStore
from desktop.services.documents.case_cycle import LATE
from desktop.services.documents.monthly_report import write_monthly_report_pdf
from desktop.services.month_figures import MonthFigures, month_figures
from desktop.services.monthly_report import key_figures
from desktop.services.monthly_report_xlsx import write_monthly_report_xlsx
from tests.desktop.pdf_render import render_pdf

OCTOBER = date(2026, 10, 1)


def _child(store: CaseStore, name: str, **extra: object) -> str:
    return store.create(
        "child",
        {"name": name, "gender": "male", "birth_date": "2015-02-01", "opened_on": "2025-01-05",
         **extra},
    )  # fmt: skip


@pytest.fixture
def october(store: CaseStore) -> MonthFigures:
    a = _child(store, "安安")
    b = _child(store, "贝贝", **closing("moved_out", date(2026, 10, 20)))
    c = _child(store, "丛丛", reopened_on="2026-10-08", reopen_reason="母亲再次外出务工")
    store.create(
        "assessment",
        {"child_id": a, "assessed_on": "2026-10-09", "assessor": "递铺街道", "risk_level": "high",
         "plan_items": [{"what": "心理疏导", "due": "2026-11-01"},
                        {"what": "临时救助", "done": True, "done_on": "2026-10-15"}]},
    )  # fmt: skip
    store.create("assessment", {"child_id": a, "assessed_on": "2026-09-09",
                                "assessor": "递铺街道", "risk_level": "low"})  # fmt: skip
    store.create(
        "referral",
        {"child_id": a, "department": "civil_affairs", "need": "临时救助",
         "referred_on": "2026-09-25", "status": "done", "accepted_on": "2026-10-02",
         "closed_on": "2026-10-16"},
    )  # fmt: skip
    store.create(
        "referral",
        {"child_id": c, "department": "rescue_centre", "need": "临时照料",
         "referred_on": "2026-10-03", "status": "declined", "closed_on": "2026-10-05",
         "decline_reason": "已由亲属照料"},
    )  # fmt: skip
    store.create(
        "mandatory_report",
        {"child_id": a, "trigger": "living_alone", "found_at": "2026-10-01T08:00",
         "reported_at": "2026-10-03T10:00", "police_station": "递铺派出所", "filed": True,
         "emergency_measure": "relatives_care", "taken_in_by": "外婆",
         "police_feedback_on": "2026-10-06"},
    )  # fmt: skip
    store.create(
        "mandatory_report",
        {"child_id": c, "trigger": "suspected_violence", "found_at": "2026-10-10T08:00",
         "reported_at": "2026-10-10T09:30", "police_station": "递铺派出所", "filed": True},
    )  # fmt: skip
    store.create(
        "family_member",
        {"child_id": c, "relation": "father", "name": "丛父", "refusing_since": "2026-06-01",
         "interventions": [
             {"step": "admonition", "taken_on": "2026-10-12", "by_whom": "递铺派出所",
              "outcome": "表示改正"},
             {"step": "criticism_education", "taken_on": "2026-07-01"}]},
    )  # fmt: skip
    assert b
    return month_figures(store, OCTOBER)


def test_the_case_cycle_is_counted_by_the_day_of_each_step(october: MonthFigures) -> None:
    # §二(六)3: only October's assessment; it names the risk and the plan's progress.
    (assessment,) = october.assessments
    assert assessment.child_name == "安安" and "风险等级高" in assessment.what
    assert assessment.state == "帮扶事项2项，未完成1项"
    # Referral answers by their days: accepted 2 Oct, done 16 Oct, declined 5 Oct.
    answers = [(r.day.day, r.state) for r in october.referral_answers]
    assert answers == [(2, "受理"), (5, "未受理：已由亲属照料"), (16, "办结")]
    # §二(六)1: 50 hours is not "at once"; 1.5 hours is.
    late, prompt = october.report_times
    assert late.state == LATE and "用时2天2小时" in late.what
    assert "应急处置：委托亲属监护照料（外婆）" in late.what and "公安反馈：2026-10-06" in late.what
    assert prompt.state == "" and "用时1.5小时" in prompt.what and "公安未反馈" in prompt.what
    assert october.late_reports == 1
    # 退出/结案 and coming back, each in its month.
    assert [(r.child_name, r.what) for r in october.closed_cases] == [("贝贝", "结案：迁出本县")]
    assert [(r.child_name, r.what) for r in october.reopenings] == [
        ("丛丛", "重新开案：母亲再次外出务工")
    ]
    # §二(六)4: October's step only.
    (step,) = october.interventions
    assert (step.what, step.state) == ("对父亲训诫（递铺派出所）", "表示改正")
    figures = dict(key_figures(october))
    assert figures["本月评估（次）"] == 1
    assert figures["本月提交强制报告中超过24小时报告的（件）"] == 1


def test_the_workbook_has_a_sheet_per_case_cycle_list(
    october: MonthFigures, tmp_path: Path
) -> None:
    path = tmp_path / "月报.xlsx"
    write_monthly_report_xlsx(october, path)
    workbook = load_workbook(path)
    for sheet in ("评估帮扶", "转介答复", "强制报告用时与处置", "重新开案", "监护干预"):
        assert sheet in workbook.sheetnames, sheet
    times = list(workbook["强制报告用时与处置"].iter_rows(min_row=2, values_only=True))
    summary = {r[0]: r[1] for r in workbook["概况"].iter_rows(min_row=4, values_only=True)}
    assert [(r[0], r[4]) for r in times] == [("安安", LATE), ("丛丛", "")]
    assert summary["本月监护干预措施（项）"] == 1 and summary["本月重新开案（人）"] == 1


def test_the_printed_report_shows_the_case_cycle(october: MonthFigures, tmp_path: Path) -> None:
    path = tmp_path / "月报.pdf"
    assert write_monthly_report_pdf(october, path) >= 1
    text = "".join(page.text for page in render_pdf(path, tmp_path))
    for expected in (
        "评估帮扶（1）", "帮扶事项2项，未完成1项", "转介答复（3）", "未受理：已由亲属照料",
        "强制报告用时与处置（2）", LATE, "委托亲属监护照料", "结案：迁出本县",
        "重新开案：母亲再次外出务工", "监护干预（1）", "对父亲训诫",
    ):  # fmt: skip
        assert expected in text, expected
