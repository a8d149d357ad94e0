"""The monthly work report as an ``.xlsx`` workbook: key figures with how they were
counted, villages, every child counted with a column per figure (the names behind each
number), then one sheet per list. It names children (not their ID numbers), so it is
marked as holding personal data like a revealed ledger."""

from __future__ import annotations

import os
from pathlib import Path

from casework.ledger import LedgerError
from desktop.services.ledger import M_EXPORT_FORMAT, PERSONAL_DATA_NOTE, save_file
from desktop.services.monthly_report import (
    CHILD_HEADERS,
    LINE_HEADERS,
    VILLAGE_HEADERS,
    MonthlyReport,
    child_rows,
    footnote,
    key_figures,
    line_rows,
    sections,
    village_rows,
)
from desktop.services.xlsx_stream import DocumentProperties, SheetSpec, Styled, write_xlsx

SUMMARY_SHEET = "概况"
VILLAGE_SHEET = "分村统计"
CHILDREN_SHEET = "儿童明细"


def _headers(values: tuple[str, ...] | list[str]) -> list[object]:
    return [Styled(value, "header") for value in values]


def write_monthly_report_xlsx(report: MonthlyReport, path: str | os.PathLike[str]) -> None:
    file = Path(path)
    if file.suffix.lower() != ".xlsx":
        raise LedgerError(M_EXPORT_FORMAT.format(path=file))
    title = f"儿童关爱保护工作月报（{report.label}）"
    summary: list[list[object]] = [
        [Styled(title, "banner")],
        [PERSONAL_DATA_NOTE],
        _headers(["指标", "数值"]),
        *([name, value] for name, value in key_figures(report)),
        [],
        [footnote(report)],
    ]
    sheets = [
        SheetSpec(SUMMARY_SHEET, summary, [46, 18], page_header=PERSONAL_DATA_NOTE),
        SheetSpec(
            VILLAGE_SHEET,
            [_headers(VILLAGE_HEADERS), *village_rows(report)],
            [16] + [10] * (len(VILLAGE_HEADERS) - 1),
            freeze_header=True,
        ),
        SheetSpec(
            CHILDREN_SHEET,
            [_headers(CHILD_HEADERS), *child_rows(report.children, report.village_names)],
            [12, 16, 12, 16, 30, 9, 9, 9, 12, 7, 7],
            freeze_header=True,
            page_header=PERSONAL_DATA_NOTE,
        ),
    ]
    for name, lines in sections(report):
        sheets.append(
            SheetSpec(
                name,
                [_headers(LINE_HEADERS), *line_rows(lines, report.village_names)],
                [12, 16, 12, 60, 10],
                freeze_header=True,
                page_header=PERSONAL_DATA_NOTE,
            )
        )
    properties = DocumentProperties(
        title=f"{title}（{PERSONAL_DATA_NOTE}）",
        subject=PERSONAL_DATA_NOTE,
        keywords=f"{PERSONAL_DATA_NOTE}; personal data",
    )
    save_file(file, lambda temporary: write_xlsx(Path(temporary), sheets, properties))
