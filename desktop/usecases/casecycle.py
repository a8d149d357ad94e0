"""The case cycle after a child is found, Qt-free: assessments with their help plans
(评估帮扶, seed §二(六)3) and referrals (转介帮扶), what this device's role may do to them
(``casework.permissions.TABLE``, the table the county enforces), and closing a file
(退出/结案), the archive and reopening (``casework.closure``); a key-child suggestion
confirmed or declined (``casework.file_checks``, annex 3 item 4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from casework.assessments import child_risk_after
from casework.closure import (
    ADULT_REFERRALS,
    adult_referrals_missing,
    closing,
    is_closed,
    reopening,
)
from casework.dates import add_days, read_day
from casework.eligibility import birthday
from casework.file_checks import declining_key_child, key_child_grounds
from casework.permissions import may, writable_fields
from desktop.models.store import CaseStore, RecordView
from desktop.services import read_cache
from desktop.services.casefile import eligibility_of
from desktop.usecases.children import ChildFile, save_child_record


@dataclass(frozen=True)
class FileOffers:
    """What the child file offers this device's role to write, by kind."""

    writable: frozenset[str]  # kinds it may create and change
    child_fields: frozenset[str] | None  # the child's fields it may change (None: all)

    def may_write(self, kind: str) -> bool:
        return kind in self.writable


def file_offers(role: str | None) -> FileOffers:
    """A laptop not enrolled (offline, the director's own) writes everything."""
    if role is None:
        return FileOffers(frozenset(_KINDS), None)
    writable = frozenset(k for k in _KINDS if may(role, k, "create") and may(role, k, "update"))
    fields = writable_fields(role, "child", "update")
    every = writable_fields("county", "child", "update")
    return FileOffers(writable, None if fields == every else fields)


_KINDS = (
    "child", "family_member", "visit", "entrustment", "mandatory_report", "referral",
    "assessment",
)  # fmt: skip


def save_assessment(
    store: CaseStore,
    *,
    kind: str = "assessment",
    record_id: str | None,
    child_id: str,
    fields: Mapping[str, Any],
) -> str:
    """Save an assessment; its risk level becomes the child's unless a later assessment is
    on file (seed §二(六)3, issue 17: "risk level, which becomes the child's")."""
    saved = save_child_record(
        store, kind=kind, record_id=record_id, child_id=child_id, fields=fields
    )
    others = [a.fields for a in store.records("assessment", child_id=child_id) if a.id != saved]
    risk = child_risk_after(store.get(saved).fields, others)
    if risk is not None and store.get(child_id).fields.get("risk_level") != risk:
        store.update(child_id, {"risk_level": risk})
    return saved


# -- leaving care and coming back (退出/结案) ----------------------------------------------


@dataclass(frozen=True)
class ArchivedFile:
    child_id: str
    name: str
    closed_on: str
    reason: str  # a ClosureReason code
    note: str


def close_file(
    store: CaseStore,
    *,
    child_id: str,
    reason: str,
    day: date,
    note: str | None = None,
    today: date,
) -> tuple[str, ...]:
    """Close the child's file; closing for the 18th birthday of a child in difficulty
    refers the child to 人社 and 民政 (§二(五)5, 10). Returns the referrals made."""
    child = store.get(child_id)
    made = refer_at_18(store, child, today=today) if reason == "turned_18" else ()
    store.update(child_id, closing(reason, day, note))
    return made


def refer_at_18(store: CaseStore, child: RecordView, *, today: date) -> tuple[str, ...]:
    """The referrals to 人社 and 民政 that an orphan or child in difficulty needs at 18,
    those not made yet (casework.closure)."""
    birth = read_day(child.fields.get("birth_date"))
    if birth is None:
        return ()
    eighteenth = birthday(birth, 18)
    members = store.records("family_member", child_id=child.id)
    if not eligibility_of(child, members, today=add_days(eighteenth, -1)).in_difficulty:
        return ()
    referrals = [r.fields for r in store.records("referral", child_id=child.id)]
    return tuple(
        store.create(
            "referral",
            {
                "child_id": child.id,
                "department": department,
                "need": ADULT_REFERRALS[department],
                "referred_on": today.isoformat(),
            },
        )
        for department in adult_referrals_missing(eighteenth=eighteenth, referrals=referrals)
    )


def reopen_file(store: CaseStore, *, child_id: str, day: date, reason: str) -> None:
    store.update(child_id, reopening(day, reason))


def list_archive(store: CaseStore, *, query: str = "") -> tuple[ArchivedFile, ...]:
    """Closed files, latest closed first; ``query`` matches a name or ID number digits."""
    wanted = query.strip()
    found = []
    for child in read_cache.records(store, "child"):
        fields = child.fields
        if not is_closed(fields):
            continue
        name = str(fields.get("name") or "")
        if wanted and wanted not in name and wanted not in str(fields.get("id_number") or ""):
            continue
        found.append(
            ArchivedFile(
                child.id,
                name,
                str(fields.get("file_closed_on")),
                str(fields.get("closure_reason")),
                str(fields.get("closure_note") or ""),
            )
        )
    return tuple(sorted(found, key=lambda f: (f.closed_on, f.name), reverse=True))


# -- key children (重点儿童, annex 3 item 4) -----------------------------------------------


def key_child_suggested(file: ChildFile) -> list[str]:
    """The grounds on which the file's child is suggested as a key child, the declined
    ones left out (casework.file_checks)."""
    return key_child_grounds(file.child.fields, [m.fields for m in file.members])


def confirm_key_child(store: CaseStore, *, child_id: str) -> None:
    """The director confirms the suggestion: the child is a key child."""
    store.update(child_id, {"key_child": True})


def decline_key_child(store: CaseStore, *, child_id: str, reason: str, day: date) -> None:
    """The director declines, with the reason; remembered for every ground shown now, so
    only a new ground suggests the child again (annex 3 item 4)."""
    child = store.get(child_id)
    members = [m.fields for m in store.records("family_member", child_id=child_id)]
    grounds = key_child_grounds(child.fields, members, leave_out_declined=False)
    store.update(child_id, declining_key_child(grounds, day, reason))
