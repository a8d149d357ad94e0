"""Everything printed about one child: the child's records gathered in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from casework.eligibility import CATEGORY_NAMES
from casework.ledger import RELATION_WORDS, SITUATION_WORDS, current_situation, situation_word
from casework.messages import Message
from desktop.models.store import CaseStore, RecordView
from desktop.services.casefile import eligibility_of
from desktop.services.documents.pdf import DocumentError

M_NOT_A_CHILD = Message(
    "记录 {id} 不是儿童档案（也不是委托监护记录）",
    "Record {id} is not a child's file (nor an entrustment)",
)

# Names of coded values that only printed documents need.
DEPARTMENTS: dict[str, str] = {
    "civil_affairs": "民政", "education": "教育", "public_security": "公安", "justice": "司法",
    "health": "卫生健康", "human_resources": "人力社保", "medical_insurance": "医保",
    "housing": "住建", "disabled_federation": "残联", "womens_federation": "妇联",
    "youth_league": "团委", "procuratorate": "检察院", "court": "法院",
    "rescue_centre": "未成年人救助保护中心", "social_organization": "社会组织",
    "care_committee": "关工委", "trade_union": "工会", "township": "乡镇（街道）",
    "other": "其他",
}  # fmt: skip
REFERRAL_STATUS: dict[str, str] = {
    "open": "待处理", "in_progress": "办理中", "done": "已办结", "declined": "未受理",
}  # fmt: skip
REPORT_TRIGGERS: dict[str, str] = {
    "living_alone": "独自居住", "missing": "失踪", "guardian_incapable": "监护人无监护能力",
    "not_fulfilling_guardianship": "监护人不履行监护职责", "suspected_violence": "疑似遭受家庭暴力",
    "accidental_injury": "意外伤害", "unlawful_harm": "不法侵害",
}  # fmt: skip
FOLLOW_UP_STATUS: dict[str, str] = {"open": "未跟进", "following": "跟进中", "closed": "已结案"}
VISIT_TYPES: dict[str, str] = {"regular": "定期走访", "key_check": "重点核查", "follow_up": "随访"}
ENTRUSTMENT_STATUS: dict[str, str] = {
    "draft": "草稿", "signed": "已签订", "expired": "已过期", "revoked": "已撤销",
}  # fmt: skip
GENDERS: dict[str, str] = {"male": "男", "female": "女"}
RISK_LEVELS: dict[str, str] = {"low": "低", "medium": "中", "high": "高"}


@dataclass(frozen=True)
class ChildFile:
    child: RecordView
    members: tuple[RecordView, ...]
    visits: tuple[RecordView, ...]
    entrustments: tuple[RecordView, ...]
    reports: tuple[RecordView, ...]
    referrals: tuple[RecordView, ...]
    assessments: tuple[RecordView, ...] = ()

    @property
    def fields(self) -> Any:
        return self.child.fields

    def member(self, relation: str) -> RecordView | None:
        return next((m for m in self.members if m.fields.get("relation") == relation), None)

    def entrusted_guardian(self) -> RecordView | None:
        return next((m for m in self.members if m.fields.get("is_entrusted_guardian")), None)

    def latest_entrustment(self) -> RecordView | None:
        def key(record: RecordView) -> tuple[str, str]:
            return (str(record.fields.get("signed_date") or ""), record.created_at.isoformat())

        return max(self.entrustments, key=key, default=None)

    def category_names(self, today: date) -> list[str]:
        result = eligibility_of(self.child, list(self.members), today=today)
        return [CATEGORY_NAMES[c].zh for c in result.categories]


def load_child_file(store: CaseStore, child_id: str) -> ChildFile:
    child = store.get(child_id)
    if child.kind != "child":
        raise DocumentError(M_NOT_A_CHILD.format(id=child_id))
    by_kind: dict[str, list[RecordView]] = {}
    for record in store.records(child_id=child_id):
        by_kind.setdefault(record.kind, []).append(record)

    def sorted_by(kind: str, field: str) -> tuple[RecordView, ...]:
        return tuple(sorted(by_kind.get(kind, []), key=lambda r: str(r.fields.get(field) or "")))

    return ChildFile(
        child=child,
        members=tuple(by_kind.get("family_member", [])),
        visits=sorted_by("visit", "visit_date"),
        entrustments=sorted_by("entrustment", "signed_date"),
        reports=sorted_by("mandatory_report", "found_at"),
        referrals=sorted_by("referral", "referred_on"),
        assessments=sorted_by("assessment", "assessed_on"),
    )


def relation_word(member: RecordView | None) -> str:
    if member is None:
        return ""
    return RELATION_WORDS.word(str(member.fields.get("relation")))


def situation_text(member: RecordView | None) -> str:
    """The member's current situation in the ledger's words, with its start date."""
    if member is None:
        return ""
    situation = current_situation(list(member.fields.get("situations") or ()))
    if situation is None:
        return ""
    word = situation_word(situation) or SITUATION_WORDS.word(str(situation.get("kind")))
    since = situation.get("since")
    return f"{word}（自{since}）" if since else word
