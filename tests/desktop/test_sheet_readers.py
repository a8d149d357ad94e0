""".xlsx through calamine's fast reader, with openpyxl's sparse parser for sheets whose
values would make a big dense grid: both give the same sheet, and neither is fooled by a
crafted file."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from casework.ledger import LedgerError
from desktop.services import sheet_readers
from desktop.services.sheet_readers import RawSheet, read_raw_sheets
from tests.county_ledgers import make_children, write_flat_xlsx, write_two_level_xlsx

ROOT = Path(__file__).resolve().parents[2]


def _normal(value: object) -> object:
    """openpyxl gives a date cell as a midnight datetime and a whole number as int;
    calamine as a date and a float. The ledger reads them alike."""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _grid(sheet: RawSheet) -> dict[int, list[object]]:
    return {n: [_normal(v) for v in cells] for n, cells in sheet.rows.items()}


def _sparse(path: Path) -> list[RawSheet]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return [sheet_readers._parse_xlsx_sheet(workbook, s) for s in workbook.worksheets]
    finally:
        workbook.close()


@pytest.mark.parametrize("layout", ["flat", "two_level"])
def test_fast_and_sparse_readers_give_the_same_sheet(tmp_path: Path, layout: str) -> None:
    kids = make_children(40)
    path = tmp_path / "ledger.xlsx"
    if layout == "flat":
        write_flat_xlsx(path, kids)
        book = load_workbook(path)
        book.active.row_dimensions[8].hidden = True
        book.active["B9"] = date(2014, 5, 6)  # a date cell, as a director might type
        book.save(path)
    else:
        write_two_level_xlsx(path, kids)
    fast, sparse = read_raw_sheets(path), _sparse(path)
    assert [s.name for s in fast] == [s.name for s in sparse]
    for one, other in zip(fast, sparse, strict=True):
        assert _grid(one) == _grid(other)
        assert one.hidden_rows == other.hidden_rows
        assert sorted(one.merged) == sorted(other.merged)
        assert one.cells_beyond == other.cells_beyond == 0
    if layout == "flat":
        assert fast[0].hidden_rows == {8}
        assert _normal(fast[0].rows[9][1]) == date(2014, 5, 6)
        assert (1, 1, 1, 14) in fast[0].merged  # the title over the table


def test_a_table_that_does_not_start_at_a1_keeps_its_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    book = Workbook()
    sheet = book.active
    sheet["C4"] = "姓名"
    sheet["D4"] = "性别"
    sheet["C5"] = "张小花"
    sheet["D5"] = "女"
    sheet.merge_cells("C6:D7")
    sheet["C6"] = "合计"
    book.save(path)
    raw = read_raw_sheets(path)[0]
    assert raw.rows[4] == [None, None, "姓名", "性别"]
    assert raw.rows[5][2:] == ["张小花", "女"]
    assert raw.merged == [(6, 3, 7, 4)]


def test_styled_empty_cells_across_a_row_are_not_values(tmp_path: Path) -> None:
    """WPS formats whole rows: empty styled cells out to XFD must not look like data."""
    path = tmp_path / "styled.xlsx"
    book = Workbook()
    sheet = book.active
    for row in range(1, 301):
        sheet.cell(row, 1, f"童{row}")
        sheet.cell(row, 16384).font = Font(bold=True)
    book.save(path)
    raw = read_raw_sheets(path)[0]
    assert len(raw.rows) == 300 and raw.cells_beyond == 0


def test_a_dense_crafted_sheet_stays_in_bounded_memory(tmp_path: Path) -> None:
    """Column A and column XFD on every one of 2,000 rows: as a dense grid that is
    33 million cells (~1 GB, and 10 GB at 20,000 rows, which aborts the process); read
    sparse instead.
    Measured in a child process, so memory outside Python's allocator counts too."""
    path = tmp_path / "crafted.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    for n in range(2_000):
        sheet.append([f"童{n}", *([None] * 16382), "x"])
    book.save(path)
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from desktop.services.sheet_readers import read_raw_sheets
        from tests.memory import peak_resident_mib
        raw = read_raw_sheets({str(path)!r})[0]
        print(len(raw.rows), raw.cells_beyond, int(peak_resident_mib()))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows, beyond, peak_mib = (int(v) for v in done.stdout.split())
    assert (rows, beyond) == (2_000, 2_000)
    assert peak_mib < 300, f"peak resident size {peak_mib} MiB"


def test_too_many_rows_are_refused_before_the_values_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheet_readers, "MAX_ROWS", 500)
    path = tmp_path / "big.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("名单")
    for n in range(501):
        sheet.append([f"童{n}"])
    book.save(path)
    with pytest.raises(LedgerError) as refused:
        read_raw_sheets(path)
    assert "名单" in refused.value.message.zh and "500" in refused.value.message.zh


def test_a_damaged_sheet_is_refused_in_words(tmp_path: Path) -> None:
    import zipfile

    good = tmp_path / "good.xlsx"
    book = Workbook()
    book.active["A1"] = "姓名"
    book.save(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]  # cut mid-element
            target.writestr(item, data)
    with pytest.raises(LedgerError) as refused:
        read_raw_sheets(bad)
    assert "已损坏" in refused.value.message.zh
