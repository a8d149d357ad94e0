"""Reading the case file: one summary per child with its categories and next visit."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from casework.closure import is_closed
from casework.dates import read_day
from casework.eligibility import (
    EligibilityInputError,
    EligibilityResult,
    UpcomingChange,
    classify,
)
from casework.facts import facts_from_records
from casework.ids import mask_id_number
from casework.messages import CaseworkError, Message
from casework.opening import Opening, opening
from casework.visits_policy import DEFAULT_POLICY, VisitDue, VisitPolicy, visit_due
from desktop.models.store import CaseStore, RecordView
from desktop.models.tables import SyncStatus
from desktop.services import read_cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)  # slots: 10,000 of them, several copies after a sync
class ChildSummary:
    id: str
    name: str
    gender: str
    birth_date: str
    id_number_masked: str | None
    village_code: str
    categories: tuple[str, ...]
    in_difficulty: bool
    risk_level: str
    key_child: bool
    last_visit: str | None
    next_visit: VisitDue | None
    sync_state: SyncStatus
    upcoming: tuple[UpcomingChange, ...] = ()  # what changes next, as the rules foresee
    # False in the list shown first after unlock, before the rules have run: categories,
    # difficulty and the next visit are not known yet (not "none").
    classified: bool = True
    # Why the rules could not run on the file (its facts contradict), or None; such a child
    # is on the to-do rather than silently in no category (issue 17 item 6).
    rules_problem: Message | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "gender": self.gender,
            "birth_date": self.birth_date,
            "id_number": self.id_number_masked,
            "village_code": self.village_code,
            "categories": list(self.categories),
            "in_difficulty": self.in_difficulty,
            "risk_level": self.risk_level,
            "key_child": self.key_child,
            "last_visit": self.last_visit,
            "next_visit_due": self.next_visit.due.isoformat() if self.next_visit else None,
            "visit_status": self.next_visit.status if self.next_visit else None,
            "sync_state": self.sync_state.value,
        }


def county_visit_policy(store: CaseStore) -> VisitPolicy:
    """The county's visit frequencies sent at enrolment, or the defaults offline."""
    from casework.protocol import VisitPolicySettings
    from desktop.sync.state import SyncState

    stored = SyncState(store).get("policy")
    if not stored:
        return DEFAULT_POLICY
    settings = VisitPolicySettings.model_validate_json(stored)
    try:
        return VisitPolicy(
            key_child_months=settings.key_child_months,
            default_months=settings.default_months,
            by_category=settings.by_category,
            by_risk_level=settings.by_risk_level,
        )
    except CaseworkError:  # a policy this release cannot read: the seed's, not a crash
        logger.warning("the county's visit policy was not understood; the default holds")
        return DEFAULT_POLICY


def visit_policy_in_force(store: CaseStore) -> tuple[Message, Message]:
    """Which visit policy holds here ("走访要求：县里 2026-12-03 版", or the plan's default)
    and what it asks, in words (settings and sync pages)."""
    from casework.policy_words import in_force, policy_summary
    from casework.protocol import VisitPolicySettings
    from desktop.sync.state import SyncState

    stored = SyncState(store).get("policy")
    set_on = VisitPolicySettings.model_validate_json(stored).set_on if stored else None
    return in_force(set_on), policy_summary(county_visit_policy(store))


def eligibility_of(
    child: RecordView, members: list[RecordView], *, today: date
) -> EligibilityResult:
    facts = facts_from_records(child.fields, [m.fields for m in members], as_of=today)
    return classify(facts)


def child_summaries(store: CaseStore, *, today: date) -> list[ChildSummary]:
    """Every child summarised under the county's visit policy; made once per change of
    the store, however many pages ask (see ``read_cache``)."""
    made = read_cache.cached(
        store,
        ("child_summaries", today),
        lambda: tuple(summarize_children(store, today=today, policy=county_visit_policy(store))),
    )
    return list(made)


def closed_child_ids(store: CaseStore) -> frozenset[str]:
    """Children whose file is closed (退出/结案, casework.closure): in the archive."""
    return frozenset(c.id for c in read_cache.records(store, "child") if is_closed(c.fields))


def open_child_summaries(store: CaseStore, *, today: date) -> list[ChildSummary]:
    """The children in care: a closed file leaves the lists, counts and to-do (issue 17
    item 5, "closed files go to an archive list")."""
    closed = closed_child_ids(store)
    return [s for s in child_summaries(store, today=today) if s.id not in closed]


def unclassified_summaries(store: CaseStore) -> list[ChildSummary]:
    """Every child as its record says, before the rules run (the list shown first)."""
    return [unclassified_summary(child) for child in read_cache.records(store, "child")]


def unclassified_summary(child: RecordView) -> ChildSummary:
    """A child as its record says, before the rules run."""
    return _summary(
        child,
        categories=(),
        in_difficulty=False,
        last_visit=None,
        next_visit=None,
        classified=False,
    )


def _summary(child: RecordView, **found: Any) -> ChildSummary:
    """A child's summary: what its record says, and what the rules ``found``."""
    fields = child.fields
    id_number = fields.get("id_number")
    return ChildSummary(
        id=child.id,
        name=str(fields.get("name") or ""),
        gender=str(fields.get("gender") or ""),
        birth_date=str(fields.get("birth_date") or ""),
        id_number_masked=mask_id_number(id_number) if id_number else None,
        village_code=child.village_code,
        risk_level=fields.get("risk_level", "low"),
        key_child=bool(fields.get("key_child")),
        sync_state=child.sync_state,
        **found,
    )


def opening_of(child: RecordView, visits: list[RecordView]) -> Opening:
    """The file's opening day (建档日期, or inferred: ``casework.opening``)."""
    days = (read_day(v.fields.get("visit_date")) for v in visits)
    return opening(
        child.fields, typed_on=child.created_at.date(), visit_days=[d for d in days if d]
    )


def _latest_visit(visits: list[RecordView]) -> RecordView | None:
    """The latest visit whose date can be read; one stored without a readable date (old
    data, another device's) is as good as none for the schedule."""
    dated = [v for v in visits if read_day(v.fields.get("visit_date")) is not None]
    return max(dated, key=lambda v: read_day(v.fields["visit_date"]) or date.min, default=None)


def summarize_children(
    store: CaseStore, *, today: date, policy: VisitPolicy = DEFAULT_POLICY
) -> list[ChildSummary]:
    members: dict[str, list[RecordView]] = defaultdict(list)
    for member in read_cache.records(store, "family_member"):
        if member.child_id:
            members[member.child_id].append(member)
    visits: dict[str, list[RecordView]] = defaultdict(list)
    for visit in read_cache.records(store, "visit"):
        if visit.child_id:
            visits[visit.child_id].append(visit)
    summaries = []
    for child in read_cache.records(store, "child"):
        try:
            result = eligibility_of(child, members[child.id], today=today)
        except EligibilityInputError as error:
            # One inconsistent file must not hide the others; it shows with no category.
            logger.warning("eligibility facts of child %s are inconsistent", child.id)
            result = EligibilityResult(
                in_scope=False, categories=[], in_difficulty=False, reasons=[], upcoming_changes=[]
            )
            problem: Message | None = error.message
        else:
            problem = None
        latest = _latest_visit(visits[child.id])
        due = visit_due(
            last_visit=read_day(latest.fields["visit_date"]) if latest else None,
            registered_on=opening_of(child, visits[child.id]).day,
            categories=result.categories,
            risk_level=child.fields.get("risk_level"),
            key_child=bool(child.fields.get("key_child")),
            today=today,
            policy=policy,
        )
        stated = read_day(latest.fields.get("next_visit_due")) if latest else None
        if due is not None and stated:
            # The director's own "next visit" date wins when it is sooner than policy.
            sooner = min(due.due, stated)
            due = visit_due(
                last_visit=None,
                registered_on=sooner,
                categories=result.categories,
                risk_level=child.fields.get("risk_level"),
                key_child=bool(child.fields.get("key_child")),
                today=today,
                policy=policy,
            )
        summaries.append(
            _summary(
                child,
                categories=tuple(result.categories),
                in_difficulty=result.in_difficulty,
                last_visit=latest.fields["visit_date"] if latest else None,
                next_visit=due,
                upcoming=tuple(result.upcoming_changes),
                rules_problem=problem,
            )
        )
    return summaries
