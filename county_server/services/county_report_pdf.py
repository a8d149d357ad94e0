"""The county's monthly report as a PDF, for reading and printing: the same figures as the
workbook (``county_report_xlsx``), from the same words and rows (``county_report``).

The server imports no Qt (``tests/test_import_layers.py``), so this is ReportLab, and its
Chinese is ReportLab's built-in CID font ``STSong-Light`` (Adobe's 华文宋体 metrics,
shipped with every PDF reader's Asian font pack): no font file is needed on the server,
and the text stays a text layer (searchable, copied as text).

A4 landscape; the headline, then per township and per village two tables each (the month's
work, and children per category: twenty-one columns do not fit one printed line), then the
possible duplicates and the footnote. Long tables go on over pages with their heading row.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from county_server.services.county_report import (
    CATEGORY_HEADERS,
    COUNTY_TOTAL,
    FIGURE_HEADERS,
    FOOTNOTE,
    TITLE,
    CountyMonth,
    DuplicateLine,
    category_values,
    duplicate_lines,
    figure_values,
    headline,
    subtitle_lines,
)

FONT = "STSong-Light"
DUPLICATE_HEADERS = ["组", "身份证号码", "姓名", "乡镇（街道）", "村（社区）", "档案编号"]
MARGIN = 28.0  # points (about 1 cm)


def write_pdf(report: CountyMonth, out: Path, *, reveal_id_numbers: bool = False) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    page_width, page_height = landscape(A4)
    width = page_width - 2 * MARGIN

    def style(size: float, **more: Any) -> ParagraphStyle:
        return ParagraphStyle(
            f"s{size}", fontName=FONT, fontSize=size, leading=size * 1.3, wordWrap="CJK", **more
        )

    title_style = style(15, spaceAfter=4)
    heading_style = style(11.5, spaceBefore=10, spaceAfter=4)
    body_style = style(9)
    cell_style = style(8)
    header_style = style(7.5)

    def cell(text: object, chosen: ParagraphStyle = cell_style) -> Paragraph:
        return Paragraph(_escaped(str(text)), chosen)

    def table(
        headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float],
        *, names: int, total: bool = False,
    ) -> Table:  # fmt: skip
        """Headers wrap; the first ``names`` columns are words, the others numbers (right)."""
        data = [[cell(h, header_style) for h in headers]]
        data += [
            [cell(v) if i < names else str(v) for i, v in enumerate(row)] for row in rows
        ]  # fmt: skip
        shown = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTSIZE", (0, 1), (-1, -1), 8),
            ("ALIGN", (names, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        if total:
            commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f3f3")))
        shown.setStyle(TableStyle(commands))
        return shown

    def spread(fixed: Sequence[float], count: int) -> list[float]:
        """``fixed`` widths for the name columns, the rest of the line shared by ``count``."""
        rest = (width - sum(fixed)) / count
        return [*fixed, *([rest] * count)]

    figure_headers = [h for _, h in FIGURE_HEADERS]
    category_headers = [h for _, h in CATEGORY_HEADERS]
    story: list[Any] = [Paragraph(_escaped(f"{TITLE} {report.label}"), title_style)]
    story += [Paragraph(_escaped(line), body_style) for line in subtitle_lines(report)]

    # The headline in two column pairs (the month's work | children per category), so the
    # county's figures stay on the first page with the townships' table after them.
    story.append(Paragraph("全县", heading_style))
    lines = headline(report)
    work, by_category = lines[: len(FIGURE_HEADERS)], lines[len(FIGURE_HEADERS) :]
    by_category, extra = by_category[: len(CATEGORY_HEADERS)], by_category[len(CATEGORY_HEADERS) :]
    work += extra  # the possible duplicates (and records that did not open) after the work
    pairs = [
        [*(work[i] if i < len(work) else ("", "")), *(by_category[i] if i < len(by_category)
         else ("", ""))]
        for i in range(max(len(work), len(by_category)))
    ]  # fmt: skip
    widths = [width * share for share in (0.27, 0.08, 0.3, 0.08)]
    headline_table = table(["项目", "全县", "类别", "全县"], pairs, widths, names=1)
    headline_table.setStyle(TableStyle([("ALIGN", (2, 1), (2, -1), "LEFT")]))
    story.append(headline_table)

    towns = [(p.name, p.figures) for p in report.townships] + [(COUNTY_TOTAL, report.county)]
    story.append(Paragraph("乡镇（街道）：本月工作", heading_style))
    story.append(
        table(
            ["乡镇（街道）", *figure_headers],
            [[name, *figure_values(f)] for name, f in towns],
            spread([130], len(figure_headers)),
            names=1,
            total=True,
        )
    )
    story.append(Paragraph("乡镇（街道）：各类别儿童（人）", heading_style))
    story.append(
        table(
            ["乡镇（街道）", *category_headers],
            [[name, *category_values(f)] for name, f in towns],
            spread([130], len(category_headers)),
            names=1,
            total=True,
        )
    )

    story.append(Paragraph("村（社区）：本月工作", heading_style))
    story.append(
        table(
            ["乡镇（街道）", "村（社区）", *figure_headers],
            [[p.township_name, p.name, *figure_values(p.figures)] for p in report.villages],
            spread([72, 84], len(figure_headers)),
            names=2,
        )
    )
    story.append(Paragraph("村（社区）：各类别儿童（人）", heading_style))
    story.append(
        table(
            ["乡镇（街道）", "村（社区）", *category_headers],
            [[p.township_name, p.name, *category_values(p.figures)] for p in report.villages],
            spread([72, 84], len(category_headers)),
            names=2,
        )
    )

    found = duplicate_lines(report, reveal_id_numbers=reveal_id_numbers)
    duplicates: list[Any] = [Paragraph("疑似重复（同一身份证号码在两个以上村）", heading_style)]
    if found:
        duplicates.append(
            table(
                DUPLICATE_HEADERS,
                [duplicate_cells(d) for d in found],
                [30, 120, 90, 110, 110, width - 460],
                names=6,
            )
        )
    else:
        duplicates.append(Paragraph("没有。", body_style))
    story.append(KeepTogether(duplicates[:2]))
    story += duplicates[2:]
    story.append(Spacer(1, 8))
    story.append(Paragraph(_escaped(FOOTNOTE), body_style))

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, MARGIN / 2, f"{TITLE} {report.label}")
        canvas.drawRightString(page_width - MARGIN, MARGIN / 2, f"第 {document.page} 页")
        canvas.restoreState()

    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    document = SimpleDocTemplate(
        str(partial),
        pagesize=(page_width, page_height),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{TITLE} {report.label}",
        author="county-server",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    partial.replace(out)


def duplicate_cells(line: DuplicateLine) -> list[object]:
    entry = line.entry
    return [
        line.group, line.id_number, entry.name, entry.township_name, entry.village_name,
        entry.child_id,
    ]  # fmt: skip


def _escaped(text: str) -> str:
    """Paragraph text is ReportLab's small markup: names with < or & stay text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
