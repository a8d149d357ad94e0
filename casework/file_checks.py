"""Checks on a child's file that the seed implies (issue 17 item 6), written once for the
save path, the to-do and the window.

Readings of the policy:

- annex 3 item 3: the director "指导监护人和受委托监护人签订委托监护确认书", so every
  left-behind child (§二(一)1) without a signed confirmation is on the to-do
  ("留守儿童无有效委托监护确认书"); one signed but expired has its own reminder
  (re-sign), so this one is for a child with none signed at all;
- §二(一)1 (and DESIGN §5): a child has one father and one mother; a second record of
  either is refused at the save, or the rules could not tell which one counts;
- §二(一)1 "不满十六周岁" is the only age-16 limit: turning 16 changes only a left-behind
  child's category, so only such a child gets the "turns 16" reminder;
- §二(一)4–5 "持有有效期内《…救助证》": a 低保 / 低保边缘 family without the certificate's
  validity date cannot be judged, so the to-do asks for it;
- annex 3 item 3 with §二(六)2 ("重新确定受委托监护人"): a confirmation names who looks
  after the child while the parents are away; when a parent's situation begins or ends
  after it was signed (a parent goes out to work, comes home, is imprisoned …, by the
  situation's own since / until dates, never the day it was typed), the confirmation no
  longer describes the family and a left-behind child needs a new one;
- annex 3 item 4: the director visits "监护情况较差、失学辍学、无户籍以及患病、残疾等重点儿童"
  more often; a child who is ill or disabled, whose guardian refuses the duty (§二(六)4,
  poorly guarded), who dropped out or is out of school (辍学, 失学), or who has no household
  registration (无户籍) is suggested as a key child, and the director confirms by marking
  it, or declines with a reason; a declined suggestion is remembered with its grounds, and
  only a ground not declined then suggests the child again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Literal

from casework.dates import read_day
from casework.eligibility import situation_words
from casework.messages import CaseworkError, Message
from casework.vocabulary import KEY_CHILD_GROUND

PARENTS = ("father", "mother")
CERTIFIED_ASSISTANCE = ("dibao", "dibao_edge")
AGE_16_CATEGORY = "left_behind"  # §二(一)1: the only category that ends at 16

M_SECOND_PARENT = Message(
    "该儿童已有{relation}的记录，一名儿童只能有一位{relation}；请修改已有的记录"
    "（工作方案二（一）1）",
    "This child already has a {relation_en} on file and can have only one; edit that record",
)
_PARENT_WORDS = {"father": ("父亲", "father"), "mother": ("母亲", "mother")}

EntrustmentState = Literal["valid", "expired", "none"]


def entrustment_state(entrustments: Iterable[Mapping[str, Any]], today: date) -> EntrustmentState:
    """Whether a signed confirmation is valid today, only expired ones were signed, or none
    was signed (a signed one without an end date counts as valid)."""
    state: EntrustmentState = "none"
    for fields in entrustments:
        if fields.get("status") != "signed":
            continue
        until = read_day(fields.get("valid_until"))
        if until is None or until >= today:
            return "valid"
        state = "expired"
    return state


def needs_entrustment(
    categories: Iterable[str], entrustments: Iterable[Mapping[str, Any]], today: date
) -> bool:
    """A left-behind child with no signed entrustment (annex 3 item 3)."""
    return "left_behind" in categories and entrustment_state(entrustments, today) == "none"


def turns_16_matters(categories: Iterable[str]) -> bool:
    """Turning 16 changes the child's category only if it is left behind (§二(一)1)."""
    return AGE_16_CATEGORY in categories


def certificate_undated(child: Mapping[str, Any]) -> str | None:
    """The certificate (dibao / dibao_edge) whose validity date is missing, or None
    (§二(一)4–5 "持有有效期内")."""
    assistance = child.get("family_assistance")
    if assistance in CERTIFIED_ASSISTANCE and read_day(child.get("assistance_valid_until")) is None:
        return str(assistance)
    return None


class SecondParentError(CaseworkError):
    """A second father (or mother) for one child (§二(一)1)."""


def check_one_parent_each(member: Mapping[str, Any], others: Iterable[Mapping[str, Any]]) -> None:
    """Raise :class:`SecondParentError` when ``member`` is a father or mother and ``others``
    (the child's other live family members) already hold one."""
    relation = member.get("relation")
    if relation not in PARENTS:
        return
    if any(other.get("relation") == relation for other in others):
        zh, en = _PARENT_WORDS[str(relation)]
        raise SecondParentError(
            M_SECOND_PARENT.format(relation=zh, relation_en=en), code="second_parent"
        )


# The grounds' words: the one vocabulary's (casework.vocabulary.KEY_CHILD_GROUND).
KEY_CHILD_GROUNDS: dict[str, str] = {str(t.code): t.name.zh for t in KEY_CHILD_GROUND.terms}
KEY_CHILD_GROUNDS_EN: dict[str, str] = {str(t.code): t.name.en for t in KEY_CHILD_GROUND.terms}
OUT_OF_SCHOOL = ("dropped_out", "out_of_school")  # 辍学, 失学


def key_child_grounds(
    child: Mapping[str, Any],
    members: Iterable[Mapping[str, Any]],
    *,
    leave_out_declined: bool = True,
) -> list[str]:
    """Why a child not yet a key child should be one (annex 3 item 4); empty when it is
    one already or nothing suggests it. Grounds the director declined are left out."""
    if child.get("key_child"):
        return []
    grounds = []
    if child.get("serious_illness"):
        grounds.append("ill")
    if child.get("disability_category"):
        grounds.append("disabled")
    if any(m.get("refusing_since") or m.get("interventions") for m in members):
        grounds.append("poorly_guarded")
    if child.get("schooling_status") in OUT_OF_SCHOOL:
        grounds.append("out_of_school")
    if child.get("no_hukou") is True:
        grounds.append("no_hukou")
    if not leave_out_declined:
        return grounds
    declined = child.get("key_child_declined")
    said_no = declined.get("grounds") or () if isinstance(declined, Mapping) else ()
    return [g for g in grounds if g not in said_no]


def declining_key_child(grounds: Iterable[str], day: date, reason: str) -> dict[str, Any]:
    """The child's field that remembers a declined suggestion (every ground shown now)."""
    return {
        "key_child_declined": {
            "grounds": list(dict.fromkeys(grounds)),
            "declined_on": day.isoformat(),
            "reason": reason,
        }
    }


PARENT_WORDS = {"father": "父亲", "mother": "母亲"}


def parents_changed_after(
    signed: date, members: Iterable[Mapping[str, Any]], today: date
) -> list[tuple[date, str]]:
    """The parents' situations that began (``since``) or ended (the day after ``until``)
    after ``signed`` and by ``today``: (day, words), earliest first."""
    found: list[tuple[date, str]] = []
    for member in members:
        relation = member.get("relation")
        if relation not in PARENTS:
            continue
        who = PARENT_WORDS[str(relation)]
        for situation in member.get("situations") or ():
            if not isinstance(situation, Mapping):
                continue
            what = situation_words(str(situation.get("kind")))[0]
            since, until = read_day(situation.get("since")), read_day(situation.get("until"))
            if since is not None and signed < since <= today:
                found.append((since, f"{who}{what}（自 {since} 起）"))
            if until is not None and signed <= until < today:
                found.append((until, f"{who}{what}已于 {until} 结束"))
    return sorted(found)


def entrustment_outdated(
    categories: Iterable[str],
    entrustments: Iterable[Mapping[str, Any]],
    members: Iterable[Mapping[str, Any]],
    today: date,
) -> list[tuple[date, str]]:
    """For a left-behind child, the parents' changes since its latest valid signed
    confirmation was signed (annex 3 item 3, §二(六)2); empty when none or no such one."""
    if "left_behind" not in categories:
        return []
    signed_days = []
    for fields in entrustments:
        until = read_day(fields.get("valid_until"))
        signed = read_day(fields.get("signed_date"))
        if fields.get("status") == "signed" and signed and (until is None or until >= today):
            signed_days.append(signed)
    if not signed_days:
        return []
    return parents_changed_after(max(signed_days), members, today)
