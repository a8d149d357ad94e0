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
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from casework.eligibility import CATEGORY_CODES, CATEGORY_NAMES, EligibilityInputError
from casework.ledger import (
    COLUMNS,
    HEADERS,
    ID_HEADER,
    IMPORT_CHECKING,
    IMPORT_WRITING,
    ImportProgress,
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
from casework.messages import Message, current_language
from desktop.models.store import CaseStore, NewRecord, RecordView
from desktop.services import pinyin
from desktop.services.casefile import eligibility_of
from desktop.services.xlsx_stream import DocumentProperties, SheetSpec, Styled, write_xlsx

logger = logging.getLogger(__name__)

DATA_SHEET = "儿童台账"
SUMMARY_SHEET = "汇总"
UNCATEGORISED = "uncategorised"
TOTAL = "total"
# One sheet per category (the county's names fit Excel's 31 characters), then the rest.
CATEGORY_SHEETS: dict[str, str] = {
    **{code: CATEGORY_NAMES[code].zh for code in CATEGORY_CODES},
    UNCATEGORISED: "未纳入类别的儿童",
}
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
    "CATEGORY_SHEETS",
    "DATA_SHEET",
    "HELP_SHEET",
    "NOTE_SHEET",
    "PERSONAL_DATA_NOTE",
    "SUMMARY_SHEET",
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


class SheetRowError(RowError):
    """A bad row of a workbook with several ledger sheets: the sheet is named too."""

    def __init__(self, sheet: str, error: RowError) -> None:
        self.sheet = sheet
        super().__init__(error.row_number, error.problems, id_number=error.id_number)

    def text(self, language: str | None = None) -> str:
        if (language or current_language()) == "en":
            return f"sheet {self.sheet}, {super().text('en')}"
        return f"工作表“{self.sheet}”{super().text('zh')}"


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
# Columns the export adds for the reader (village, categories); import ignores them.
VILLAGE_HEADER = "村（社区）代码"
CATEGORIES_HEADER = "儿童类别"
EXPORT_ONLY_HEADERS = frozenset({VILLAGE_HEADER, CATEGORIES_HEADER})


def read_rows(path: str | os.PathLike[str]) -> tuple[list[str], Rows]:
    """The header row and the data rows of an ``.xlsx`` or ``.csv`` ledger.

    Each data row is ``(row number, {header: value})`` with the spreadsheet's row number
    (the header is row 1); fully empty rows are left out. A workbook in the exported
    layout holds a child once per category sheet: every sheet with the ledger's columns
    is read, and a row repeating an earlier one (same ID number, same cells) is dropped.
    The headers returned are those of the first such sheet. Raises :class:`LedgerError`.
    """
    sheets = read_sheets(path)
    return sheets[0].headers, [(r.row_number, r.values) for r in _unique_rows(sheets)]


@dataclass(frozen=True)
class SheetRow:
    sheet: str
    row_number: int
    values: dict[str, object]


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: list[str]
    rows: list[SheetRow]


def read_sheets(path: str | os.PathLike[str]) -> list[Sheet]:
    """Every sheet holding ledger columns (at least one: the first, to report on)."""
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise LedgerError(M_FORMAT.format(suffix=file.suffix or file.name))
    if not file.is_file():
        raise LedgerError(M_NOT_FOUND.format(path=file))
    tables = [("", _read_csv(file))] if suffix == ".csv" else _read_xlsx(file)
    sheets = [_to_sheet(name, table) for name, table in tables]
    # A sheet is ledger data when its header row names the required columns.
    data = [s for s in sheets if s.headers and _has_required(s.headers)]
    if data:
        return data
    if not sheets or not sheets[0].headers:
        raise LedgerError(M_EMPTY.format(path=file))
    return sheets[:1]


def _has_required(headers: Sequence[str]) -> bool:
    try:
        check_headers(headers)
    except LedgerError:
        return False
    return True


def _unique_rows(sheets: Sequence[Sheet]) -> list[SheetRow]:
    seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
    unique: list[SheetRow] = []
    for sheet in sheets:
        for row in sheet.rows:
            cells = tuple(
                sorted(
                    (h, str(v))
                    for h, v in row.values.items()
                    if h not in EXPORT_ONLY_HEADERS and not _blank(v)
                )
            )
            key = (str(row.values.get(ID_HEADER) or ""), cells)
            if key in seen:
                continue
            seen.add(key)
            unique.append(row)
    return unique


def _read_xlsx(file: Path) -> list[tuple[str, Iterator[Sequence[object]]]]:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except OSError as error:
        raise LedgerError(M_UNREADABLE.format(path=file, reason=error.strerror or error)) from None
    except Exception:  # zipfile.BadZipFile, KeyError, XML errors: all mean a bad file
        raise LedgerError(M_CORRUPT.format(path=file)) from None
    tables: list[tuple[str, Iterator[Sequence[object]]]] = []
    try:
        for sheet in workbook.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # trust the cells, not a stale dimension record
            rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
            tables.append((sheet.title, iter(rows)))
    except Exception:
        raise LedgerError(M_CORRUPT.format(path=file)) from None
    finally:
        workbook.close()
    # The classic one-sheet ledger first, so its headers are the ones reported.
    tables.sort(key=lambda t: t[0] != DATA_SHEET)
    return tables


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


def _to_sheet(name: str, table: Iterator[Sequence[object]]) -> Sheet:
    header_row = next(table, None)
    if header_row is None or all(_blank(v) for v in header_row):
        return Sheet(name, [], [])
    headers = ["" if v is None else str(v).strip() for v in header_row]
    while headers and not headers[-1]:
        headers.pop()
    rows: list[SheetRow] = []
    for row_number, row in enumerate(table, start=2):
        if all(_blank(v) for v in row):
            continue
        values: dict[str, object] = {}
        for header, value in zip(headers, row, strict=False):
            if header and header not in values:
                values[header] = value.strip() if isinstance(value, str) else value
        rows.append(SheetRow(name, row_number, values))
    return Sheet(name, headers, rows)


# ---------------------------------------------------------------------------------------
# Import


ROWS_PER_REPORT = 100  # rows checked between two progress reports


def import_ledger(
    store: CaseStore,
    path: str | os.PathLike[str],
    *,
    skip_invalid: bool = False,
    progress: ImportProgress | None = None,
) -> ImportResult:
    """Import a ledger: every child with its parents and entrusted guardian.

    Every row is checked first (its cells, ID numbers repeated in the file, ID numbers
    already in the store). With a bad row and ``skip_invalid`` false nothing is written
    and :class:`LedgerRowsError` lists every bad row; otherwise the good rows are written
    in one ``create_many`` and the bad ones are reported as skipped.
    """
    report = progress or (lambda _phase, _done, _total: None)
    sheets = read_sheets(path)
    ignored: list[str] = []
    for sheet in sheets:
        ignored += [h for h in check_headers(sheet.headers) if h not in EXPORT_ONLY_HEADERS]
    ignored = list(dict.fromkeys(ignored))
    rows = _unique_rows(sheets)
    named = len({row.sheet for row in rows}) > 1
    results: list[LedgerRow | RowError] = []
    for row in rows:
        if is_blank(row.values):
            continue
        try:
            results.append(parse_row(row.values, row.row_number))
        except RowError as error:
            results.append(error)
    results = mark_duplicate_ids(results)
    checked: list[LedgerRow | RowError] = []
    for done, result in enumerate(results, 1):
        checked.append(_check_store(store, result))
        if done % ROWS_PER_REPORT == 0 or done == len(results):
            report(IMPORT_CHECKING, done, len(results))
    results = checked
    if named:
        # Rows come from several sheets: say which sheet each bad row is on.
        located = [row for row in rows if not is_blank(row.values)]
        results = [
            SheetRowError(row.sheet, r) if isinstance(r, RowError) else r
            for row, r in zip(located, results, strict=True)
        ]
    bad = [r for r in results if isinstance(r, RowError)]
    good = [r for r in results if isinstance(r, LedgerRow)]
    if bad and not skip_invalid:
        logger.info("ledger import refused: %d of %d rows have errors", len(bad), len(results))
        raise LedgerRowsError(bad)
    records: list[NewRecord] = []
    child_ids: list[str] = []
    for parsed in good:
        child_id = str(uuid.uuid4())
        child_ids.append(child_id)
        records.append(NewRecord("child", dict(parsed.child), child_id))
        records.extend(NewRecord("family_member", m.for_child(child_id)) for m in parsed.members)
    if records:
        store.create_many(records, progress=lambda done, total: report(IMPORT_WRITING, done, total))
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
    return (pinyin.sort_key(name), name, str(fields.get("birth_date") or ""))


def export_ledger(
    store: CaseStore,
    path: str | os.PathLike[str],
    *,
    reveal_id_numbers: bool = False,
    today: date | None = None,
) -> int:
    """Write the ledger in the township's layout to an ``.xlsx`` file.

    A summary sheet (children per category and village), then one sheet per category
    (a child in two categories is on both sheets) and one for children in none, each
    sorted by name. ID numbers are masked unless ``reveal_id_numbers``; then the
    workbook is marked as holding personal data (a first sheet saying so, the printed
    page header of every sheet, and the document's title, subject and keywords).
    Returns the number of children written.
    """
    file = Path(path)
    if file.suffix.lower() != ".xlsx":
        raise LedgerError(M_EXPORT_FORMAT.format(path=file))
    as_of = today or date.today()
    members: dict[str, list[RecordView]] = {}
    for member in store.records("family_member"):
        if member.child_id is not None:
            members.setdefault(member.child_id, []).append(member)
    children = sorted(store.records("child"), key=lambda c: _sort_key(c.fields))
    rows_by_sheet: dict[str, list[list[object]]] = {name: [] for name in CATEGORY_SHEETS.values()}
    counts: dict[str, Counter[str]] = {}
    for child in children:
        kin = members.get(child.id, [])
        categories = categories_of(child, kin, today=as_of)
        values = row_values(
            child.fields, [m.fields for m in kin], reveal_id_numbers=reveal_id_numbers
        )
        words = "、".join(CATEGORY_NAMES[c].zh for c in categories)
        row = [_cell_value(col.kind, values[col.header]) for col in COLUMNS]
        row += [child.village_code, words or None]
        for code in categories or (UNCATEGORISED,):
            rows_by_sheet[CATEGORY_SHEETS[code]].append(row)
        tally = counts.setdefault(child.village_code, Counter())
        tally.update(categories or (UNCATEGORISED,))
        tally[TOTAL] += 1
    sheets = [_summary_sheet(counts, as_of)]
    widths = [*_column_widths(), 16, 40]
    headers = _header_row([*HEADERS, VILLAGE_HEADER, CATEGORIES_HEADER])
    for name, rows in rows_by_sheet.items():
        sheets.append(
            SheetSpec(name, [headers, *map(_styled_row, rows)], widths, freeze_header=True)
        )
    properties = DocumentProperties(title=DATA_SHEET)
    if reveal_id_numbers:
        # Marked three ways: a first sheet, every printed page, the document properties.
        sheets.insert(0, _note_sheet())
        for sheet in sheets[1:]:
            sheet.page_header = PERSONAL_DATA_NOTE
        properties = DocumentProperties(
            title=f"{DATA_SHEET}（{PERSONAL_DATA_NOTE}）",
            subject=PERSONAL_DATA_NOTE,
            keywords=f"{PERSONAL_DATA_NOTE}; personal data",
            description=PERSONAL_DATA_DETAIL,
        )
    # Streamed: openpyxl would spend most of the export on its per-cell overhead.
    save_file(file, lambda temporary: write_xlsx(Path(temporary), sheets, properties))
    logger.info(
        "ledger exported: %d children (ID numbers revealed: %s)", len(children), reveal_id_numbers
    )
    return len(children)


def categories_of(
    child: RecordView, members: Sequence[RecordView], *, today: date
) -> tuple[str, ...]:
    """The child's categories on ``today``; none when its facts are inconsistent."""
    try:
        return tuple(eligibility_of(child, list(members), today=today).categories)
    except EligibilityInputError:
        logger.warning("eligibility facts of child %s are inconsistent", child.id)
        return ()


def _summary_sheet(counts: Mapping[str, Counter[str]], as_of: date) -> SheetSpec:
    codes = [*CATEGORY_CODES, UNCATEGORISED, TOTAL]
    rows: list[list[object]] = [_header_row([VILLAGE_HEADER, *map(_column_title, codes)])]
    totals: Counter[str] = Counter()
    for village in sorted(counts):
        rows.append([village, *(counts[village][c] for c in codes)])
        totals.update(counts[village])
    rows.append(["合计", *(totals[c] for c in codes)])
    rows.append([])
    rows.append(
        [f"统计日期：{as_of.isoformat()}；一名儿童可同时属于多个类别，“儿童人数”不重复计算。"]
    )
    return SheetSpec(SUMMARY_SHEET, rows, [16] + [14] * len(codes), freeze_header=True)


def _note_sheet() -> SheetSpec:
    rows: list[list[object]] = [
        [Styled(PERSONAL_DATA_NOTE, "banner")],
        [PERSONAL_DATA_DETAIL],
        [f"台账在“{SUMMARY_SHEET}”和各类别工作表中。"],
    ]
    return SheetSpec(NOTE_SHEET, rows, [100])


_REQUIRED = frozenset(c.header for c in COLUMNS if c.required)
# ID and phone numbers are text cells (Excel keeps every digit and a leading 0).
_TEXT_COLUMNS = frozenset(i for i, col in enumerate(COLUMNS) if col.kind in _TEXT_KINDS)


def _header_row(headers: Sequence[str]) -> list[object]:
    return [Styled(h, "required" if h in _REQUIRED else "header") for h in headers]


def _styled_row(row: Sequence[object]) -> list[object]:
    return [
        Styled(value, "text") if index in _TEXT_COLUMNS and value is not None else value
        for index, value in enumerate(row)
    ]


def _column_widths() -> list[float]:
    widths: list[float] = []
    for col in COLUMNS:
        wide = col.kind in _TEXT_KINDS or "地址" in col.header or col.header == "备注"
        widths.append(21 if wide else max(10, len(col.header) * 2 + 2))
    return widths


def _column_title(code: str) -> str:
    if code == TOTAL:
        return "儿童人数"
    return CATEGORY_SHEETS[code]


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
    save_workbook(workbook, file)


def _write_headers(sheet: Any) -> None:
    sheet.append(list(HEADERS))
    for col, cell in zip(COLUMNS, sheet[1], strict=True):
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if col.required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "B2"


def _format_data_sheet(sheet: Any, rows: int) -> None:
    for index, width in enumerate(_column_widths(), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index, col in enumerate(COLUMNS, start=1):
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


def save_workbook(workbook: Any, file: Path) -> None:
    """Save an openpyxl workbook through :func:`save_file`."""
    for sheet in workbook.worksheets:
        _neutralise_formulas(sheet)
    save_file(file, workbook.save)


def save_file(file: Path, write: Callable[[str], object]) -> None:
    """Write through a temporary file beside the target, readable by the owner only."""
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=".childdesk-", suffix=file.suffix, dir=file.parent or None
        )
    except OSError as error:
        raise LedgerError(
            M_CANNOT_WRITE.format(path=file, reason=error.strerror or error)
        ) from None
    os.close(handle)
    try:
        with _removed_on_error(Path(temporary)):
            write(temporary)
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
