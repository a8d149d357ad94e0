"""From stored records to the eligibility engine's facts.

The child record and its father's and mother's family-member records hold everything
``casework.eligibility.classify`` needs; this is the one place that maps one to the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any


def _situations(member: Mapping[str, Any]) -> list[dict[str, Any]]:
    result = []
    for situation in member.get("situations") or ():
        if not isinstance(situation, Mapping):
            continue  # not a situation at all: nothing to judge by
        item = {"kind": situation.get("kind")}
        for key in ("since", "until", "category", "grade"):
            if situation.get(key) is not None:
                item[key] = situation[key]
        result.append(item)
    return result


def facts_from_records(
    child: Mapping[str, Any], members: Sequence[Mapping[str, Any]], *, as_of: date
) -> dict[str, Any]:
    """The facts of ``classify`` (its JSON form) for one child and its family members.

    Whatever was stored goes through as it is: a missing or malformed value (old data,
    another device's) makes ``classify`` refuse the facts with its reasons, never a
    ``KeyError`` or ``ValueError`` here.
    """
    disability = None
    if child.get("disability_category") and child.get("disability_grade"):
        disability = {
            "category": child["disability_category"],
            "grade": _whole_number(child["disability_grade"]),
        }
    parents = [
        {"role": member["relation"], "situations": _situations(member)}
        for member in members
        if member.get("relation") in ("father", "mother")
    ]
    facts: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "birth_date": child.get("birth_date"),
        # 无户籍 (§二(五)4, §二(六)1): no registration, whatever the hukou fields hold; such
        # a child is in scope only as one found in the county needing custody (§二(一)8).
        "hukou": None
        if child.get("no_hukou") is True
        else {
            "county_code": child.get("hukou_county_code") or "330523",
            "type": child.get("hukou_type") or "rural",
        },
        "found_in_county": bool(child.get("found_in_county")),
        "in_welfare_institution": bool(child.get("in_welfare_institution")),
        "family_assistance": child.get("family_assistance") or "none",
        "disability": disability,
        "serious_illness": bool(child.get("serious_illness")),
        "justice_involvement": child.get("justice_involvement"),
        "needs_temporary_custody": bool(child.get("needs_temporary_custody")),
        "parents": parents,
    }
    if child.get("assistance_valid_until"):
        facts["family_assistance_valid_until"] = child["assistance_valid_until"]
    return facts


def _whole_number(value: object) -> object:
    """A grade stored as text ("2") read as the number; anything else left for the check."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
