"""The director's to-do list: what needs doing now or soon, computed from the store.

Qt-free, so the to-do page, the CLI (``childdesk todo``) and tests share one rule set.
Each rule looks at one kind of record and yields :class:`Reminder` items with a due
date and a severity; ``reminders`` returns them most urgent first.

Windows (inclusive): visits follow ``casework.visits_policy`` (due soon = 7 days before);
entrustments and 低保 certificates within 30 days of their last valid day (and after it);
16th and 18th birthdays within 60 days; a loss of contact reaching 6 months within 30
days; a filed mandatory report still "open" 7 days after it was reported; each help plan
item not done (``casework.assessments``, seed §二(六)3); a referral sent 14 days ago and
still unanswered (``casework.referrals``). The checks of ``casework.file_checks`` (issue 17
item 6): a left-behind child with no signed entrustment (annex 3 item 3), a 低保 / 低保边缘
family without the certificate's validity date (§二(一)4–5), a child whose rules cannot
run; the 16th birthday only for a left-behind child (§二(一)1); ill, disabled, poorly
guarded, out-of-school and unregistered children suggested as key children until the
director marks them or declines (annex 3 item 4); a left-behind child whose parents'
situation changed after the confirmation was signed (annex 3 item 3, §二(六)2); benefits
that apply by category and are not applied for (``casework.benefits``, annex 3 item 4).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from casework.assessments import open_plan_items, plan_item_severity
from casework.benefits import not_applied
from casework.closure import adult_referrals_missing, is_closed
from casework.dates import add_days, read_day
from casework.eligibility import EligibilityInputError, birthday
from casework.file_checks import (
    KEY_CHILD_GROUNDS,
    KEY_CHILD_GROUNDS_EN,
    certificate_undated,
    entrustment_outdated,
    key_child_grounds,
    needs_entrustment,
    turns_16_matters,
)
from casework.guardianship import REMIND_DAYS_BEFORE, revocation_window
from casework.labels import VALUE_LABELS
from casework.ledger import RELATION_WORDS
from casework.messages import Message
from casework.referrals import unanswered_due
from casework.report_follow_through import assessment_task_since, follow_up_visit_due
from desktop.models.store import CaseStore, RecordView
from desktop.models.tables import SyncStatus
from desktop.services import read_cache
from desktop.services.casefile import ChildSummary, child_summaries, eligibility_of

logger = logging.getLogger(__name__)

ReminderKind = Literal[
    "visit_overdue",
    "visit_due",
    "entrustment_expired",
    "entrustment_expiring",
    "entrustment_missing",
    "entrustment_outdated",
    "benefit_not_applied",
    "certificate_expired",
    "certificate_expiring",
    "certificate_undated",
    "rules_cannot_run",
    "key_child_suggested",
    "turns_16",
    "turns_18",
    "lost_contact_6_months",
    "report_without_follow_up",
    "plan_item_overdue",
    "plan_item_open",
    "referral_unanswered",
    "follow_up_visit_due",
    "assessment_needed",
    "adult_referral_needed",
    "guardianship_revocation",
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
M_ENTRUSTMENT_MISSING = Message(
    "{name}：留守儿童无有效委托监护确认书，请指导监护人签订（工作方案附件3第3项）",
    "{name}: a left-behind child without a valid signed entrustment confirmation; help the "
    "parents and guardian sign one (work plan annex 3 item 3)",
)
M_ENTRUSTMENT_OUTDATED = Message(
    "{name}：父母情况已变化（{changes}），请重新签订委托监护确认书（工作方案附件3第3项、二（六）2）",
    "{name}: the parents' situation has changed ({changes}); have a new entrustment "
    "confirmation signed (work plan annex 3 item 3, §二(六)2)",
)
M_BENEFIT_NOT_APPLIED = Message(
    "{name}：{benefits}尚未申请，请告知具体内容及申请程序，并协助申请（工作方案附件3第4项）",
    "{name}: not applied for yet: {benefits_en}; tell the family what they are and how to "
    "apply, and help them apply (work plan annex 3 item 4)",
)
M_CERTIFICATE_UNDATED = Message(
    "{name}：家庭{certificate}未填写有效期，请补填（工作方案二（一）4、5“持有有效期内”）",
    "{name}: the family's {certificate_en} has no validity date; fill it in (work plan "
    "§二(一)4, 5: a certificate within its validity)",
)
M_RULES_CANNOT_RUN = Message(
    "{name}：档案信息有矛盾，无法判断儿童类别，请核对并改正（{problem}）",
    "{name}: the file contradicts itself and the child's categories cannot be judged; check "
    "and correct it ({problem_en})",
)
M_KEY_CHILD = Message(
    "{name}：{grounds}，建议列为重点儿童，核实后请在档案中确认，或说明理由不列为重点儿童"
    "（工作方案附件3第4项）",
    "{name}: {grounds_en}; suggested as a key child: check, then confirm it in the file, or "
    "say why not (work plan annex 3 item 4)",
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
M_PLAN_ITEM_OVERDUE = Message(
    "{name}：帮扶计划事项“{what}”应于 {due} 前完成，已逾期",
    '{name}: the help plan item "{what}" was due by {due} and is not done',
)
M_PLAN_ITEM_DUE = Message(
    "{name}：帮扶计划事项“{what}”应于 {due} 前完成",
    '{name}: the help plan item "{what}" is due by {due}',
)
M_PLAN_ITEM_UNDATED = Message(
    "{name}：帮扶计划事项“{what}”尚未完成（{due} 评估）",
    '{name}: the help plan item "{what}" is not done yet (assessed on {due})',
)
M_REFERRAL_UNANSWERED = Message(
    "{name}：转介{department}已 {days} 天未答复，请联系该部门了解受理情况",
    "{name}: the referral to {department_en} has had no answer for {days} days; ask the "
    "department how it stands",
)
M_FOLLOW_UP_VISIT = Message(
    "{name}：强制报告后应于 {due} 前随访儿童（工作方案二（六）1–2）",
    "{name}: visit the child again (follow-up) by {due} after the mandatory report",
)
M_ASSESSMENT_NEEDED = Message(
    "{name}：强制报告（{day}）后尚未评估，请乡镇会同民政、公安开展调查评估（工作方案二（六）3）",
    "{name}: no assessment since the mandatory report of {day}; the township assesses with "
    "civil affairs and the police",
)
M_ADULT_REFERRAL = Message(
    "{name}：已于 {day} 年满18周岁，请转介{departments}（工作方案二（五）5、10）并办理结案",
    "{name}: turned 18 on {day}; refer to {departments_en} (work plan §二(五)5, 10) and "
    "close the file",
)
M_REVOCATION = Message(
    "{name}：{relation}自 {since} 拒不履行监护职责，{day} 满6个月，村（居）委会或民政部门"
    "可依法向法院申请撤销监护人资格（工作方案二（六）4）",
    "{name}: the {relation_en} has refused the guardian's duty since {since}; on {day} that is "
    "6 months and the village committee or civil affairs may ask the court to revoke the "
    "guardianship",
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

    names: Mapping[str, str] = field(default_factory=dict)  # closed files' too

    def name(self, child_id: str | None) -> str:
        child = self.children.get(child_id or "")
        if child is not None:
            return str(child.fields.get("name") or "")
        return self.names.get(child_id or "") or M_UNKNOWN_CHILD.text()


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
    # Only the latest signed confirmation of a child counts: a renewal silences the old one,
    # and so does one signed without an end (valid until revoked).
    latest: dict[str, tuple[date, RecordView]] = {}
    open_ended: set[str] = set()
    for record in read_cache.records(store, "entrustment"):
        until = _day(record.fields.get("valid_until"))
        if record.fields.get("status") != "signed" or not record.child_id:
            continue
        if until is None:
            open_ended.add(record.child_id)
        elif record.child_id not in latest or until > latest[record.child_id][0]:
            latest[record.child_id] = (until, record)
    for child_id, (until, record) in latest.items():
        if child_id in open_ended:
            continue
        if child_id not in ctx.children:
            continue
        name = ctx.name(child_id)
        if until < ctx.today:
            message = M_ENTRUSTMENT_EXPIRED.format(name=name, until=until)
            yield Reminder("entrustment_expired", record.id, child_id, until, "urgent", message)
        elif (until - ctx.today).days <= EXPIRY_WINDOW_DAYS:
            message = M_ENTRUSTMENT_EXPIRING.format(name=name, until=until)
            yield Reminder("entrustment_expiring", record.id, child_id, until, "warning", message)
    # A left-behind child with none signed (annex 3 item 3; casework.file_checks): an
    # expired one is reminded above, to be re-signed.
    signed: dict[str, list[Mapping[str, Any]]] = {}
    for record in read_cache.records(store, "entrustment"):
        signed.setdefault(record.child_id or "", []).append(record.fields)
    members = _members(store)
    for summary in ctx.summaries:
        mine = signed.get(summary.id, ())
        if needs_entrustment(summary.categories, mine, ctx.today):
            message = M_ENTRUSTMENT_MISSING.format(name=summary.name)
            yield Reminder(
                "entrustment_missing", summary.id, summary.id, ctx.today, "warning", message
            )
        # The parents' situation changed after signing (annex 3 item 3, §二(六)2).
        changes = entrustment_outdated(
            summary.categories, mine, members.get(summary.id, ()), ctx.today
        )
        if changes:
            message = M_ENTRUSTMENT_OUTDATED.format(
                name=summary.name, changes="；".join(words for _day, words in changes)
            )
            yield Reminder(
                "entrustment_outdated", summary.id, summary.id, changes[0][0], "warning", message
            )


def _members(store: CaseStore) -> dict[str, list[Mapping[str, Any]]]:
    """Each child's family members' fields."""
    members: dict[str, list[Mapping[str, Any]]] = {}
    for member in read_cache.records(store, "family_member"):
        members.setdefault(member.child_id or "", []).append(member.fields)
    return members


def _benefits(ctx: _Context) -> Iterator[Reminder]:
    """Benefits that apply by the child's categories and are not applied for (annex 3
    item 4 "告知具体内容及申请程序，并协助申请救助"; casework.benefits)."""
    for summary in ctx.summaries:
        child = ctx.children.get(summary.id)
        missing = not_applied(child.fields, summary.categories) if child else []
        if missing:
            words = [VALUE_LABELS[a.benefit] for a in missing]
            message = M_BENEFIT_NOT_APPLIED.format(
                name=summary.name,
                benefits="、".join(w.zh for w in words),
                benefits_en=", ".join(w.en for w in words),
            )
            yield Reminder(
                "benefit_not_applied", summary.id, summary.id, ctx.today, "info", message
            )


def _certificates(ctx: _Context) -> Iterator[Reminder]:
    for child in ctx.children.values():
        assistance = child.fields.get("family_assistance") or "none"
        until = _day(child.fields.get("assistance_valid_until"))
        undated = certificate_undated(child.fields)  # §二(一)4–5 "持有有效期内"
        if undated is not None:
            zh, en = _CERTIFICATES[undated]
            message = M_CERTIFICATE_UNDATED.format(
                name=ctx.name(child.id), certificate=zh, certificate_en=en
            )
            yield Reminder("certificate_undated", child.id, child.id, ctx.today, "warning", message)
            continue
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
            if change.kind == "turns_16" and not turns_16_matters(child.categories):
                continue  # only a left-behind child's category ends at 16 (§二(一)1)
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


def _rules_problems(ctx: _Context) -> Iterator[Reminder]:
    """A child whose facts stop the rules is listed, never silently in no category
    (issue 17 item 6)."""
    for child in ctx.summaries:
        if child.rules_problem is not None:
            message = M_RULES_CANNOT_RUN.format(
                name=child.name, problem=child.rules_problem.zh, problem_en=child.rules_problem.en
            )
            yield Reminder("rules_cannot_run", child.id, child.id, ctx.today, "urgent", message)


def _key_children(store: CaseStore, ctx: _Context) -> Iterator[Reminder]:
    """Ill, disabled, poorly guarded, out-of-school or unregistered children suggested as
    key children (annex 3 item 4; casework.file_checks); the director confirms by marking
    the file, or declines with a reason (then only a new ground suggests it again)."""
    members = _members(store)
    for child in ctx.children.values():
        grounds = key_child_grounds(child.fields, members.get(child.id, ()))
        if grounds:
            message = M_KEY_CHILD.format(
                name=ctx.name(child.id),
                grounds="、".join(KEY_CHILD_GROUNDS[g] for g in grounds),
                grounds_en=", ".join(KEY_CHILD_GROUNDS_EN[g] for g in grounds),
            )
            yield Reminder("key_child_suggested", child.id, child.id, ctx.today, "info", message)


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


def _plan_items(store: CaseStore, ctx: _Context) -> Iterator[Reminder]:
    """Help plan items not done (评估帮扶, seed §二(六)3), for the director and the
    township supervisor alike: each laptop holds the assessments of its scope."""
    for assessment in read_cache.records(store, "assessment"):
        if assessment.child_id not in ctx.children:
            continue
        name = ctx.name(assessment.child_id)
        for item in open_plan_items(assessment.fields):
            severity = plan_item_severity(item, ctx.today)
            words = {"name": name, "what": item.what, "due": item.due}
            if not item.has_due:
                kind: ReminderKind = "plan_item_open"
                message = M_PLAN_ITEM_UNDATED.format(**words)
            elif item.due < ctx.today:
                kind, message = "plan_item_overdue", M_PLAN_ITEM_OVERDUE.format(**words)
            else:
                kind, message = "plan_item_open", M_PLAN_ITEM_DUE.format(**words)
            if severity == "info" and item.has_due:
                continue  # more than a week ahead: not yet a to-do
            yield Reminder(kind, assessment.id, assessment.child_id, item.due, severity, message)


def _referrals(store: CaseStore, ctx: _Context) -> Iterator[Reminder]:
    """A referral sent 14 days ago without an answer (issue 17; "一门受理、协同救助",
    seed §二(五)): the director asks the department."""
    for referral in read_cache.records(store, "referral"):
        due = unanswered_due(referral.fields)
        if due is None or ctx.today < due or referral.child_id not in ctx.children:
            continue
        code = str(referral.fields.get("department"))
        department = VALUE_LABELS.get(code, Message(code, code))
        referred = _day(referral.fields.get("referred_on"))
        days = (ctx.today - referred).days if referred else 0
        message = M_REFERRAL_UNANSWERED.format(
            name=ctx.name(referral.child_id),
            department=department.zh,
            department_en=department.en,
            days=days,
        )
        yield Reminder(
            "referral_unanswered", referral.id, referral.child_id, due, "warning", message
        )


def _report_follow_through(store: CaseStore, ctx: _Context) -> Iterator[Reminder]:
    """After a filed report (seed §二(六)1–3): a 随访 within 7 days, and the township's
    assessment (casework.report_follow_through)."""
    by_child: dict[str, dict[str, list[Mapping[str, Any]]]] = {}
    for kind in ("visit", "assessment"):
        for record in read_cache.records(store, kind):
            by_child.setdefault(record.child_id or "", {}).setdefault(kind, []).append(
                record.fields
            )
    for report in read_cache.records(store, "mandatory_report"):
        if report.child_id not in ctx.children:
            continue
        name = ctx.name(report.child_id)
        mine = by_child.get(report.child_id or "", {})
        due = follow_up_visit_due(report.fields, mine.get("visit", []))
        if due is not None:
            severity: Severity = "urgent" if ctx.today > due else "warning"
            message = M_FOLLOW_UP_VISIT.format(name=name, due=due)
            yield Reminder(
                "follow_up_visit_due", report.id, report.child_id, due, severity, message
            )
        since = assessment_task_since(report.fields, mine.get("assessment", []))
        if since is not None:
            message = M_ASSESSMENT_NEEDED.format(name=name, day=since)
            yield Reminder(
                "assessment_needed", report.id, report.child_id, since, "warning", message
            )


def _adult_referrals(store: CaseStore, ctx: _Context) -> Iterator[Reminder]:
    """An orphan or child in difficulty who turned 18 and is not yet referred to 人社 and
    民政 (casework.closure; seed §二(五)5, 10)."""
    members: dict[str, list[RecordView]] = {}
    for member in read_cache.records(store, "family_member"):
        members.setdefault(member.child_id or "", []).append(member)
    referrals: dict[str, list[Mapping[str, Any]]] = {}
    for referral in read_cache.records(store, "referral"):
        referrals.setdefault(referral.child_id or "", []).append(referral.fields)
    for child in ctx.children.values():
        birth = _day(child.fields.get("birth_date"))
        if birth is None or birthday(birth, 18) > ctx.today:
            continue
        eighteenth = birthday(birth, 18)
        try:
            before = eligibility_of(
                child, members.get(child.id, []), today=add_days(eighteenth, -1)
            )
        except EligibilityInputError:
            continue  # listed by the rules that cannot run, not here
        if not before.in_difficulty:
            continue
        missing = adult_referrals_missing(
            eighteenth=eighteenth, referrals=referrals.get(child.id, [])
        )
        if not missing:
            continue
        words = [VALUE_LABELS[d] for d in missing]
        message = M_ADULT_REFERRAL.format(
            name=ctx.name(child.id),
            day=eighteenth,
            departments="、".join(w.zh for w in words),
            departments_en=" and ".join(w.en for w in words),
        )
        yield Reminder("adult_referral_needed", child.id, child.id, eighteenth, "warning", message)


def _revocations(store: CaseStore, ctx: _Context) -> Iterator[Reminder]:
    """A guardian refusing the duty nears 6 months (casework.guardianship, §二(六)4)."""
    for member in read_cache.records(store, "family_member"):
        if member.child_id not in ctx.children:
            continue
        day = revocation_window(member.fields)
        if day is None or (day - ctx.today).days > REMIND_DAYS_BEFORE:
            continue
        relation = str(member.fields.get("relation"))
        message = M_REVOCATION.format(
            name=ctx.name(member.child_id),
            relation=RELATION_WORDS.word(relation) or "监护人",
            relation_en=relation.replace("_", " "),
            since=member.fields.get("refusing_since"),
            day=day,
        )
        severity: Severity = "urgent" if ctx.today >= day else "warning"
        yield Reminder(
            "guardianship_revocation", member.id, member.child_id, day, severity, message
        )


def _sync_problems(store: CaseStore, ctx: _Context) -> Iterator[Reminder]:
    # The states are stored in the clear: nothing needs decrypting to find them.
    for record in store.sync_troubles():
        child_id = record.id if record.kind == "child" else record.child_id
        name = ctx.name(child_id)
        if record.sync_state is SyncStatus.CONFLICT:
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
    # A closed file (退出/结案, casework.closure) is in the archive, not on the to-do.
    every = read_cache.records(store, "child")
    children = {c.id: c for c in every if not is_closed(c.fields)}
    ctx = _Context(
        today=today,
        children=children,
        summaries=[s for s in child_summaries(store, today=today) if s.id in children],
        names={c.id: str(c.fields.get("name") or "") for c in every},
    )
    items: list[Reminder] = []
    items.extend(_visits(ctx))
    items.extend(_entrustments(store, ctx))
    items.extend(_certificates(ctx))
    items.extend(_upcoming(ctx))
    items.extend(_rules_problems(ctx))
    items.extend(_key_children(store, ctx))
    items.extend(_benefits(ctx))
    items.extend(_reports(store, ctx))
    items.extend(_plan_items(store, ctx))
    items.extend(_referrals(store, ctx))
    items.extend(_report_follow_through(store, ctx))
    items.extend(_adult_referrals(store, ctx))
    items.extend(_revocations(store, ctx))
    items.extend(_sync_problems(store, ctx))
    return sort_reminders(items)


__all__ = ["Reminder", "ReminderKind", "Severity", "reminders", "sort_reminders"]
