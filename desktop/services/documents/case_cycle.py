"""The case cycle in printed words: the latest assessment with its help plan (评估帮扶,
seed §二(六)3), referrals with their answers (转介帮扶), a report's follow-through
(§二(六)1–2), guardianship interventions (§二(六)4) and a closure (退出/结案), for the
dossier and the monthly report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from casework.closure import is_closed
from casework.labels import VALUE_LABELS
from casework.ledger import RELATION_WORDS
from casework.report_follow_through import reported_at_once, reporting_delay
from desktop.models.store import RecordView
from desktop.services.documents.child_file import DEPARTMENTS, REFERRAL_STATUS, RISK_LEVELS


def _department(code: object) -> str:
    return DEPARTMENTS.get(str(code), "") if code else ""


def assessment_line(record: RecordView | None) -> str:
    """评估 on a day, by whom, with whom, and the risk it set."""
    if record is None:
        return "无"
    fields = record.fields
    partners = "、".join(
        VALUE_LABELS[p].zh for p in fields.get("partners") or () if p in VALUE_LABELS
    )
    with_whom = f"（会同{partners}）" if partners else ""
    risk = RISK_LEVELS.get(str(fields.get("risk_level")), "")
    return f"{fields.get('assessed_on')} {fields.get('assessor') or ''}{with_whom}，风险等级{risk}"


def plan_rows(record: RecordView | None, limit: int) -> list[list[Any]]:
    """The help plan's items, those not done first."""
    if record is None:
        return []
    items: Sequence[Mapping[str, Any]] = [
        i for i in record.fields.get("plan_items") or () if isinstance(i, Mapping)
    ]
    ordered = sorted(items, key=lambda i: (bool(i.get("done")), str(i.get("due") or "")))
    return [
        [
            item.get("what"),
            _department(item.get("department")),
            item.get("due") or "",
            f"已完成（{item.get('done_on')}）" if item.get("done") else "未完成",
        ]
        for item in ordered[:limit]
    ]


def referral_state(fields: Mapping[str, Any]) -> str:
    """The status with the day of its answer, and a decline's reason."""
    status = str(fields.get("status"))
    words = REFERRAL_STATUS.get(status, "")
    if status == "in_progress" and fields.get("accepted_on"):
        return f"{words}（{fields['accepted_on']}受理）"
    if status == "done" and fields.get("closed_on"):
        return f"{words}（{fields['closed_on']}）"
    if status == "declined":
        return f"{words}：{fields.get('decline_reason') or ''}"
    return words


LATE = "超过24小时"  # §二(六)1: a report is made "在第一时间", at once


def _word(code: object) -> str:
    label = VALUE_LABELS.get(str(code))
    return label.zh if label is not None else ("其他" if code == "other" else str(code or ""))


def time_to_report(fields: Mapping[str, Any]) -> str:
    """From finding the child to reporting it (§二(六)1), in hours or days and hours."""
    delay = reporting_delay(fields)
    if delay is None:
        return "用时不详"
    hours = delay.total_seconds() / 3600
    return f"用时{hours:.1f}小时" if hours < 48 else f"用时{delay.days}天{int(hours % 24)}小时"


def report_timing(fields: Mapping[str, Any]) -> str:
    """已报告 with its time to report, flagged when over 24 hours; or 未报告."""
    if not fields.get("filed"):
        return "未报告"
    late = f"，{LATE}" if reported_at_once(fields) is False else ""
    return f"已报告（{time_to_report(fields)}{late}）"


def report_response(fields: Mapping[str, Any]) -> str:
    """The emergency measure and who took the child in, and the police's feedback
    (§二(六)2 应急处置)."""
    measure = fields.get("emergency_measure")
    taken = fields.get("taken_in_by")
    parts = []
    if measure:
        parts.append(_word(measure) + (f"（{taken}）" if taken else ""))
    feedback = fields.get("police_feedback_on")
    parts.append(f"公安反馈{feedback}" if feedback else "公安未反馈")
    return "；".join(parts)


def intervention_rows(members: Sequence[RecordView], limit: int) -> list[list[Any]]:
    """强化监护干预 steps (§二(六)4), the latest first: day, with whom, step, outcome."""
    rows = []
    for member in members:
        relation = RELATION_WORDS.word(str(member.fields.get("relation"))) or "监护人"
        for step in member.fields.get("interventions") or ():
            if isinstance(step, Mapping):
                by = f"（{step.get('by_whom')}）" if step.get("by_whom") else ""
                rows.append(
                    [step.get("taken_on"), relation, _word(step.get("step")) + by,
                     step.get("outcome") or ""]
                )  # fmt: skip
    return sorted(rows, key=lambda r: str(r[0] or ""), reverse=True)[:limit]


def closure_line(fields: Mapping[str, Any]) -> str | None:
    """A closed file's day, reason and note; a reopened one's day and reason; else None."""
    if is_closed(fields):
        note = f"，{fields['closure_note']}" if fields.get("closure_note") else ""
        reason = _word(fields.get("closure_reason"))
        return f"已于 {fields.get('file_closed_on')} 结案（退出），原因：{reason}{note}"
    if fields.get("reopened_on"):
        return f"已于 {fields['reopened_on']} 重新开案，原因：{fields.get('reopen_reason') or ''}"
    return None
