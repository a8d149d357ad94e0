"""Citizen identity numbers (公民身份号码, GB 11643-1999).

18 characters: a 6-digit region code, an 8-digit birth date, a 3-digit sequence whose
parity gives the gender (odd = male), and an ISO 7064 MOD 11-2 check character.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from casework.messages import CaseworkError, Message

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
ANJI_COUNTY_CODE = "330523"
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
# Full-width digits and X, as Chinese input methods type them.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ＸｘX", "0123456789XXX")

# Province-level prefixes in use (GB/T 2260); a number outside them cannot be genuine.
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
        "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
        "63", "64", "65", "71", "81", "82", "83", "91",
    }
)  # fmt: skip

ERR_SHAPE = Message(
    "身份证号码应为18位：前17位为数字，最后一位为数字或X",
    "An ID number has 18 characters: 17 digits, then a digit or X",
)
ERR_REGION = Message(
    "身份证号码前6位（地区码 {region}）不是有效的行政区划代码",
    "The first 6 digits ({region}) are not a valid region code",
)
ERR_BIRTH = Message(
    "身份证号码中的出生日期（{digits}）不是有效日期",
    "The birth date in the ID number ({digits}) is not a valid date",
)
ERR_FUTURE = Message(
    "身份证号码中的出生日期（{birth}）晚于今天",
    "The birth date in the ID number ({birth}) is in the future",
)
ERR_CHECK = Message(
    "身份证号码校验位错误：最后一位应为 {expected}，实际为 {actual}，请核对是否录错",
    "Wrong check character: the last character should be {expected}, not {actual}; "
    "please check for a typing error",
)
ERR_BIRTH_MISMATCH = Message(
    "出生日期 {stated} 与身份证号码中的 {from_id} 不一致",
    "Birth date {stated} disagrees with {from_id} in the ID number",
)
ERR_GENDER_MISMATCH = Message(
    "性别“{stated}”与身份证号码（第17位表示{from_id}）不一致",
    "Gender '{stated}' disagrees with the ID number (its 17th digit means {from_id})",
)
_GENDER_WORDS = {"male": ("男", "male"), "female": ("女", "female")}


@dataclass(frozen=True)
class IdNumber:
    """A checked identity number and what it fixes."""

    value: str
    region_code: str
    birth_date: date
    gender: str  # "male" or "female"

    @property
    def is_anji(self) -> bool:
        return self.region_code == ANJI_COUNTY_CODE


def normalize(raw: str) -> str:
    """Strip spaces, accept a lower-case x and full-width characters, as people type them."""
    return (
        raw.strip().replace(" ", "").replace("\u3000", "").translate(_FULL_WIDTH).replace("x", "X")
    )


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for 17 digits."""
    if len(first17) != len(WEIGHTS):
        raise ValueError(f"17 digits are needed, not {len(first17)}")
    # map() keeps the sum in C: the server checks every child's number on every push.
    total = sum(map(operator.mul, map(int, first17), WEIGHTS))
    return CHECK_CHARS[total % 11]


def parse_id_number(raw: str, *, today: date | None = None) -> IdNumber:
    """Check ``raw`` and return what it fixes, or raise :class:`CaseworkError`."""
    return _parse(raw, today or date.today())


@lru_cache(maxsize=4096)
def _parse(raw: str, today: date) -> IdNumber:
    # Cached (a valid number only: errors are raised afresh): a record's number is read by
    # the ledger, the record's validation and the rules in turn, on the laptop and server.
    value = normalize(raw)
    if not _SHAPE.match(value):
        raise CaseworkError(ERR_SHAPE, code="id_shape")
    region = value[:6]
    if region[:2] not in PROVINCE_CODES or region[2:] == "0000":
        raise CaseworkError(ERR_REGION.format(region=region), code="id_region")
    digits = value[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise CaseworkError(ERR_BIRTH.format(digits=digits), code="id_birth") from None
    if birth.year < 1900:
        raise CaseworkError(ERR_BIRTH.format(digits=digits), code="id_birth")
    if birth > today:
        raise CaseworkError(ERR_FUTURE.format(birth=birth.isoformat()), code="id_birth")
    expected = check_character(value[:17])
    if value[17] != expected:
        raise CaseworkError(ERR_CHECK.format(expected=expected, actual=value[17]), code="id_check")
    return _facts(value, birth)


def facts_of_checked(value: str) -> IdNumber:
    """What a number already returned by :func:`parse_id_number` fixes, without checking
    it again (a record's validation reads them right after its field check)."""
    return _facts(value, date(int(value[6:10]), int(value[10:12]), int(value[12:14])))


def _facts(value: str, birth: date) -> IdNumber:
    gender = "male" if int(value[16]) % 2 else "female"
    return IdNumber(value=value, region_code=value[:6], birth_date=birth, gender=gender)


def check_consistency(
    id_number: IdNumber, *, birth_date: date | None, gender: str | None
) -> list[CaseworkError]:
    """Errors (never warnings) where a record's stated birth date or gender disagree."""
    errors: list[CaseworkError] = []
    if birth_date is not None and birth_date != id_number.birth_date:
        errors.append(
            CaseworkError(
                ERR_BIRTH_MISMATCH.format(
                    stated=birth_date.isoformat(), from_id=id_number.birth_date.isoformat()
                ),
                code="id_birth_mismatch",
            )
        )
    if gender is not None and gender in _GENDER_WORDS and gender != id_number.gender:
        stated_zh, stated_en = _GENDER_WORDS[gender]
        real_zh, real_en = _GENDER_WORDS[id_number.gender]
        errors.append(
            CaseworkError(
                Message(
                    ERR_GENDER_MISMATCH.zh.format(stated=stated_zh, from_id=real_zh),
                    ERR_GENDER_MISMATCH.en.format(stated=stated_en, from_id=real_en),
                ),
                code="id_gender_mismatch",
            )
        )
    return errors


def mask_id_number(value: str) -> str:
    """Show the region and the last four characters only: ``330523********123X``."""
    if len(value) != 18:
        return "*" * len(value)
    return value[:6] + "*" * 8 + value[14:]


def make_id_number(region: str, birth: date, sequence: int) -> str:
    """Build a valid number (for tests, demos and benchmarks; never for real people)."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
