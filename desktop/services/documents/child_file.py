"""Everything printed about one child: the child's records gathered in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from casework import vocabulary
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


# The words of coded values on paper: the one vocabulary's (casework.vocabulary), as the
# window and the CLI show them; short names where a printed table is narrow.
def _words(domain: vocabulary.Domain, *, short: bool = False) -> dict[str, str]:
    return {str(t.code): (domain.short(t.code) if short else t.name).zh for t in domain.terms}


DEPARTMENTS = _words(vocabulary.DEPARTMENT, short=True)
REFERRAL_STATUS = _words(vocabulary.REFERRAL_STATUS, short=True)
REPORT_TRIGGERS = _words(vocabulary.REPORT_TRIGGER)
FOLLOW_UP_STATUS = _words(vocabulary.REPORT_FOLLOW_UP)
VISIT_TYPES = _words(vocabulary.VISIT_TYPE)
ENTRUSTMENT_STATUS = _words(vocabulary.ENTRUSTMENT_STATUS)
GENDERS = _words(vocabulary.GENDER)
RISK_LEVELS = _words(vocabulary.RISK_LEVEL)
ASSISTANCE = _words(vocabulary.FAMILY_ASSISTANCE)


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
