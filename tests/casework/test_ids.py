"""Citizen identity numbers (GB 11643-1999): parsing, errors, masking, consistency."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from casework.ids import (
    PROVINCE_CODES,
    IdNumber,
    check_character,
    check_consistency,
    make_id_number,
    mask_id_number,
    normalize,
    parse_id_number,
)
from casework.messages import CaseworkError

TODAY = date(2026, 11, 28)
VALID = "330523201304021230"  # Anji, 2013-04-02, sequence 123 (male)
VALID_X = "33052320130402006X"  # Anji, 2013-04-02, sequence 006 (female), check X


def test_fixtures_are_what_they_claim() -> None:
    assert make_id_number("330523", date(2013, 4, 2), 123) == VALID
    assert make_id_number("330523", date(2013, 4, 2), 6) == VALID_X


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            VALID,
            IdNumber(VALID, "330523", date(2013, 4, 2), "male"),
            id="male",
        ),
        pytest.param(
            VALID_X,
            IdNumber(VALID_X, "330523", date(2013, 4, 2), "female"),
            id="check-x",
        ),
        pytest.param(
            VALID_X.lower(),
            IdNumber(VALID_X, "330523", date(2013, 4, 2), "female"),
            id="lower-case-x",
        ),
        pytest.param(
            " 330523 20130402 1230 ",
            IdNumber(VALID, "330523", date(2013, 4, 2), "male"),
            id="spaces",
        ),
        pytest.param(
            make_id_number("330523", date(2008, 2, 29), 42),
            IdNumber("330523200802290420", "330523", date(2008, 2, 29), "female"),
            id="feb-29-leap-year",
        ),
        pytest.param(
            make_id_number("110101", TODAY, 1),
            IdNumber(make_id_number("110101", TODAY, 1), "110101", TODAY, "male"),
            id="born-today",
        ),
        pytest.param(
            make_id_number("330523", date(1900, 1, 1), 999),
            IdNumber(
                make_id_number("330523", date(1900, 1, 1), 999), "330523", date(1900, 1, 1), "male"
            ),
            id="earliest-year",
        ),
    ],
)
def test_parse_valid(raw: str, expected: IdNumber) -> None:
    assert parse_id_number(raw, today=TODAY) == expected


def test_is_anji() -> None:
    assert parse_id_number(VALID, today=TODAY).is_anji
    assert not parse_id_number(make_id_number("330522", date(2013, 4, 2), 1), today=TODAY).is_anji


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        pytest.param("", "id_shape", id="empty"),
        pytest.param(VALID[:17], "id_shape", id="17-chars"),
        pytest.param(VALID + "0", "id_shape", id="19-chars"),
        pytest.param("33052319800101123", "id_shape", id="old-15-plus-2"),
        pytest.param("330523200801011", "id_shape", id="first-generation-15"),
        pytest.param("33052320130402X230", "id_shape", id="x-in-the-middle"),
        pytest.param("3305232013040212A0", "id_shape", id="letter"),
        pytest.param("330523-20130402-1230", "id_shape", id="dashes"),
        pytest.param(make_id_number("000000", date(2013, 4, 2), 1), "id_region", id="zeros"),
        pytest.param(make_id_number("990523", date(2013, 4, 2), 1), "id_region", id="province-99"),
        pytest.param(make_id_number("330000", date(2013, 4, 2), 1), "id_region", id="xx0000"),
        pytest.param(make_id_number("100523", date(2013, 4, 2), 1), "id_region", id="province-10"),
        pytest.param("330523" + "20130230" + "123" + "0", "id_birth", id="feb-30"),
        pytest.param("330523" + "20130229" + "123" + "0", "id_birth", id="feb-29-common-year"),
        pytest.param("330523" + "20131301" + "123" + "0", "id_birth", id="month-13"),
        pytest.param("330523" + "20130000" + "123" + "0", "id_birth", id="zeros-date"),
        pytest.param("330523" + "20130431" + "123" + "0", "id_birth", id="april-31"),
        pytest.param(make_id_number("330523", date(1899, 12, 31), 1), "id_birth", id="pre-1900"),
        pytest.param(make_id_number("330523", date(2026, 11, 29), 1), "id_birth", id="tomorrow"),
        pytest.param(make_id_number("330523", date(2040, 1, 1), 1), "id_birth", id="far-future"),
        pytest.param(VALID[:17] + "1", "id_check", id="wrong-digit"),
        pytest.param(VALID[:17] + "X", "id_check", id="x-instead-of-digit"),
        pytest.param(VALID_X[:17] + "0", "id_check", id="digit-instead-of-x"),
    ],
)
def test_parse_errors(raw: str, code: str) -> None:
    with pytest.raises(CaseworkError) as info:
        parse_id_number(raw, today=TODAY)
    assert info.value.code == code
    assert info.value.message.zh and info.value.message.en
    assert str(info.value) == info.value.message.en


def test_check_error_names_the_expected_character() -> None:
    with pytest.raises(CaseworkError) as info:
        parse_id_number(VALID[:17] + "7", today=TODAY)
    assert info.value.message.zh == (
        "身份证号码校验位错误：最后一位应为 0，实际为 7，请核对是否录错"
    )
    assert "should be 0, not 7" in info.value.message.en


def test_future_error_names_the_date() -> None:
    with pytest.raises(CaseworkError) as info:
        parse_id_number(make_id_number("330523", date(2026, 11, 29), 1), today=TODAY)
    assert info.value.message.en == "The birth date in the ID number (2026-11-29) is in the future"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("33052320130402006x", "33052320130402006X", id="lower-x"),
        pytest.param(" 3305 2320 1304 0212 30\n", VALID, id="spaces-and-newline"),
        pytest.param(VALID, VALID, id="unchanged"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        pytest.param(VALID, "330523********1230", id="digits"),
        pytest.param(VALID_X, "330523********006X", id="check-x"),
        pytest.param("12345", "*****", id="short"),
        pytest.param("", "", id="empty"),
        pytest.param(VALID + "1", "*" * 19, id="long"),
    ],
)
def test_mask(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("birth", "gender", "codes"),
    [
        pytest.param(date(2013, 4, 2), "male", [], id="agrees"),
        pytest.param(None, None, [], id="nothing-stated"),
        pytest.param(date(2013, 4, 3), "male", ["id_birth_mismatch"], id="birth-differs"),
        pytest.param(date(2013, 4, 2), "female", ["id_gender_mismatch"], id="gender-differs"),
        pytest.param(
            date(2012, 4, 2), "female", ["id_birth_mismatch", "id_gender_mismatch"], id="both"
        ),
        pytest.param(None, "female", ["id_gender_mismatch"], id="gender-only"),
    ],
)
def test_consistency(birth: date | None, gender: str | None, codes: list[str]) -> None:
    number = parse_id_number(VALID, today=TODAY)
    errors = check_consistency(number, birth_date=birth, gender=gender)
    assert [e.code for e in errors] == codes


def test_consistency_messages_are_bilingual() -> None:
    number = parse_id_number(VALID, today=TODAY)
    birth_error, gender_error = check_consistency(
        number, birth_date=date(2013, 4, 3), gender="female"
    )
    assert birth_error.message.zh == "出生日期 2013-04-03 与身份证号码中的 2013-04-02 不一致"
    assert gender_error.message.zh == "性别“女”与身份证号码（第17位表示男）不一致"
    assert gender_error.message.en == (
        "Gender 'female' disagrees with the ID number (its 17th digit means male)"
    )


def test_full_width_digits_are_not_a_different_valid_number() -> None:
    first17 = "33０５２３" + VALID[6:17]
    raw = first17 + check_character(first17)
    try:
        parsed = parse_id_number(raw, today=TODAY)
    except CaseworkError:
        return  # rejecting it is fine too
    assert parsed.value == VALID


# --- properties ---------------------------------------------------------------------------

REGIONS = st.builds(
    lambda province, rest: province + rest,
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.from_regex(r"[0-9]{4}", fullmatch=True).filter(lambda rest: rest != "0000"),
)
BIRTHS = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
SEQUENCES = st.integers(min_value=0, max_value=999)
VALID_NUMBERS = st.builds(make_id_number, REGIONS, BIRTHS, SEQUENCES)


@given(region=REGIONS, birth=BIRTHS, sequence=SEQUENCES)
def test_made_numbers_parse_back(region: str, birth: date, sequence: int) -> None:
    value = make_id_number(region, birth, sequence)
    parsed = parse_id_number(value, today=TODAY)
    assert parsed.region_code == region
    assert parsed.birth_date == birth
    assert parsed.gender == ("male" if sequence % 2 else "female")
    assert parse_id_number(value.lower(), today=TODAY) == parsed
    assert check_consistency(parsed, birth_date=birth, gender=parsed.gender) == []


@given(value=VALID_NUMBERS, data=st.data())
def test_any_single_substitution_is_rejected(value: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=17), label="position")
    char = data.draw(st.sampled_from("0123456789X"), label="char")
    assume(char != value[position])
    changed = value[:position] + char + value[position + 1 :]
    if position < 17 and char != "X":
        # MOD 11-2 alone catches it: every weight is non-zero modulo 11.
        assert check_character(changed[:17]) != changed[17]
    with pytest.raises(CaseworkError):
        parse_id_number(changed, today=TODAY)


@given(value=VALID_NUMBERS, data=st.data())
def test_any_adjacent_swap_is_rejected(value: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=16), label="position")
    assume(value[position] != value[position + 1])
    swapped = value[:position] + value[position + 1] + value[position] + value[position + 2 :]
    if "X" not in swapped[:17]:
        # MOD 11-2 alone catches it: adjacent weights differ modulo 11.
        assert check_character(swapped[:17]) != swapped[17]
    with pytest.raises(CaseworkError):
        parse_id_number(swapped, today=TODAY)
