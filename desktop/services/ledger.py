"""Ledger (台账) files: import a director's Excel or CSV ledger, export one, write a template.

The rows are read and validated by ``casework.ledger``; this module reads and writes the
files (``.xlsx`` with openpyxl, ``.csv`` with the standard library) and talks to the
store. An import checks every row before it writes anything and then writes all good
rows in one transaction, so a ledger is imported whole or not at all (unless the user
asks to skip the bad rows).
"""

from __future__ import annotations

import csv
import io
import logging
import os
import tempfile
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from pypinyin import lazy_pinyin

from casework.ledger import (
    COLUMNS,
    HEADERS,
    LedgerError,
    LedgerRow,
    RowError,
    check_headers,
    describe,
    duplicate_in_store,
    is_blank,
    mark_duplicate_ids,
    parse_row,
    row_values,
)
from casework.messages import Message
from desktop.models.store import CaseStore, NewRecord

logger = logging.getLogger(__name__)

DATA_SHEET = "儿童台账"
NOTE_SHEET = "注意"
HELP_SHEET = "填写说明"
PERSONAL_DATA_NOTE = "含个人信息，请妥善保管"
PERSONAL_DATA_DETAIL = (
    "本文件含儿童及其家人的完整身份证号码等个人信息，请妥善保管，不要通过微信、QQ 等转发，"
    "用完请及时删除。"
)

M_NOT_FOUND = Message("找不到文件：{path}", "No such file: {path}")
M_UNREADABLE = Message("无法读取文件 {path}：{reason}", "Cannot read {path}: {reason}")
M_CORRUPT = Message(
    "文件 {path} 不是有效的 Excel（.xlsx）文件，或已损坏；请在 Excel 中打开并另存为 .xlsx 后再试",
    "{path} is not a valid Excel (.xlsx) file or is damaged; open it in Excel, save it as "
    ".xlsx and try again",
)
M_BAD_ENCODING = Message(
    "无法识别 CSV 文件 {path} 的编码；请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再试",
    "Cannot tell the encoding of the CSV file {path}; save it as CSV UTF-8 or .xlsx",
)
M_BAD_CSV = Message("CSV 文件 {path} 格式错误：{reason}", "{path} is not valid CSV: {reason}")
M_FORMAT = Message(
    "只能导入 .xlsx 或 .csv 文件（{suffix}）；旧版 .xls 请在 Excel 中另存为 .xlsx",
    "Only .xlsx and .csv files can be imported ({suffix}); save an old .xls as .xlsx",
)
M_EXPORT_FORMAT = Message(
    "台账只能导出为 .xlsx 文件：{path}", "The ledger is exported as an .xlsx file: {path}"
)
M_EMPTY = Message("文件 {path} 是空的，没有列名", "{path} is empty: it has no header row")
M_CANNOT_WRITE = Message("无法写入文件 {path}：{reason}", "Cannot write {path}: {reason}")
M_BAD_ROWS = Message(
    "台账中有 {count} 行有错误，没有导入任何记录；请改正后重新导入，或选择跳过有错误的行",
    "{count} rows of the ledger have errors and nothing was imported; correct them and "
    "import again, or choose to skip the bad rows",
)

__all__ = [
    "DATA_SHEET",
    "HELP_SHEET",
    "NOTE_SHEET",
    "PERSONAL_DATA_NOTE",
    "ImportResult",
    "LedgerError",
    "LedgerRowsError",
    "RowError",
    "export_ledger",
    "import_ledger",
    "read_rows",
    "write_template",
]


class LedgerRowsError(LedgerError):
    """Some rows are bad and nothing was written; ``rows`` lists each with its reasons."""

    def __init__(self, rows: Sequence[RowError]) -> None:
        super().__init__(M_BAD_ROWS.format(count=len(rows)))
        self.rows = list(rows)


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: children and family members, and the rows it skipped."""

    imported: int
    skipped: list[RowError] = field(default_factory=list)
    members: int = 0
    child_ids: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Reading files

Rows = list[tuple[int, dict[str, object]]]


def read_rows(path: str | os.PathLike[str]) -> tuple[list[str], Rows]:
    """The header row and the data rows of an ``.xlsx`` or ``.csv`` ledger.

    Each data row is ``(row number, {header: value})`` with the spreadsheet's row number
    (the header is row 1); fully empty rows are left out. Raises :class:`LedgerError`.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise LedgerError(M_FORMAT.format(suffix=file.suffix or file.name))
    if not file.is_file():
        raise LedgerError(M_NOT_FOUND.format(path=file))
    table = _read_csv(file) if suffix == ".csv" else _read_xlsx(file)
    return _to_rows(file, table)


def _read_xlsx(file: Path) -> Iterator[Sequence[object]]:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except OSError as error:
        raise LedgerError(M_UNREADABLE.format(path=file, reason=error.strerror or error)) from None
    except Exception:  # zipfile.BadZipFile, KeyError, XML errors: all mean a bad file
        raise LedgerError(M_CORRUPT.format(path=file)) from None
    try:
        sheet = (
            workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        )
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # trust the cells, not a stale dimension record
        rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    except Exception:
        raise LedgerError(M_CORRUPT.format(path=file)) from None
    finally:
        workbook.close()
    return iter(rows)


def _read_csv(file: Path) -> Iterator[Sequence[object]]:
    try:
        data = file.read_bytes()
    except OSError as error:
        raise LedgerError(M_UNREADABLE.format(path=file, reason=error.strerror or error)) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LedgerError(M_BAD_ENCODING.format(path=file))
    if "\x00" in text:
        raise LedgerError(M_BAD_ENCODING.format(path=file))
    try:
        return iter(list(csv.reader(io.StringIO(text, newline=""))))
    except csv.Error as error:
        raise LedgerError(M_BAD_CSV.format(path=file, reason=error)) from None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_rows(file: Path, table: Iterator[Sequence[object]]) -> tuple[list[str], Rows]:
    header_row = next(table, None)
    if header_row is None or all(_blank(v) for v in header_row):
        raise LedgerError(M_EMPTY.format(path=file))
    headers = ["" if v is None else str(v).strip() for v in header_row]
    while headers and not headers[-1]:
        headers.pop()
    rows: Rows = []
    for row_number, row in enumerate(table, start=2):
        if all(_blank(v) for v in row):
            continue
        values: dict[str, object] = {}
        for header, value in zip(headers, row, strict=False):
            if header and header not in values:
                values[header] = value.strip() if isinstance(value, str) else value
        rows.append((row_number, values))
    return headers, rows


# ---------------------------------------------------------------------------------------
# Import


def import_ledger(
    store: CaseStore, path: str | os.PathLike[str], *, skip_invalid: bool = False
) -> ImportResult:
    """Import a ledger: every child with its parents and entrusted guardian.

    Every row is checked first (its cells, ID numbers repeated in the file, ID numbers
    already in the store). With a bad row and ``skip_invalid`` false nothing is written
    and :class:`LedgerRowsError` lists every bad row; otherwise the good rows are written
    in one ``create_many`` and the bad ones are reported as skipped.
    """
    headers, rows = read_rows(path)
    ignored = check_headers(headers)
    results: list[LedgerRow | RowError] = []
    for row_number, values in rows:
        if is_blank(values):
            continue
        try:
            results.append(parse_row(values, row_number))
        except RowError as error:
            results.append(error)
    results = mark_duplicate_ids(results)
    results = [_check_store(store, result) for result in results]
    bad = [r for r in results if isinstance(r, RowError)]
    good = [r for r in results if isinstance(r, LedgerRow)]
    if bad and not skip_invalid:
        logger.info("ledger import refused: %d of %d rows have errors", len(bad), len(results))
        raise LedgerRowsError(bad)
    records: list[NewRecord] = []
    child_ids: list[str] = []
    for row in good:
        child_id = str(uuid.uuid4())
        child_ids.append(child_id)
        records.append(NewRecord("child", dict(row.child), child_id))
        records.extend(NewRecord("family_member", m.for_child(child_id)) for m in row.members)
    if records:
        store.create_many(records)
    logger.info("ledger import: %d children written, %d rows skipped", len(good), len(bad))
    return ImportResult(
        imported=len(good),
        skipped=bad,
        members=len(records) - len(good),
        child_ids=child_ids,
        ignored_columns=ignored,
    )


def _check_store(store: CaseStore, result: LedgerRow | RowError) -> LedgerRow | RowError:
    if not result.id_number:
        return result
    if store.find_by_id_number(result.id_number, kind="child"):
        return duplicate_in_store(result)
    return result


# ---------------------------------------------------------------------------------------
# Export and template

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_TEXT_KINDS = frozenset({"id", "phone"})


def _sort_key(fields: Mapping[str, Any]) -> tuple[str, str, str]:
    name = str(fields.get("name") or "")
    return (" ".join(lazy_pinyin(name)), name, str(fields.get("birth_date") or ""))


def export_ledger(
    store: CaseStore, path: str | os.PathLike[str], *, reveal_id_numbers: bool = False
) -> int:
    """Write the ledger of every child in the store (sorted by name) to an ``.xlsx`` file.

    ID numbers are masked unless ``reveal_id_numbers``; then the workbook is marked as
    holding personal data (its title and keywords, and a first sheet saying so).
    Returns the number of children written.
    """
    file = Path(path)
    if file.suffix.lower() != ".xlsx":
        raise LedgerError(M_EXPORT_FORMAT.format(path=file))
    members: dict[str, list[Mapping[str, Any]]] = {}
    for member in store.records("family_member"):
        if member.child_id is not None:
            members.setdefault(member.child_id, []).append(member.fields)
    children = sorted(store.records("child"), key=lambda c: _sort_key(c.fields))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    _write_headers(sheet)
    for child in children:
        values = row_values(
            child.fields, members.get(child.id, []), reveal_id_numbers=reveal_id_numbers
        )
        sheet.append([_cell_value(col.kind, values[col.header]) for col in COLUMNS])
    _format_data_sheet(sheet, len(children))
    workbook.properties.creator = "childdesk"
    if reveal_id_numbers:
        _mark_personal(workbook)
    else:
        workbook.properties.title = DATA_SHEET
    _save(workbook, file)
    logger.info(
        "ledger exported: %d children (ID numbers revealed: %s)", len(children), reveal_id_numbers
    )
    return len(children)


def write_template(path: str | os.PathLike[str]) -> None:
    """An empty ledger: the headers, and a second sheet explaining each column."""
    file = Path(path)
    if file.suffix.lower() != ".xlsx":
        raise LedgerError(M_EXPORT_FORMAT.format(path=file))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    _write_headers(sheet)
    _format_data_sheet(sheet, 200)
    notes = workbook.create_sheet(HELP_SHEET)
    notes.append(["列名", "说明"])
    for cell in notes[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for col in COLUMNS:
        notes.append([col.header, describe(col)])
    notes.append([])
    notes.append(["", "第一行是列名，请勿修改；每个儿童一行。空白的格子表示未填写。"])
    notes.append(["", "不认识的列会被忽略；姓名、性别、出生日期三列必须有。"])
    notes.column_dimensions["A"].width = 26
    notes.column_dimensions["B"].width = 90
    for row in notes.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    workbook.properties.title = f"{DATA_SHEET}模板"
    workbook.properties.creator = "childdesk"
    _save(workbook, file)


def _write_headers(sheet: Any) -> None:
    sheet.append(list(HEADERS))
    for col, cell in zip(COLUMNS, sheet[1], strict=True):
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if col.required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "B2"


def _format_data_sheet(sheet: Any, rows: int) -> None:
    for index, col in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        wide = col.kind in _TEXT_KINDS or "地址" in col.header or col.header == "备注"
        sheet.column_dimensions[letter].width = 21 if wide else max(10, len(col.header) * 2 + 2)
        if col.kind in _TEXT_KINDS:
            # ID and phone numbers are text, so Excel keeps every digit (and a leading 0).
            for row in range(2, rows + 2):
                sheet.cell(row=row, column=index).number_format = "@"
        elif col.kind == "date":
            for row in range(2, rows + 2):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"


def _cell_value(kind: str, text: str) -> object:
    if not text:
        return None
    if kind == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _mark_personal(workbook: Any) -> None:
    properties = workbook.properties
    properties.title = f"{DATA_SHEET}（{PERSONAL_DATA_NOTE}）"
    properties.subject = PERSONAL_DATA_NOTE
    properties.keywords = f"{PERSONAL_DATA_NOTE}; personal data"
    properties.description = PERSONAL_DATA_DETAIL
    note = workbook.create_sheet(NOTE_SHEET, 0)
    note["A1"] = PERSONAL_DATA_NOTE
    note["A1"].font = Font(bold=True, size=16, color="C00000")
    note["A2"] = PERSONAL_DATA_DETAIL
    note["A3"] = f"台账在“{DATA_SHEET}”工作表中。"
    note.column_dimensions["A"].width = 100
    workbook.active = 0


def _save(workbook: Any, file: Path) -> None:
    """Save through a temporary file beside the target, readable by the owner only."""
    for sheet in workbook.worksheets:
        _neutralise_formulas(sheet)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=".childdesk-", suffix=".xlsx", dir=file.parent or None
        )
    except OSError as error:
        raise LedgerError(
            M_CANNOT_WRITE.format(path=file, reason=error.strerror or error)
        ) from None
    os.close(handle)
    try:
        with _removed_on_error(Path(temporary)):
            workbook.save(temporary)
            os.replace(temporary, file)
    except OSError as error:
        raise LedgerError(
            M_CANNOT_WRITE.format(path=file, reason=error.strerror or error)
        ) from None


@contextmanager
def _removed_on_error(temporary: Path) -> Iterator[None]:
    try:
        yield
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _neutralise_formulas(sheet: Any) -> None:
    """Text that starts with "=" stays text: openpyxl would store it as a formula."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
