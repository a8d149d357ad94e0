"""The case cycle in printed words: the latest assessment with its help plan (评估帮扶,
seed §二(六)3) and referrals with their answers (转介帮扶), for the dossier."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from casework.labels import VALUE_LABELS
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
