"""The monthly work report for the township (seed annex 3 item 1), computed Qt-free.

For one calendar month: home visits due against visits done, new and closed cases,
mandatory reports filed, referrals and where they stand, and children whose category
changes next month. Written as PDF (``documents/monthly_report.py``) and as ``.xlsx``
(``monthly_report_xlsx.py``).

Readings: a child was *due* a visit in the month when, judged by the visits before the
month and its categories (on the month's last day, or on its first for a child that left
every category during the month), the next visit fell due on or before the last day (an
overdue visit from earlier months counts too); a due child was *visited* when a
visit is dated inside the month. A case is *new* when the child's file was registered
in the month, *closed* when the child was in a category on the first day and in none on
the last (aged out, certificate ended, parent back home).
"""

from __future__ import annotations

import calendar
import logging
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from casework.dates import add_days, read_day
from casework.eligibility import EligibilityInputError, EligibilityResult
from casework.messages import Message
from casework.records import EARLIEST_RECORD, HORIZON
from casework.visits_policy import VisitPolicy, next_visit_due
from desktop.models.store import CaseStore, RecordView
from desktop.services.casefile import county_visit_policy, eligibility_of
from desktop.services.documents.child_file import DEPARTMENTS, FOLLOW_UP_STATUS, REFERRAL_STATUS

logger = logging.getLogger(__name__)

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


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass
class VillageFigures:
    children: int = 0
    in_scope: int = 0
    visits_due: int = 0
    due_visited: int = 0
    visits_done: int = 0
    new_cases: int = 0
    closed_cases: int = 0


@dataclass(frozen=True)
class ReportLine:
    """One named item of the report: a child, a date and what happened or will."""

    child_id: str
    child_name: str
    village_code: str
    day: date
    what: str
    state: str = ""


@dataclass(frozen=True)
class MonthlyReport:
    month: date
    villages: Mapping[str, VillageFigures]
    overdue: Sequence[ReportLine]
    new_cases: Sequence[ReportLine]
    closed_cases: Sequence[ReportLine]
    reports_filed: Sequence[ReportLine]
    referrals: Sequence[ReportLine]
    referral_states: Mapping[str, int]
    changes_next_month: Sequence[ReportLine]
    totals: VillageFigures = field(default_factory=VillageFigures)

    @property
    def label(self) -> str:
        return f"{self.month.year}年{self.month.month}月"


def _day(value: object) -> date | None:
    return read_day(value)  # a value that names no day is as if not filled in


def _classify(child: RecordView, members: list[RecordView], day: date) -> EligibilityResult | None:
    try:
        return eligibility_of(child, members, today=day)
    except EligibilityInputError:
        logger.warning("eligibility facts of child %s are inconsistent", child.id)
        return None


def _was_due(
    child: RecordView,
    result: EligibilityResult | None,
    visit_days: Sequence[date],
    first: date,
    last: date,
    policy: VisitPolicy,
) -> bool:
    if result is None or not result.categories or child.created_at.date() > last:
        return False
    before = [d for d in visit_days if d < first]
    due = next_visit_due(
        last_visit=max(before, default=None),
        registered_on=child.created_at.date(),
        categories=result.categories,
        risk_level=child.fields.get("risk_level"),
        key_child=bool(child.fields.get("key_child")),
        policy=policy,
    )
    return due is not None and due <= last


def monthly_report(store: CaseStore, month: date) -> MonthlyReport:
    """The report for the calendar month holding ``month``."""
    first = month.replace(day=1)
    last = month_end(first)
    next_first = add_days(last, 1)
    next_last = month_end(next_first)
    policy = county_visit_policy(store)
    members: dict[str, list[RecordView]] = defaultdict(list)
    for member in store.records("family_member"):
        if member.child_id:
            members[member.child_id].append(member)
    visit_days: dict[str, list[date]] = defaultdict(list)
    for visit in store.records("visit"):
        day = _day(visit.fields.get("visit_date"))
        if visit.child_id and day is not None:
            visit_days[visit.child_id].append(day)
    children = {c.id: c for c in store.records("child")}
    villages: dict[str, VillageFigures] = defaultdict(VillageFigures)
    overdue: list[ReportLine] = []
    new_cases: list[ReportLine] = []
    closed: list[ReportLine] = []
    changes: list[ReportLine] = []
    for child in children.values():
        name, village = str(child.fields.get("name") or ""), child.village_code
        figures = villages[village]
        registered = child.created_at.date()
        if registered > last:
            continue
        figures.children += 1
        at_end = _classify(child, members[child.id], last)
        in_scope_end = at_end is not None and bool(at_end.categories)
        # The first day matters only for a child in no category on the last: was it closed?
        at_start = None
        if not in_scope_end and registered < first:
            at_start = _classify(child, members[child.id], first)
        figures.in_scope += in_scope_end
        done = [d for d in visit_days[child.id] if first <= d <= last]
        figures.visits_done += len(done)
        judged = at_end if in_scope_end else at_start
        if _was_due(child, judged, visit_days[child.id], first, last, policy):
            figures.visits_due += 1
            if done:
                figures.due_visited += 1
            else:
                overdue.append(ReportLine(child.id, name, village, last, "应走访未走访"))
        if first <= registered:
            figures.new_cases += 1
            new_cases.append(ReportLine(child.id, name, village, registered, "新建档案"))
        if at_start is not None and at_start.categories:
            figures.closed_cases += 1
            closed.append(ReportLine(child.id, name, village, last, "不再属于任何类别"))
        for change in at_end.upcoming_changes if at_end is not None else ():
            if next_first <= change.date <= next_last:
                changes.append(ReportLine(child.id, name, village, change.date, change.zh))
    reports = _reports(store, children, first, last)
    referrals, states = _referrals(store, children, first, last)
    totals = VillageFigures()
    for figures in villages.values():
        for name in vars(totals):
            setattr(totals, name, getattr(totals, name) + getattr(figures, name))
    return MonthlyReport(
        month=first,
        villages=dict(sorted(villages.items())),
        overdue=sorted(overdue, key=lambda r: (r.village_code, r.child_name)),
        new_cases=sorted(new_cases, key=lambda r: (r.day, r.child_name)),
        closed_cases=sorted(closed, key=lambda r: (r.village_code, r.child_name)),
        reports_filed=reports,
        referrals=referrals,
        referral_states=states,
        changes_next_month=sorted(changes, key=lambda r: (r.day, r.child_name)),
        totals=totals,
    )


def _name(children: Mapping[str, RecordView], child_id: str | None) -> tuple[str, str]:
    child = children.get(child_id or "")
    return (str(child.fields.get("name") or ""), child.village_code) if child else ("", "")


def _reports(
    store: CaseStore, children: Mapping[str, RecordView], first: date, last: date
) -> list[ReportLine]:
    lines = []
    for report in store.records("mandatory_report"):
        reported = _day(report.fields.get("reported_at"))
        if not report.fields.get("filed") or reported is None or not first <= reported <= last:
            continue
        name, village = _name(children, report.child_id)
        state = FOLLOW_UP_STATUS.get(str(report.fields.get("follow_up_status")), "")
        station = str(report.fields.get("police_station") or "")
        lines.append(
            ReportLine(report.child_id or "", name, village, reported, f"报告{station}", state)
        )
    return sorted(lines, key=lambda r: (r.day, r.child_name))


def _referrals(
    store: CaseStore, children: Mapping[str, RecordView], first: date, last: date
) -> tuple[list[ReportLine], dict[str, int]]:
    """Referrals made up to the month's end still open, or made or settled in the month."""
    lines = []
    states = dict.fromkeys(REFERRAL_STATUS, 0)
    for referral in store.records("referral"):
        referred = _day(referral.fields.get("referred_on"))
        status = str(referral.fields.get("status"))
        if referred is None or referred > last:
            continue
        settled = status in ("done", "declined")
        if settled and referred < first and referral.updated_at.date() < first:
            continue
        states[status] = states.get(status, 0) + 1
        name, village = _name(children, referral.child_id)
        department = DEPARTMENTS.get(str(referral.fields.get("department")), "")
        lines.append(
            ReportLine(
                referral.child_id or "",
                name,
                village,
                referred,
                f"转介{department}：{referral.fields.get('need')}",
                REFERRAL_STATUS.get(status, status),
            )
        )
    return sorted(lines, key=lambda r: (r.day, r.child_name)), states


def key_figures(report: MonthlyReport) -> list[tuple[str, object]]:
    """The headline numbers, in the order both the PDF and the workbook show them."""
    t = report.totals
    rate = f"{t.due_visited * 100 // t.visits_due}%" if t.visits_due else "—"
    states = report.referral_states
    return [
        ("建档儿童（人）", t.children),
        ("属于各类别的儿童（月末，人）", t.in_scope),
        ("本月应走访（人）", t.visits_due),
        ("其中已走访（人）", t.due_visited),
        ("走访完成率", rate),
        ("本月走访（次）", t.visits_done),
        ("新建档案（人）", t.new_cases),
        ("结案 / 退出类别（人）", t.closed_cases),
        ("本月提交强制报告（件）", len(report.reports_filed)),
        ("转介：待处理 / 办理中 / 已办结 / 未受理（件）",
         f"{states.get('open', 0)} / {states.get('in_progress', 0)} / "
         f"{states.get('done', 0)} / {states.get('declined', 0)}"),
        ("下月类别将变化的儿童（项）", len(report.changes_next_month)),
    ]  # fmt: skip


VILLAGE_HEADERS = (
    "村（社区）代码",
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
            [code, f.children, f.in_scope, f.visits_due, f.due_visited, f.visits_done,
             f.new_cases, f.closed_cases]
        )  # fmt: skip
    return rows


LINE_HEADERS = ("儿童", "村（社区）代码", "日期", "事项", "状态")


def line_rows(lines: Sequence[ReportLine]) -> list[list[object]]:
    return [[r.child_name, r.village_code, r.day.isoformat(), r.what, r.state] for r in lines]


def sections(report: MonthlyReport) -> list[tuple[str, Sequence[ReportLine]]]:
    """The named lists of the report, each a table in the PDF and a sheet in the workbook."""
    return [
        ("应走访未走访", report.overdue),
        ("新建档案", report.new_cases),
        ("结案", report.closed_cases),
        ("强制报告", report.reports_filed),
        ("转介", report.referrals),
        ("下月类别变化", report.changes_next_month),
    ]
