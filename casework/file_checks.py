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
- annex 3 item 4: the director visits "监护情况较差、失学辍学、无户籍以及患病、残疾等重点儿童"
  more often; a child who is ill or disabled, or whose guardian refuses the duty (§二(六)4,
  poorly guarded), is suggested as a key child, and the director confirms by marking it.
  (Schooling and household registration have no fields yet: not suggested from them.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Literal

from casework.dates import read_day
from casework.messages import CaseworkError, Message

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


KEY_CHILD_GROUNDS: dict[str, str] = {
    "ill": "患重病",
    "disabled": "有残疾",
    "poorly_guarded": "监护情况较差",
}


def key_child_grounds(child: Mapping[str, Any], members: Iterable[Mapping[str, Any]]) -> list[str]:
    """Why a child not yet a key child should be one (annex 3 item 4); empty when it is
    one already or nothing suggests it."""
    if child.get("key_child"):
        return []
    grounds = []
    if child.get("serious_illness"):
        grounds.append("ill")
    if child.get("disability_category"):
        grounds.append("disabled")
    if any(m.get("refusing_since") or m.get("interventions") for m in members):
        grounds.append("poorly_guarded")
    return grounds
