"""The county centre's monthly report (issue 18 item 6), from records three villages' laptops
synced to a real server process: opened with openpyxl, its figures checked against the
records, each child counted once, an ID number filed in two villages listed; and the same
figures as a PDF, read back through its text layer."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from openpyxl import load_workbook

from casework.ids import make_id_number, mask_id_number
from desktop.models.store import CaseStore
from desktop.services.month_figures import month_figures
from tests.contract.conftest import TOWNSHIP_1, TOWNSHIP_2, VILLAGE_A, VILLAGE_B, VILLAGE_C, County

BIRTH = date(2015, 2, 1)
SHARED_ID = make_id_number("330523", BIRTH, 2)  # even: a girl
COLUMNS = ("建档儿童（人）", "属于各类别（月末，人）", "本月应走访（人）", "其中已走访（人）",
           "应走访未走访（人）", "本月走访（次）", "新建档案（人）")  # fmt: skip


def _child(store: CaseStore, name: str, *, away: bool = True, **extra: Any) -> str:
    child = store.create(
        "child", {"name": name, "gender": "female", "birth_date": BIRTH.isoformat(), **extra}
    )
    situation = [{"kind": "migrant_work", "since": "2019-01-01"}] if away else []
    for relation in ("father", "mother"):
        store.create(
            "family_member",
            {"child_id": child, "relation": relation, "name": relation + name,
             "situations": situation},
        )  # fmt: skip
    return child


def _visit(store: CaseStore, child: str, day: date) -> None:
    store.create("visit", {"child_id": child, "visit_date": day.isoformat(), "visitor": "主任"})


def _rows(sheet: Any) -> list[dict[str, Any]]:
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def _figures(row: dict[str, Any]) -> tuple[int, ...]:
    return tuple(row[column] for column in COLUMNS)


def _pdf_lines(path: Path) -> list[str]:
    """The text of every page, line by line (PDFium breaks a line between table rows)."""
    document = pdfium.PdfDocument(str(path))
    try:
        lines = []
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            lines += [line.strip() for line in textpage.get_text_range().splitlines()]
            textpage.close()
        return [line for line in lines if line]
    finally:
        document.close()


def _numbers(lines: list[str], *names: str) -> tuple[int, ...]:
    """The numbers after ``names`` in the first table row (of ``lines``) starting with them."""
    for line in lines:
        cells = line.split()
        if tuple(cells[: len(names)]) == names:
            numbers = itertools.takewhile(str.isdigit, cells[len(names) :])
            return tuple(int(cell) for cell in numbers)
    raise AssertionError(f"no row {names}")


def test_county_monthly_report_counts_each_child_once(county: County, tmp_path: Path) -> None:
    today = date.today()
    a = county.enrol("甲主任", "director", VILLAGE_A)
    b = county.enrol("乙主任", "director", VILLAGE_B)
    c = county.enrol("丙主任", "director", VILLAGE_C)
    a1 = _child(a.store, "安一", id_number=SHARED_ID)  # visited this month
    _child(a.store, "安二")  # due, not visited
    _child(a.store, "安三", away=False)  # parents at home: on file, in no category
    b1 = _child(b.store, "贝一")
    _child(c.store, "丛一", id_number=SHARED_ID)  # the same ID number in another township
    _visit(a.store, a1, today)
    _visit(b.store, b1, today)
    _visit(b.store, b1, today)
    for device in (a, b, c):
        device.sync()

    out = tmp_path / "县月报.xlsx"
    month = today.strftime("%Y-%m")
    printed = county.server.cli("report", "monthly", "--month", month, "--out", str(out)).stdout
    assert "1 possible duplicates" in printed
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["全县", "乡镇", "村（社区）", "疑似重复"]

    villages = {row["代码"]: row for row in _rows(book["村（社区）"])}
    assert villages[VILLAGE_A]["村（社区）"] == "古城村"
    assert villages[VILLAGE_A]["乡镇（街道）"] == "递铺街道"
    # children, in scope, due, visited, overdue, visits, new: as the records say.
    assert _figures(villages[VILLAGE_A]) == (3, 2, 2, 1, 1, 1, 3)
    assert _figures(villages[VILLAGE_B]) == (1, 1, 1, 1, 0, 2, 1)
    assert _figures(villages[VILLAGE_C]) == (1, 1, 1, 0, 1, 0, 1)
    assert villages[VILLAGE_A]["农村留守儿童"] == 2

    # A village's figures are its own laptop's monthly report's (one count, casework).
    own = month_figures(a.store, today.replace(day=1)).villages[VILLAGE_A]
    assert (own.children, own.in_scope, own.visits_due, own.due_visited, own.visits_done,
            own.new_cases) == (3, 2, 2, 1, 1, 3)  # fmt: skip

    townships = {row["代码"]: row for row in _rows(book["乡镇"])}
    assert _figures(townships[TOWNSHIP_1]) == (4, 3, 3, 2, 1, 3, 4)
    assert _figures(townships[TOWNSHIP_2]) == (1, 1, 1, 0, 1, 0, 1)
    # The county: 安一 and 丛一 are one child (one ID number), counted once, visited once.
    county_total = townships["330523"]
    assert _figures(county_total) == (4, 3, 3, 2, 1, 3, 4)
    headline = {row[0]: row[1] for row in book["全县"].iter_rows(values_only=True) if row}
    assert headline["建档儿童（人）"] == 4
    assert headline["疑似重复（同一身份证号码在两个以上村）（组）"] == 1

    duplicates = _rows(book["疑似重复"])
    assert [(d["村（社区）"], d["姓名"]) for d in duplicates] == [
        ("古城村", "安一"),
        ("横溪坞村", "丛一"),
    ]
    assert {d["身份证号码"] for d in duplicates} == {mask_id_number(SHARED_ID)}
    cells = [
        v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row
    ]
    assert SHARED_ID not in cells  # masked unless revealed
    county.server.cli("report", "monthly", "--month", month, "--out", str(out),
                      "--reveal-id-numbers")  # fmt: skip
    revealed = _rows(load_workbook(out, read_only=True)["疑似重复"])
    assert {d["身份证号码"] for d in revealed} == {SHARED_ID}

    # The same figures as a PDF for printing (the server draws it without Qt: ReportLab).
    pdf = tmp_path / "县月报.pdf"
    printed = county.server.cli("report", "monthly", "--month", month, "--out", str(pdf)).stdout
    assert "1 possible duplicates" in printed
    assert pdf.read_bytes().startswith(b"%PDF-")
    lines = _pdf_lines(pdf)
    text = "".join(lines)
    assert lines[0].startswith(f"安吉县未成年人关爱保护月报（县级） {today.year}年{today.month}月")
    for name in ("递铺街道", "孝丰镇", "古城村", "马家村", "横溪坞村", "安一", "丛一"):
        assert name in text, name
    assert mask_id_number(SHARED_ID) in text and SHARED_ID not in text
    # Per township, then per village, the month's work (children, in scope, in difficulty,
    # due, visited, overdue, visits, new, closed, reports found, filed, referrals) and
    # children per category: the workbook's figures.
    work = lines[lines.index("乡镇（街道）：本月工作") :]
    assert _numbers(work, "递铺街道") == (4, 3, 0, 3, 2, 1, 3, 4, 0, 0, 0, 0)
    assert _numbers(work, "孝丰镇") == (1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0)
    village_work = lines[lines.index("村（社区）：本月工作") :]
    assert _numbers(village_work, "递铺街道", "古城村") == (3, 2, 0, 2, 1, 1, 1, 3, 0, 0, 0, 0)
    assert _numbers(village_work, "递铺街道", "马家村") == (1, 1, 0, 1, 1, 0, 2, 1, 0, 0, 0, 0)
    assert _numbers(village_work, "孝丰镇", "横溪坞村") == (1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0)
    categories = lines[lines.index("村（社区）：各类别儿童（人）") :]
    assert _numbers(categories, "递铺街道", "古城村") == (2, 0, 0, 0, 0, 0, 0, 0, 0)
    # The county's headline: 4 children once each (安一 and 丛一 are one), 1 duplicate group.
    assert _numbers(lines, "建档儿童（人）") == (4,)
    assert _numbers(lines, "建档儿童（人）", "4", "农村留守儿童") == (3,)
    assert _numbers(lines, "疑似重复（同一身份证号码在两个以上村）（组）") == (1,)

    audit = county.server.cli("audit", "--since", today.isoformat()).stdout
    assert "生成县月报" in audit
