"""The streaming .xlsx writer, read back with openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from desktop.services.xlsx_stream import DocumentProperties, SheetSpec, Styled, write_xlsx


def test_values_styles_and_properties_read_back(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    rows = [
        [Styled("姓名", "header"), Styled("号码", "required"), "日期", "数"],
        ["a&b<c>\x01d", Styled("0572123", "text"), date(2013, 4, 2), 42],
        [" 前后有空格 ", None, None, 2.5],
        ["=1+1"],
    ]
    sheets = [
        SheetSpec("第一页", rows, [20, 12], freeze_header=True, page_header="含个人信息"),
        SheetSpec("空", []),
    ]
    props = DocumentProperties(title="标题", subject="主题", keywords="k", description="d")
    write_xlsx(path, sheets, props, active=1)
    book = load_workbook(path)
    assert book.sheetnames == ["第一页", "空"] and book.active.title == "空"
    sheet = book["第一页"]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ["姓名", "号码", "日期", "数"]
    assert values[1] == ["a&b<c>d", "0572123", datetime(2013, 4, 2), 42]
    assert values[2] == [" 前后有空格 ", None, None, 2.5]
    assert values[3][0] == "=1+1" and sheet["A4"].data_type == "s"  # text, not a formula
    assert sheet["B2"].number_format == "@" and sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["A1"].font.b and sheet["B1"].fill.fgColor.rgb == "FFFCE4D6"
    assert sheet.freeze_panes == "B2" and sheet.column_dimensions["A"].width == 20
    assert sheet.oddHeader.center.text == "含个人信息"
    assert (book.properties.title, book.properties.subject) == ("标题", "主题")
    assert book.properties.creator == "childdesk"
