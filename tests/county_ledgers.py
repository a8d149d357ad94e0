"""Ledgers built the way villages keep them, for the intake tests and bench/intake.py.

Not this program's template: a title row, a 填报单位 / 填报日期 row, the county's column
words (出生年月, 父亲外出务工地, 监护人, 与儿童关系, 联系电话, 类别), blank rows, merged
备注 cells, a 合计 row and a 填表人 line; optionally a two-level header (父亲 merged over
姓名 / 身份证号码 / 外出务工地). Written as .xlsx (openpyxl, as Excel or WPS saves it),
.xls (xlwt, the BIFF8 format of Excel 97–2003), or .csv in a given encoding.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from casework.ids import make_id_number

TITLE = "安吉县递铺街道演示村农村留守儿童信息台账"
UNIT_ROW = ["填报单位：演示村村民委员会", "", "", "", "填报日期：2026年11月30日"]
FLAT_HEADER = [
    "序号", "姓名", "性别", "身份证号码", "出生年月", "就读学校", "年级",
    "父亲外出务工地", "母亲外出务工地", "监护人", "与儿童关系", "联系电话", "类别", "备注",
]  # fmt: skip
GROUPS_TOP = [
    "序号", "儿童基本信息", "儿童基本信息", "儿童基本信息", "儿童基本信息",
    "父亲", "父亲", "父亲", "母亲", "母亲", "母亲",
    "监护人", "监护人", "监护人", "类别", "备注",
]  # fmt: skip
GROUPS_BOTTOM = [
    "", "姓名", "性别", "身份证号码", "出生日期",
    "姓名", "身份证号码", "外出务工地", "姓名", "身份证号码", "外出务工地",
    "姓名", "与儿童关系", "联系电话", "", "",
]  # fmt: skip

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "子丑寅卯辰巳午未申酉戌亥甲乙丙丁戊己庚辛壬癸"
CITIES = ["杭州", "宁波", "上海", "苏州", "义乌", "温州", "深圳", "湖州"]


@dataclass(frozen=True)
class LedgerChild:
    name: str
    gender: str  # 男 / 女
    id_number: str
    birth: date
    father: str
    mother: str
    father_away: str  # a city, or 在家 / ""
    mother_away: str
    guardian: str
    relation: str
    phone: str
    category: str
    father_id: str = ""
    mother_id: str = ""


def make_children(
    count: int, *, seed: int = 7, left_behind_share: float = 0.7
) -> list[LedgerChild]:
    """Children of a county ledger: most with both parents away (left-behind), some with
    the mother at home; grandparents as guardians; phones as villages type them."""
    rng = random.Random(seed)
    children: list[LedgerChild] = []
    used: set[str] = set()
    for i in range(count):
        birth = date(2011 + rng.randrange(0, 12), 1 + rng.randrange(12), 1 + rng.randrange(28))
        male = rng.random() < 0.5
        while True:
            seq = rng.randrange(1, 499) * 2 + (1 if male else 0)
            id_number = make_id_number("330523", birth, seq)
            if id_number not in used:
                used.add(id_number)
                break
        surname = SURNAMES[i % len(SURNAMES)]
        name = surname + GIVEN[rng.randrange(len(GIVEN))] + GIVEN[(i // 7) % len(GIVEN)]
        both_away = rng.random() < left_behind_share
        guardian_male = rng.random() < 0.5
        phone = rng.choice(
            [
                f"13{rng.randrange(10**9):09d}",
                f"158 {rng.randrange(10**4):04d} {rng.randrange(10**4):04d}",
                f"0572-{rng.randrange(10**7):07d}",
            ]
        )
        children.append(
            LedgerChild(
                name=name,
                gender="男" if male else "女",
                id_number=id_number,
                birth=birth,
                father=surname + "父" + GIVEN[i % len(GIVEN)],
                mother="钱" + "母" + GIVEN[(i + 3) % len(GIVEN)],
                father_away=rng.choice(CITIES),
                mother_away=rng.choice(CITIES) if both_away else "在家",
                guardian=surname + ("祖" if guardian_male else "奶") + GIVEN[(i + 5) % len(GIVEN)],
                relation="祖孙" if both_away else "母子",
                phone=phone,
                category="留守儿童",  # the ledger says so even when the mother is home
                father_id=make_id_number("330523", date(1985, 3, 3), (i % 400) * 2 + 1),
                mother_id=make_id_number("330523", date(1987, 5, 5), (i % 400) * 2 + 2),
            )
        )
    return children


def _flat_row(n: int, c: LedgerChild, *, month_only: bool) -> list[object]:
    birth = f"{c.birth.year}.{c.birth.month:02d}" if month_only else c.birth.strftime("%Y.%m.%d")
    guardian = c.guardian if c.relation == "祖孙" else c.mother
    return [
        n, c.name, c.gender, c.id_number, birth, "递铺小学", "三年级",
        c.father_away, c.mother_away, guardian, c.relation, c.phone, c.category, "",
    ]  # fmt: skip


def flat_rows(children: Sequence[LedgerChild], *, month_only: bool = True) -> list[list[object]]:
    """The county layout, top to bottom: title, unit/date, header, children (a blank row
    after the third), 合计, 填表人."""
    rows: list[list[object]] = [[TITLE], list(UNIT_ROW), list(FLAT_HEADER)]
    for n, child in enumerate(children, 1):
        rows.append(_flat_row(n, child, month_only=month_only))
        if n == 3:
            rows.append([])
    rows.append(["合计", f"共 {len(children)} 人"])
    rows.append(["填表人：演示甲", "", "", "审核人：演示乙", "", "联系电话：0572-5000000"])
    return rows


def write_flat_xlsx(
    path: Path, children: Sequence[LedgerChild], *, merged_note: bool = True
) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "留守儿童"
    rows = flat_rows(children)
    for row in rows:
        sheet.append(row)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(FLAT_HEADER))
    if merged_note and len(children) >= 3:
        # One 备注 for the first three children (merged down), as villages do for siblings.
        sheet.cell(row=4, column=len(FLAT_HEADER), value="同胞兄妹")
        sheet.merge_cells(
            start_row=4, start_column=len(FLAT_HEADER), end_row=6, end_column=len(FLAT_HEADER)
        )
    # WPS and Excel keep ID numbers as text only when the column is text.
    for row in sheet.iter_rows(min_row=4, min_col=4, max_col=4):
        for cell in row:
            cell.number_format = "@"
    workbook.properties.creator = "WPS Office"
    workbook.save(path)
    return path


def write_two_level_xlsx(path: Path, children: Sequence[LedgerChild]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(GROUPS_TOP))
    top = [
        v if i == 0 or GROUPS_TOP[i] != GROUPS_TOP[i - 1] else None
        for i, v in enumerate(GROUPS_TOP)
    ]
    sheet.append(top)
    sheet.append([v or None for v in GROUPS_BOTTOM])
    # The group cells span their columns; 序号, 类别 and 备注 span both header rows.
    start = 0
    for i in range(1, len(GROUPS_TOP) + 1):
        if i == len(GROUPS_TOP) or GROUPS_TOP[i] != GROUPS_TOP[start]:
            if i - start > 1:
                sheet.merge_cells(start_row=2, start_column=start + 1, end_row=2, end_column=i)
            elif not GROUPS_BOTTOM[start]:
                sheet.merge_cells(start_row=2, start_column=start + 1, end_row=3, end_column=i)
            start = i
    for n, c in enumerate(children, 1):
        guardian = c.guardian if c.relation == "祖孙" else c.mother
        sheet.append([
            n, c.name, c.gender, c.id_number, c.birth,
            c.father, c.father_id, c.father_away, c.mother, c.mother_id, c.mother_away,
            guardian, c.relation, c.phone, c.category, None,
        ])  # fmt: skip
    sheet.append(["合计", len(children)])
    workbook.save(path)
    return path


def write_csv(path: Path, children: Sequence[LedgerChild], encoding: str) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(flat_rows(children))
    data = buffer.getvalue()
    if encoding == "utf-8-sig":
        path.write_bytes(b"\xef\xbb\xbf" + data.encode("utf-8"))
    else:
        path.write_bytes(data.encode(encoding))
    return path


def write_rows_csv(path: Path, rows: Sequence[dict[str, str]]) -> Path:
    """A CSV ledger as Excel saves one (UTF-8 with its mark): the first row's keys are the
    header row, then one line per row."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_flat_xls(path: Path, children: Sequence[LedgerChild]) -> Path:
    """The same ledger as Excel 97–2003 (.xls, written by xlwt): the title merged over
    the table, the first three children's 备注 merged, and one hidden row."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("留守儿童")
    rows = flat_rows(children)
    for r, row in enumerate(rows):
        if r == 0:
            sheet.write_merge(0, 0, 0, len(FLAT_HEADER) - 1, row[0])
            continue
        for c, value in enumerate(row):
            if value not in (None, ""):
                sheet.write(r, c, value)
    if len(children) >= 3:
        sheet.write_merge(3, 5, len(FLAT_HEADER) - 1, len(FLAT_HEADER) - 1, "同胞兄妹")
    book.save(str(path))
    return path
