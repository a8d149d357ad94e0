"""Finding the table in a village's ledger sheet, whatever its layout.

A village ledger has a title row (安吉县××村农村留守儿童信息台账), a 填报单位 / 填报日期
row, then the header — one row, or two where a merged group cell (父亲, 监护人) stands over
姓名 / 身份证号码 / 外出务工地 — then the children, with blank rows, hidden rows, merged
备注 cells, a 合计 row and a 填表人 line at the bottom. This module finds the header by
how many of its cells are known ledger words, composes each column's header with its
group, gives a merged cell's value to every row it covers, and sorts the rows below into
data rows and skipped rows (each with the reason the summary shows).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from casework.ledger_vocabulary import (
    NOTES,
    SKIP,
    header_key,
    is_bare_phone,
    person_of,
    resolve,
)
from casework.messages import Message

# The header is looked for in the first rows of a sheet, below titles and dates.
HEADER_SEARCH_ROWS = 30
# A header row names at least this many known columns (姓名 and two more).
MIN_KNOWN_COLUMNS = 3

M_SKIP_BLANK = Message("空行", "blank row")
M_SKIP_HIDDEN = Message("隐藏的行", "hidden row")
M_SKIP_FOOTER = Message("表尾（{word}）", "footer ({word})")
M_SKIP_REPEATED_HEADER = Message("重复的表头", "repeated header")
M_SKIP_SECTION = Message("分组标题“{text}”", "section title “{text}”")
M_SKIP_NO_NAME = Message("没有儿童姓名，不是儿童的行", "no child's name: not a child's row")

_FOOTER = re.compile(
    r"^(合计|小计|总计|共计|累计|共\d+人|填表人|填报人|审核人|审核|制表人|制表|盖章|单位盖章|"
    r"负责人|单位负责人|统计人|经办人|联系人|注[:：]|说明[:：]|填表日期|填报日期)"
)


@dataclass(frozen=True)
class SourceColumn:
    """One column of the file: where it is, how it reads, and what it fills by default."""

    index: int  # 0-based
    header: str  # as shown: "父亲 / 姓名" for a two-level header
    group: str
    target: str  # a template header or a ledger_vocabulary target

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class DataRow:
    sheet: str
    row_number: int
    cells: tuple[object, ...]

    def value(self, index: int) -> object:
        return self.cells[index] if index < len(self.cells) else None


@dataclass(frozen=True)
class SkippedRow:
    sheet: str
    row_number: int
    reason: Message


@dataclass(frozen=True)
class SheetTable:
    """The ledger table of one sheet."""

    sheet: str
    header_rows: tuple[int, ...]
    columns: tuple[SourceColumn, ...]
    rows: tuple[DataRow, ...]
    skipped: tuple[SkippedRow, ...]

    def signature(self) -> str:
        """The layout's fingerprint: its headers in order (a remembered mapping's key)."""
        return layout_signature([c.header for c in self.columns])


def layout_signature(headers: Sequence[str]) -> str:
    joined = "\x1f".join(header_key(h) for h in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _text(value: object) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _blank(value: object) -> bool:
    return not _text(value)


def fill_merged(
    rows: Mapping[int, Sequence[object]], merged: Sequence[tuple[int, int, int, int]]
) -> dict[int, list[object]]:
    """Every cell a merged range covers takes the range's top-left value."""
    grid = {number: list(cells) for number, cells in rows.items()}
    for first_row, first_col, last_row, last_col in merged:
        top = grid.get(first_row, [])
        value = top[first_col - 1] if first_col - 1 < len(top) else None
        if _blank(value) or (last_row - first_row + 1) * (last_col - first_col + 1) > 200_000:
            continue
        for number in range(first_row, last_row + 1):
            cells = grid.setdefault(number, [])
            if len(cells) < last_col:
                cells.extend([None] * (last_col - len(cells)))
            for col in range(first_col - 1, last_col):
                if _blank(cells[col]):
                    cells[col] = value
    return grid


def _row(grid: Mapping[int, Sequence[object]], number: int) -> list[str]:
    return [_text(v) for v in grid.get(number, ())]


def _known(headers: Sequence[tuple[str, str]]) -> int:
    """How many distinct known columns a header reading names (姓名 must be one)."""
    targets = {resolve(h, g) for h, g in headers if h}
    targets.discard(None)
    if "姓名" not in targets:
        return 0
    return len(targets)


def _one_level(row: Sequence[str]) -> list[tuple[str, str]]:
    return [(cell, "") for cell in row]


def _two_level(top: Sequence[str], bottom: Sequence[str]) -> list[tuple[str, str]]:
    """(header, group) per column of a two-row header."""
    width = max(len(top), len(bottom))
    out: list[tuple[str, str]] = []
    for i in range(width):
        upper = top[i] if i < len(top) else ""
        lower = bottom[i] if i < len(bottom) else ""
        if not lower or lower == upper:
            out.append((upper, ""))  # a cell merged down over both rows (序号, 姓名)
        elif not upper:
            out.append((lower, ""))
        else:
            out.append((lower, upper))
    return out


def find_header(
    grid: Mapping[int, Sequence[object]],
) -> tuple[tuple[int, ...], list[tuple[str, str]]] | None:
    """The header rows and each column's (header, group), or None when no row of the
    first ``HEADER_SEARCH_ROWS`` reads as a ledger header."""
    last = HEADER_SEARCH_ROWS + min(grid, default=1)  # once: the grid has every row
    numbers = sorted(n for n in grid if n <= last)
    single = {n: _known(_one_level(_row(grid, n))) for n in numbers}
    best: tuple[int, tuple[int, ...], list[tuple[str, str]]] | None = None
    for number in numbers:
        row = _row(grid, number)
        readings: list[tuple[int, tuple[int, ...], list[tuple[str, str]]]] = [
            (single[number], (number,), _one_level(row))
        ]
        if number + 1 in single:
            # Two rows are one header only when the pair names more than the lower row
            # alone (a title or 填报单位 row above a header is no group row).
            headers = _two_level(row, _row(grid, number + 1))
            score = _known(headers)
            if score > single[number + 1]:
                readings.append((score, (number, number + 1), headers))
        for score, rows, headers in readings:
            if score >= MIN_KNOWN_COLUMNS and (best is None or score > best[0]):
                best = (score, rows, headers)
    if best is None:
        return None
    return best[1], best[2]


def _default_targets(headers: Sequence[tuple[str, str]]) -> list[str]:
    targets: list[str] = []
    for header, group in headers:
        target = resolve(header, group) if header else None
        targets.append(target or (NOTES if header else SKIP))
    # A bare 联系电话 is the guardian's when the ledger names a guardian, else kept.
    has_guardian = any(t.startswith("受委托监护人姓名") for t in targets)
    for i, (header, group) in enumerate(headers):
        if targets[i] == NOTES and is_bare_phone(header) and not person_of(group):
            targets[i] = "受委托监护人联系电话" if has_guardian else NOTES
    # The first column of a target wins; a second one is kept in the notes.
    seen: set[str] = set()
    for i, target in enumerate(targets):
        if target in (NOTES, SKIP):
            continue
        if target in seen and target != "年级":
            targets[i] = NOTES
        seen.add(target)
    return targets


def _display(header: str, group: str) -> str:
    return f"{group} / {header}" if group else header


def find_table(
    sheet: str,
    rows: Mapping[int, Sequence[object]],
    *,
    hidden_rows: frozenset[int] | set[int] = frozenset(),
    merged: Sequence[tuple[int, int, int, int]] = (),
) -> SheetTable | None:
    """The ledger table of a sheet, or None when the sheet holds none."""
    grid = fill_merged(rows, merged)
    found = find_header(grid)
    if found is None:
        return None
    header_rows, headers = found
    targets = _default_targets(headers)
    columns = tuple(
        SourceColumn(i, _display(h, g), g, targets[i]) for i, (h, g) in enumerate(headers) if h
    )
    data, skipped = _sort_rows(sheet, grid, header_rows, columns, hidden_rows, merged)
    return SheetTable(sheet, header_rows, columns, tuple(data), tuple(skipped))


def _section_title(cells: Sequence[str], merged_rows: set[int], number: int) -> str | None:
    """A row whose one cell spans the table (一、留守儿童): a section, not a child."""
    filled = {c for c in cells if c}
    if len(filled) == 1 and number in merged_rows:
        return next(iter(filled))
    return None


def _sort_rows(
    sheet: str,
    grid: Mapping[int, Sequence[object]],
    header_rows: tuple[int, ...],
    columns: Sequence[SourceColumn],
    hidden_rows: frozenset[int] | set[int],
    merged: Sequence[tuple[int, int, int, int]],
) -> tuple[list[DataRow], list[SkippedRow]]:
    last_header = header_rows[-1]
    header_texts = [_text(c.header.split(" / ")[-1]) for c in columns]
    name_index = next((c.index for c in columns if c.target == "姓名"), None)
    wide_merges = {
        number
        for first_row, first_col, last_row, last_col in merged
        if last_col - first_col >= 2
        for number in range(first_row, last_row + 1)
    }
    data: list[DataRow] = []
    skipped: list[SkippedRow] = []
    end = max(grid, default=0)
    for number in range(last_header + 1, end + 1):
        cells = _row(grid, number)
        if not any(cells):
            skipped.append(SkippedRow(sheet, number, M_SKIP_BLANK))
            continue
        if number in hidden_rows:
            skipped.append(SkippedRow(sheet, number, M_SKIP_HIDDEN))
            continue
        first = next(c for c in cells if c)
        footer = _FOOTER.match(first.replace(" ", ""))
        if footer is not None:
            skipped.append(SkippedRow(sheet, number, M_SKIP_FOOTER.format(word=footer[1])))
            continue
        if [cells[c.index] if c.index < len(cells) else "" for c in columns] == header_texts:
            skipped.append(SkippedRow(sheet, number, M_SKIP_REPEATED_HEADER))
            continue
        title = _section_title(cells, wide_merges, number)
        if title is not None:
            skipped.append(SkippedRow(sheet, number, M_SKIP_SECTION.format(text=title[:20])))
            continue
        nameless = name_index is not None and not (name_index < len(cells) and cells[name_index])
        if nameless and _only_serial_or_notes(cells, columns):
            skipped.append(SkippedRow(sheet, number, M_SKIP_NO_NAME))
            continue
        data.append(DataRow(sheet, number, tuple(grid.get(number, ()))))
    return data, skipped


def _only_serial_or_notes(cells: Sequence[str], columns: Sequence[SourceColumn]) -> bool:
    """A row without a name holding only a serial number or notes: not a child's row.

    A row with other facts (an ID number, a birth date) but no name is still a child's
    row, so that the check says the name is missing instead of skipping it.
    """
    meaningful = {"公民身份号码", "出生日期", "性别"}
    return not any(
        c.target in meaningful and c.index < len(cells) and cells[c.index] for c in columns
    )
