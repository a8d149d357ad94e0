"""The director's to-do list: what needs doing now or soon, computed from the store.

Qt-free, so the to-do page, the CLI (``childdesk todo``) and tests share one rule set.
Each rule looks at one kind of record and yields :class:`Reminder` items with a due
date and a severity; ``reminders`` returns them most urgent first.

Windows (inclusive): visits follow ``casework.visits_policy`` (due soon = 7 days before);
entrustments and 低保 certificates within 30 days of their last valid day (and after it);
16th and 18th birthdays within 60 days; a loss of contact reaching 6 months within 30
days; a filed mandatory report still "open" 7 days after it was reported.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import select

from casework.dates import add_days, read_day
from casework.messages import Message
from desktop.models.store import CaseStore, RecordView
from desktop.models.tables import Record
from desktop.services import read_cache
from desktop.services.casefile import ChildSummary, child_summaries

logger = logging.getLogger(__name__)

ReminderKind = Literal[
    "visit_overdue",
    "visit_due",
    "entrustment_expired",
    "entrustment_expiring",
    "certificate_expired",
    "certificate_expiring",
    "turns_16",
    "turns_18",
    "lost_contact_6_months",
    "report_without_follow_up",
    "sync_conflict",
    "sync_rejected",
]
Severity = Literal["urgent", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"urgent": 0, "warning": 1, "info": 2}

EXPIRY_WINDOW_DAYS = 30
BIRTHDAY_WINDOW_DAYS = 60
LOST_CONTACT_WINDOW_DAYS = 30
REPORT_FOLLOW_UP_DAYS = 7

M_VISIT_OVERDUE = Message(
    "{name}：走访已逾期 {days} 天（应于 {due} 前走访）",
    "{name}: home visit {days} days overdue (was due by {due})",
)
M_VISIT_DUE = Message("{name}：应于 {due} 前走访", "{name}: home visit due by {due}")
M_ENTRUSTMENT_EXPIRED = Message(
    "{name}：委托监护确认书已于 {until} 到期，请重新签订",
    "{name}: the entrustment confirmation expired on {until}; have it signed again",
)
M_ENTRUSTMENT_EXPIRING = Message(
    "{name}：委托监护确认书将于 {until} 到期，请及时续签",
    "{name}: the entrustment confirmation expires on {until}; renew it in time",
)
M_CERTIFICATE_EXPIRED = Message(
    "{name}：家庭{certificate}已于 {until} 到期，请核实是否续期",
    "{name}: the family's {certificate_en} expired on {until}; check whether it was renewed",
)
M_CERTIFICATE_EXPIRING = Message(
    "{name}：家庭{certificate}将于 {until} 到期，请提醒家庭及时续期",
    "{name}: the family's {certificate_en} expires on {until}; remind the family to renew it",
)
M_TURNS = Message(
    "{name}：将于 {day} 满 {age} 周岁，儿童类别将随之变化",
    "{name}: turns {age} on {day}; the child's category changes then",
)
M_LOST_CONTACT = Message(
    "{name}：父母失联将于 {day} 满 6 个月，届时可能认定为事实无人抚养儿童",
    "{name}: a parent's loss of contact reaches 6 months on {day}; the child may then be "
    "a de facto unsupported child",
)
M_REPORT_NO_FOLLOW_UP = Message(
    "{name}：强制报告已提交 {days} 天仍未跟进，请联系派出所了解处理情况",
    "{name}: the mandatory report was filed {days} days ago and has no follow-up; ask the "
    "police station how it stands",
)
M_SYNC_CONFLICT = Message(
    "{name}：记录与县里的修改有冲突，请处理", "{name}: a record conflicts with the county's edit"
)
M_SYNC_REJECTED = Message(
    "{name}：县服务器拒收了一条记录，请查看原因并修改",
    "{name}: the county server refused a record; see why and correct it",
)
M_UNKNOWN_CHILD = Message("（未关联儿童）", "(no child)")

_CERTIFICATES: dict[str, tuple[str, str]] = {
    "dibao": ("低保证", "dibao certificate"),
    "dibao_edge": ("低保边缘证", "dibao-edge certificate"),
}


@dataclass(frozen=True)
class Reminder:
    """One to-do item: what, about which record and child, by when, how pressing."""

    kind: ReminderKind
    record_id: str
    child_id: str | None
    due: date
    severity: Severity
    message: Message

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "record_id": self.record_id,
            "child_id": self.child_id,
            "due": self.due.isoformat(),
            "severity": self.severity,
            "zh": self.message.zh,
            "en": self.message.en,
        }


def _day(value: object) -> date | None:
    # Dates and times both start with YYYY-MM-DD on the wire; a value that names no day
    # (old data, another device's) is as if not filled in.
    return read_day(value)


@dataclass(frozen=True)
class _Context:
    today: date
    children: Mapping[str, RecordView]
    summaries: Sequence[ChildSummary]

    def name(self, child_id: str | None) -> str:
        child = self.children.get(child_id or "")
        return str(child.fields.get("name") or "") if child is not None else M_UNKNOWN_CHILD.text()


def _visits(ctx: _Context) -> Iterator[Reminder]:
    for summary in ctx.summaries:
        due = summary.next_visit
        if due is None or due.status == "ok":
            continue
        if due.status == "overdue":
            message = M_VISIT_OVERDUE.format(name=summary.name, days=due.days_overdue, due=due.due)
            yield Reminder("visit_overdue", summary.id, summary.id, due.due, "urgent", message)
        else:
            message = M_VISIT_DUE.format(name=summary.name, due=due.due)
            yield Reminder("visit_due", summary.id, summary.id, due.due, "warning", message)


def _entrustments(store: CaseStore, ctx: _Context) -> Iterator[Reminder]:
    # Only the latest signed confirmation of a child counts: a renewal silences the old one.
    latest: dict[str, tuple[date, RecordView]] = {}
    for record in read_cache.records(store, "entrustment"):
        until = _day(record.fields.get("valid_until"))
        if record.fields.get("status") != "signed" or until is None or not record.child_id:
            continue
        if record.child_id not in latest or until > latest[record.child_id][0]:
            latest[record.child_id] = (until, record)
    for child_id, (until, record) in latest.items():
        if child_id not in ctx.children:
            continue
        name = ctx.name(child_id)
        if until < ctx.today:
            message = M_ENTRUSTMENT_EXPIRED.format(name=name, until=until)
            yield Reminder("entrustment_expired", record.id, child_id, until, "urgent", message)
        elif (until - ctx.today).days <= EXPIRY_WINDOW_DAYS:
            message = M_ENTRUSTMENT_EXPIRING.format(name=name, until=until)
            yield Reminder("entrustment_expiring", record.id, child_id, until, "warning", message)


def _certificates(ctx: _Context) -> Iterator[Reminder]:
    for child in ctx.children.values():
        assistance = child.fields.get("family_assistance") or "none"
        until = _day(child.fields.get("assistance_valid_until"))
        if assistance not in _CERTIFICATES or until is None:
            continue
        zh, en = _CERTIFICATES[assistance]
        words = {"name": ctx.name(child.id), "until": until, "certificate": zh}
        if until < ctx.today:
            message = M_CERTIFICATE_EXPIRED.format(certificate_en=en, **words)
            yield Reminder("certificate_expired", child.id, child.id, until, "warning", message)
        elif (until - ctx.today).days <= EXPIRY_WINDOW_DAYS:
            message = M_CERTIFICATE_EXPIRING.format(certificate_en=en, **words)
            yield Reminder("certificate_expiring", child.id, child.id, until, "info", message)


def _upcoming(ctx: _Context) -> Iterator[Reminder]:
    """Birthdays and lost-contact terms, as the eligibility rules foresee them."""
    for child in ctx.summaries:
        name = child.name
        for change in child.upcoming:
            days = (change.date - ctx.today).days
            if change.kind in ("turns_16", "turns_18") and days <= BIRTHDAY_WINDOW_DAYS:
                age = 16 if change.kind == "turns_16" else 18
                message = M_TURNS.format(name=name, day=change.date, age=age)
                yield Reminder(change.kind, child.id, child.id, change.date, "info", message)
            elif change.kind == "lost_contact_reaches_6_months" and (
                days <= LOST_CONTACT_WINDOW_DAYS
            ):
                message = M_LOST_CONTACT.format(name=name, day=change.date)
                yield Reminder(
                    "lost_contact_6_months", child.id, child.id, change.date, "warning", message
                )


def _reports(store: CaseStore, ctx: _Context) -> Iterator[Reminder]:
    for report in read_cache.records(store, "mandatory_report"):
        reported = _day(report.fields.get("reported_at"))
        if not report.fields.get("filed") or reported is None:
            continue
        if report.fields.get("follow_up_status") != "open":
            continue
        due = add_days(reported, REPORT_FOLLOW_UP_DAYS)
        if ctx.today >= due:
            days = (ctx.today - reported).days
            message = M_REPORT_NO_FOLLOW_UP.format(name=ctx.name(report.child_id), days=days)
            yield Reminder(
                "report_without_follow_up", report.id, report.child_id, due, "urgent", message
            )


def _sync_problems(store: CaseStore, ctx: _Context) -> Iterator[Reminder]:
    # The states are stored in the clear: nothing needs decrypting to find them.
    troubled = select(Record.id, Record.kind, Record.child_id, Record.sync_state).where(
        Record.sync_state.in_(("conflict", "rejected")), Record.deleted.is_(False)
    )
    with store.engine.connect() as connection:
        rows = connection.execute(troubled.order_by(Record.id)).all()
    for record in rows:
        child_id = record.id if record.kind == "child" else record.child_id
        name = ctx.name(child_id)
        if record.sync_state == "conflict":
            message = M_SYNC_CONFLICT.format(name=name)
            yield Reminder("sync_conflict", record.id, child_id, ctx.today, "warning", message)
        else:
            message = M_SYNC_REJECTED.format(name=name)
            yield Reminder("sync_rejected", record.id, child_id, ctx.today, "warning", message)


def sort_reminders(items: Sequence[Reminder]) -> list[Reminder]:
    """Most urgent first, then the earliest due, then by kind for a stable order."""
    return sorted(items, key=lambda r: (SEVERITY_ORDER[r.severity], r.due, r.kind, r.record_id))


def reminders(store: CaseStore, today: date) -> list[Reminder]:
    """Every reminder for the store on ``today``, most urgent first."""
    ctx = _Context(
        today=today,
        children={c.id: c for c in read_cache.records(store, "child")},
        summaries=child_summaries(store, today=today),
    )
    items: list[Reminder] = []
    items.extend(_visits(ctx))
    items.extend(_entrustments(store, ctx))
    items.extend(_certificates(ctx))
    items.extend(_upcoming(ctx))
    items.extend(_reports(store, ctx))
    items.extend(_sync_problems(store, ctx))
    return sort_reminders(items)


__all__ = ["Reminder", "ReminderKind", "Severity", "reminders", "sort_reminders"]
