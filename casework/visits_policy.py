"""When a child is next due a home visit (走访), and whether that visit is overdue.

Key children (重点儿童: the key-child flag, or risk level ``high``) are visited every
month, other children in scope every quarter; a county may shorten the interval for a
category or a risk level. The interval for a child is the shortest that applies, so an
override can make visits more frequent but never rarer than the defaults.

A child never visited is due on the day the file was registered: a new file needs a
first visit before anything else (DESIGN §3, 一人一档).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from casework.eligibility import CATEGORY_CODES, add_months
from casework.messages import CaseworkError, Message

RiskLevel = Literal["low", "medium", "high"]
VisitStatus = Literal["ok", "due_soon", "overdue"]
RISK_LEVELS: tuple[str, ...] = ("low", "medium", "high")
DUE_SOON_DAYS = 7

ERR_MONTHS = Message(
    "走访间隔“{what}”应为 1 至 12 个月，实际为 {months}",
    "The visit interval for '{what}' should be 1 to 12 months, not {months}",
)
ERR_CATEGORY = Message(
    "未知的儿童类别：{code}",
    "Unknown child category: {code}",
)
ERR_RISK = Message(
    "未知的风险等级：{level}（应为 low、medium 或 high）",
    "Unknown risk level: {level} (expected low, medium or high)",
)


def _check_months(what: str, months: object) -> None:
    # bool is an int in Python; True months is a configuration mistake, not 1.
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 12:
        raise CaseworkError(ERR_MONTHS.format(what=what, months=months), code="visit_policy")


def _check_category(code: str) -> None:
    if code not in CATEGORY_CODES:
        raise CaseworkError(ERR_CATEGORY.format(code=code), code="visit_category")


def _check_risk(level: str | None) -> None:
    if level is not None and level not in RISK_LEVELS:
        raise CaseworkError(ERR_RISK.format(level=level), code="visit_risk_level")


@dataclass(frozen=True)
class VisitPolicy:
    """Visit intervals in calendar months; checked when made."""

    key_child_months: int = 1
    default_months: int = 3
    by_category: Mapping[str, int] = field(default_factory=dict)
    by_risk_level: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_months("key_child_months", self.key_child_months)
        _check_months("default_months", self.default_months)
        for code, months in self.by_category.items():
            _check_category(code)
            _check_months(code, months)
        for level, months in self.by_risk_level.items():
            _check_risk(level)
            _check_months(level, months)
        # A frozen policy must not change through a caller's dict.
        object.__setattr__(self, "by_category", dict(self.by_category))
        object.__setattr__(self, "by_risk_level", dict(self.by_risk_level))

    def __hash__(self) -> int:
        # The generated hash would fail on the dicts; hash their contents instead.
        return hash(
            (
                self.key_child_months,
                self.default_months,
                tuple(sorted(self.by_category.items())),
                tuple(sorted(self.by_risk_level.items())),
            )
        )

    def interval_months(
        self, *, categories: Collection[str], risk_level: str | None, key_child: bool
    ) -> int | None:
        """The shortest interval that applies, or None for a child in no category."""
        for code in categories:
            _check_category(code)
        _check_risk(risk_level)
        if not categories:
            return None
        candidates = [self.default_months]
        if key_child or risk_level == "high":
            candidates.append(self.key_child_months)
        candidates.extend(self.by_category[c] for c in categories if c in self.by_category)
        if risk_level is not None and risk_level in self.by_risk_level:
            candidates.append(self.by_risk_level[risk_level])
        return min(candidates)


DEFAULT_POLICY = VisitPolicy()


@dataclass(frozen=True)
class VisitDue:
    """The next visit: when, its status on ``today``, and how many days late."""

    due: date
    status: VisitStatus
    days_overdue: int


def next_visit_due(
    *,
    last_visit: date | None,
    registered_on: date,
    categories: Collection[str],
    risk_level: str | None,
    key_child: bool,
    policy: VisitPolicy = DEFAULT_POLICY,
) -> date | None:
    """The day the next visit falls due, or None for a child in no category.

    Never visited: due on ``registered_on``, since a new file needs a first visit.
    Otherwise the last visit plus the child's interval, in calendar months.
    """
    months = policy.interval_months(
        categories=categories, risk_level=risk_level, key_child=key_child
    )
    if months is None:
        return None
    if last_visit is None:
        return registered_on
    return add_months(last_visit, months)


def visit_status(*, due: date, today: date) -> VisitStatus:
    """``overdue`` after the due day, ``due_soon`` from 7 days before it through it."""
    if today > due:
        return "overdue"
    if (due - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "ok"


def visit_due(
    *,
    last_visit: date | None,
    registered_on: date,
    categories: Collection[str],
    risk_level: str | None,
    key_child: bool,
    today: date,
    policy: VisitPolicy = DEFAULT_POLICY,
) -> VisitDue | None:
    """:func:`next_visit_due` and :func:`visit_status` together, or None out of scope."""
    due = next_visit_due(
        last_visit=last_visit,
        registered_on=registered_on,
        categories=categories,
        risk_level=risk_level,
        key_child=key_child,
        policy=policy,
    )
    if due is None:
        return None
    return VisitDue(
        due=due,
        status=visit_status(due=due, today=today),
        days_overdue=max(0, (today - due).days),
    )
