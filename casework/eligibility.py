"""Who is in scope, and in which category: the county's rules (seed §二(一), DESIGN §5).

The input is a set of facts about one child on one day (``as_of``); the output says
whether the child is in scope, which categories apply (each with the clause it rests on)
and what will change and when. The engine reads only the facts it is given: a fact that
is absent means "no".

Readings of the seed that this module follows (DESIGN §5):

- "under 16/18" means before that birthday; a child born on 29 February has the
  birthday on 1 March in common years.
- "6 months or more" includes exactly 6 months, in calendar months with end-of-month
  clamping (since 31 January reaches 6 months on 31 July, since 31 August on the last
  day of February).
- A term with an end date (``until``) counts its whole length; one without counts the
  time served so far. Lost contact is always counted from ``since`` (the report to
  police) to ``as_of``.
- A situation applies from ``since`` through ``until`` inclusive; one whose ``until``
  is before ``as_of`` is over.
- A parent dead or missing counts as "unable to guard" for ``left_behind``.

Every ``date`` in ``upcoming_changes`` is the first day on which the new state holds
(a birthday; the day after a certificate's last valid day or a term's last day).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from casework import dates
from casework.ids import ANJI_COUNTY_CODE
from casework.messages import CaseworkError, Message
from casework.vocabulary import CATEGORY, DISABILITY_CATEGORY

# ---------------------------------------------------------------------------------------
# Codes

CATEGORY_CODES: tuple[str, ...] = (
    "left_behind",
    "orphan_institutional",
    "orphan_scattered",
    "de_facto_unsupported",
    "low_income_self_difficulty",
    "low_income_family",
    "other_self_difficulty",
    "justice_involved",
    "temporary_custody",
)
# Categories 2-6 together are children in difficulty (困境儿童).
DIFFICULTY_CATEGORIES = frozenset(CATEGORY_CODES[1:7])

CLAUSES: dict[str, str] = {
    "left_behind": "二(一)1",
    "orphan_institutional": "二(一)2(1)",
    "orphan_scattered": "二(一)2(2)",
    "de_facto_unsupported": "二(一)3",
    "low_income_self_difficulty": "二(一)4",
    "low_income_family": "二(一)5",
    "other_self_difficulty": "二(一)6",
    "justice_involved": "二(一)7",
    "temporary_custody": "二(一)8",
}
SCOPE_CLAUSE = "二(一)"

# The categories' names are the seed's own (casework.vocabulary, the one vocabulary).
CATEGORY_NAMES: dict[str, Message] = {code: CATEGORY.name(code) for code in CATEGORY_CODES}

DisabilityCategory = Literal[
    "physical", "visual", "hearing", "speech", "intellectual", "mental", "multiple"
]
SituationKind = Literal[
    "migrant_work",
    "deceased",
    "declared_dead",
    "declared_missing",
    "unidentified",
    "disability",
    "serious_illness",
    "imprisoned",
    "compulsory_rehab",
    "restricted_liberty",
    "lost_contact",
    "unable_to_guard",
]
UpcomingKind = Literal[
    "turns_16",
    "turns_18",
    "term_reaches_6_months",
    "lost_contact_reaches_6_months",
    "certificate_expires",
    "term_ends",
]
UPCOMING_KINDS: tuple[str, ...] = get_args(UpcomingKind)

# Kinds whose length matters (seed: 实际执行期限在6个月以上).
CUSTODIAL_KINDS = frozenset({"imprisoned", "compulsory_rehab", "restricted_liberty"})
# Kinds that cannot be judged without a start date.
KINDS_NEEDING_SINCE = CUSTODIAL_KINDS | {"lost_contact"}
DEAD_KINDS = frozenset({"deceased", "declared_dead"})
DEAD_OR_MISSING_KINDS = DEAD_KINDS | {"declared_missing"}
SEVERE_AT_GRADE_3_4 = frozenset({"mental", "intellectual"})
TERM_MONTHS = 6
LEFT_BEHIND_AGE = 16
ADULT_AGE = 18

_DISABILITY_NAMES: dict[str, tuple[str, str]] = {
    str(t.code): (t.name.zh, t.name.en) for t in DISABILITY_CATEGORY.terms
}
# A parent's situation as the rules' reasons say it (a verb phrase in a sentence: "the
# father has died"); its name in a field is casework.vocabulary.SITUATION's.
_SITUATION_NAMES: dict[str, tuple[str, str]] = {
    "migrant_work": ("外出务工", "works away from home"),
    "deceased": ("死亡", "has died"),
    "declared_dead": ("被人民法院宣告死亡", "was declared dead by a court"),
    "declared_missing": ("被人民法院宣告失踪", "was declared missing by a court"),
    "unidentified": ("查找不到", "cannot be found"),
    "disability": ("重残", "is severely disabled"),
    "serious_illness": ("重病", "is seriously ill"),
    "imprisoned": ("服刑在押", "is imprisoned"),
    "compulsory_rehab": ("强制隔离戒毒", "is in compulsory drug rehabilitation"),
    "restricted_liberty": (
        "被执行其他限制人身自由的措施",
        "is under another restriction of liberty",
    ),
    "lost_contact": ("失联", "has lost contact"),
    "unable_to_guard": ("无法履行监护责任", "is unable to act as guardian"),
}


def situation_words(kind: str) -> tuple[str, str]:
    """A parent's situation in words (zh, en), as the rules' reasons say it."""
    return _SITUATION_NAMES.get(kind, (kind, kind))


# Noun forms for sentences like "the father's imprisonment reaches 6 months".
_SITUATION_NOUNS: dict[str, str] = {
    "migrant_work": "work away from home",
    "deceased": "death",
    "declared_dead": "declaration of death",
    "declared_missing": "declaration of missing",
    "unidentified": "being untraceable",
    "disability": "disability",
    "serious_illness": "serious illness",
    "imprisoned": "imprisonment",
    "compulsory_rehab": "compulsory drug rehabilitation",
    "restricted_liberty": "restriction of liberty",
    "lost_contact": "loss of contact",
    "unable_to_guard": "inability to act as guardian",
}
_ROLE_NAMES: dict[str, tuple[str, str]] = {
    "father": ("父亲", "father"),
    "mother": ("母亲", "mother"),
}
_CERTIFICATE_NAMES: dict[str, tuple[str, str]] = {
    "dibao": ("《安吉县最低生活保障救助证》", "dibao (minimum living allowance) certificate"),
    "dibao_edge": (
        "《安吉县最低生活保障边缘家庭救助证》",
        "dibao-edge family assistance certificate",
    ),
}


# ---------------------------------------------------------------------------------------
# Date arithmetic


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months, clamped to the end of a shorter month (and to
    ``date.max`` / ``date.min``: a stored 9999-12-31 must not stop the rules)."""
    return dates.add_months(d, n)


def birthday(birth: date, years: int) -> date:
    """The day one reaches ``years`` full years; 29 February falls on 1 March in common years."""
    # One born on 29 February has not completed the year until 28 February is over.
    return dates.add_years(birth, years)


# ---------------------------------------------------------------------------------------
# Input facts

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: object) -> object:
    # Only YYYY-MM-DD: lax parsing would also take week dates, timestamps and datetimes,
    # which would hide typing errors in the facts.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError(
        "iso_date",
        "should be a date written YYYY-MM-DD, got {value}",
        {"zh": f"应为 YYYY-MM-DD 格式的有效日期，实际为 {value!r}", "value": repr(value)},
    )


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _rule(zh: str, en: str) -> PydanticCustomError:
    return PydanticCustomError("facts_rule", en, {"zh": zh})


class _Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Disability(_Facts):
    """A disability certificate (第二代残疾人证): category and grade 1-4."""

    category: DisabilityCategory
    grade: Annotated[StrictInt, Field(ge=1, le=4)]

    @property
    def severe(self) -> bool:
        return is_severe_disability(self.category, self.grade)


class Hukou(_Facts):
    """Household registration: the county code and rural or urban."""

    county_code: Annotated[str, Field(pattern=r"^\d{6}$")]
    type: Literal["rural", "urban"]


class Situation(_Facts):
    """One situation of a parent; ``until`` (inclusive) ends it."""

    kind: SituationKind
    since: IsoDate | None = None
    until: IsoDate | None = None
    category: DisabilityCategory | None = None
    grade: Annotated[StrictInt, Field(ge=1, le=4)] | None = None

    @model_validator(mode="after")
    def _check(self) -> Situation:
        if self.since is not None and self.until is not None and self.until < self.since:
            raise _rule(
                f"结束日期 {self.until} 早于开始日期 {self.since}",
                f"until {self.until} is before since {self.since}",
            )
        if self.kind in KINDS_NEEDING_SINCE and self.since is None:
            if self.kind == "lost_contact":
                raise _rule(
                    "失联须填写开始日期 since（向公安机关报告之日）",
                    "'lost_contact' needs a since date (the day it was reported to police)",
                )
            zh, _ = _SITUATION_NAMES[self.kind]
            raise _rule(
                f"“{zh}”须填写开始日期 since",
                f"'{self.kind}' needs a since date",
            )
        if self.kind == "disability":
            if self.category is None or self.grade is None:
                raise _rule(
                    "残疾情形须填写残疾类别 category 和等级 grade",
                    "a disability situation needs a category and a grade",
                )
        elif self.category is not None or self.grade is not None:
            raise _rule(
                "只有残疾情形可以填写残疾类别和等级",
                "only a disability situation takes a category and a grade",
            )
        return self

    def applies_on(self, day: date) -> bool:
        started = self.since is None or self.since <= day
        return started and (self.until is None or day <= self.until)


class Parent(_Facts):
    """A parent; one with no situations is at home and able."""

    role: Literal["father", "mother"]
    situations: tuple[Situation, ...] = ()


class EligibilityFacts(_Facts):
    """What is known about one child on ``as_of``; absent facts mean "no"."""

    as_of: IsoDate = Field(default_factory=date.today)
    birth_date: IsoDate
    hukou: Hukou | None = None
    found_in_county: StrictBool = False
    in_welfare_institution: StrictBool = False
    family_assistance: Literal["none", "dibao", "dibao_edge"] = "none"
    family_assistance_valid_until: IsoDate | None = None
    disability: Disability | None = None
    serious_illness: StrictBool = False
    justice_involvement: Literal["offender", "victim"] | None = None
    needs_temporary_custody: StrictBool = False
    parents: tuple[Parent, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> EligibilityFacts:
        if self.birth_date > self.as_of:
            raise _rule(
                f"出生日期 {self.birth_date} 晚于判断日期 {self.as_of}",
                f"birth_date {self.birth_date} is after as_of {self.as_of}",
            )
        roles = [parent.role for parent in self.parents]
        if len(set(roles)) != len(roles):
            raise _rule(
                "父亲、母亲各只能填写一次", "each of father and mother may appear only once"
            )
        return self

    def parent(self, role: Literal["father", "mother"]) -> Parent:
        """The parent in ``role``; one not listed is at home and able."""
        for parent in self.parents:
            if parent.role == role:
                return parent
        return Parent(role=role)

    @property
    def has_anji_hukou(self) -> bool:
        return self.hukou is not None and self.hukou.county_code == ANJI_COUNTY_CODE


class EligibilityInputError(CaseworkError):
    """The facts could not be read; ``problems`` lists each field and what is wrong."""

    def __init__(self, problems: list[tuple[str, Message]]) -> None:
        # A rule about the whole record has no field to name.
        zh = "；".join(f"{where}：{msg.zh}" if where else msg.zh for where, msg in problems)
        en = "; ".join(f"{where}: {msg.en}" if where else msg.en for where, msg in problems)
        super().__init__(
            Message(f"儿童情况数据有误：{zh}", f"The child's facts are not valid: {en}"),
            code="eligibility_input",
        )
        self.problems = problems


def _where(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not part.startswith(("function-", "function_")):
            text += f".{part}" if text else part
    return text


def _explain(error: Mapping[str, Any]) -> Message:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    en = str(error["msg"])
    if "zh" in ctx:
        # Our own rules carry their Chinese text; pydantic prefixes "Value error, ".
        return Message(str(ctx["zh"]), en)
    if kind == "extra_forbidden":
        return Message("未知字段（请检查拼写）", "unknown field (check the spelling)")
    if kind == "missing":
        return Message("缺少必填字段", "required field is missing")
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        return Message(f"取值无效，应为 {expected} 之一", f"not a valid value; expected {expected}")
    if kind in ("bool_type", "bool_parsing"):
        return Message("应为 true 或 false", "should be true or false")
    if kind in ("int_type", "int_parsing"):
        return Message("应为整数", "should be a whole number")
    if kind in ("greater_than_equal", "less_than_equal"):
        return Message("等级应为 1 至 4", "grade should be 1 to 4")
    if kind == "string_pattern_mismatch":
        return Message("应为6位数字的县级行政区划代码", "should be a 6-digit county code")
    if kind in ("string_type", "model_type", "model_attributes_type", "tuple_type", "dict_type"):
        return Message(f"类型错误：{en}", f"wrong type: {en}")
    return Message(f"取值无效：{en}", en)


def parse_facts(data: Mapping[str, Any]) -> EligibilityFacts:
    """Read facts in their JSON form, or raise :class:`EligibilityInputError`."""
    try:
        return EligibilityFacts.model_validate(data)
    except ValidationError as exc:
        problems = [(_where(err["loc"]), _explain(err)) for err in exc.errors()]
        raise EligibilityInputError(problems) from None


# ---------------------------------------------------------------------------------------
# Results


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Reason(_Result):
    """Why a category holds (or why the child is out of scope, with ``category`` None)."""

    category: str | None
    clause: str
    zh: str
    en: str


class UpcomingChange(_Result):
    """What will change on ``date`` (the first day of the new state)."""

    date: date
    kind: UpcomingKind
    zh: str
    en: str


class EligibilityResult(_Result):
    in_scope: bool
    categories: tuple[str, ...]
    in_difficulty: bool
    reasons: tuple[Reason, ...]
    upcoming_changes: tuple[UpcomingChange, ...]

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


# ---------------------------------------------------------------------------------------
# Rules


def is_severe_disability(category: str, grade: int) -> bool:
    """重残: grade 1 or 2 of any kind, or grade 3 or 4 mental or intellectual."""
    return grade <= 2 or category in SEVERE_AT_GRADE_3_4


def term_reaches_6_months(situation: Situation) -> date | None:
    """The day a term or a loss of contact reaches 6 months (None without a start)."""
    if situation.since is None:
        return None
    return add_months(situation.since, TERM_MONTHS)


@dataclass(frozen=True)
class _Finding:
    """One situation of one parent that matters, with its wording."""

    role: str
    kind: str
    zh: str
    en: str


@dataclass(frozen=True)
class _ParentState:
    """What one parent's situations mean on ``as_of``."""

    role: str
    dead_or_missing: tuple[_Finding, ...]
    unidentified: tuple[_Finding, ...]
    migrant: tuple[_Finding, ...]
    conditions: tuple[_Finding, ...]  # category 3 conditions (重残 重病 6-month terms 失联)
    cannot_guard: tuple[_Finding, ...]  # left_behind: 无监护能力或者无法履行监护责任


def _finding(
    role: str, situation: Situation, *, zh_extra: str = "", en_extra: str = ""
) -> _Finding:
    role_zh, role_en = _ROLE_NAMES[role]
    kind_zh, kind_en = _SITUATION_NAMES[situation.kind]
    if situation.kind == "disability" and situation.category is not None:
        cat_zh, cat_en = _DISABILITY_NAMES[situation.category]
        kind_zh = f"重残（{cat_zh}残疾{situation.grade}级）"
        kind_en = f"is severely disabled ({cat_en}, grade {situation.grade})"
    return _Finding(
        role, situation.kind, f"{role_zh}{kind_zh}{zh_extra}", f"the {role_en} {kind_en}{en_extra}"
    )


def _parent_state(parent: Parent, as_of: date) -> _ParentState:
    dead_or_missing: list[_Finding] = []
    unidentified: list[_Finding] = []
    migrant: list[_Finding] = []
    conditions: list[_Finding] = []
    cannot_guard: list[_Finding] = []
    for s in parent.situations:
        if not s.applies_on(as_of):
            continue
        role = parent.role
        if s.kind in DEAD_OR_MISSING_KINDS:
            dead_or_missing.append(_finding(role, s))
            cannot_guard.append(_finding(role, s))
        elif s.kind == "unidentified":
            unidentified.append(_finding(role, s))
            # A parent who cannot be found cannot guard either.
            cannot_guard.append(_finding(role, s))
        elif s.kind == "migrant_work":
            migrant.append(_finding(role, s))
        elif s.kind == "disability":
            severe = s.grade is not None and is_severe_disability(str(s.category), s.grade)
            if severe:
                conditions.append(_finding(role, s))
                cannot_guard.append(_finding(role, s))
        elif s.kind == "serious_illness":
            conditions.append(_finding(role, s))
            cannot_guard.append(_finding(role, s))
        elif s.kind in CUSTODIAL_KINDS:
            cannot_guard.append(_finding(role, s))
            reached = term_reaches_6_months(s)
            # With an end date the whole term counts; without, the time served so far.
            end = s.until if s.until is not None else as_of
            if reached is not None and reached <= end:
                extra_zh = "（实际执行期限6个月以上）"
                extra_en = " (a term of 6 months or more)"
                conditions.append(_finding(role, s, zh_extra=extra_zh, en_extra=extra_en))
        elif s.kind == "lost_contact":
            cannot_guard.append(_finding(role, s))
            reached = term_reaches_6_months(s)
            if reached is not None and reached <= as_of:
                extra_zh = f"6个月以上（自{s.since}向公安机关报告起算）"
                extra_en = f" for 6 months or more (reported to police on {s.since})"
                conditions.append(_finding(role, s, zh_extra=extra_zh, en_extra=extra_en))
        elif s.kind == "unable_to_guard":
            cannot_guard.append(_finding(role, s))
    if dead_or_missing:
        # Whatever else was recorded for a parent who is dead or missing no longer matters.
        migrant, conditions = [], []
    return _ParentState(
        role=parent.role,
        dead_or_missing=tuple(dead_or_missing),
        unidentified=tuple(unidentified),
        migrant=tuple(migrant),
        conditions=tuple(conditions),
        cannot_guard=tuple(cannot_guard),
    )


def _join(findings: list[_Finding]) -> tuple[str, str]:
    return "，".join(f.zh for f in findings), "; ".join(f.en for f in findings)


def _first(findings: tuple[_Finding, ...]) -> list[_Finding]:
    return list(findings[:1])


def _left_behind(father: _ParentState, mother: _ParentState) -> list[_Finding] | None:
    """The findings that make a child left-behind, or None."""
    if father.migrant and mother.migrant:
        return _first(father.migrant) + _first(mother.migrant)
    for away, other in ((father, mother), (mother, father)):
        if away.migrant and not other.migrant and other.cannot_guard:
            return _first(away.migrant) + _first(other.cannot_guard)
    return None


def _orphan(father: _ParentState, mother: _ParentState) -> list[_Finding] | None:
    """Both parents lost (dead, declared dead or missing) or not to be found."""
    found: list[_Finding] = []
    for parent in (father, mother):
        lost = parent.dead_or_missing or parent.unidentified
        if not lost:
            return None
        found.append(lost[0])
    return found


def _de_facto_unsupported(father: _ParentState, mother: _ParentState) -> list[_Finding] | None:
    if father.conditions and mother.conditions:
        return _first(father.conditions) + _first(mother.conditions)
    for gone, other in ((father, mother), (mother, father)):
        if gone.dead_or_missing and other.conditions and not other.dead_or_missing:
            return _first(gone.dead_or_missing) + _first(other.conditions)
    return None


def _self_difficulty(facts: EligibilityFacts) -> tuple[str, str] | None:
    """The child's own severe disability or serious illness, worded, or None."""
    parts_zh: list[str] = []
    parts_en: list[str] = []
    if facts.disability is not None and facts.disability.severe:
        cat_zh, cat_en = _DISABILITY_NAMES[facts.disability.category]
        parts_zh.append(f"本人为重度残疾（{cat_zh}残疾{facts.disability.grade}级）")
        parts_en.append(
            f"the child is severely disabled ({cat_en}, grade {facts.disability.grade})"
        )
    if facts.serious_illness:
        parts_zh.append("本人患重病")
        parts_en.append("the child is seriously ill")
    if not parts_zh:
        return None
    en = " and ".join(parts_en)
    return "，".join(parts_zh), en


def _certificate_valid(facts: EligibilityFacts) -> bool:
    if facts.family_assistance == "none":
        return False
    until = facts.family_assistance_valid_until
    return until is None or facts.as_of <= until


def _certificate_words(facts: EligibilityFacts) -> tuple[str, str]:
    name_zh, name_en = _CERTIFICATE_NAMES[facts.family_assistance]
    until = facts.family_assistance_valid_until
    if until is None:
        return f"家庭持有{name_zh}", f"the family holds a {name_en}"
    return (
        f"家庭持有{name_zh}（有效期至{until}）",
        f"the family holds a {name_en} valid until {until}",
    )


def _reason(category: str, zh: str, en: str) -> Reason:
    name = CATEGORY_NAMES[category]
    return Reason(
        category=category,
        clause=CLAUSES[category],
        zh=f"{name.zh}：{zh}。",
        en=f"{name.en[:1].upper()}{name.en[1:]}: {en}.",
    )


def classify(facts: EligibilityFacts | Mapping[str, Any]) -> EligibilityResult:
    """Scope and categories of one child on ``facts.as_of``, with reasons and what's next.

    ``facts`` may be the JSON form (a mapping); it is checked by :func:`parse_facts`.
    """
    if not isinstance(facts, EligibilityFacts):
        facts = parse_facts(facts)
    as_of = facts.as_of
    under_18 = as_of < birthday(facts.birth_date, ADULT_AGE)
    anji = facts.has_anji_hukou
    local_scope = anji and under_18
    custody_scope = under_18 and facts.needs_temporary_custody and (anji or facts.found_in_county)

    if not (local_scope or custody_scope):
        return EligibilityResult(
            in_scope=False,
            categories=(),
            in_difficulty=False,
            reasons=tuple(_out_of_scope_reasons(facts, under_18=under_18, anji=anji)),
            upcoming_changes=(),
        )

    found: dict[str, Reason] = {}
    father = _parent_state(facts.parent("father"), as_of)
    mother = _parent_state(facts.parent("mother"), as_of)

    if local_scope:
        rural = facts.hukou is not None and facts.hukou.type == "rural"
        under_16 = as_of < birthday(facts.birth_date, LEFT_BEHIND_AGE)
        left = _left_behind(father, mother)
        if rural and under_16 and left is not None:
            zh, en = _join(left)
            found["left_behind"] = _reason(
                "left_behind",
                f"{zh}；本人为农村户籍，未满十六周岁",
                f"{en}; the child has rural hukou and is under 16",
            )

        orphan = _orphan(father, mother)
        if orphan is not None:
            zh, en = _join(orphan)
            if facts.in_welfare_institution:
                found["orphan_institutional"] = _reason(
                    "orphan_institutional",
                    f"{zh}；由福利机构养育",
                    f"{en}; raised by a welfare institution",
                )
            else:
                found["orphan_scattered"] = _reason(
                    "orphan_scattered",
                    f"{zh}；不在福利机构养育",
                    f"{en}; not raised by a welfare institution",
                )
        else:
            unsupported = _de_facto_unsupported(father, mother)
            if unsupported is not None:
                zh, en = _join(unsupported)
                found["de_facto_unsupported"] = _reason("de_facto_unsupported", zh, en)

        own = _self_difficulty(facts)
        certificate = _certificate_valid(facts)
        if certificate:
            cert_zh, cert_en = _certificate_words(facts)
            if own is not None:
                found["low_income_self_difficulty"] = _reason(
                    "low_income_self_difficulty",
                    f"{cert_zh}，{own[0]}",
                    f"{cert_en}, and {own[1]}",
                )
            elif "de_facto_unsupported" not in found:
                found["low_income_family"] = _reason(
                    "low_income_family",
                    f"{cert_zh}，本人不属于自身困境或事实无人抚养儿童",
                    f"{cert_en}; the child is neither in difficulty in their own right "
                    "nor de facto unsupported",
                )
        elif own is not None:
            found["other_self_difficulty"] = _reason(
                "other_self_difficulty",
                f"{own[0]}，家庭未持有有效期内的低保或低保边缘救助证",
                f"{own[1]}, and the family holds no valid dibao or dibao-edge certificate",
            )

        if facts.justice_involvement == "offender":
            found["justice_involved"] = _reason(
                "justice_involved", "本人为犯罪未成年人", "the child is a minor offender"
            )
        elif facts.justice_involvement == "victim":
            found["justice_involved"] = _reason(
                "justice_involved",
                "本人为犯罪案件未成年受害者",
                "the child is a minor victim of a crime",
            )

    if custody_scope:
        where_zh = "具有安吉县户籍" if anji else "在安吉辖区范围内发现"
        where_en = "has Anji hukou" if anji else "was found in the county"
        found["temporary_custody"] = _reason(
            "temporary_custody",
            f"本人{where_zh}，生活无着或遭受监护侵害，需临时监护",
            f"the child {where_en} and needs temporary custody (street child, begging, "
            "or guardianship infringement)",
        )

    categories = tuple(code for code in CATEGORY_CODES if code in found)
    reasons = [found[code] for code in categories]
    if not categories:
        reasons.append(
            Reason(
                category=None,
                clause=SCOPE_CLAUSE,
                zh="具有安吉县户籍、未满18周岁，但目前不符合任何一类保障对象的条件。",
                en="Has Anji hukou and is under 18, but meets none of the categories now.",
            )
        )
    return EligibilityResult(
        in_scope=True,
        categories=categories,
        in_difficulty=any(code in DIFFICULTY_CATEGORIES for code in categories),
        reasons=tuple(reasons),
        upcoming_changes=tuple(_upcoming(facts, categories, local_scope=local_scope)),
    )


def _out_of_scope_reasons(facts: EligibilityFacts, *, under_18: bool, anji: bool) -> list[Reason]:
    reasons: list[Reason] = []
    if not under_18:
        turned = birthday(facts.birth_date, ADULT_AGE)
        reasons.append(
            Reason(
                category=None,
                clause=SCOPE_CLAUSE,
                zh=f"已于{turned}满18周岁，不属于未成年人救助保护对象。",
                en=f"Turned 18 on {turned}: no longer a child in scope.",
            )
        )
    if not anji:
        if facts.hukou is None:
            zh, en = "没有户籍登记", "has no household registration"
        else:
            zh = f"户籍地为 {facts.hukou.county_code}，不是安吉县（{ANJI_COUNTY_CODE}）"
            en = f"has hukou in {facts.hukou.county_code}, not Anji ({ANJI_COUNTY_CODE})"
        if facts.found_in_county:
            reasons.append(
                Reason(
                    category=None,
                    clause=SCOPE_CLAUSE,
                    zh=f"本人{zh}；虽在安吉辖区内发现，但不需要临时监护。",
                    en=f"The child {en}; found in the county but not needing temporary custody.",
                )
            )
        else:
            reasons.append(
                Reason(
                    category=None,
                    clause=SCOPE_CLAUSE,
                    zh=f"本人{zh}，也不是在安吉辖区内发现的需临时监护儿童。",
                    en=f"The child {en}, and is not a child found in the county "
                    "needing temporary custody.",
                )
            )
    return reasons


def _upcoming(
    facts: EligibilityFacts, categories: tuple[str, ...], *, local_scope: bool
) -> list[UpcomingChange]:
    as_of = facts.as_of
    turns_18 = birthday(facts.birth_date, ADULT_AGE)
    changes: list[UpcomingChange] = [
        UpcomingChange(
            date=turns_18,
            kind="turns_18",
            zh=f"将于{turns_18}满18周岁：不再属于未成年人救助保护对象，各类别均不再适用。",
            en=f"Turns 18 on {turns_18}: leaves the scope of child protection; "
            "no category applies any more.",
        )
    ]
    if not local_scope:
        return changes

    turns_16 = birthday(facts.birth_date, LEFT_BEHIND_AGE)
    rural = facts.hukou is not None and facts.hukou.type == "rural"
    if rural and as_of < turns_16:
        if "left_behind" in categories:
            zh = f"将于{turns_16}满16周岁：不再属于农村留守儿童（须不满十六周岁）。"
            en = f"Turns 16 on {turns_16}: no longer a left-behind child (under 16 only)."
        else:
            zh = f"将于{turns_16}满16周岁：此后不能再认定为农村留守儿童。"
            en = f"Turns 16 on {turns_16}: from then on cannot be a left-behind child."
        changes.append(UpcomingChange(date=turns_16, kind="turns_16", zh=zh, en=en))

    for parent in facts.parents:
        role_zh, role_en = _ROLE_NAMES[parent.role]
        for s in parent.situations:
            if not s.applies_on(as_of):
                continue
            kind_zh, _ = _SITUATION_NAMES[s.kind]
            noun_en = _SITUATION_NOUNS[s.kind]
            reached = term_reaches_6_months(s)
            # Only a term without an end date grows into 6 months; one with an end date
            # already counts its whole length.
            growing = s.kind in CUSTODIAL_KINDS and s.until is None
            if growing and reached is not None and reached > as_of:
                changes.append(
                    UpcomingChange(
                        date=reached,
                        kind="term_reaches_6_months",
                        zh=f"{role_zh}{kind_zh}（自{s.since}起）将于{reached}满6个月，"
                        "届时计为事实无人抚养儿童的父母情形之一。",
                        en=f"The {role_en}'s {noun_en} (since {s.since}) reaches 6 months "
                        f"on {reached}; it then counts as a parent condition for a de "
                        "facto unsupported child.",
                    )
                )
            if s.kind == "lost_contact" and reached is not None and reached > as_of:
                changes.append(
                    UpcomingChange(
                        date=reached,
                        kind="lost_contact_reaches_6_months",
                        zh=f"{role_zh}失联（自{s.since}向公安机关报告起）将于{reached}满6个月，"
                        "届时计为事实无人抚养儿童的父母情形之一。",
                        en=f"The {role_en}'s loss of contact (reported to police on "
                        f"{s.since}) reaches 6 months on {reached}; it then counts as a "
                        "parent condition for a de facto unsupported child.",
                    )
                )
            if s.until is not None:
                day_after = dates.add_days(s.until, 1)
                changes.append(
                    UpcomingChange(
                        date=day_after,
                        kind="term_ends",
                        zh=f"{role_zh}{kind_zh}至{s.until}结束：自{day_after}起不再计入。",
                        en=f"The {role_en}'s {noun_en} ends on {s.until}: from {day_after} "
                        "it no longer counts.",
                    )
                )

    valid_until = facts.family_assistance_valid_until
    if facts.family_assistance != "none" and valid_until is not None and as_of <= valid_until:
        name_zh, name_en = _CERTIFICATE_NAMES[facts.family_assistance]
        day_after = dates.add_days(valid_until, 1)
        changes.append(
            UpcomingChange(
                date=day_after,
                kind="certificate_expires",
                zh=f"{name_zh}有效期至{valid_until}：自{day_after}起如未续期，"
                "不再按低保或低保边缘家庭认定（第4、5类）。",
                en=f"The {name_en} is valid until {valid_until}: from {day_after}, unless "
                "renewed, the family no longer counts as a dibao or dibao-edge family "
                "(categories 4 and 5).",
            )
        )

    kind_order = {kind: i for i, kind in enumerate(UPCOMING_KINDS)}
    # Changes on or after the 18th birthday no longer matter; turns_18 itself stays.
    kept = [c for c in changes if c.date > as_of and (c.date < turns_18 or c.kind == "turns_18")]
    kept.sort(key=lambda c: (c.date, kind_order[c.kind], c.en))
    return kept
