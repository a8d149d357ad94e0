"""The county's eligibility rules (seed §二(一), DESIGN §5), one rule or boundary per row."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.eligibility import (
    CATEGORY_CODES,
    CLAUSES,
    EligibilityFacts,
    EligibilityInputError,
    add_months,
    birthday,
    classify,
    is_severe_disability,
    parse_facts,
)
from casework.messages import CaseworkError

AS_OF = "2026-11-28"
BIRTH = "2013-04-02"  # 13 on AS_OF; turns 16 on 2029-04-02, 18 on 2031-04-02


def sit(kind: str, since: str | None = None, until: str | None = None, **extra: Any) -> Any:
    out: dict[str, Any] = {"kind": kind}
    if since is not None:
        out["since"] = since
    if until is not None:
        out["until"] = until
    out.update(extra)
    return out


def parents(father: list[Any] | None = None, mother: list[Any] | None = None) -> list[Any]:
    return [
        {"role": "father", "situations": father or []},
        {"role": "mother", "situations": mother or []},
    ]


def facts(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "as_of": AS_OF,
        "birth_date": BIRTH,
        "hukou": {"county_code": "330523", "type": "rural"},
    }
    base.update(overrides)
    return base


def cats(**overrides: Any) -> list[str]:
    return list(classify(facts(**overrides)).categories)


MIGRANT = sit("migrant_work", "2025-01-01")
DEAD = sit("deceased", "2020-05-01")
LONG_PRISON = sit("imprisoned", "2026-01-01", "2029-01-01")
SEVERE = sit("disability", category="physical", grade=1)

EXAMPLE_JSON = """
{"as_of": "2026-11-28", "birth_date": "2013-04-02",
 "hukou": {"county_code": "330523", "type": "rural"},
 "found_in_county": false, "in_welfare_institution": false,
 "family_assistance": "none",
 "family_assistance_valid_until": "2027-03-31",
 "disability": {"category": "intellectual", "grade": 3},
 "serious_illness": false, "justice_involvement": null, "needs_temporary_custody": false,
 "parents": [{"role": "father", "situations": [{"kind": "migrant_work", "since": "2025-01-01"}]},
             {"role": "mother", "situations": [{"kind": "imprisoned", "since": "2026-01-01",
                                                "until": "2029-01-01"}]}]}
"""


# --- the example from the brief ------------------------------------------------------


def test_example_classifies_exactly() -> None:
    result = classify(json.loads(EXAMPLE_JSON))
    assert result.to_json_dict() == {
        "in_scope": True,
        "categories": ["left_behind", "other_self_difficulty"],
        "in_difficulty": True,
        "reasons": [
            {
                "category": "left_behind",
                "clause": "二(一)1",
                "zh": "农村留守儿童：父亲外出务工，母亲服刑在押；本人为农村户籍，未满十六周岁。",
                "en": "Left-behind child: the father works away from home; the mother is "
                "imprisoned; the child has rural hukou and is under 16.",
            },
            {
                "category": "other_self_difficulty",
                "clause": "二(一)6",
                "zh": "其他家庭中的自身困境儿童：本人为重度残疾（智力残疾3级），"
                "家庭未持有有效期内的低保或低保边缘救助证。",
                "en": "Child in difficulty in another family: the child is severely disabled "
                "(intellectual, grade 3), and the family holds no valid dibao or dibao-edge "
                "certificate.",
            },
        ],
        "upcoming_changes": [
            {
                "date": "2029-01-02",
                "kind": "term_ends",
                "zh": "母亲服刑在押至2029-01-01结束：自2029-01-02起不再计入。",
                "en": "The mother's imprisonment ends on 2029-01-01: from 2029-01-02 it no "
                "longer counts.",
            },
            {
                "date": "2029-04-02",
                "kind": "turns_16",
                "zh": "将于2029-04-02满16周岁：不再属于农村留守儿童（须不满十六周岁）。",
                "en": "Turns 16 on 2029-04-02: no longer a left-behind child (under 16 only).",
            },
            {
                "date": "2031-04-02",
                "kind": "turns_18",
                "zh": "将于2031-04-02满18周岁：不再属于未成年人救助保护对象，各类别均不再适用。",
                "en": "Turns 18 on 2031-04-02: leaves the scope of child protection; no "
                "category applies any more.",
            },
        ],
    }


def test_example_result_is_plain_json() -> None:
    data = classify(json.loads(EXAMPLE_JSON)).to_json_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_classify_takes_the_model_or_its_json_form() -> None:
    raw = json.loads(EXAMPLE_JSON)
    assert classify(parse_facts(raw)) == classify(raw)


# --- date arithmetic -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2026, 1, 31), 6, date(2026, 7, 31), id="31st-to-31st"),
        pytest.param(date(2025, 8, 31), 6, date(2026, 2, 28), id="clamp-to-feb-28"),
        pytest.param(date(2023, 8, 31), 6, date(2024, 2, 29), id="clamp-to-leap-feb-29"),
        pytest.param(date(2026, 3, 31), 1, date(2026, 4, 30), id="clamp-to-30th"),
        pytest.param(date(2026, 12, 1), 1, date(2027, 1, 1), id="year-rollover"),
        pytest.param(date(2026, 1, 15), -1, date(2025, 12, 15), id="backwards"),
        pytest.param(date(2026, 5, 31), -3, date(2026, 2, 28), id="backwards-clamped"),
        pytest.param(date(2026, 5, 31), 0, date(2026, 5, 31), id="zero"),
        pytest.param(date(2026, 1, 1), 36, date(2029, 1, 1), id="three-years"),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("birth", "years", "expected"),
    [
        pytest.param(date(2013, 4, 2), 16, date(2029, 4, 2), id="plain"),
        pytest.param(date(2008, 2, 29), 18, date(2026, 3, 1), id="feb29-common-year"),
        pytest.param(date(2012, 2, 29), 16, date(2028, 2, 29), id="feb29-leap-year"),
        pytest.param(date(2012, 2, 29), 1, date(2013, 3, 1), id="feb29-first-birthday"),
        pytest.param(date(2010, 2, 28), 16, date(2026, 2, 28), id="feb28"),
        pytest.param(date(2010, 3, 1), 16, date(2026, 3, 1), id="mar1"),
    ],
)
def test_birthday(birth: date, years: int, expected: date) -> None:
    assert birthday(birth, years) == expected


@given(
    start=st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    months=st.integers(min_value=-240, max_value=240),
)
def test_add_months_lands_in_the_right_month_and_never_overshoots(start: date, months: int) -> None:
    moved = add_months(start, months)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    assert moved.day == start.day or (moved.day < start.day and (moved + timedelta(1)).day == 1)


@given(
    birth=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    years=st.integers(min_value=1, max_value=30),
)
def test_birthday_is_a_full_number_of_years(birth: date, years: int) -> None:
    def age(on: date) -> int:
        # Full years: the month-day comparison puts 29 February after 28 February.
        return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))

    day = birthday(birth, years)
    assert age(day) == years
    assert age(day - timedelta(days=1)) == years - 1


# --- scope ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "in_scope"),
    [
        pytest.param({}, True, id="anji-rural-13"),
        pytest.param({"hukou": {"county_code": "330523", "type": "urban"}}, True, id="anji-urban"),
        pytest.param({"as_of": "2031-04-01"}, True, id="day-before-18th"),
        pytest.param({"as_of": "2031-04-02"}, False, id="on-18th-birthday"),
        pytest.param({"birth_date": "2008-02-29", "as_of": "2026-02-28"}, True, id="feb29-17"),
        pytest.param({"birth_date": "2008-02-29", "as_of": "2026-03-01"}, False, id="feb29-18"),
        pytest.param({"hukou": {"county_code": "330522", "type": "rural"}}, False, id="not-anji"),
        pytest.param({"hukou": None}, False, id="no-hukou"),
        pytest.param({"birth_date": AS_OF}, True, id="born-today"),
    ],
)
def test_scope(overrides: dict[str, Any], in_scope: bool) -> None:
    assert classify(facts(**overrides)).in_scope is in_scope


def test_not_anji_is_out_of_scope_with_a_reason_and_no_categories() -> None:
    result = classify(
        facts(
            hukou={"county_code": "330522", "type": "rural"},
            parents=parents([MIGRANT], [MIGRANT]),
            justice_involvement="victim",
        )
    )
    assert result.to_json_dict() == {
        "in_scope": False,
        "categories": [],
        "in_difficulty": False,
        "reasons": [
            {
                "category": None,
                "clause": "二(一)",
                "zh": "本人户籍地为 330522，不是安吉县（330523），"
                "也不是在安吉辖区内发现的需临时监护儿童。",
                "en": "The child has hukou in 330522, not Anji (330523), and is not a child "
                "found in the county needing temporary custody.",
            }
        ],
        "upcoming_changes": [],
    }


def test_eighteenth_birthday_is_out_of_scope_with_a_reason() -> None:
    result = classify(facts(as_of="2031-04-02", parents=parents([MIGRANT], [MIGRANT])))
    assert not result.in_scope
    assert result.categories == ()
    assert [(r.category, r.clause) for r in result.reasons] == [(None, "二(一)")]
    assert result.reasons[0].zh == "已于2031-04-02满18周岁，不属于未成年人救助保护对象。"
    assert result.reasons[0].en == "Turned 18 on 2031-04-02: no longer a child in scope."
    assert result.upcoming_changes == ()


def test_adult_without_anji_hukou_gets_both_reasons() -> None:
    result = classify(facts(as_of="2031-04-02", hukou=None))
    assert [r.en for r in result.reasons] == [
        "Turned 18 on 2031-04-02: no longer a child in scope.",
        "The child has no household registration, and is not a child found in the county "
        "needing temporary custody.",
    ]


def test_in_scope_without_categories_says_so() -> None:
    result = classify(facts())
    assert result.in_scope
    assert result.categories == ()
    assert not result.in_difficulty
    assert [(r.category, r.clause) for r in result.reasons] == [(None, "二(一)")]
    assert "meets none of the categories" in result.reasons[0].en


# --- category 1: left-behind ---------------------------------------------------------


@pytest.mark.parametrize(
    ("other", "left_behind"),
    [
        pytest.param([], False, id="other-at-home"),
        pytest.param([MIGRANT], True, id="both-migrant"),
        pytest.param([sit("disability", category="physical", grade=2)], True, id="severe-disab"),
        pytest.param(
            [sit("disability", category="intellectual", grade=4)], True, id="intellectual-4"
        ),
        pytest.param([sit("disability", category="physical", grade=3)], False, id="mild-disab"),
        pytest.param([sit("serious_illness", "2024-01-01")], True, id="serious-illness"),
        pytest.param([sit("imprisoned", "2026-11-01")], True, id="imprisoned-short"),
        pytest.param([sit("compulsory_rehab", "2026-11-01")], True, id="rehab-short"),
        pytest.param([sit("restricted_liberty", "2026-11-01")], True, id="restricted-short"),
        pytest.param([sit("lost_contact", "2026-11-01")], True, id="lost-contact-short"),
        pytest.param([sit("unable_to_guard")], True, id="unable-to-guard"),
        pytest.param([DEAD], True, id="dead"),
        pytest.param([sit("declared_dead", "2019-01-01")], True, id="declared-dead"),
        pytest.param([sit("declared_missing", "2019-01-01")], True, id="declared-missing"),
        pytest.param([sit("unidentified")], True, id="unidentified"),
        pytest.param([sit("imprisoned", "2020-01-01", "2026-11-27")], False, id="term-over"),
        pytest.param([sit("imprisoned", "2020-01-01", AS_OF)], True, id="term-ends-today"),
        pytest.param([sit("imprisoned", "2026-11-29")], False, id="term-not-begun"),
    ],
)
def test_left_behind_one_parent_away(other: list[Any], left_behind: bool) -> None:
    for father, mother in (([MIGRANT], other), (other, [MIGRANT])):
        assert ("left_behind" in cats(parents=parents(father, mother))) is left_behind


@pytest.mark.parametrize(
    ("overrides", "left_behind"),
    [
        pytest.param({}, True, id="rural-13"),
        pytest.param({"hukou": {"county_code": "330523", "type": "urban"}}, False, id="urban"),
        pytest.param({"as_of": "2029-04-01"}, True, id="day-before-16th"),
        pytest.param({"as_of": "2029-04-02"}, False, id="on-16th-birthday"),
        pytest.param({"birth_date": "2012-02-29", "as_of": "2028-02-28"}, True, id="feb29-15"),
        pytest.param({"birth_date": "2012-02-29", "as_of": "2028-02-29"}, False, id="feb29-16"),
        pytest.param({"parents": []}, False, id="no-parents-listed"),
        pytest.param({"parents": parents([MIGRANT])}, False, id="mother-not-listed-is-home"),
        pytest.param(
            {"parents": parents([sit("migrant_work", "2024-01-01", "2026-11-27")], [MIGRANT])},
            False,
            id="father-came-home",
        ),
        pytest.param(
            {"parents": parents([sit("migrant_work", "2026-12-01")], [MIGRANT])},
            False,
            id="father-leaves-next-month",
        ),
    ],
)
def test_left_behind_age_and_hukou(overrides: dict[str, Any], left_behind: bool) -> None:
    merged = {"parents": parents([MIGRANT], [MIGRANT]), **overrides}
    assert ("left_behind" in cats(**merged)) is left_behind


def test_left_behind_alone_is_not_in_difficulty() -> None:
    result = classify(facts(parents=parents([MIGRANT], [MIGRANT])))
    assert result.categories == ("left_behind",)
    assert not result.in_difficulty
    assert result.reasons[0].zh == (
        "农村留守儿童：父亲外出务工，母亲外出务工；本人为农村户籍，未满十六周岁。"
    )


# --- category 2: orphans ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("father", "mother", "institution", "expected"),
    [
        pytest.param([DEAD], [DEAD], False, ["orphan_scattered"], id="both-dead"),
        pytest.param([DEAD], [DEAD], True, ["orphan_institutional"], id="both-dead-inst"),
        pytest.param(
            [sit("declared_dead", "2019-01-01")],
            [sit("declared_missing", "2020-01-01")],
            False,
            ["orphan_scattered"],
            id="declared-dead-and-missing",
        ),
        pytest.param(
            [sit("unidentified")],
            [sit("unidentified")],
            True,
            ["orphan_institutional"],
            id="foundling",
        ),
        pytest.param(
            [sit("unidentified")], [DEAD], False, ["orphan_scattered"], id="unidentified-and-dead"
        ),
        pytest.param([DEAD], [], False, [], id="one-dead-other-home"),
        pytest.param([DEAD], [], True, [], id="institution-alone-is-no-category"),
        pytest.param(
            [DEAD], [LONG_PRISON], False, ["de_facto_unsupported"], id="dead-and-prison-not-orphan"
        ),
    ],
)
def test_orphans(
    father: list[Any], mother: list[Any], institution: bool, expected: list[str]
) -> None:
    got = cats(parents=parents(father, mother), in_welfare_institution=institution)
    assert got == expected


def test_orphan_reason_cites_clause() -> None:
    result = classify(facts(parents=parents([DEAD], [sit("declared_missing", "2020-01-01")])))
    assert [(r.category, r.clause) for r in result.reasons] == [("orphan_scattered", "二(一)2(2)")]
    assert result.reasons[0].zh == (
        "社会散居孤儿：父亲死亡，母亲被人民法院宣告失踪；不在福利机构养育。"
    )
    assert result.in_difficulty


# --- category 3: de facto unsupported -----------------------------------------------------


@pytest.mark.parametrize(
    ("father", "mother", "unsupported"),
    [
        pytest.param([SEVERE], [sit("serious_illness")], True, id="disabled-and-ill"),
        pytest.param([LONG_PRISON], [sit("compulsory_rehab", "2025-01-01")], True, id="two-terms"),
        pytest.param([DEAD], [LONG_PRISON], True, id="dead-and-prison"),
        pytest.param([sit("declared_dead", "2020-01-01")], [SEVERE], True, id="declared-dead"),
        pytest.param([sit("declared_missing", "2020-01-01")], [SEVERE], True, id="missing"),
        pytest.param([DEAD], [sit("lost_contact", "2025-01-01")], True, id="dead-and-lost"),
        pytest.param([DEAD], [sit("lost_contact", "2026-11-01")], False, id="lost-too-short"),
        pytest.param([DEAD], [sit("imprisoned", "2026-10-01")], False, id="served-too-short"),
        pytest.param([DEAD], [], False, id="dead-and-home"),
        pytest.param([DEAD], [MIGRANT], False, id="dead-and-migrant"),
        pytest.param([sit("serious_illness")], [], False, id="one-ill-other-home"),
        pytest.param([DEAD], [sit("unable_to_guard")], False, id="unable-to-guard-not-a-cond"),
        pytest.param([DEAD], [sit("disability", category="mental", grade=3)], True, id="mental-3"),
        pytest.param(
            [DEAD], [sit("disability", category="intellectual", grade=4)], True, id="intellect-4"
        ),
        pytest.param(
            [DEAD], [sit("disability", category="physical", grade=3)], False, id="physical-3"
        ),
        pytest.param(
            [DEAD], [sit("disability", category="multiple", grade=3)], False, id="multiple-3"
        ),
        pytest.param(
            [DEAD], [sit("disability", category="hearing", grade=2)], True, id="hearing-2"
        ),
        # Strict reading: only death or declared missing pairs with one condition.
        pytest.param([sit("unidentified")], [LONG_PRISON], False, id="unidentified-not-dead"),
        pytest.param(
            [DEAD], [sit("serious_illness", "2020-01-01", "2026-06-30")], False, id="cured"
        ),
    ],
)
def test_de_facto_unsupported(father: list[Any], mother: list[Any], unsupported: bool) -> None:
    assert ("de_facto_unsupported" in cats(parents=parents(father, mother))) is unsupported


# Mother dead; father in a term. (situation, as_of, meets the 6-month condition)
TERM_BOUNDARIES = [
    pytest.param(sit("imprisoned", "2026-01-31"), "2026-07-30", False, id="served-day-short"),
    pytest.param(sit("imprisoned", "2026-01-31"), "2026-07-31", True, id="served-exactly-6"),
    pytest.param(sit("imprisoned", "2025-08-31"), "2026-02-27", False, id="served-clamp-short"),
    pytest.param(sit("imprisoned", "2025-08-31"), "2026-02-28", True, id="served-clamp-6"),
    pytest.param(sit("compulsory_rehab", "2026-01-31"), "2026-07-30", False, id="rehab-short"),
    pytest.param(sit("compulsory_rehab", "2026-01-31"), "2026-07-31", True, id="rehab-6"),
    pytest.param(sit("restricted_liberty", "2026-01-31"), "2026-07-30", False, id="restr-short"),
    pytest.param(sit("restricted_liberty", "2026-01-31"), "2026-07-31", True, id="restr-6"),
    pytest.param(
        sit("imprisoned", "2026-01-01", "2026-07-01"), "2026-01-01", True, id="until-exactly-6"
    ),
    pytest.param(
        sit("imprisoned", "2026-01-01", "2026-06-30"), "2026-06-30", False, id="until-day-short"
    ),
    pytest.param(
        sit("compulsory_rehab", "2025-08-31", "2026-02-28"), "2025-09-01", True, id="until-clamp"
    ),
    pytest.param(
        sit("imprisoned", "2020-01-01", "2026-01-01"), "2026-01-02", False, id="until-past"
    ),
    pytest.param(sit("lost_contact", "2026-01-31"), "2026-07-30", False, id="lost-day-short"),
    pytest.param(sit("lost_contact", "2026-01-31"), "2026-07-31", True, id="lost-exactly-6"),
    pytest.param(sit("lost_contact", "2025-08-31"), "2026-02-28", True, id="lost-clamp-6"),
    # Lost contact counts the time elapsed even if a return date was recorded.
    pytest.param(
        sit("lost_contact", "2026-06-01", "2027-06-01"), "2026-07-01", False, id="lost-until"
    ),
]


@pytest.mark.parametrize(("term", "as_of", "meets"), TERM_BOUNDARIES)
def test_six_month_boundaries(term: Any, as_of: str, meets: bool) -> None:
    got = cats(as_of=as_of, parents=parents([term], [DEAD]))
    assert ("de_facto_unsupported" in got) is meets


def test_de_facto_unsupported_reason_names_both_parents() -> None:
    result = classify(facts(parents=parents([sit("lost_contact", "2025-01-15")], [LONG_PRISON])))
    assert result.categories == ("de_facto_unsupported",)
    (reason,) = result.reasons
    assert reason.clause == "二(一)3"
    assert reason.zh == (
        "事实无人抚养儿童：父亲失联6个月以上（自2025-01-15向公安机关报告起算），"
        "母亲服刑在押（实际执行期限6个月以上）。"
    )
    assert reason.en == (
        "De facto unsupported child: the father has lost contact for 6 months or more "
        "(reported to police on 2025-01-15); the mother is imprisoned (a term of 6 months or "
        "more)."
    )


@pytest.mark.parametrize(
    ("category", "grade", "severe"),
    [
        pytest.param(c, g, g <= 2 or c in ("mental", "intellectual"), id=f"{c}-{g}")
        for c in ("physical", "visual", "hearing", "speech", "intellectual", "mental", "multiple")
        for g in (1, 2, 3, 4)
    ],
)
def test_severe_disability(category: str, grade: int, severe: bool) -> None:
    assert is_severe_disability(category, grade) is severe
    child = cats(disability={"category": category, "grade": grade})
    assert (child == ["other_self_difficulty"]) is severe


# --- categories 4, 5, 6 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"family_assistance": "dibao", "disability": {"category": "visual", "grade": 1}},
            ["low_income_self_difficulty"],
            id="dibao-severe",
        ),
        pytest.param(
            {"family_assistance": "dibao_edge", "serious_illness": True},
            ["low_income_self_difficulty"],
            id="edge-ill",
        ),
        pytest.param({"family_assistance": "dibao"}, ["low_income_family"], id="dibao-child"),
        pytest.param({"family_assistance": "dibao_edge"}, ["low_income_family"], id="edge-child"),
        pytest.param(
            {"family_assistance": "dibao", "disability": {"category": "physical", "grade": 3}},
            ["low_income_family"],
            id="dibao-mild-disability",
        ),
        pytest.param({"serious_illness": True}, ["other_self_difficulty"], id="none-ill"),
        pytest.param(
            {"family_assistance": "none", "family_assistance_valid_until": "2030-01-01"},
            [],
            id="none-with-stale-date",
        ),
        pytest.param(
            {
                "family_assistance": "dibao",
                "family_assistance_valid_until": AS_OF,
                "serious_illness": True,
            },
            ["low_income_self_difficulty"],
            id="certificate-valid-until-today",
        ),
        pytest.param(
            {
                "family_assistance": "dibao",
                "family_assistance_valid_until": "2026-11-27",
                "serious_illness": True,
            },
            ["other_self_difficulty"],
            id="certificate-expired-yesterday",
        ),
        pytest.param(
            {"family_assistance": "dibao", "family_assistance_valid_until": AS_OF},
            ["low_income_family"],
            id="family-valid-until-today",
        ),
        pytest.param(
            {"family_assistance": "dibao_edge", "family_assistance_valid_until": "2026-11-27"},
            [],
            id="family-expired-yesterday",
        ),
        pytest.param(
            {"family_assistance": "dibao", "parents": parents([DEAD], [LONG_PRISON])},
            ["de_facto_unsupported"],
            id="unsupported-not-also-5",
        ),
        pytest.param(
            {
                "family_assistance": "dibao",
                "serious_illness": True,
                "parents": parents([DEAD], [LONG_PRISON]),
            },
            ["de_facto_unsupported", "low_income_self_difficulty"],
            id="unsupported-and-4",
        ),
        pytest.param(
            {"family_assistance": "dibao", "parents": parents([MIGRANT], [MIGRANT])},
            ["left_behind", "low_income_family"],
            id="left-behind-and-low-income",
        ),
        pytest.param(
            {"family_assistance": "dibao", "parents": parents([DEAD], [DEAD])},
            ["orphan_scattered", "low_income_family"],
            id="orphan-in-dibao-family",
        ),
        pytest.param(
            {"serious_illness": True, "parents": parents([DEAD], [DEAD])},
            ["orphan_scattered", "other_self_difficulty"],
            id="orphan-ill",
        ),
    ],
)
def test_low_income_and_self_difficulty(overrides: dict[str, Any], expected: list[str]) -> None:
    assert cats(**overrides) == expected


def test_low_income_reasons() -> None:
    result = classify(
        facts(
            family_assistance="dibao_edge",
            family_assistance_valid_until="2027-03-31",
            disability={"category": "mental", "grade": 4},
            serious_illness=True,
        )
    )
    (reason,) = result.reasons
    assert reason.clause == "二(一)4"
    assert reason.zh == (
        "低保户和低保边缘户家庭中的自身困境儿童：家庭持有《安吉县最低生活保障边缘家庭救助证》"
        "（有效期至2027-03-31），本人为重度残疾（精神残疾4级），本人患重病。"
    )
    result = classify(facts(family_assistance="dibao"))
    assert result.reasons[0].clause == "二(一)5"
    assert result.reasons[0].en.startswith(
        "Other child of a dibao or dibao-edge family: the family holds a dibao"
    )


# --- categories 7 and 8 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("involvement", "en"),
    [
        pytest.param("offender", "the child is a minor offender", id="offender"),
        pytest.param("victim", "the child is a minor victim of a crime", id="victim"),
    ],
)
def test_justice_involved(involvement: str, en: str) -> None:
    result = classify(facts(justice_involvement=involvement))
    assert result.categories == ("justice_involved",)
    assert not result.in_difficulty
    assert result.reasons[0].clause == "二(一)7"
    assert result.reasons[0].en == f"Minor offender or minor victim of a crime: {en}."


@pytest.mark.parametrize(
    ("overrides", "in_scope", "expected"),
    [
        pytest.param({}, True, ["temporary_custody"], id="anji"),
        pytest.param(
            {"hukou": {"county_code": "320102", "type": "urban"}, "found_in_county": True},
            True,
            ["temporary_custody"],
            id="elsewhere-found-here",
        ),
        pytest.param(
            {"hukou": None, "found_in_county": True}, True, ["temporary_custody"], id="no-hukou"
        ),
        pytest.param(
            # Categories 1-7 need Anji hukou: only category 8 for a child from elsewhere.
            {
                "hukou": {"county_code": "320102", "type": "rural"},
                "found_in_county": True,
                "serious_illness": True,
                "justice_involvement": "victim",
                "parents": parents([MIGRANT], [MIGRANT]),
            },
            True,
            ["temporary_custody"],
            id="elsewhere-only-8",
        ),
        pytest.param(
            {"hukou": {"county_code": "320102", "type": "urban"}},
            False,
            [],
            id="elsewhere-not-found-here",
        ),
        pytest.param(
            {
                "hukou": {"county_code": "320102", "type": "urban"},
                "found_in_county": True,
                "as_of": "2031-04-02",
            },
            False,
            [],
            id="elsewhere-18",
        ),
        pytest.param(
            {"justice_involvement": "victim", "parents": parents([MIGRANT], [MIGRANT])},
            True,
            ["left_behind", "justice_involved", "temporary_custody"],
            id="anji-several",
        ),
    ],
)
def test_temporary_custody(overrides: dict[str, Any], in_scope: bool, expected: list[str]) -> None:
    result = classify(facts(needs_temporary_custody=True, **overrides))
    assert result.in_scope is in_scope
    assert list(result.categories) == expected


def test_found_in_county_without_custody_need_is_out_of_scope() -> None:
    result = classify(facts(hukou={"county_code": "320102", "type": "urban"}, found_in_county=True))
    assert not result.in_scope
    assert result.reasons[0].zh == (
        "本人户籍地为 320102，不是安吉县（330523）；虽在安吉辖区内发现，但不需要临时监护。"
    )


def test_child_from_elsewhere_only_has_turns_18_ahead() -> None:
    result = classify(
        facts(
            hukou=None,
            found_in_county=True,
            needs_temporary_custody=True,
            family_assistance="dibao",
            family_assistance_valid_until="2027-01-01",
        )
    )
    assert [(c.kind, c.date.isoformat()) for c in result.upcoming_changes] == [
        ("turns_18", "2031-04-02")
    ]
    assert result.reasons[0].en == (
        "Child needing temporary custody: the child was found in the county and needs "
        "temporary custody (street child, begging, or guardianship infringement)."
    )


# --- every category: order, clause, difficulty -------------------------------------------


def test_all_categories_keep_seed_order_and_cite_clauses() -> None:
    result = classify(
        facts(
            parents=parents([MIGRANT], [MIGRANT]),
            family_assistance="dibao",
            justice_involvement="offender",
            needs_temporary_custody=True,
        )
    )
    assert result.categories == (
        "left_behind",
        "low_income_family",
        "justice_involved",
        "temporary_custody",
    )
    assert [r.clause for r in result.reasons] == ["二(一)1", "二(一)5", "二(一)7", "二(一)8"]
    assert result.in_difficulty


@pytest.mark.parametrize(
    ("code", "clause"),
    [pytest.param(code, CLAUSES[code], id=code) for code in CATEGORY_CODES],
)
def test_clause_table(code: str, clause: str) -> None:
    expected = {
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
    assert clause == expected[code]


@pytest.mark.parametrize(
    ("overrides", "difficulty"),
    [
        pytest.param({"parents": parents([DEAD], [DEAD])}, True, id="orphan"),
        pytest.param({"parents": parents([DEAD], [LONG_PRISON])}, True, id="unsupported"),
        pytest.param({"family_assistance": "dibao", "serious_illness": True}, True, id="cat4"),
        pytest.param({"family_assistance": "dibao"}, True, id="cat5"),
        pytest.param({"serious_illness": True}, True, id="cat6"),
        pytest.param({"parents": parents([MIGRANT], [MIGRANT])}, False, id="left-behind"),
        pytest.param({"justice_involvement": "offender"}, False, id="justice"),
        pytest.param({"needs_temporary_custody": True}, False, id="custody"),
    ],
)
def test_in_difficulty(overrides: dict[str, Any], difficulty: bool) -> None:
    assert classify(facts(**overrides)).in_difficulty is difficulty


# --- upcoming changes --------------------------------------------------------------------


def changes(**overrides: Any) -> list[tuple[str, str]]:
    result = classify(facts(**overrides))
    return [(c.date.isoformat(), c.kind) for c in result.upcoming_changes]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {}, [("2029-04-02", "turns_16"), ("2031-04-02", "turns_18")], id="rural-could-be"
        ),
        pytest.param(
            {"hukou": {"county_code": "330523", "type": "urban"}},
            [("2031-04-02", "turns_18")],
            id="urban-no-16",
        ),
        pytest.param({"as_of": "2029-04-02"}, [("2031-04-02", "turns_18")], id="already-16"),
        pytest.param(
            {"parents": parents([sit("imprisoned", "2026-10-01")], [DEAD])},
            [
                ("2027-04-01", "term_reaches_6_months"),
                ("2029-04-02", "turns_16"),
                ("2031-04-02", "turns_18"),
            ],
            id="term-reaches-6",
        ),
        pytest.param(
            {"parents": parents([sit("compulsory_rehab", "2026-05-28")], [DEAD])},
            [("2029-04-02", "turns_16"), ("2031-04-02", "turns_18")],
            id="term-reaches-6-today",
        ),
        pytest.param(
            {"parents": parents([sit("compulsory_rehab", "2026-05-29")], [DEAD])},
            [
                ("2026-11-29", "term_reaches_6_months"),
                ("2029-04-02", "turns_16"),
                ("2031-04-02", "turns_18"),
            ],
            id="term-reaches-6-tomorrow",
        ),
        pytest.param(
            {"parents": parents([], [sit("lost_contact", "2026-09-30")])},
            [
                ("2027-03-30", "lost_contact_reaches_6_months"),
                ("2029-04-02", "turns_16"),
                ("2031-04-02", "turns_18"),
            ],
            id="lost-contact-reaches-6",
        ),
        pytest.param(
            {"parents": parents([], [sit("lost_contact", "2026-05-28")])},
            [("2029-04-02", "turns_16"), ("2031-04-02", "turns_18")],
            id="lost-contact-reaches-6-today",
        ),
        pytest.param(
            {"parents": parents([], [sit("imprisoned", "2026-09-01", "2027-03-01")])},
            [
                ("2027-03-02", "term_ends"),
                ("2029-04-02", "turns_16"),
                ("2031-04-02", "turns_18"),
            ],
            id="term-with-until-ends-no-reach-6",
        ),
        pytest.param(
            {"parents": parents([sit("migrant_work", "2025-01-01", "2035-01-01")])},
            [("2029-04-02", "turns_16"), ("2031-04-02", "turns_18")],
            id="ends-after-18-dropped",
        ),
        pytest.param(
            {"parents": parents([sit("imprisoned", "2020-01-01", "2026-01-01")])},
            [("2029-04-02", "turns_16"), ("2031-04-02", "turns_18")],
            id="ended-term-ignored",
        ),
        pytest.param(
            {"family_assistance": "dibao", "family_assistance_valid_until": "2027-03-31"},
            [
                ("2027-04-01", "certificate_expires"),
                ("2029-04-02", "turns_16"),
                ("2031-04-02", "turns_18"),
            ],
            id="certificate-expires",
        ),
        pytest.param(
            {"family_assistance": "dibao_edge", "family_assistance_valid_until": AS_OF},
            [
                ("2026-11-29", "certificate_expires"),
                ("2029-04-02", "turns_16"),
                ("2031-04-02", "turns_18"),
            ],
            id="certificate-last-day-today",
        ),
        pytest.param(
            {"family_assistance": "dibao", "family_assistance_valid_until": "2026-11-27"},
            [("2029-04-02", "turns_16"), ("2031-04-02", "turns_18")],
            id="certificate-already-expired",
        ),
        pytest.param(
            {"family_assistance": "dibao"},
            [("2029-04-02", "turns_16"), ("2031-04-02", "turns_18")],
            id="certificate-no-expiry",
        ),
        pytest.param(
            {"family_assistance": "none", "family_assistance_valid_until": "2027-03-31"},
            [("2029-04-02", "turns_16"), ("2031-04-02", "turns_18")],
            id="no-certificate",
        ),
        pytest.param(
            {"hukou": {"county_code": "330522", "type": "rural"}}, [], id="out-of-scope-none"
        ),
        pytest.param({"as_of": "2031-04-02"}, [], id="adult-none"),
    ],
)
def test_upcoming_changes(overrides: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert changes(**overrides) == expected


def test_upcoming_changes_are_sorted_and_in_the_future() -> None:
    result = classify(
        facts(
            as_of="2026-11-28",
            family_assistance="dibao",
            family_assistance_valid_until="2028-01-31",
            parents=parents(
                [sit("imprisoned", "2026-11-01"), sit("migrant_work", "2020-01-01", "2027-06-30")],
                [sit("lost_contact", "2026-10-15")],
            ),
        )
    )
    got = [(c.date.isoformat(), c.kind) for c in result.upcoming_changes]
    assert got == [
        ("2027-04-15", "lost_contact_reaches_6_months"),
        ("2027-05-01", "term_reaches_6_months"),
        ("2027-07-01", "term_ends"),
        ("2028-02-01", "certificate_expires"),
        ("2029-04-02", "turns_16"),
        ("2031-04-02", "turns_18"),
    ]
    assert all(c.date > date(2026, 11, 28) for c in result.upcoming_changes)


def test_upcoming_texts() -> None:
    result = classify(
        facts(
            family_assistance="dibao",
            family_assistance_valid_until="2027-03-31",
            parents=parents([sit("imprisoned", "2026-10-01")], [sit("lost_contact", "2026-09-30")]),
        )
    )
    texts = {c.kind: (c.zh, c.en) for c in result.upcoming_changes}
    assert texts["term_reaches_6_months"] == (
        "父亲服刑在押（自2026-10-01起）将于2027-04-01满6个月，届时计为事实无人抚养儿童的父母情形之一。",
        "The father's imprisonment (since 2026-10-01) reaches 6 months on 2027-04-01; it then "
        "counts as a parent condition for a de facto unsupported child.",
    )
    assert texts["lost_contact_reaches_6_months"][0] == (
        "母亲失联（自2026-09-30向公安机关报告起）将于2027-03-30满6个月，"
        "届时计为事实无人抚养儿童的父母情形之一。"
    )
    assert texts["certificate_expires"] == (
        "《安吉县最低生活保障救助证》有效期至2027-03-31：自2027-04-01起如未续期，"
        "不再按低保或低保边缘家庭认定（第4、5类）。",
        "The dibao (minimum living allowance) certificate is valid until 2027-03-31: from "
        "2027-04-01, unless renewed, the family no longer counts as a dibao or dibao-edge "
        "family (categories 4 and 5).",
    )
    assert (
        texts["turns_16"][1]
        == "Turns 16 on 2029-04-02: from then on cannot be a left-behind child."
    )


def test_a_change_predicted_comes_true_on_its_date() -> None:
    raw = facts(parents=parents([sit("imprisoned", "2026-10-01")], [DEAD]))
    (reach,) = [c for c in classify(raw).upcoming_changes if c.kind == "term_reaches_6_months"]
    before = {**raw, "as_of": (reach.date - timedelta(days=1)).isoformat()}
    on = {**raw, "as_of": reach.date.isoformat()}
    assert "de_facto_unsupported" not in classify(before).categories
    assert "de_facto_unsupported" in classify(on).categories


# --- input checking ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "where"),
    [
        pytest.param({"colour": "red"}, "colour", id="unknown-top-key"),
        pytest.param(
            {"hukou": {"county_code": "330523", "type": "rural", "town": "x"}},
            "hukou.town",
            id="unknown-hukou-key",
        ),
        pytest.param(
            {"parents": [{"role": "father", "age": 40}]}, "parents[0].age", id="unknown-parent-key"
        ),
        pytest.param(
            {"parents": parents([sit("migrant_work", "2025-01-01", city="杭州")])},
            "parents[0].situations[0].city",
            id="unknown-situation-key",
        ),
        pytest.param({"family_assistance": "poor"}, "family_assistance", id="bad-assistance"),
        pytest.param(
            {"hukou": {"county_code": "330523", "type": "town"}}, "hukou.type", id="bad-hukou"
        ),
        pytest.param(
            {"hukou": {"county_code": "3305", "type": "rural"}}, "hukou.county_code", id="short"
        ),
        pytest.param({"hukou": {"type": "rural"}}, "hukou.county_code", id="missing-code"),
        pytest.param(
            {"disability": {"category": "physical", "grade": 5}}, "disability.grade", id="grade-5"
        ),
        pytest.param(
            {"disability": {"category": "physical", "grade": 0}}, "disability.grade", id="grade-0"
        ),
        pytest.param(
            {"disability": {"category": "physical", "grade": "2"}},
            "disability.grade",
            id="grade-string",
        ),
        pytest.param(
            {"disability": {"category": "autism", "grade": 2}}, "disability.category", id="cat"
        ),
        pytest.param({"serious_illness": "no"}, "serious_illness", id="bool-string"),
        pytest.param({"found_in_county": 1}, "found_in_county", id="bool-int"),
        pytest.param({"justice_involvement": "witness"}, "justice_involvement", id="justice"),
        pytest.param({"as_of": "2026-02-30"}, "as_of", id="feb-30"),
        pytest.param({"as_of": "28/11/2026"}, "as_of", id="not-iso"),
        pytest.param({"as_of": "2026-W48-6"}, "as_of", id="week-date"),
        pytest.param({"birth_date": None}, "birth_date", id="no-birth"),
        pytest.param(
            {"family_assistance_valid_until": "2027-3-31"},
            "family_assistance_valid_until",
            id="short-date",
        ),
        pytest.param({"parents": [{"role": "uncle"}]}, "parents[0].role", id="bad-role"),
        pytest.param(
            {"parents": parents([sit("jailed", "2025-01-01")])},
            "parents[0].situations[0].kind",
            id="bad-kind",
        ),
        pytest.param(
            {"parents": parents([sit("imprisoned")])}, "parents[0].situations[0]", id="no-since"
        ),
        pytest.param(
            {"parents": parents([], [sit("lost_contact")])},
            "parents[1].situations[0]",
            id="lost-no-since",
        ),
        pytest.param(
            {"parents": parents([sit("imprisoned", "2026-01-01", "2025-01-01")])},
            "parents[0].situations[0]",
            id="until-before-since",
        ),
        pytest.param(
            {"parents": parents([sit("disability", category="physical")])},
            "parents[0].situations[0]",
            id="disability-no-grade",
        ),
        pytest.param(
            {"parents": parents([sit("serious_illness", grade=1)])},
            "parents[0].situations[0]",
            id="grade-on-illness",
        ),
        pytest.param({"birth_date": "2026-11-29"}, "", id="born-after-as-of"),
        pytest.param({"parents": [{"role": "mother"}, {"role": "mother"}]}, "", id="two-mothers"),
    ],
)
def test_bad_input_is_rejected_in_both_languages(overrides: dict[str, Any], where: str) -> None:
    with pytest.raises(EligibilityInputError) as info:
        classify(facts(**overrides))
    error = info.value
    assert isinstance(error, CaseworkError)
    assert error.code == "eligibility_input"
    assert where in [w for w, _ in error.problems]
    assert error.message.zh.startswith("儿童情况数据有误：")
    assert error.message.en.startswith("The child's facts are not valid: ")
    for _, message in error.problems:
        assert message.zh and message.en
        # The Chinese text is really Chinese, not the English repeated.
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message.zh)


def test_unknown_key_message() -> None:
    with pytest.raises(EligibilityInputError) as info:
        parse_facts(facts(colour="red"))
    assert info.value.message.zh == "儿童情况数据有误：colour：未知字段（请检查拼写）"
    assert info.value.message.en == (
        "The child's facts are not valid: colour: unknown field (check the spelling)"
    )


def test_rule_message_has_no_field_prefix() -> None:
    with pytest.raises(EligibilityInputError) as info:
        parse_facts(facts(birth_date="2026-11-29"))
    assert info.value.message.zh == "儿童情况数据有误：出生日期 2026-11-29 晚于判断日期 2026-11-28"


def test_as_of_defaults_to_today() -> None:
    raw = facts()
    del raw["as_of"]
    assert parse_facts(raw).as_of == date.today()


def test_absent_keys_mean_no() -> None:
    parsed = parse_facts({"birth_date": BIRTH})
    assert parsed == EligibilityFacts(birth_date=date(2013, 4, 2), as_of=parsed.as_of)
    assert parsed.hukou is None
    assert not parsed.found_in_county
    assert parsed.family_assistance == "none"
    assert parsed.parent("father").situations == ()


def test_dates_may_be_date_objects() -> None:
    parsed = EligibilityFacts(as_of=date(2026, 11, 28), birth_date=date(2013, 4, 2))
    assert classify(parsed).in_scope is False  # no hukou


# --- properties ---------------------------------------------------------------------------


SITUATIONS = st.sampled_from(
    [
        MIGRANT,
        DEAD,
        LONG_PRISON,
        SEVERE,
        sit("declared_missing", "2020-01-01"),
        sit("unidentified"),
        sit("serious_illness"),
        sit("lost_contact", "2026-03-01"),
        sit("imprisoned", "2026-09-01"),
        sit("unable_to_guard"),
    ]
)


@given(
    father=st.lists(SITUATIONS, max_size=2),
    mother=st.lists(SITUATIONS, max_size=2),
    assistance=st.sampled_from(["none", "dibao", "dibao_edge"]),
    ill=st.booleans(),
    institution=st.booleans(),
    justice=st.sampled_from([None, "offender", "victim"]),
    custody=st.booleans(),
)
def test_category_invariants(
    father: list[Any],
    mother: list[Any],
    assistance: str,
    ill: bool,
    institution: bool,
    justice: str | None,
    custody: bool,
) -> None:
    result = classify(
        facts(
            parents=parents(father, mother),
            family_assistance=assistance,
            serious_illness=ill,
            in_welfare_institution=institution,
            justice_involvement=justice,
            needs_temporary_custody=custody,
        )
    )
    got = list(result.categories)
    assert got == [c for c in CATEGORY_CODES if c in got]
    assert [r.category for r in result.reasons if r.category] == got
    orphan = {"orphan_institutional", "orphan_scattered"} & set(got)
    assert len(orphan) <= 1
    assert not (orphan and "de_facto_unsupported" in got)
    # Exactly one of categories 4, 5, 6 for a dibao family; 5 only without 3 or 4.
    if assistance != "none":
        assert ("low_income_self_difficulty" in got) is ill
        assert ("low_income_family" in got) is (not ill and "de_facto_unsupported" not in got)
        assert "other_self_difficulty" not in got
    else:
        assert ("other_self_difficulty" in got) is ill
    assert result.in_difficulty is any(c in got for c in CATEGORY_CODES[1:7])
    dates = [c.date for c in result.upcoming_changes]
    assert dates == sorted(dates)
    assert all(d > date(2026, 11, 28) for d in dates)
