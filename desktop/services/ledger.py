"""Ledger (台账) files: import a director's Excel or CSV ledger, export one, write a template.

The rows are read and validated by ``casework.ledger``; this module reads and writes the
files (``.xlsx`` with openpyxl, ``.csv`` with the standard library) and talks to the
store. An import checks every row before it writes anything and then writes all good
rows in one transaction, so a ledger is imported whole or not at all (unless the user
asks to skip the bad rows).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from casework.closure import is_closed
from casework.eligibility import (
    CATEGORY_CODES,
    CATEGORY_NAMES,
    DIFFICULTY_CATEGORIES,
    EligibilityInputError,
)
from casework.ledger import (
    COLUMNS,
    HEADERS,
    ImportProgress,
    LedgerError,
    RowError,
    describe,
    row_values,
)
from casework.ledger_vocabulary import NOTES
from casework.messages import Message, current_language
from desktop.models.store import CaseStore, RecordView
from desktop.services import pinyin
from desktop.services.casefile import eligibility_of
from desktop.services.directory import directory_of
from desktop.services.ledger_intake import ImportPlan, apply_import, plan_import, read_ledger
from desktop.services.xlsx_stream import DocumentProperties, SheetSpec, Styled, write_xlsx

logger = logging.getLogger(__name__)

DATA_SHEET = "儿童台账"
SUMMARY_SHEET = "汇总"
UNCATEGORISED = "uncategorised"
TOTAL = "total"
# Children in difficulty (categories 2–6, seed §二(一)), each counted once however many of
# those categories it holds (issue 17 item 6).
IN_DIFFICULTY = "in_difficulty"
CLOSED = "closed"
# Closed files (退出/结案, casework.closure) keep their rows, on a sheet of their own after
# the categories, so the ledger still holds the archive and re-imports whole.
CLOSED_SHEET = "已结案（退出）的儿童"
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

M_EXPORT_FORMAT = Message(
    "台账只能导出为 .xlsx 文件：{path}", "The ledger is exported as an .xlsx file: {path}"
)
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


# ---------------------------------------------------------------------------------------
# Reading files

Rows = list[tuple[int, dict[str, object]]]
# Columns the export adds for the reader (village, categories); import compares the
# categories with the rules and leaves the village out (casework.ledger_vocabulary).
VILLAGE_HEADER = "村（社区）代码"
VILLAGE_NAME_HEADER = "村（社区）"
CATEGORIES_HEADER = "儿童类别"


def read_rows(path: str | os.PathLike[str]) -> tuple[list[str], Rows]:
    """The header and the data rows of a ledger's first table, as the file has them.

    Each data row is ``(row number, {header: value})`` with the spreadsheet's row
    number; the table is found below any title rows (``casework.ledger_layout``).
    Raises :class:`LedgerError`.
    """
    ledger = read_ledger(path)
    if not ledger.tables:
        return [], []
    rows: Rows = []
    seen: set[tuple[str, ...]] = set()
    for table in ledger.tables:  # the exported layout lists a child once per category
        for row in table.table.rows:
            values = {c.header: row.value(c.index) for c in table.table.columns}
            key = tuple(f"{h}={v}" for h, v in values.items() if v is not None)
            if key not in seen:
                seen.add(key)
                rows.append((row.row_number, values))
    return [c.header for c in ledger.tables[0].table.columns], rows


# ---------------------------------------------------------------------------------------
# Import


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: children and family members, and the rows it skipped."""

    imported: int
    skipped: list[RowError] = field(default_factory=list)
    members: int = 0
    child_ids: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    updated: int = 0
    entrustments: int = 0
    plan: ImportPlan | None = None


def row_errors(plan: ImportPlan) -> list[RowError]:
    """The refused rows' errors, naming the sheet when the file has several tables."""
    named = len(plan.ledger.tables) > 1
    errors: list[RowError] = []
    for row in plan.refused:
        assert row.error is not None
        errors.append(SheetRowError(row.sheet, row.error) if named else row.error)
    return errors


def import_ledger(
    store: CaseStore,
    path: str | os.PathLike[str],
    *,
    skip_invalid: bool = False,
    progress: ImportProgress | None = None,
    mapping: Mapping[str, Mapping[str, str]] | None = None,
    accept_updates: bool = False,
) -> ImportResult:
    """Import a ledger in one go: read, map (defaults, or ``mapping``), check, write.

    With a refused row and ``skip_invalid`` false nothing is written and
    :class:`LedgerRowsError` lists every refused row. Children already in the store are
    updated only with ``accept_updates`` (the window asks child by child instead).
    """
    ledger = read_ledger(path)
    if mapping:
        ledger = ledger.with_mapping(mapping)
    plan = plan_import(store, ledger, progress=progress)
    bad = row_errors(plan)
    if bad and not skip_invalid:
        logger.info("ledger import refused: %d of %d rows have errors", len(bad), len(plan.rows))
        raise LedgerRowsError(bad)
    result = apply_import(
        store, plan, accept_updates=lambda _row: accept_updates, progress=progress
    )
    notes = [m.header for t in ledger.tables for m in t.mapping if m.target == NOTES]
    return ImportResult(
        imported=result.created,
        skipped=bad,
        members=result.members,
        child_ids=list(result.child_ids),
        ignored_columns=list(dict.fromkeys(notes)),
        updated=result.updated,
        entrustments=result.entrustments,
        plan=plan,
    )


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
    closed_rows: list[list[object]] = []
    for child in children:
        kin = members.get(child.id, [])
        categories = categories_of(child, kin, today=as_of)
        values = row_values(
            child.fields, [m.fields for m in kin], reveal_id_numbers=reveal_id_numbers
        )
        words = "、".join(CATEGORY_NAMES[c].zh for c in categories)
        row = [_cell_value(col.kind, values[col.header]) for col in COLUMNS]
        row += [child.village_code, words or None]
        tally = counts.setdefault(child.village_code, Counter())
        if is_closed(child.fields):
            # Not in care: neither on a category sheet nor counted in one (issue 17 item 5).
            closed_rows.append(row)
            tally[CLOSED] += 1
            continue
        for code in categories or (UNCATEGORISED,):
            rows_by_sheet[CATEGORY_SHEETS[code]].append(row)
        tally.update(categories or (UNCATEGORISED,))
        tally[TOTAL] += 1
        tally[IN_DIFFICULTY] += bool(DIFFICULTY_CATEGORIES & set(categories))
    sheets = [_summary_sheet(counts, as_of, directory_of(store).villages)]
    widths = [*_column_widths(), 16, 40]
    headers = _header_row([*HEADERS, VILLAGE_HEADER, CATEGORIES_HEADER])
    if closed_rows:
        rows_by_sheet[CLOSED_SHEET] = closed_rows
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


def _summary_sheet(
    counts: Mapping[str, Counter[str]], as_of: date, names: Mapping[str, str]
) -> SheetSpec:
    """Children per category and village; each village by its code and its name from the
    county's directory (issue 18 item 4: names, not codes)."""
    codes = [*CATEGORY_CODES, UNCATEGORISED, IN_DIFFICULTY, TOTAL, CLOSED]
    titles = [VILLAGE_HEADER, VILLAGE_NAME_HEADER, *map(_column_title, codes)]
    rows: list[list[object]] = [_header_row(titles)]
    totals: Counter[str] = Counter()
    for village in sorted(counts):
        rows.append([village, names.get(village), *(counts[village][c] for c in codes)])
        totals.update(counts[village])
    rows.append(["合计", None, *(totals[c] for c in codes)])
    rows.append([])
    rows.append(
        [
            f"统计日期：{as_of.isoformat()}；一名儿童可同时属于多个类别，“儿童人数”和“困境儿童"
            "（不重复计）”不重复计算；"
            f"已结案（退出）的儿童不计入各类别和儿童人数，列在“{CLOSED_SHEET}”工作表。"
        ]
    )
    return SheetSpec(SUMMARY_SHEET, rows, [16, 16] + [14] * len(codes), freeze_header=True)


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
    if code == IN_DIFFICULTY:
        return "困境儿童（不重复计）"
    if code == CLOSED:
        return "已结案（退出）"
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
            day = date.fromisoformat(text)
        except ValueError:
            return text
        # Excel has no day before 1900-03-01 (it would show #####): such a stored value
        # is written as its text, like an unreadable one.
        return day if day >= _EXCEL_FIRST_DAY else text
    return text


_EXCEL_FIRST_DAY = date(1900, 3, 1)


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
