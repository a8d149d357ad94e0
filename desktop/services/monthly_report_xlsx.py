"""The monthly work report as an ``.xlsx`` workbook: key figures, villages, then one
sheet per list. It names children (not their ID numbers), so it is marked as holding
personal data like a revealed ledger."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from casework.ledger import LedgerError
from desktop.services.ledger import M_EXPORT_FORMAT, PERSONAL_DATA_NOTE, save_workbook
from desktop.services.monthly_report import (
    LINE_HEADERS,
    VILLAGE_HEADERS,
    MonthlyReport,
    key_figures,
    line_rows,
    sections,
    village_rows,
)

SUMMARY_SHEET = "概况"
VILLAGE_SHEET = "分村统计"
_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDEBF7")


def _header(sheet: Any, values: tuple[str, ...] | list[str]) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
        cell.fill = _FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def write_monthly_report_xlsx(report: MonthlyReport, path: str | os.PathLike[str]) -> None:
    file = Path(path)
    if file.suffix.lower() != ".xlsx":
        raise LedgerError(M_EXPORT_FORMAT.format(path=file))
    workbook = Workbook()
    summary = workbook.active
    summary.title = SUMMARY_SHEET
    summary.append([f"儿童关爱保护工作月报（{report.label}）"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([PERSONAL_DATA_NOTE])
    summary["A2"].font = Font(bold=True, color="C00000")
    _header(summary, ["指标", "数值"])
    for name, value in key_figures(report):
        summary.append([name, value])
    summary.column_dimensions["A"].width = 46
    summary.column_dimensions["B"].width = 18
    villages = workbook.create_sheet(VILLAGE_SHEET)
    _header(villages, VILLAGE_HEADERS)
    for row in village_rows(report):
        villages.append(row)
    villages.column_dimensions["A"].width = 16
    for title, lines in sections(report):
        sheet = workbook.create_sheet(title)
        _header(sheet, LINE_HEADERS)
        for row in line_rows(lines):
            sheet.append(row)
        for letter, width in zip("ABCDE", (12, 16, 12, 60, 10), strict=True):
            sheet.column_dimensions[letter].width = width
    properties = workbook.properties
    properties.creator = "childdesk"
    properties.title = f"儿童关爱保护工作月报 {report.label}（{PERSONAL_DATA_NOTE}）"
    properties.subject = PERSONAL_DATA_NOTE
    properties.keywords = f"{PERSONAL_DATA_NOTE}; personal data"
    save_workbook(workbook, file)
