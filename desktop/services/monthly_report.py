"""The monthly work report for the township (seed annex 3 item 1): its words and tables.

For one calendar month: home visits due against visits done, new and closed cases,
mandatory reports found and filed, referrals and where they stand, and children whose
category changes next month; then the case cycle (issue 17): assessments made (§二(六)3),
referral answers, time to report with those over 24 hours flagged (§二(六)1), closures and
reopenings, guardianship interventions (§二(六)4), benefits applied for or granted
(帮扶救助, annex 3 item 4). The figures themselves are counted by
``month_figures.month_figures`` (the same count the statistics page shows), on the dates
of the work, as of the month's last day; this module names them, says how they were
counted (:func:`footnote`) and lays them out for the PDF (``documents/monthly_report.py``)
and the ``.xlsx`` (``monthly_report_xlsx.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from casework.eligibility import CATEGORY_NAMES, DIFFICULTY_CATEGORIES
from casework.messages import Message
from casework.records import EARLIEST_RECORD, HORIZON
from desktop.models.store import CaseStore
from desktop.services.month_figures import (
    ChildMonth,
    MonthFigures,
    ReportLine,
    VillageFigures,
    month_end,
    month_figures,
)

# The report is the month's figures as counted; the name stays for its callers.
MonthlyReport = MonthFigures
__all__ = [
    "MonthlyReport",
    "ReportError",
    "ReportLine",
    "VillageFigures",
    "month_end",
    "monthly_report",
    "parse_month",
]

M_BAD_MONTH = Message(
    "月份应写成 YYYY-MM，如 2026-11：{value}", "A month is written YYYY-MM, as in 2026-11: {value}"
)
M_MONTH_RANGE = Message(
    "月份应在 {first} 至 {last} 之间：{value}",
    "A month must be between {first} and {last}: {value}",
)
# The months a report can be about: those of the case files' events (records.DATE_RANGES).
FIRST_MONTH = EARLIEST_RECORD.replace(day=1)
LAST_MONTH = HORIZON.replace(day=1)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class ReportError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


def parse_month(value: str) -> date:
    """``2026-11`` → the first day of that month."""
    match = _MONTH.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ReportError(M_BAD_MONTH.format(value=value))
    year = int(match.group(1))
    if not FIRST_MONTH.year <= year <= LAST_MONTH.year:
        raise ReportError(
            M_MONTH_RANGE.format(
                first=f"{FIRST_MONTH:%Y-%m}", last=f"{LAST_MONTH:%Y-%m}", value=value
            )
        )
    return date(year, int(match.group(2)), 1)


def monthly_report(store: CaseStore, month: date) -> MonthlyReport:
    """The report for the calendar month holding ``month``."""
    return month_figures(store, month)


def footnote(report: MonthlyReport) -> str:
    """What was counted and as of when, printed under the figures."""
    inferred = report.inferred_openings
    key, other = report.visit_months
    guessed = (
        f"其中 {inferred} 名儿童档案中没有建档日期，按其首次走访日期与录入本机日期中较早者计；"
        if inferred
        else ""
    )
    return (
        f"统计口径：按事情发生的日期统计，截至 {report.as_of.isoformat()}（本月最后一天），"
        "与报表何时生成、记录何时录入无关。建档儿童按建档日期计，"
        f"{guessed}"
        "儿童类别按县里规则和父母在当日的情况判断；应走访按县里的走访间隔"
        f"（重点儿童每 {key} 个月一次，其他每 {other} 个月一次）"
        "从本月以前最近一次走访（未走访过的从建档日期）算起，"
        "一名儿童属于多个类别时，儿童人数和困境儿童人数只计一次；"
        "已走访、走访次数按走访日期计；上月末属于类别、本月末不再属于任何类别的计为结案，"
        "此后各月不再计入；强制报告按发现时间和报告时间计；转介按转介日期计，"
        "状态为月末的状态（按受理、办结日期；没有这些日期的旧记录为生成报表时的状态）。"
        "评估按评估日期、转介答复按受理和办结（未受理）日期、监护干预按措施日期、"
        "帮扶救助按申请和享受（批准）日期计；"
        "强制报告用时为发现至报告的时间，超过24小时的标明（工作方案二（六）1“第一时间”）；"
        "本月结案（退出）的档案计入本月结案，此后各月不再计入。"
    )


def key_figures(report: MonthlyReport) -> list[tuple[str, object]]:
    """The headline numbers, in the order both the PDF and the workbook show them."""
    t = report.totals
    rate = f"{t.due_visited * 100 // t.visits_due}%" if t.visits_due else "—"
    states = report.referral_states
    return [
        ("建档儿童（人）", t.children),
        ("属于各类别的儿童（月末，人）", t.in_scope),
        ("其中困境儿童（月末，人，属多类只计一次）", in_difficulty(report.children)),
        ("本月应走访（人）", t.visits_due),
        ("其中已走访（人）", t.due_visited),
        ("走访完成率", rate),
        ("本月走访（次）", t.visits_done),
        ("新建档案（人）", t.new_cases),
        ("结案 / 退出类别（人）", t.closed_cases),
        ("本月发现需强制报告的情形（件）", len(report.reports_found)),
        ("本月提交强制报告（件）", len(report.reports_filed)),
        ("转介：待答复 / 办理中 / 已办结 / 未受理（件）",  # vocabulary.REFERRAL_STATUS
         f"{states.get('open', 0)} / {states.get('in_progress', 0)} / "
         f"{states.get('done', 0)} / {states.get('declined', 0)}"),
        ("下月类别将变化的儿童（项）", len(report.changes_next_month)),
        ("本月评估（次）", len(report.assessments)),
        ("本月转介答复（项）", len(report.referral_answers)),
        ("本月提交强制报告中超过24小时报告的（件）", report.late_reports),
        ("本月重新开案（人）", len(report.reopenings)),
        ("本月监护干预措施（项）", len(report.interventions)),
        ("本月申请或享受救助（项）", len(report.benefits)),
    ]  # fmt: skip


def in_difficulty(children: Sequence[ChildMonth]) -> int:
    """Children in difficulty (categories 2–6, seed §二(一)) on the month's last day, each
    counted once however many of those categories it holds (issue 17 item 6)."""
    return sum(1 for c in children if DIFFICULTY_CATEGORIES & set(c.categories))


VILLAGE_HEADERS = (
    "村（社区）",
    "建档儿童",
    "属于类别",
    "应走访",
    "已走访",
    "走访次数",
    "新建",
    "结案",
)


def village_rows(report: MonthlyReport) -> list[list[object]]:
    rows: list[list[object]] = []
    for code, f in [*report.villages.items(), ("合计", report.totals)]:
        rows.append(
            [report.village_names.get(code, code), f.children, f.in_scope, f.visits_due,
             f.due_visited, f.visits_done, f.new_cases, f.closed_cases]
        )  # fmt: skip
    return rows


LINE_HEADERS = ("儿童", "村（社区）", "日期", "事项", "状态")


def line_rows(
    lines: Sequence[ReportLine], names: Mapping[str, str] | None = None
) -> list[list[object]]:
    """The lines as rows, each village by its name in ``names`` (the directory's)."""
    named = names or {}
    return [
        [r.child_name, named.get(r.village_code, r.village_code), r.day.isoformat(), r.what,
         r.state]
        for r in lines
    ]  # fmt: skip


def sections(report: MonthlyReport) -> list[tuple[str, Sequence[ReportLine]]]:
    """The named lists of the report, each a table in the PDF and a sheet in the workbook."""
    return [
        ("应走访未走访", report.overdue),
        ("新建档案", report.new_cases),
        ("结案", report.closed_cases),
        ("发现需报告情形", report.reports_found),
        ("强制报告", report.reports_filed),
        ("转介", report.referrals),
        ("下月类别变化", report.changes_next_month),
        ("评估帮扶", report.assessments),
        ("转介答复", report.referral_answers),
        ("强制报告用时与处置", report.report_times),
        ("重新开案", report.reopenings),
        ("监护干预", report.interventions),
        ("帮扶救助", report.benefits),
    ]


CHILD_HEADERS = (
    "儿童", "村（社区）", "建档日期", "建档日期来源", "月末类别", "属于类别", "应走访",
    "已走访", "本月走访次数", "新建", "结案",
)  # fmt: skip
_OPENING_SOURCES = {
    "recorded": "档案",
    "first_visit": "首次走访（推定）",
    "typed": "录入日期（推定）",
}


def _yes(value: bool) -> str | None:
    return "是" if value else None  # an empty cell, so a filter on 是 picks the children


def child_rows(
    children: Sequence[ChildMonth], names: Mapping[str, str] | None = None
) -> list[list[object]]:
    """Every child counted, with a column per figure: the names behind each number."""
    named = names or {}
    return [
        [
            c.name,
            named.get(c.village_code, c.village_code),
            c.opening.day.isoformat(),
            _OPENING_SOURCES[c.opening.source],
            "、".join(CATEGORY_NAMES[code].zh for code in c.categories),
            _yes(c.in_scope),
            _yes(c.due),
            _yes(c.visited),
            c.visits,
            _yes(c.new),
            _yes(c.closed),
        ]
        for c in children
    ]
