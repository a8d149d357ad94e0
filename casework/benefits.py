"""Benefits per category (帮扶救助): which apply to a child, and which are not applied for.

Readings of the policy:

- annex 3 item 4: for a child (and family) who qualifies for social assistance or welfare,
  the director "告知具体内容及申请程序，并协助申请救助"; §二(六)3: those who qualify "民政及
  其他社会救助部门要及时纳入保障范围". Each benefit is kept on the child's file with its
  course: told (已告知), applied for (已申请, with the day), granted (已享受, with the day),
  refused (未获批, why) or not needed (无需申请, why);
- which benefit applies, each by the seed's own clause (``BENEFITS``):
  - 基本生活费（补贴）: children in difficulty, categories 2–6 (§二(五)5 "健全困境儿童、
    留守儿童基本生活保障制度");
  - 低保: orphans and de facto unsupported children (categories 2, 3) whose family holds no
    低保 certificate (§二(六)3 "及时纳入保障范围"; §二(五)5);
  - 医疗救助: orphans, de facto unsupported children, and seriously ill or disabled children
    in difficulty (categories 2, 3, 4, 6; §二(五)9 "减免困境儿童的医疗费用", 11 "重大疾病
    医疗救助");
  - 教育资助: "孤、残、贫困儿童就学资助" (§二(五)6): orphans and de facto unsupported
    children (2, 3), children of 低保 / 低保边缘 families (4, 5), disabled children; not
    for a child not yet at school (未入学);
  - 残疾人两项补贴: a disabled child who is severely disabled (the seed's 重残: grade 1 or 2,
    or grade 3 or 4 mental or intellectual) or in a 低保 / 低保边缘 family (§二(五)15 残联);
  - 残疾儿童康复救助: any disabled child (§二(五)15 "组织开展残疾儿童康复等工作");
- a benefit that applies waits on the to-do until it is applied for: no entry, or only
  told, is "not applied for"; applied, granted, refused and not needed settle it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from casework.eligibility import DIFFICULTY_CATEGORIES, is_severe_disability

ORPHANS = frozenset({"orphan_institutional", "orphan_scattered"})
UNSUPPORTED = ORPHANS | {"de_facto_unsupported"}
LOW_INCOME = frozenset({"low_income_self_difficulty", "low_income_family"})
SELF_DIFFICULTY = frozenset({"low_income_self_difficulty", "other_self_difficulty"})
UNSETTLED = frozenset({"informed"})  # told the family, nothing applied for yet

# Each benefit's clause of the work plan, in the order the file lists them.
BENEFITS: dict[str, str] = {
    "basic_living": "二（五）5",
    "dibao": "二（六）3",
    "medical_aid": "二（五）9、11",
    "education_aid": "二（五）6",
    "disability_subsidies": "二（五）15",
    "rehabilitation": "二（五）15",
}


@dataclass(frozen=True)
class Applicable:
    benefit: str
    clause: str


def _grade(child: Mapping[str, Any]) -> int | None:
    value = child.get("disability_grade")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _severely_disabled(child: Mapping[str, Any]) -> bool:
    """The seed's 重残 (the eligibility rules' own reading)."""
    grade = _grade(child)
    category = child.get("disability_category")
    return grade is not None and is_severe_disability(str(category), grade)


def applicable(child: Mapping[str, Any], categories: Iterable[str]) -> list[Applicable]:
    """The benefits that apply to the child with ``categories`` (today's), in order."""
    held = set(categories)
    disabled = bool(child.get("disability_category"))
    low_income = child.get("family_assistance") in ("dibao", "dibao_edge")
    found = set()
    if held & DIFFICULTY_CATEGORIES:
        found.add("basic_living")
    if held & UNSUPPORTED and child.get("family_assistance") != "dibao":
        found.add("dibao")
    if held & (UNSUPPORTED | SELF_DIFFICULTY):
        found.add("medical_aid")
    at_school_age = child.get("schooling_status") != "not_enrolled"
    if at_school_age and (held & (UNSUPPORTED | LOW_INCOME) or (disabled and held)):
        found.add("education_aid")
    if disabled and (_severely_disabled(child) or low_income):
        found.add("disability_subsidies")
    if disabled:
        found.add("rehabilitation")
    return [Applicable(code, clause) for code, clause in BENEFITS.items() if code in found]


def not_applied(child: Mapping[str, Any], categories: Iterable[str]) -> list[Applicable]:
    """The applicable benefits with no entry on file, or only told (annex 3 item 4)."""
    settled = {
        str(entry.get("benefit"))
        for entry in child.get("benefits") or ()
        if isinstance(entry, Mapping) and entry.get("status") not in UNSETTLED
    }
    return [a for a in applicable(child, categories) if a.benefit not in settled]
