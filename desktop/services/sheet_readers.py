"""Spreadsheet files as plain grids: every format a village ledger comes in.

A :class:`RawSheet` is what a director sees in Excel or WPS, before anything is made of
it: the cell values by row number, which rows are hidden, and which ranges are merged.
Finding the table in it is ``casework.ledger_layout``'s job.

- ``.xlsx`` / ``.xlsm`` (Excel and WPS): python-calamine (Rust) for the values and merged
  ranges, ~20× faster than openpyxl on a 10,000-child ledger. Calamine holds a sheet as a
  dense grid, so a quick pass over the sheet's XML first finds where its values lie (and
  which rows are hidden, which calamine does not say); a sheet whose values would make a
  big grid (a crafted file: one cell at column XFD on 20,000 rows) is read instead by
  openpyxl's own worksheet parser, streamed and kept sparse, so it costs what its cells
  cost, not 20,000 × 16,384.
- ``.xls`` (Excel 97–2003): xlrd, with its formatting records for merges and hidden rows.
- ``.csv``: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (GBK's superset,
  what Chinese Excel and WPS save); a file that is none of these, or that charset-normalizer
  reads as another Chinese encoding (Big5), is refused in words rather than guessed.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from casework.ledger import LedgerError
from casework.messages import Message

logger = logging.getLogger(__name__)

# A ledger is a few dozen columns: cells further right are stray marks (or a crafted
# file) and are left out, counted so the summary can say so.
MAX_COLUMNS = 200
# The county's biggest villages hold a few thousand children; past this is not a ledger.
MAX_ROWS = 100_000
# Calamine's dense grid costs ~32 bytes a cell: past this many cells (~130 MB) a sheet is
# read by the sparse parser instead.
MAX_DENSE_CELLS = 4_000_000
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")

M_NOT_FOUND = Message("找不到文件：{path}", "No such file: {path}")
M_UNREADABLE = Message("无法读取文件 {path}：{reason}", "Cannot read {path}: {reason}")
M_CORRUPT = Message(
    "文件 {path} 不是有效的 Excel 文件，或已损坏；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试",
    "{path} is not a valid Excel file or is damaged; open it in Excel or WPS, save it as "
    ".xlsx and try again",
)
M_BAD_ENCODING = Message(
    "无法确定 CSV 文件 {path} 的编码（{detail}）；"
    "请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 后再试",
    "Cannot tell the encoding of the CSV file {path} ({detail_en}); save it as CSV UTF-8 or .xlsx",
)
M_BAD_CSV = Message("CSV 文件 {path} 格式错误：{reason}", "{path} is not valid CSV: {reason}")
M_FORMAT = Message(
    "只能导入 Excel（.xlsx、.xls）或 .csv 文件，不能导入 {suffix}；"
    "请在 Excel 或 WPS 中另存为 .xlsx 后再试",
    "Only Excel (.xlsx, .xls) and .csv files can be imported, not {suffix}; save the file "
    "as .xlsx in Excel or WPS and try again",
)
M_TOO_MANY_ROWS = Message(
    "工作表“{sheet}”超过 {limit} 行，不像是一个村的台账；请只保留儿童的行后再导入",
    "Sheet {sheet} has more than {limit} rows, which is not one village's ledger; keep "
    "only the children's rows and import again",
)
M_ENCRYPTED = Message(
    "文件 {path} 设置了打开密码；请在 Excel 或 WPS 中取消密码并另存后再导入",
    "{path} is protected by a password; remove the password in Excel or WPS, save it and "
    "import again",
)


@dataclass
class RawSheet:
    """One sheet's cells as typed: ``rows`` maps a 1-based row number to its values
    (index 0 is column A; trailing empties trimmed). ``merged`` holds 1-based inclusive
    ``(first_row, first_col, last_row, last_col)`` ranges."""

    name: str
    rows: dict[int, list[object]] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    cells_beyond: int = 0  # non-empty cells right of MAX_COLUMNS, left out

    def last_row(self) -> int:
        return max(self.rows, default=0)


def read_raw_sheets(path: str | os.PathLike[str]) -> list[RawSheet]:
    """Every sheet of a ledger file, as typed. Raises :class:`LedgerError` in words."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in SUFFIXES:
        raise LedgerError(M_FORMAT.format(suffix=file.suffix or file.name))
    if not file.is_file():
        raise LedgerError(M_NOT_FOUND.format(path=file))
    if suffix == ".csv":
        return [_read_csv(file)]
    if suffix == ".xls" or _is_ole(file):
        return _read_xls(file)
    return _read_xlsx(file)


def _is_ole(file: Path) -> bool:
    """An old binary workbook (or an encrypted new one) whatever its name says."""
    try:
        with file.open("rb") as handle:
            return handle.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    except OSError as error:
        raise LedgerError(M_UNREADABLE.format(path=file, reason=error.strerror or error)) from None


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _put(sheet: RawSheet, row: int, col: int, value: object) -> None:
    """Store one non-empty cell (1-based row, 0-based column)."""
    if _is_blank(value):
        return
    if col >= MAX_COLUMNS:
        sheet.cells_beyond += 1
        return
    if row not in sheet.rows and len(sheet.rows) >= MAX_ROWS:
        raise LedgerError(M_TOO_MANY_ROWS.format(sheet=sheet.name, limit=f"{MAX_ROWS:,}"))
    cells = sheet.rows.setdefault(row, [])
    if len(cells) <= col:
        cells.extend([None] * (col + 1 - len(cells)))
    cells[col] = value


# ---------------------------------------------------------------------------------------
# .xlsx


def _read_xlsx(file: Path) -> list[RawSheet]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except OSError as error:
        raise LedgerError(M_UNREADABLE.format(path=file, reason=error.strerror or error)) from None
    except Exception:  # zipfile.BadZipFile, KeyError, XML errors: all mean a bad file
        raise LedgerError(M_CORRUPT.format(path=file)) from None
    try:
        calamine = _CalamineBook(file)
        return [_xlsx_sheet(workbook, sheet, calamine) for sheet in workbook.worksheets]
    except LedgerError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError):
        raise LedgerError(M_CORRUPT.format(path=file)) from None
    except Exception as error:  # calamine, lxml and expat errors have no common base here
        if type(error).__name__ in ("ParseError", "XMLSyntaxError", "ExpatError") or (
            type(error).__module__.startswith("python_calamine")
        ):
            raise LedgerError(M_CORRUPT.format(path=file)) from None
        raise
    finally:
        workbook.close()


class _CalamineBook:
    """The workbook opened by calamine once, on first use (a sheet may never need it)."""

    def __init__(self, file: Path) -> None:
        self._file = file
        self._book: Any = None

    def sheet(self, name: str) -> Any:
        if self._book is None:
            from python_calamine import CalamineWorkbook

            self._book = CalamineWorkbook.from_path(str(self._file))
        return self._book.get_sheet_by_name(name)


@dataclass
class _Extent:
    """Where a sheet's values lie, read off its XML without reading the values."""

    first_row: int = 0  # 1-based; 0 while no value was seen
    last_row: int = 0
    first_col: int = 0  # 0-based
    last_col: int = -1
    value_rows: int = 0
    hidden_rows: set[int] = field(default_factory=set)

    def dense_cells(self) -> int:
        if not self.first_row:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)


def _xlsx_sheet(workbook: Any, sheet: Any, calamine: _CalamineBook) -> RawSheet:
    with workbook._archive.open(sheet._worksheet_path) as source:
        extent = _scan_extent(source)
    if extent.value_rows > MAX_ROWS:
        raise LedgerError(M_TOO_MANY_ROWS.format(sheet=sheet.title, limit=f"{MAX_ROWS:,}"))
    if extent.last_col >= MAX_COLUMNS or extent.dense_cells() > MAX_DENSE_CELLS:
        return _parse_xlsx_sheet(workbook, sheet)
    raw = RawSheet(sheet.title, hidden_rows=extent.hidden_rows)
    if not extent.first_row:
        return raw
    values = calamine.sheet(sheet.title)
    top, left = values.start if values.start is not None else (0, 0)
    for r, cells in enumerate(values.to_python(skip_empty_area=True)):
        for c, value in enumerate(cells):
            _put(raw, top + r + 1, left + c, value)
    # calamine's ranges are ((first_row, first_col), (last_row, last_col)), 0-based.
    raw.merged = [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in _merges(values)]
    return raw


def _merges(values: Any) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return list(values.merged_cell_ranges or ())


def _scan_extent(source: Any) -> _Extent:
    """The rows and columns holding values, and the hidden rows, from one expat pass.

    Only element names and attributes are looked at (no text is kept), so this costs a
    fraction of a parse. A ``<c>`` counts when it holds a value (``<v>`` or ``<is>``):
    WPS and Excel write styled empty cells across whole rows.
    """
    extent = _Extent()
    row = 0
    col = -1
    cell_col = -1

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal row, col, cell_col
        tag = name.rpartition("}")[2]
        if tag == "row":
            row = int(attributes["r"]) if "r" in attributes else row + 1
            col = -1
            if attributes.get("hidden", "0").lower() in ("1", "true"):
                extent.hidden_rows.add(row)
        elif tag == "c":
            ref = attributes.get("r")
            col = _column_of(ref) if ref else col + 1
            cell_col = col
        elif tag in ("v", "is") and cell_col >= 0:
            _count(extent, row, cell_col)
            cell_col = -1  # one count per cell

    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = start
    while chunk := source.read(1 << 20):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return extent


def _count(extent: _Extent, row: int, col: int) -> None:
    if row != extent.last_row or not extent.first_row:
        extent.value_rows += 1
    if not extent.first_row or row < extent.first_row:
        extent.first_row = row
    extent.last_row = max(extent.last_row, row)
    if extent.last_col < 0 or col < extent.first_col:
        extent.first_col = col
    extent.last_col = max(extent.last_col, col)


def _column_of(ref: str) -> int:
    """0-based column of a cell reference such as ``XFD12``."""
    number = 0
    for char in ref:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - ord("A") + 1
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - ord("a") + 1
        else:
            break
    return number - 1


def _parse_xlsx_sheet(workbook: Any, sheet: Any) -> RawSheet:
    """One worksheet through openpyxl's streaming parser, cells kept sparse."""
    from openpyxl.worksheet._reader import WorkSheetParser

    raw = RawSheet(sheet.title)
    with workbook._archive.open(sheet._worksheet_path) as source:
        parser = WorkSheetParser(
            source,
            workbook.shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for row_number, cells in parser.parse():
            for cell in cells:
                _put(raw, row_number, int(cell["column"]) - 1, cell["value"])
        for number, attributes in parser.row_dimensions.items():
            if str(attributes.get("hidden", "0")).lower() in ("1", "true"):
                raw.hidden_rows.add(int(number))
        if parser.merged_cells is not None:
            raw.merged = [_range_bounds(str(merge.ref)) for merge in parser.merged_cells.mergeCell]
    return raw


def _range_bounds(ref: str) -> tuple[int, int, int, int]:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return int(min_row or 1), int(min_col or 1), int(max_row or 1), int(max_col or 1)


# ---------------------------------------------------------------------------------------
# .xls


def _read_xls(file: Path) -> list[RawSheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(file), formatting_info=True, on_demand=True)
    except OSError as error:
        raise LedgerError(M_UNREADABLE.format(path=file, reason=error.strerror or error)) from None
    except xlrd.biffh.XLRDError as error:
        if "encrypt" in str(error).lower():
            raise LedgerError(M_ENCRYPTED.format(path=file)) from None
        raise LedgerError(M_CORRUPT.format(path=file)) from None
    except Exception:  # struct errors, index errors: a damaged file
        raise LedgerError(M_CORRUPT.format(path=file)) from None
    try:
        return [_xls_sheet(book, index) for index in range(book.nsheets)]
    except LedgerError:
        raise
    except Exception:
        raise LedgerError(M_CORRUPT.format(path=file)) from None
    finally:
        book.release_resources()


def _xls_sheet(book: Any, index: int) -> RawSheet:
    import xlrd

    sheet = book.sheet_by_index(index)
    raw = RawSheet(sheet.name)
    for r in range(sheet.nrows):
        for c, cell in enumerate(sheet.row(r)):
            value: object = cell.value
            if cell.ctype == xlrd.XL_CELL_DATE:
                value = _xls_date(float(cell.value), book.datemode)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(cell.value)
            elif cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_EMPTY):
                continue
            _put(raw, r + 1, c, value)
    for r, info in sheet.rowinfo_map.items():
        if getattr(info, "hidden", 0):
            raw.hidden_rows.add(r + 1)
    # xlrd's ranges are (rlo, rhi, clo, chi), half-open and 0-based.
    raw.merged = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
    book.unload_sheet(index)
    return raw


def _xls_date(serial: float, datemode: int) -> object:
    import xlrd

    try:
        return xlrd.xldate.xldate_as_datetime(serial, datemode)
    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
        return serial  # the cell's number as typed; the row check names it


# ---------------------------------------------------------------------------------------
# .csv

_GB_FAMILY = frozenset({"gb18030", "gbk", "gb2312", "cp936", "hz"})


def _read_csv(file: Path) -> RawSheet:
    try:
        data = file.read_bytes()
    except OSError as error:
        raise LedgerError(M_UNREADABLE.format(path=file, reason=error.strerror or error)) from None
    text = decode_csv(data, file)
    raw = RawSheet("")
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            for col, value in enumerate(row):
                _put(raw, number, col, value.strip())
    except csv.Error as error:
        raise LedgerError(M_BAD_CSV.format(path=file, reason=error)) from None
    return raw


def decode_csv(data: bytes, file: Path) -> str:
    """The text of a CSV file, or :class:`LedgerError` when its encoding is uncertain."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked_text(data.decode("utf-16"), file, "UTF-16")
    try:
        return _checked_text(data.decode("utf-8-sig"), file, "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise LedgerError(
            M_BAD_ENCODING.format(
                path=file,
                detail="既不是 UTF-8，也不是 GBK/GB18030",
                detail_en="neither UTF-8 nor GBK/GB18030",
            )
        ) from None
    guess = _best_guess(data)
    if guess is not None and guess not in _GB_FAMILY and guess.startswith("big5"):
        raise LedgerError(
            M_BAD_ENCODING.format(
                path=file, detail="疑似繁体 Big5 编码", detail_en="it looks like Big5"
            )
        )
    return _checked_text(text, file, "GB18030")


def _best_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536], cp_isolation=["gb18030", "big5", "utf_8"]).best()
    return None if best is None else str(best.encoding).lower()


def _checked_text(text: str, file: Path, encoding: str) -> str:
    if "\x00" in text:
        raise LedgerError(
            M_BAD_ENCODING.format(
                path=file,
                detail=f"{encoding} 中有空字符",
                detail_en=f"{encoding} with NUL characters",
            )
        )
    return text
