"""The visit policy in words: which one is in force, and what it asks (both languages).

Shown on the laptop (settings and sync pages: "走访要求：县里 2026-12-03 版") and printed by
``county-server set-visit-policy``, so the county and the villages read the same words.
"""

from __future__ import annotations

from casework.eligibility import CATEGORY_NAMES
from casework.labels import VALUE_LABELS
from casework.messages import Message
from casework.visits_policy import VisitPolicy

SEED_SOURCE = Message("方案默认", "the plan's default")
COUNTY_SOURCE = Message("县里 {day} 版", "the county's of {day}")
IN_FORCE = Message("走访要求：{source}", "Visit policy: {source}")


def policy_source(set_on: str | None) -> Message:
    """Whose policy: the county's (the day it was set) or the seed's default."""
    if not set_on:
        return SEED_SOURCE
    return COUNTY_SOURCE.format(day=set_on)


def in_force(set_on: str | None) -> Message:
    source = policy_source(set_on)
    return Message(IN_FORCE.zh.format(source=source.zh), IN_FORCE.en.format(source=source.en))


def _months(zh: str, en: str, months: int) -> tuple[str, str]:
    return f"{zh}每 {months} 个月", f"{en} every {months} month{'s' if months > 1 else ''}"


def policy_summary(policy: VisitPolicy) -> Message:
    """What the policy asks, in the order a reader checks it."""
    parts = [
        _months("重点儿童", "key children", policy.key_child_months),
        _months("其他儿童", "other children", policy.default_months),
    ]
    for code, months in sorted(policy.by_category.items()):
        name = CATEGORY_NAMES[code]
        parts.append(_months(name.zh, name.en, months))
    for level, months in sorted(policy.by_risk_level.items()):
        word = VALUE_LABELS.get(level)
        zh, en = (word.zh, word.en) if word is not None else (level, level)
        parts.append(_months(f"风险等级{zh}的儿童", f"children at {en} risk", months))
    return Message("；".join(zh for zh, _ in parts), "; ".join(en for _, en in parts))
