"""The county's monthly report as a workbook: 全县 (headline), 乡镇 (per township),
村（社区）(per village), 疑似重复 — the figures ``county_report.county_month`` computed, laid
out from the words and rows ``county_report`` gives both writers (the PDF is
``county_report_pdf``)."""

from __future__ import annotations

from pathlib import Path

from county_server.config import COUNTY_CODE
from county_server.services.county_report import (
    CATEGORY_HEADERS,
    COUNTY_TOTAL,
    FIGURE_HEADERS,
    FOOTNOTE,
    TITLE,
    CountyMonth,
    Figures,
    category_values,
    duplicate_lines,
    figure_values,
    headline,
    subtitle_lines,
)

DUPLICATE_HEADERS = ["组", "身份证号码", "姓名", "乡镇（街道）", "村（社区）", "村代码", "档案编号"]


def _values(figures: Figures) -> list[int]:
    return figure_values(figures) + category_values(figures)


def write_xlsx(report: CountyMonth, out: Path, *, reveal_id_numbers: bool = False) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "全县"
    summary.append([f"{TITLE} {report.label}"])
    summary["A1"].font = Font(bold=True, size=14)
    for line in subtitle_lines(report):
        summary.append([line])
    summary.append([])
    summary.append(["项目", "全县"])
    for cell in summary[5]:
        cell.font = bold
    for words, value in headline(report):
        summary.append([words, value])
    summary.append([])
    summary.append([FOOTNOTE])
    summary.column_dimensions["A"].width = 46
    summary.column_dimensions["B"].width = 12
    headers = [h for _, h in FIGURE_HEADERS + CATEGORY_HEADERS]
    towns = book.create_sheet("乡镇")
    towns.append(["乡镇（街道）", "代码", *headers])
    for place in report.townships:
        towns.append([place.name, place.code, *_values(place.figures)])
    towns.append([COUNTY_TOTAL, COUNTY_CODE, *_values(report.county)])
    villages = book.create_sheet("村（社区）")
    villages.append(["乡镇（街道）", "村（社区）", "代码", *headers])
    for place in report.villages:
        villages.append([place.township_name, place.name, place.code, *_values(place.figures)])
    duplicates = book.create_sheet("疑似重复")
    duplicates.append(DUPLICATE_HEADERS)
    for duplicate in duplicate_lines(report, reveal_id_numbers=reveal_id_numbers):
        entry = duplicate.entry
        duplicates.append(
            [duplicate.group, duplicate.id_number, entry.name, entry.township_name,
             entry.village_name, entry.village_code, entry.child_id]
        )  # fmt: skip
    for sheet in (towns, villages, duplicates):
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = 14
    villages.column_dimensions["B"].width = 18
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    book.save(partial)
    partial.replace(out)
