"""The monthly work report as a PDF: key figures, the villages, then each list."""

from __future__ import annotations

from pathlib import Path

from desktop.services.documents.pdf import escape, table, write_pdf
from desktop.services.monthly_report import (
    LINE_HEADERS,
    VILLAGE_HEADERS,
    MonthlyReport,
    footnote,
    key_figures,
    line_rows,
    sections,
    village_rows,
)

POINT_SIZE = 9.5
# A printed report lists at most this many lines per section; the workbook has them all.
PRINTED_LINES = 100


def monthly_report_html(report: MonthlyReport) -> str:
    title = f"儿童关爱保护工作月报（{report.label}）"
    parts = [
        f'<h2 align="center">{escape(title)}</h2>',
        '<p align="center" style="color:#a00000">含儿童姓名等个人信息，请妥善保管</p>',
        table(key_figures(report), header=("指标", "数值"), widths=(70, 30)),
        f'<p style="font-size:8pt; color:#555">{escape(footnote(report))}</p>',
        "<h3>分村统计</h3>",
        table(village_rows(report), header=VILLAGE_HEADERS),
    ]
    for name, lines in sections(report):
        parts.append(f"<h3>{escape(name)}（{len(lines)}）</h3>")
        if lines:
            shown = line_rows(lines[:PRINTED_LINES], report.village_names)
            parts.append(table(shown, header=LINE_HEADERS, widths=(12, 16, 13, 47, 12)))
        else:
            parts.append("<p>无</p>")
        if len(lines) > PRINTED_LINES:
            rest = len(lines) - PRINTED_LINES
            parts.append(f"<p>……另有 {rest} 项未列出，完整名单见 .xlsx 月报。</p>")
    return "".join(parts)


def write_monthly_report_pdf(report: MonthlyReport, path: Path) -> int:
    return write_pdf(
        monthly_report_html(report),
        path,
        title=f"儿童关爱保护工作月报 {report.label}",
        point_size=POINT_SIZE,
    )
