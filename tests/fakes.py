"""Made-up people for tests and benchmarks: Chinese names, valid ID numbers, phones, ledgers.

Everything here is random but reproducible from a seed, and none of it is a real person:
ID numbers are built with ``make_id_number`` (valid check character), phones are random
mobiles. ``bench/store.py`` imports this module too (it adds the repository root to
``sys.path``), so it must not import pytest.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from casework.ids import ANJI_COUNTY_CODE, make_id_number

# Common surnames, most frequent first (weights roughly follow their share of people).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤单解翟盛俞章鲍楼应施裘"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官")
# Characters often used in given names.
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬鹏辉建国浩宇子轩梓涵"
    "一诺欣怡雨桐思远嘉俊豪佳琪晨阳若曦航可馨然博文睿泽宸瑞鑫雅婷梦瑶晓雪慧颖诗悦心语安琳"
    "宏志成家乐天昊然铭昕哲语彤紫萱依晴美琳嘉懿煜城懿轩烨伟苑博鹏涛炎彬鹤轩越彬风华靖琪明辉"
    "伟诚明轩健柏修杰志泽弘文峻熙嘉懿煜城懿轩烨华煜祺智宸正豪昊然明杰立诚立轩立辉峻熙弘文熠"
    "彤鸿涛烨霖哲瀚鑫鹏致远俊驰雨泽烨磊晟睿天佑文昊修洁黎昕远航旭尧鸿涛伟祺荣轩越泽浩宇瑾瑜"
)
# Zhejiang region codes (Huzhou and neighbours) for parents born elsewhere.
PARENT_REGIONS = (ANJI_COUNTY_CODE,) * 6 + ("330522", "330502", "330503", "330521", "330106")
MOBILE_PREFIXES = ("13", "15", "17", "18", "19")


@dataclass(frozen=True)
class FakeParent:
    relation: str  # "father" or "mother"
    name: str
    id_number: str
    phone: str
    gender: str


@dataclass(frozen=True)
class FakeChild:
    name: str
    gender: str
    birth_date: date
    id_number: str
    father: FakeParent
    mother: FakeParent

    def child_fields(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "gender": self.gender,
            "birth_date": self.birth_date.isoformat(),
            "id_number": self.id_number,
        }

    def member_fields(self, child_id: str) -> list[dict[str, Any]]:
        return [
            {
                "child_id": child_id,
                "relation": parent.relation,
                "name": parent.name,
                "id_number": parent.id_number,
                "phone": parent.phone,
            }
            for parent in (self.father, self.mother)
        ]

    @property
    def people(self) -> tuple[tuple[str, str], ...]:
        """(name, ID number) of the child and both parents."""
        return (
            (self.name, self.id_number),
            (self.father.name, self.father.id_number),
            (self.mother.name, self.mother.id_number),
        )

    @property
    def phones(self) -> tuple[str, str]:
        return (self.father.phone, self.mother.phone)


class FakePeople:
    """A reproducible source of made-up people; every ID number and phone it gives is new.

    With ``distinctive=True`` every name is three characters (or a compound surname and
    two more) and unique, so finding one in a file means that very person leaked.
    """

    def __init__(self, seed: int = 0, *, distinctive: bool = False, today: date | None = None):
        self._random = random.Random(seed)
        self._distinctive = distinctive
        self._today = today or date.today()
        self._id_numbers: set[str] = set()
        self._phones: set[str] = set()
        self._names: set[str] = set()
        self._surname_weights = list(
            itertools.accumulate(1.0 / (rank + 8) for rank in range(len(SURNAMES)))
        )

    # -- pieces ----------------------------------------------------------------------

    def surname(self) -> str:
        if self._random.random() < 0.01:
            return self._random.choice(COMPOUND_SURNAMES)
        return self._random.choices(SURNAMES, cum_weights=self._surname_weights)[0]

    def name(self) -> str:
        for _ in range(1000):
            given_length = 2 if self._distinctive or self._random.random() < 0.75 else 1
            given = "".join(self._random.choice(GIVEN) for _ in range(given_length))
            name = self.surname() + given
            if not self._distinctive or name not in self._names:
                self._names.add(name)
                return name
        raise RuntimeError("ran out of distinct names")

    def phone(self) -> str:
        while True:
            phone = self._random.choice(MOBILE_PREFIXES) + f"{self._random.randrange(10**9):09d}"
            if phone not in self._phones:
                self._phones.add(phone)
                return phone

    def id_number(self, region: str, birth: date, gender: str) -> str:
        while True:
            sequence = self._random.randrange(0, 499) * 2 + (1 if gender == "male" else 0)
            if sequence == 0:
                continue
            value = make_id_number(region, birth, sequence)
            if value not in self._id_numbers:
                self._id_numbers.add(value)
                return value

    def child_birth(self) -> date:
        # Under 18 today, and not born today (a birth date can't be in the future).
        return self._today - timedelta(days=self._random.randrange(30, 17 * 365))

    def parent(self, relation: str, child_birth: date) -> FakeParent:
        gender = "male" if relation == "father" else "female"
        birth = child_birth - timedelta(days=self._random.randrange(20 * 365, 40 * 365))
        name = self.name()
        region = self._random.choice(PARENT_REGIONS)
        return FakeParent(
            relation=relation,
            name=name,
            id_number=self.id_number(region, birth, gender),
            phone=self.phone(),
            gender=gender,
        )

    def child(self) -> FakeChild:
        gender = self._random.choice(("male", "female"))
        birth = self.child_birth()
        return FakeChild(
            name=self.name(),
            gender=gender,
            birth_date=birth,
            id_number=self.id_number(ANJI_COUNTY_CODE, birth, gender),
            father=self.parent("father", birth),
            mother=self.parent("mother", birth),
        )

    def children(self, count: int) -> list[FakeChild]:
        return [self.child() for _ in range(count)]


def make_children(count: int, *, seed: int = 0, distinctive: bool = False) -> list[FakeChild]:
    return FakePeople(seed, distinctive=distinctive).children(count)


def chunks(items: Sequence[FakeChild], size: int) -> Iterator[Sequence[FakeChild]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def data_files(root: Path) -> list[Path]:
    """Every regular file under ``root`` (database, WAL, journals, backups, logs, ...)."""
    return sorted(p for p in root.rglob("*") if p.is_file())


def encodings(value: str) -> tuple[bytes, ...]:
    """The byte forms a leaked value would take on disk."""
    return (value.encode("utf-8"), value.encode("utf-16-le"))


# -- ledgers ----------------------------------------------------------------------------


def ledger_header(target: str, field: str) -> str:
    """The ledger's Chinese column header for ``field`` of ``target`` (child, father, ...)."""
    from casework.ledger import COLUMNS

    for column in COLUMNS:
        if column.target == target and column.field == field:
            return column.header
    raise KeyError(f"{target}.{field}")


def ledger_rows(children: Sequence[FakeChild]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of a ledger holding ``children`` and both parents of each."""
    from casework.ledger import GENDER_WORDS

    headers = [
        ledger_header("child", "name"),
        ledger_header("child", "gender"),
        ledger_header("child", "id_number"),
        ledger_header("child", "birth_date"),
    ]
    for target in ("father", "mother"):
        headers += [
            ledger_header(target, "name"),
            ledger_header(target, "id_number"),
            ledger_header(target, "phone"),
        ]
    rows = []
    for child in children:
        row = [
            child.name,
            GENDER_WORDS.word(child.gender),
            child.id_number,
            child.birth_date.isoformat(),
        ]
        for parent in (child.father, child.mother):
            row += [parent.name, parent.id_number, parent.phone]
        rows.append(row)
    return headers, rows


def write_ledger(path: Path, children: Sequence[FakeChild]) -> Path:
    """Write a ledger as ``.xlsx`` (ID numbers and phones as text cells) or ``.csv``."""
    headers, rows = ledger_rows(children)
    if path.suffix == ".csv":
        import csv

        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows(rows)
        return path
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("儿童台账")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path
