"""The county centre's monthly report (seed §三: the county holds the whole picture):
per township and per village, from every record the server holds. The figures are
computed here once (:func:`county_month`); ``county_report_xlsx`` and ``county_report_pdf``
only lay them out, both from the words and rows at the end of this module.

The contract:

1. Records are opened with the server's own key (``services/sealing.Sealer``, the key file
   ``county-server init`` made), read in one transaction; tombstones are left out. A record
   that fails to open is counted as unreadable and named by id, never guessed at.
2. Each child's part in the month is ``casework.month_count.child_month``, the count the
   township's monthly report on a laptop uses, under the county's visit policy in force
   (``services/county_settings``); so a village's figures here are its own report's.
3. Each child is counted once: a *person* is a valid ID number (GB 11643-1999), or the
   record when it has none. A village's, a township's and the county's figures count
   persons; a person filed in two villages counts once in the township and the county
   (in care if in care in either, due if due in either; visits are events and add up).
   ID numbers filed in two or more villages are listed as possible duplicates (DESIGN §4:
   the same number twice is a duplicate to resolve, never two children).
4. Mandatory reports count by the day found and the day reported (filed), referrals by
   the day made (seed §二(六)1, §二(五)).
5. Nothing is written to the server's tables; the command records one audit entry naming
   the records read (``cli_county.cmd_report``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casework.category_history import CategoryHistory
from casework.dates import read_day
from casework.eligibility import CATEGORY_CODES, CATEGORY_NAMES, DIFFICULTY_CATEGORIES
from casework.ids import mask_id_number, normalize, parse_id_number
from casework.messages import CaseworkError
from casework.month_count import ChildMonth, child_month, month_end
from casework.opening import opening
from casework.policy_words import policy_source, policy_summary
from casework.sealing import TamperedError
from county_server.config import COUNTY_CODE
from county_server.models import Record, RecordVersion
from county_server.services import county_settings, directory
from county_server.services.sealing import Sealer

KINDS = ("child", "family_member", "visit", "mandatory_report", "referral")


@dataclass
class Figures:
    """One place's figures for the month, every child counted once."""

    children: int = 0  # on file
    in_scope: int = 0  # in a category on the month's last day
    in_difficulty: int = 0  # categories 2–6, once however many
    by_category: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORY_CODES, 0))
    visits_due: int = 0
    due_visited: int = 0
    overdue: int = 0  # due and not visited in the month
    visits_done: int = 0
    new_cases: int = 0
    closed_cases: int = 0
    reports_found: int = 0
    reports_filed: int = 0
    referrals_made: int = 0


@dataclass(frozen=True)
class PlaceFigures:
    code: str
    name: str
    township_code: str
    township_name: str
    figures: Figures


@dataclass(frozen=True)
class DuplicateEntry:
    id_number: str
    child_id: str
    name: str
    village_code: str
    village_name: str
    township_name: str


@dataclass(frozen=True)
class CountyMonth:
    month: date
    as_of: date
    county: Figures
    townships: tuple[PlaceFigures, ...]
    villages: tuple[PlaceFigures, ...]
    duplicates: tuple[tuple[DuplicateEntry, ...], ...]  # one group per ID number
    unreadable: tuple[str, ...]  # record ids that did not open
    policy_words: tuple[str, str]  # (whose policy, what it asks)
    record_ids: tuple[str, ...] = ()  # every record read (for the audit entry)

    @property
    def label(self) -> str:
        return f"{self.month.year}年{self.month.month}月"


@dataclass(frozen=True)
class _Child:
    row: ChildMonth
    person: str  # a valid ID number, or "record:<id>"
    id_number: str | None


def _open_all(
    session: Session, sealer: Sealer
) -> tuple[dict[str, list[tuple[Record, dict[str, Any]]]], list[str]]:
    opened: dict[str, list[tuple[Record, dict[str, Any]]]] = defaultdict(list)
    unreadable: list[str] = []
    rows = session.scalars(
        select(Record).where(Record.kind.in_(KINDS), Record.deleted.is_(False)).order_by(Record.seq)
    )
    for row in rows:
        try:
            fields = sealer.open_fields(row.id, row.kind, row.clear, row.sealed)
        except (TamperedError, ValueError):
            unreadable.append(row.id)
            continue
        opened[row.kind].append((row, fields))
    return opened, unreadable


def _typed_on(session: Session) -> dict[str, date]:
    """Each child's first version on the server: the day it was typed in, as far as the
    county knows (a file without its 建档日期 opens then, ``casework.opening``)."""
    first = func.min(RecordVersion.at)
    rows = session.execute(
        select(RecordVersion.record_id, first)
        .where(RecordVersion.kind == "child")
        .group_by(RecordVersion.record_id)
    ).tuples()
    return {record_id: at.date() for record_id, at in rows}


def _person(fields: Mapping[str, Any], record_id: str, as_of: date) -> tuple[str, str | None]:
    raw = fields.get("id_number")
    if isinstance(raw, str) and raw.strip():
        try:
            number = parse_id_number(normalize(raw), today=as_of).value
        except CaseworkError:
            return f"record:{record_id}", None
        return number, number
    return f"record:{record_id}", None


def county_month(session: Session, sealer: Sealer, month: date) -> CountyMonth:
    first = month.replace(day=1)
    last = month_end(first)
    policy_settings = county_settings.visit_policy(session)
    policy = county_settings.as_policy(policy_settings)
    opened, unreadable = _open_all(session, sealer)
    typed_on = _typed_on(session)
    members: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row, fields in opened["family_member"]:
        if row.child_id:
            members[row.child_id].append(fields)
    visits: dict[str, list[date]] = defaultdict(list)
    for row, fields in opened["visit"]:
        day = read_day(fields.get("visit_date"))
        if row.child_id and day is not None:
            visits[row.child_id].append(day)
    for days in visits.values():
        days.sort()
    children: list[_Child] = []
    village_of: dict[str, str] = {}
    for row, fields in opened["child"]:
        village_of[row.id] = row.village_code
        days = visits.get(row.id, [])
        typed = typed_on.get(row.id, row.updated_at.date())
        month_row = child_month(
            child_id=row.id,
            name=str(fields.get("name") or ""),
            village_code=row.village_code,
            fields=fields,
            opened=opening(fields, typed_on=typed, visit_days=days),
            history=CategoryHistory(fields, members.get(row.id, [])),
            visit_days=days,
            first=first,
            last=last,
            policy=policy,
        )
        if month_row is not None:
            person, number = _person(fields, row.id, last)
            children.append(_Child(month_row, person, number))
    events = _events(opened, village_of, first, last)
    townships = {t.code: t.name for t in directory.townships(session)}
    villages = {v.code: (v.name, v.township_code) for v in directory.villages(session)}

    def place(code: str) -> tuple[str, str, str]:
        name, township = villages.get(code, (code, code[:9]))
        return name, township, townships.get(township, township)

    by_village: dict[str, list[_Child]] = defaultdict(list)
    for child in children:
        by_village[child.row.village_code].append(child)
    village_rows = []
    for code in sorted(set(villages) | set(by_village)):
        name, township, township_name = place(code)
        figures = _figures(by_village.get(code, []), events, {code})
        village_rows.append(PlaceFigures(code, name, township, township_name, figures))
    township_rows = []
    for code in sorted(set(townships) | {v.township_code for v in village_rows}):
        codes = {v.code for v in village_rows if v.township_code == code}
        group = [c for c in children if c.row.village_code in codes]
        township_rows.append(
            PlaceFigures(
                code, townships.get(code, code), code, townships.get(code, code),
                _figures(group, events, codes),
            )
        )  # fmt: skip
    everything = set(villages) | set(by_village)
    source = policy_source(policy_settings.set_on)
    return CountyMonth(
        month=first,
        as_of=last,
        county=_figures(children, events, everything),
        townships=tuple(township_rows),
        villages=tuple(village_rows),
        duplicates=_duplicates(children, place),
        unreadable=tuple(unreadable),
        policy_words=(source.zh, policy_summary(policy).zh),
        record_ids=tuple(row.id for rows in opened.values() for row, _ in rows),
    )


@dataclass(frozen=True)
class _Events:
    """Mandatory reports and referrals of the month, per village."""

    found: Mapping[str, int]
    filed: Mapping[str, int]
    referrals: Mapping[str, int]


def _events(
    opened: Mapping[str, list[tuple[Record, dict[str, Any]]]],
    village_of: Mapping[str, str],
    first: date,
    last: date,
) -> _Events:
    found: dict[str, int] = defaultdict(int)
    filed: dict[str, int] = defaultdict(int)
    referrals: dict[str, int] = defaultdict(int)

    def within(value: object) -> bool:
        day = read_day(value)
        return day is not None and first <= day <= last

    for row, fields in opened["mandatory_report"]:
        village = village_of.get(row.child_id or "", row.village_code)
        found[village] += within(fields.get("found_at"))
        filed[village] += bool(fields.get("filed")) and within(fields.get("reported_at"))
    for row, fields in opened["referral"]:
        village = village_of.get(row.child_id or "", row.village_code)
        referrals[village] += within(fields.get("referred_on"))
    return _Events(found, filed, referrals)


def _figures(children: Sequence[_Child], events: _Events, villages: Iterable[str]) -> Figures:
    """The figures of ``children`` (a place's), each person once (contract 3)."""
    persons: dict[str, list[ChildMonth]] = defaultdict(list)
    for child in children:
        persons[child.person].append(child.row)
    out = Figures()
    for rows in persons.values():
        categories = {code for row in rows for code in row.categories}
        on_file = any(row.on_file for row in rows)
        due = any(row.due for row in rows)
        visited = any(row.visited for row in rows)
        out.children += on_file
        out.in_scope += bool(categories)
        out.in_difficulty += bool(categories & DIFFICULTY_CATEGORIES)
        for code in categories:
            out.by_category[code] += 1
        out.visits_due += due
        out.due_visited += visited
        out.overdue += due and not visited
        out.visits_done += sum(row.visits for row in rows)
        out.new_cases += any(row.new for row in rows)
        out.closed_cases += any(row.closed for row in rows) and not categories
    for code in villages:
        out.reports_found += events.found.get(code, 0)
        out.reports_filed += events.filed.get(code, 0)
        out.referrals_made += events.referrals.get(code, 0)
    return out


def _duplicates(children: Sequence[_Child], place: Any) -> tuple[tuple[DuplicateEntry, ...], ...]:
    numbers: dict[str, list[_Child]] = defaultdict(list)
    for child in children:
        if child.id_number is not None:
            numbers[child.id_number].append(child)
    groups = []
    for number, found in sorted(numbers.items()):
        if len({c.row.village_code for c in found}) < 2:
            continue
        entries = []
        for child in sorted(found, key=lambda c: c.row.village_code):
            name, _township, township_name = place(child.row.village_code)
            entries.append(
                DuplicateEntry(
                    number, child.row.child_id, child.row.name, child.row.village_code,
                    name, township_name,
                )
            )  # fmt: skip
        groups.append(tuple(entries))
    return tuple(groups)


# -- what both writers show (county_report_xlsx, county_report_pdf) ----------------------

TITLE = "安吉县未成年人关爱保护月报（县级）"
FIGURE_HEADERS: tuple[tuple[str, str], ...] = (
    ("children", "建档儿童（人）"),
    ("in_scope", "属于各类别（月末，人）"),
    ("in_difficulty", "其中困境儿童（人）"),
    ("visits_due", "本月应走访（人）"),
    ("due_visited", "其中已走访（人）"),
    ("overdue", "应走访未走访（人）"),
    ("visits_done", "本月走访（次）"),
    ("new_cases", "新建档案（人）"),
    ("closed_cases", "结案 / 退出类别（人）"),
    ("reports_found", "发现需强制报告（件）"),
    ("reports_filed", "提交强制报告（件）"),
    ("referrals_made", "本月转介（件）"),
)
CATEGORY_HEADERS = tuple((code, CATEGORY_NAMES[code].zh) for code in CATEGORY_CODES)
DUPLICATES_HEADLINE = "疑似重复（同一身份证号码在两个以上村）（组）"
UNREADABLE_HEADLINE = "无法解密的记录（条，未计入）"
COUNTY_TOTAL = "全县合计（每名儿童只计一次）"
FOOTNOTE = (
    "说明：数字按事情发生的日期统计（建档日期、走访日期、发现和报告时间、转介日期），"
    "类别按月末当天判断；每名儿童只计一次（同一身份证号码在两个村出现的，乡镇和全县合计"
    "只计一次，并列入“疑似重复”表，请核实后在其中一个村退出）；一名儿童属于多个类别时，"
    "各类别列分别计入，“属于各类别”只计一次。"
)


def figure_values(figures: Figures) -> list[int]:
    """The figures in FIGURE_HEADERS' order."""
    return [getattr(figures, name) for name, _ in FIGURE_HEADERS]


def category_values(figures: Figures) -> list[int]:
    """Children per category, in CATEGORY_HEADERS' order."""
    return [figures.by_category[code] for code, _ in CATEGORY_HEADERS]


def subtitle_lines(report: CountyMonth) -> list[str]:
    return [
        f"统计截至 {report.as_of.isoformat()}（县代码 {COUNTY_CODE}）",
        f"走访要求：{report.policy_words[0]}（{report.policy_words[1]}）",
    ]


def headline(report: CountyMonth) -> list[tuple[str, int]]:
    """The county's figures, one (words, number) a line, as the 全县 sheet and page show them."""
    lines = list(
        zip(
            [h for _, h in FIGURE_HEADERS + CATEGORY_HEADERS],
            figure_values(report.county) + category_values(report.county),
            strict=True,
        )
    )
    lines.append((DUPLICATES_HEADLINE, len(report.duplicates)))
    if report.unreadable:
        lines.append((UNREADABLE_HEADLINE, len(report.unreadable)))
    return lines


@dataclass(frozen=True)
class DuplicateLine:
    group: int
    id_number: str  # masked unless revealed
    entry: DuplicateEntry


def duplicate_lines(report: CountyMonth, *, reveal_id_numbers: bool) -> list[DuplicateLine]:
    return [
        DuplicateLine(
            number,
            entry.id_number if reveal_id_numbers else mask_id_number(entry.id_number),
            entry,
        )
        for number, group in enumerate(report.duplicates, start=1)
        for entry in group
    ]
