"""A month's figures, counted on the dates of the work: the one count behind every report.

The monthly report (PDF and ``.xlsx``), the statistics page's monthly chart and the lists
behind its bars all take their numbers from :func:`month_figures`; nothing else counts.
The contract, for a calendar month from ``first`` to ``last``:

1. A child is *on file* from its opening day (``casework.opening``: 建档日期, or for an
   older record the earliest of its first visit and the day it was typed in) and *in care*
   on a day it is on file and in a category that day. Categories are the rules run as of
   the day, with the parents' situations as their dates say they stood
   (``casework.category_history``).
2. *In scope* at the month's end: in care on ``last``. *New*: opened within the month.
   *Closed*: in care on the previous month's last day and not on ``last`` (aged out,
   certificate ended, parent back home), or its file closed (退出/结案, ``casework.closure``)
   on a day of the month; such a child is in no later month's figures (a file closed
   before ``first`` is left out whole).
3. *Due* a visit: judged by the categories on ``last`` (for a child closed in the month,
   those of the previous month's end), the visit policy's next visit after the last visit
   dated before ``first`` (or the opening day, never visited) falls on or before ``last``
   (an earlier month's missed visit is still due). *Visited*: due, and a visit is dated in
   the month. *Visits*: the visits dated in the month, whenever they were typed in.
4. Mandatory reports count by the day the situation was found and the day it was
   reported (filed); referrals by the day they were made, with those made earlier and not
   settled before the month, each in its state on ``last`` by the days of its answers
   (accepted, done or declined); an older referral without those days keeps today's state.
5. The case cycle (issue 17) counts by the day of each step: assessments by their day
   (§二(六)3), referral answers by the day accepted, done or declined, report
   follow-through by the day reported (time from finding to reporting, over 24 hours
   flagged, §二(六)1), file closings and reopenings by their days, and guardianship
   interventions by the day taken (§二(六)4); benefits (帮扶救助, annex 3 item 4) by the
   day applied for and the day granted.
6. Nothing depends on the day the figures are computed, only on the facts: a past month
   counted today gives what it gave on its last day, given the same records (the child's
   risk level and key-child flag, which have no dates, are taken as they are now).

Each figure keeps the children behind it (``ChildMonth`` rows and ``ReportLine`` lists),
so a workbook can list them and a chart bar can open them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casework.category_history import CategoryHistory
from casework.dates import add_days, read_day
from casework.labels import VALUE_LABELS
from casework.ledger import RELATION_WORDS
from casework.month_count import ChildMonth as ChildMonth  # re-exported: the report's rows
from casework.month_count import VillageFigures as VillageFigures
from casework.month_count import child_month, tally
from casework.month_count import month_end as month_end
from casework.opening import Opening, opening
from casework.report_follow_through import reported_at_once
from casework.visits_policy import VisitPolicy
from desktop.models.store import CaseStore, RecordView
from desktop.services import read_cache
from desktop.services.casefile import county_visit_policy
from desktop.services.documents.case_cycle import LATE, time_to_report
from desktop.services.documents.child_file import DEPARTMENTS, FOLLOW_UP_STATUS, REFERRAL_STATUS


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
class MonthFigures:
    month: date  # its first day
    as_of: date  # its last day: every category and state is judged on it
    villages: Mapping[str, VillageFigures]
    children: Sequence[ChildMonth]
    visits: Sequence[ReportLine]
    overdue: Sequence[ReportLine]
    new_cases: Sequence[ReportLine]
    closed_cases: Sequence[ReportLine]
    reports_found: Sequence[ReportLine]
    reports_filed: Sequence[ReportLine]
    referrals: Sequence[ReportLine]
    referral_states: Mapping[str, int]
    changes_next_month: Sequence[ReportLine]
    totals: VillageFigures = field(default_factory=VillageFigures)
    visit_months: tuple[int, int] = (1, 3)  # the policy's intervals: key children, others
    # The case cycle in the month (issue 17), each by the day of its step.
    assessments: Sequence[ReportLine] = ()
    referral_answers: Sequence[ReportLine] = ()
    report_times: Sequence[ReportLine] = ()  # filed reports: time to report
    reopenings: Sequence[ReportLine] = ()
    interventions: Sequence[ReportLine] = ()
    # The county directory's village names (issue 18 item 4: names, not codes).
    village_names: Mapping[str, str] = field(default_factory=dict)
    benefits: Sequence[ReportLine] = ()  # applied for or granted in the month

    @property
    def late_reports(self) -> int:
        """Reports filed more than 24 hours after the finding (§二(六)1 "第一时间")."""
        return sum(1 for r in self.report_times if r.state.startswith(LATE))

    @property
    def label(self) -> str:
        return f"{self.month.year}年{self.month.month}月"

    @property
    def inferred_openings(self) -> int:
        """Children on file whose opening day was not recorded (see casework.opening)."""
        return sum(1 for c in self.children if c.on_file and c.opening.inferred)


@dataclass(frozen=True)
class CaseRecords:
    """What the figures read, decrypted once per change of the store."""

    children: Sequence[RecordView]
    visits: Mapping[str, Sequence[date]]  # child id → visit days, sorted
    openings: Mapping[str, Opening]
    histories: Mapping[str, CategoryHistory]  # remembers its classifications
    reports: Sequence[RecordView]
    referrals: Sequence[RecordView]
    policy: VisitPolicy
    assessments: Sequence[RecordView] = ()
    members: Sequence[RecordView] = ()


def case_records(store: CaseStore) -> CaseRecords:
    """The store's records for counting; shared until the store changes (``read_cache``),
    so twelve months, or the report after the statistics page, classify each child once."""
    return read_cache.cached(store, ("month_figures",), lambda: _read(store))


def _read(store: CaseStore) -> CaseRecords:
    members: dict[str, list[RecordView]] = defaultdict(list)
    every_member = read_cache.records(store, "family_member")
    for member in every_member:
        if member.child_id:
            members[member.child_id].append(member)
    visits: dict[str, list[date]] = defaultdict(list)
    for visit in read_cache.records(store, "visit"):
        day = read_day(visit.fields.get("visit_date"))
        if visit.child_id and day is not None:
            visits[visit.child_id].append(day)
    for days in visits.values():
        days.sort()
    children = read_cache.records(store, "child")
    return CaseRecords(
        children=children,
        visits=dict(visits),
        openings={
            c.id: opening(c.fields, typed_on=c.created_at.date(), visit_days=visits.get(c.id, ()))
            for c in children
        },
        histories={
            c.id: CategoryHistory(c.fields, [m.fields for m in members.get(c.id, ())])
            for c in children
        },
        reports=read_cache.records(store, "mandatory_report"),
        referrals=read_cache.records(store, "referral"),
        policy=county_visit_policy(store),
        assessments=read_cache.records(store, "assessment"),
        members=every_member,
    )


def month_figures(store: CaseStore, month: date) -> MonthFigures:
    """The figures of the calendar month holding ``month``."""
    from dataclasses import replace

    from desktop.services.directory import directory_of

    figures = count_month(case_records(store), month)
    return replace(figures, village_names=dict(directory_of(store).villages))


def count_month(records: CaseRecords, month: date) -> MonthFigures:
    first = month.replace(day=1)
    last = month_end(first)
    next_first = add_days(last, 1)
    next_last = month_end(next_first)
    names = {c.id: (str(c.fields.get("name") or ""), c.village_code) for c in records.children}
    villages: dict[str, VillageFigures] = defaultdict(VillageFigures)
    rows: list[ChildMonth] = []
    visit_lines: list[ReportLine] = []
    overdue: list[ReportLine] = []
    new_cases: list[ReportLine] = []
    closed: list[ReportLine] = []
    changes: list[ReportLine] = []
    for child in records.children:
        days = records.visits.get(child.id, ())
        name, village = names[child.id]
        history = records.histories[child.id]
        row = child_month(
            child_id=child.id,
            name=name,
            village_code=village,
            fields=child.fields,
            opened=records.openings[child.id],
            history=history,
            visit_days=days,
            first=first,
            last=last,
            policy=records.policy,
        )
        if row is None:
            continue
        rows.append(row)
        tally(villages[village], row)
        in_month = [d for d in days if first <= d <= last]
        visit_lines += [ReportLine(child.id, name, village, d, "走访") for d in in_month]
        if row.due and not in_month:
            overdue.append(ReportLine(child.id, name, village, last, "应走访未走访"))
        if row.new:
            new_cases.append(ReportLine(child.id, name, village, row.opening.day, "新建档案"))
        if row.file_closed_on is not None:
            reason = _word(child.fields.get("closure_reason"))
            note = str(child.fields.get("closure_note") or "")
            closed.append(
                ReportLine(child.id, name, village, row.file_closed_on, f"结案：{reason}", note)
            )
        elif row.closed:
            closed.append(ReportLine(child.id, name, village, last, "不再属于任何类别"))
        result = history.result(last) if row.categories else None
        for change in result.upcoming_changes if result is not None else ():
            if next_first <= change.date <= next_last:
                changes.append(ReportLine(child.id, name, village, change.date, change.zh))
    found, filed = _reports(records.reports, names, first, last)
    referrals, states = _referrals(records.referrals, names, first, last)
    totals = VillageFigures()
    for figures in villages.values():
        totals.add(figures)
    by_name = lambda r: (r.village_code, r.child_name)  # noqa: E731
    by_day = lambda r: (r.day, r.child_name)  # noqa: E731
    return MonthFigures(
        month=first,
        as_of=last,
        villages=dict(sorted(villages.items())),
        children=tuple(sorted(rows, key=lambda r: (r.village_code, r.name))),
        visits=tuple(sorted(visit_lines, key=by_day)),
        overdue=sorted(overdue, key=by_name),
        new_cases=sorted(new_cases, key=by_day),
        closed_cases=sorted(closed, key=by_name),
        reports_found=found,
        reports_filed=filed,
        referrals=referrals,
        referral_states=states,
        changes_next_month=sorted(changes, key=by_day),
        totals=totals,
        visit_months=(records.policy.key_child_months, records.policy.default_months),
        assessments=_by_day(_assessments(records.assessments, names, first, last)),
        referral_answers=_by_day(_referral_answers(records.referrals, names, first, last)),
        report_times=_by_day(_report_times(records.reports, names, first, last)),
        reopenings=_by_day(_reopenings(records.children, names, first, last)),
        interventions=_by_day(_interventions(records.members, names, first, last)),
        benefits=_by_day(_benefits(records.children, names, first, last)),
    )


def _who(names: Mapping[str, tuple[str, str]], child_id: str | None) -> tuple[str, str]:
    return names.get(child_id or "", ("", ""))


def _reports(
    reports: Sequence[RecordView], names: Mapping[str, tuple[str, str]], first: date, last: date
) -> tuple[list[ReportLine], list[ReportLine]]:
    """Reports whose situation was found in the month, and those reported (filed) in it."""
    found: list[ReportLine] = []
    filed: list[ReportLine] = []
    for report in reports:
        name, village = _who(names, report.child_id)
        station = str(report.fields.get("police_station") or "")
        state = FOLLOW_UP_STATUS.get(str(report.fields.get("follow_up_status")), "")
        child_id = report.child_id or ""
        seen = read_day(report.fields.get("found_at"))
        reported = read_day(report.fields.get("reported_at"))
        if seen is not None and first <= seen <= last:
            told = f"已报告{station}" if report.fields.get("filed") else "未报告"
            found.append(ReportLine(child_id, name, village, seen, "发现需报告情形", told))
        if report.fields.get("filed") and reported is not None and first <= reported <= last:
            filed.append(ReportLine(child_id, name, village, reported, f"报告{station}", state))
    key = lambda r: (r.day, r.child_name)  # noqa: E731
    return sorted(found, key=key), sorted(filed, key=key)


def _referral_state(fields: Mapping[str, Any], last: date) -> tuple[str, date | None]:
    """Where a referral stood on ``last``, and the day it was settled (None if not known):
    by its answers' days (accepted_on, closed_on) where it has them, else as it stands."""
    status = str(fields.get("status"))
    closed = read_day(fields.get("closed_on"))
    accepted = read_day(fields.get("accepted_on"))
    if status in ("done", "declined") and closed is not None:
        if closed <= last:
            return status, closed
        return ("in_progress" if accepted is not None and accepted <= last else "open"), closed
    if status == "in_progress" and accepted is not None and accepted > last:
        return "open", None
    return status, None


def _referrals(
    referrals: Sequence[RecordView], names: Mapping[str, tuple[str, str]], first: date, last: date
) -> tuple[list[ReportLine], dict[str, int]]:
    """Referrals made up to the month's end and not settled before it began, each in the
    state it had on the last day. One settled with no day to say when (made before its
    closing day was kept) counts only in the month it was made."""
    lines = []
    states = dict.fromkeys(REFERRAL_STATUS, 0)
    for referral in referrals:
        referred = read_day(referral.fields.get("referred_on"))
        if referred is None or referred > last:
            continue
        status, settled = _referral_state(referral.fields, last)
        if settled is not None and settled < first:
            continue
        if settled is None and referred < first and status in ("done", "declined"):
            continue
        states[status] = states.get(status, 0) + 1
        name, village = _who(names, referral.child_id)
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


# -- the case cycle (issue 17) -------------------------------------------------------------


def _by_day(lines: list[ReportLine]) -> list[ReportLine]:
    return sorted(lines, key=lambda r: (r.day, r.child_name))


def _word(code: object) -> str:
    label = VALUE_LABELS.get(str(code))
    return label.zh if label is not None else ("其他" if code == "other" else str(code or ""))


def _in(value: object, first: date, last: date) -> date | None:
    day = read_day(value)
    return day if day is not None and first <= day <= last else None


def _assessments(
    assessments: Sequence[RecordView], names: Mapping[str, tuple[str, str]], first: date, last: date
) -> list[ReportLine]:
    """评估帮扶 made in the month (§二(六)3), with the risk set and the plan's progress."""
    lines = []
    for record in assessments:
        day = _in(record.fields.get("assessed_on"), first, last)
        if day is None:
            continue
        name, village = _who(names, record.child_id)
        items = [i for i in record.fields.get("plan_items") or () if isinstance(i, Mapping)]
        open_items = sum(1 for i in items if not i.get("done"))
        risk = _word(record.fields.get("risk_level"))
        what = f"评估（{record.fields.get('assessor') or ''}），风险等级{risk}"
        state = f"帮扶事项{len(items)}项，未完成{open_items}项"
        lines.append(ReportLine(record.child_id or "", name, village, day, what, state))
    return lines


def _referral_answers(
    referrals: Sequence[RecordView], names: Mapping[str, tuple[str, str]], first: date, last: date
) -> list[ReportLine]:
    """Each answer a department gave in the month: accepted, done or declined."""
    lines = []
    for record in referrals:
        fields = record.fields
        name, village = _who(names, record.child_id)
        what = f"转介{DEPARTMENTS.get(str(fields.get('department')), '')}：{fields.get('need')}"
        answers = [(_in(fields.get("accepted_on"), first, last), "受理")]
        status = str(fields.get("status"))
        if status == "done":
            answers.append((_in(fields.get("closed_on"), first, last), "办结"))
        elif status == "declined":
            reason = fields.get("decline_reason") or ""
            answers.append((_in(fields.get("closed_on"), first, last), f"未受理：{reason}"))
        for day, state in answers:
            if day is not None:
                lines.append(ReportLine(record.child_id or "", name, village, day, what, state))
    return lines


def _report_times(
    reports: Sequence[RecordView], names: Mapping[str, tuple[str, str]], first: date, last: date
) -> list[ReportLine]:
    """Filed reports of the month: time from finding to reporting (over 24 hours flagged,
    §二(六)1), the emergency measure and the police's feedback (§二(六)2)."""
    lines = []
    for record in reports:
        fields = record.fields
        day = _in(fields.get("reported_at"), first, last) if fields.get("filed") else None
        if day is None:
            continue
        name, village = _who(names, record.child_id)
        measure = fields.get("emergency_measure")
        parts = [time_to_report(fields)]
        if measure:
            taken = fields.get("taken_in_by")
            parts.append(f"应急处置：{_word(measure)}" + (f"（{taken}）" if taken else ""))
        feedback = fields.get("police_feedback_on")
        parts.append(f"公安反馈：{feedback}" if feedback else "公安未反馈")
        state = LATE if reported_at_once(fields) is False else ""
        lines.append(ReportLine(record.child_id or "", name, village, day, "；".join(parts), state))
    return lines


def _reopenings(
    children: Sequence[RecordView], names: Mapping[str, tuple[str, str]], first: date, last: date
) -> list[ReportLine]:
    lines = []
    for child in children:
        day = _in(child.fields.get("reopened_on"), first, last)
        if day is not None:
            name, village = _who(names, child.id)
            reason = str(child.fields.get("reopen_reason") or "")
            lines.append(ReportLine(child.id, name, village, day, f"重新开案：{reason}"))
    return lines


def _interventions(
    members: Sequence[RecordView], names: Mapping[str, tuple[str, str]], first: date, last: date
) -> list[ReportLine]:
    """强化监护干预 steps taken in the month (§二(六)4), each with its outcome."""
    lines = []
    for member in members:
        relation = RELATION_WORDS.word(str(member.fields.get("relation"))) or "监护人"
        for step in member.fields.get("interventions") or ():
            day = _in(step.get("taken_on"), first, last) if isinstance(step, Mapping) else None
            if day is None:
                continue
            name, village = _who(names, member.child_id)
            by = f"（{step.get('by_whom')}）" if step.get("by_whom") else ""
            what = f"对{relation}{_word(step.get('step'))}{by}"
            outcome = str(step.get("outcome") or "")
            lines.append(ReportLine(member.child_id or "", name, village, day, what, outcome))
    return lines


def _benefits(
    children: Sequence[RecordView], names: Mapping[str, tuple[str, str]], first: date, last: date
) -> list[ReportLine]:
    """帮扶救助 (annex 3 item 4 "协助申请救助"): each benefit applied for or granted in the
    month, on that day."""
    lines = []
    for child in children:
        for entry in child.fields.get("benefits") or ():
            if not isinstance(entry, Mapping):
                continue
            name, village = _who(names, child.id)
            what = _word(entry.get("benefit"))
            note = str(entry.get("note") or "")
            for day_field, step in (("applied_on", "申请"), ("granted_on", "享受（批准）")):
                day = _in(entry.get(day_field), first, last)
                if day is not None:
                    lines.append(ReportLine(child.id, name, village, day, f"{what}：{step}", note))
    return lines
