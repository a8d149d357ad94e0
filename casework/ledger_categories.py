"""The ledger's own 类别 column, read and held against the county's rules.

A village ledger says what each child is (留守儿童, 困境儿童, 低保家庭儿童 …). The program
never takes that word as the child's category — the county's rules decide from the facts
— but every row where the ledger and the rules disagree is shown to the director, with
the reason the rules give, so nothing is silently trusted or ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from casework.eligibility import (
    CATEGORY_CODES,
    CATEGORY_NAMES,
    DIFFICULTY_CATEGORIES,
    situation_words,
)
from casework.messages import Message
from casework.vocabulary import CATEGORY

# Words of a 类别 cell → the categories they claim. 困境儿童 claims "one of 2–6". The
# vocabulary's names, short names and aliases are read whole first (the seed's names hold
# 和 and 及, which otherwise part a cell); then each part by the words villages use.
DIFFICULTY = "in_difficulty"
_WHOLE: tuple[tuple[str, str], ...] = tuple(
    sorted(
        (
            (unicodedata.normalize("NFKC", word), str(term.code))
            for term in CATEGORY.terms
            for word in (term.name.zh, *((term.short.zh,) if term.short else ()), *term.aliases)
        ),
        key=lambda pair: -len(pair[0]),
    )
)
_WORDS: tuple[tuple[str, str], ...] = (
    ("留守", "left_behind"),
    ("孤儿", "orphan_scattered"),
    ("低保家庭自身困境", "low_income_self_difficulty"),
    ("低保边缘家庭儿童", "low_income_family"),
    ("低保家庭儿童", "low_income_family"),
    ("低边家庭儿童", "low_income_family"),
    ("低保", "low_income_family"),
    ("重病重残儿童", "other_self_difficulty"),
    ("重残儿童", "other_self_difficulty"),
    ("重病儿童", "other_self_difficulty"),
    ("残疾儿童", "other_self_difficulty"),
    ("涉罪未成年人", "justice_involved"),
    ("受侵害未成年人", "justice_involved"),
    ("犯罪未成年人", "justice_involved"),
    ("犯罪案件未成年受害者", "justice_involved"),
    ("临时监护", "temporary_custody"),
    ("困境儿童", DIFFICULTY),
)
# Kinds that one claim of a kind may be met by (a 低保 family's disabled child is
# 低保家庭自身困境, which the ledger may well call 低保家庭儿童 or 重残儿童).
_MET_BY: dict[str, frozenset[str]] = {
    "low_income_family": frozenset({"low_income_family", "low_income_self_difficulty"}),
    "other_self_difficulty": frozenset({"other_self_difficulty", "low_income_self_difficulty"}),
    "orphan_scattered": frozenset({"orphan_scattered", "orphan_institutional"}),
    DIFFICULTY: DIFFICULTY_CATEGORIES,
}

M_LEDGER_ONLY = Message(
    "台账写的是“{ledger}”，按县里的规则不属于此类：{why}",
    "The ledger says “{ledger}”, but by the county's rules the child is not: {why_en}",
)
M_RULES_ONLY = Message(
    "按县里的规则属于“{category}”（{reason}），台账没有写",
    "By the county's rules the child is “{category_en}” ({reason_en}); the ledger does not say so",
)
M_UNKNOWN_CATEGORY = Message(
    "台账的类别“{value}”不是县里的儿童类别，已记入备注",
    "The ledger's category “{value}” is not one of the county's; kept in the notes",
)


@dataclass(frozen=True)
class LedgerClaim:
    """What a 类别 cell claims: category codes (or DIFFICULTY), and words not known."""

    text: str
    claims: tuple[str, ...]
    unknown: tuple[str, ...] = ()


def read_claim(value: object) -> LedgerClaim | None:
    """The claims of a 类别 cell; None when it is empty."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()
    if not text:
        return None
    found: list[tuple[int, str]] = []  # (where in the cell, the category)
    unknown: list[str] = []
    rest = text
    for word, code in _WHOLE:
        at = rest.find(word)
        while at >= 0:
            found.append((at, code))
            rest = rest[:at] + "、" * len(word) + rest[at + len(word) :]
            at = rest.find(word)
    for part in re.finditer(r"[^、,，;；/\s+和及]+", rest):
        village = next((c for word, c in _WORDS if word in part[0]), None)
        if village is None:
            unknown.append(part[0])
        else:
            found.append((part.start(), village))
    claims: list[str] = []
    for _at, code in sorted(found):
        if code not in claims:
            claims.append(code)
    return LedgerClaim(text, tuple(claims), tuple(unknown))


def claim_name(code: str) -> Message:
    if code == DIFFICULTY:
        return Message("困境儿童", "child in difficulty")
    return CATEGORY_NAMES[code]


@dataclass(frozen=True)
class Disagreement:
    """One way a row's 类别 and the rules differ, with the rules' reason."""

    message: Message
    ledger_claims: bool  # True: the ledger claims what the rules do not give


def disagreements(
    claim: LedgerClaim | None,
    categories: Sequence[str],
    reasons: Mapping[str, Message],
    why_not: Mapping[str, Message],
) -> list[Disagreement]:
    """Each claim the rules do not give, and each category the ledger does not name.

    ``reasons`` holds the rules' reason per given category; ``why_not`` a reason per
    claim the rules did not give (see :func:`why_not_reasons`).
    """
    if claim is None:
        return []
    out: list[Disagreement] = []
    given = set(categories)
    for code in claim.claims:
        if given & _MET_BY.get(code, frozenset({code})):
            continue
        why = why_not.get(code) or Message("规则不认定", "the rules do not say so")
        out.append(
            Disagreement(
                M_LEDGER_ONLY.format(ledger=claim_name(code).zh, why=why.zh, why_en=why.en),
                ledger_claims=True,
            )
        )
    claimed = {c for code in claim.claims for c in _MET_BY.get(code, frozenset({code}))}
    for code in CATEGORY_CODES:
        if code in given and code not in claimed:
            reason = reasons.get(code) or Message("", "")
            out.append(
                Disagreement(
                    M_RULES_ONLY.format(
                        category=CATEGORY_NAMES[code].zh,
                        category_en=CATEGORY_NAMES[code].en,
                        reason=reason.zh,
                        reason_en=reason.en,
                    ),
                    ledger_claims=False,
                )
            )
    return out


def _parent_words(members: Sequence[Mapping[str, Any]], role: str) -> tuple[str, str]:
    zh_role, en_role = ("父亲", "father") if role == "father" else ("母亲", "mother")
    member = next((m for m in members if m.get("relation") == role), None)
    kinds = [str(s.get("kind")) for s in (member or {}).get("situations") or ()]
    if not kinds:
        return (
            f"{zh_role}未填写外出或其他情况（视为在家）",
            f"the {en_role} is at home (nothing given)",
        )
    zh = "、".join(situation_words(k)[0] for k in kinds)
    en = " and ".join(situation_words(k)[1] for k in kinds)
    return f"{zh_role}{zh}", f"the {en_role} {en}"


def why_not_reasons(
    child: Mapping[str, Any], members: Sequence[Mapping[str, Any]], *, age: int | None
) -> dict[str, Message]:
    """Plain reasons why the rules did not give the kinds a ledger may claim."""
    father = _parent_words(members, "father")
    mother = _parent_words(members, "mother")
    parents = Message(f"{father[0]}，{mother[0]}", f"{father[1]}; {mother[1]}")
    left: Message
    if child.get("hukou_type") == "urban":
        left = Message("非农村户籍", "the child's hukou is not rural")
    elif age is not None and age >= 16:
        left = Message(f"已满十六周岁（{age} 岁）", f"the child is 16 or older ({age})")
    else:
        left = Message(
            f"须父母双方外出务工，或一方外出、另一方无监护能力；{parents.zh}",
            f"both parents must be away for work, or one away and the other unable to "
            f"guard; {parents.en}",
        )
    low_income = Message(
        "未填写有效期内的低保或低保边缘救助证", "no valid dibao or dibao-edge certificate given"
    )
    own = Message(
        "未填写本人重残（残疾类别和等级）或重病",
        "neither a severe disability (category and grade) nor a serious illness given",
    )
    return {
        "left_behind": left,
        "orphan_scattered": Message(f"父母未登记死亡或失踪；{parents.zh}", parents.en),
        "orphan_institutional": Message(f"父母未登记死亡或失踪；{parents.zh}", parents.en),
        "de_facto_unsupported": Message(
            f"父母双方均须符合死亡、失踪、重残、重病、服刑满六个月或失联满六个月等情形；{parents.zh}",
            f"both parents must each be dead, missing, severely disabled, seriously ill, "
            f"imprisoned or out of contact for 6 months; {parents.en}",
        ),
        "low_income_family": low_income,
        "low_income_self_difficulty": low_income,
        "other_self_difficulty": own,
        "justice_involved": Message("未填写涉案情况", "no justice involvement given"),
        "temporary_custody": Message("未填写需临时监护", "no need of temporary custody given"),
        DIFFICULTY: Message(
            f"未填写低保、重残、重病或父母死亡、失踪、服刑等情形；{parents.zh}",
            f"no dibao, severe disability, serious illness or parents' condition given; "
            f"{parents.en}",
        ),
    }
