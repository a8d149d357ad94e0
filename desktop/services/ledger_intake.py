"""Bringing in a village's own ledger: find its table, map its columns, preview, import.

The steps a director goes through, each a function here (the window and the CLI call
the same ones):

1. :func:`read_ledger` reads every sheet (``sheet_readers``) and finds its table
   (``casework.ledger_layout``); each column gets the field it fills by default, or the
   one remembered for this layout (``ledger_mappings``), or the one the director chose.
2. :func:`plan_import` reads every row with that mapping, matches it against the store
   (by ID number; a masked one by name, birth date and the visible digits), runs the
   county's rules, and says per row: new, update (the fields that would change, old →
   new), unchanged or refused (with the fix); and where the ledger's 类别 disagrees
   with the rules, why. Nothing is written.
3. :func:`apply_import` writes the new children with their families (and a draft
   entrustment where the ledger's guardian is not a parent of a left-behind child), and
   the updates the director accepted.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from casework.eligibility import EligibilityInputError, classify
from casework.facts import facts_from_records
from casework.ids import mask_id_number
from casework.labels import FIELD_LABELS
from casework.ledger import (
    ID_HEADER,
    IMPORT_CHECKING,
    IMPORT_WRITING,
    ImportProgress,
    LedgerError,
    LedgerRow,
    MemberRow,
    Problem,
    RowError,
    mark_duplicate_ids,
    parse_row,
)
from casework.ledger_categories import (
    M_UNKNOWN_CATEGORY,
    Disagreement,
    LedgerClaim,
    disagreements,
    read_claim,
    why_not_reasons,
)
from casework.ledger_layout import (
    DataRow,
    SheetTable,
    SkippedRow,
    column_letter,
    find_table,
)
from casework.ledger_vocabulary import (
    CLASS,
    ENTRUSTMENT_SIGNED,
    ENTRUSTMENT_UNTIL,
    LEDGER_CATEGORY,
    NOTES,
    PARENTS_AWAY,
    SKIP,
    TARGETS,
)
from casework.messages import Message, current_language
from casework.records import RecordValidationError, to_wire, validate
from casework.vocabulary import SITUATION
from desktop.models.store import CaseStore, NewRecord, RecordView
from desktop.services.sheet_readers import RawSheet, read_raw_sheets

logger = logging.getLogger(__name__)

ROWS_PER_REPORT = 100
OPENED_ON_HEADER = FIELD_LABELS["opened_on"].zh  # the template column 建档日期

M_NO_TABLE = Message(
    "在文件中没有找到儿童台账表格：前 30 行里没有一行同时含有“姓名”和至少两个认得的列名"
    "（如 性别、身份证号码、出生日期、监护人）。文件中见到的内容有：{seen}。"
    "请检查列名是否写在同一行，或在导入时用“列对应”指定各列",
    "No children's table was found in the file: no row among the first 30 holds “姓名” "
    "and at least two other known column names (such as 性别, 身份证号码, 出生日期, 监护人). "
    "The file shows: {seen}. Check that the column names stand in one row",
)
M_EMPTY = Message("文件 {path} 是空的，没有任何内容", "{path} is empty")
M_UNKNOWN_TARGET = Message(
    "列对应中“{column}”要导入到“{target}”，但没有这个字段",
    "The mapping sends column “{column}” to “{target}”, which is not a field",
)
M_NO_NAME_COLUMN = Message(
    "没有一列对应到儿童的“姓名”；请在列对应中指定姓名列",
    "No column is mapped to the child's name (姓名); map one",
)
M_NO_BIRTH_COLUMNS = Message(
    "没有身份证号码列，也没有性别和出生日期列；请至少对应身份证号码，或性别和出生日期",
    "No ID number column, and no gender and birth date columns: map the ID number, or "
    "gender and birth date",
)
M_TWO_COLUMNS = Message(
    "“{first}”和“{second}”都对应到“{target}”；请只保留一列，另一列选“不导入”或“记入备注”",
    "Both “{first}” and “{second}” are mapped to “{target}”; keep one, and set the other "
    "to not imported or kept in the notes",
)
M_NOT_IN_STORE_MASKED = Message(
    "身份证号码已打码，且档案库中没有姓名、出生日期和可见数字都相符的儿童，无法确定是谁；"
    "请使用显示完整身份证号码的台账",
    "The ID number is masked and no child in the store has the same name, birth date and "
    "visible digits; use a ledger with full ID numbers",
)
M_NO_NAME = Message("姓名必须填写", "the name is required")

NEW, UPDATE, UNCHANGED, REFUSED = "new", "update", "unchanged", "refused"


@dataclass(frozen=True)
class ColumnMapping:
    """One file column and the field it fills (a ``TARGETS`` entry)."""

    sheet: str
    index: int
    header: str
    target: str

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class LedgerTable:
    """A sheet's table with the mapping in force."""

    table: SheetTable
    mapping: tuple[ColumnMapping, ...]
    remembered: bool = False  # the mapping came from an earlier import of this layout

    @property
    def signature(self) -> str:
        return self.table.signature()

    def with_targets(self, targets: Mapping[str, str]) -> LedgerTable:
        """The same table with some columns (by header) sent elsewhere."""
        mapping = tuple(replace(m, target=targets.get(m.header, m.target)) for m in self.mapping)
        return LedgerTable(self.table, mapping, self.remembered)


@dataclass(frozen=True)
class LedgerFile:
    path: Path
    tables: tuple[LedgerTable, ...]
    cells_beyond: int = 0  # stray cells far right, left out

    def mapping_json(self) -> dict[str, dict[str, str]]:
        """{signature: {header: target}}: what `--mapping` takes and the CLI prints."""
        return {t.signature: {m.header: m.target for m in t.mapping} for t in self.tables}

    def with_mapping(self, chosen: Mapping[str, Mapping[str, str]]) -> LedgerFile:
        """Apply a mapping by signature, or one {header: target} for every table."""
        tables = []
        for table in self.tables:
            targets = chosen.get(table.signature)
            if targets is None and all(isinstance(v, str) for v in chosen.values()):
                targets = chosen  # type: ignore[assignment]
            tables.append(table.with_targets(targets or {}))
        return replace(self, tables=tuple(tables))


def read_ledger(
    path: str | os.PathLike[str], remembered: Mapping[str, Mapping[str, str]] | None = None
) -> LedgerFile:
    """Every sheet's table with its default (or remembered) mapping."""
    file = Path(path)
    sheets = read_raw_sheets(file)
    tables: list[LedgerTable] = []
    for sheet in sheets:
        table = find_table(
            sheet.name, sheet.rows, hidden_rows=sheet.hidden_rows, merged=sheet.merged
        )
        if table is None or not table.rows:
            continue
        mapping = tuple(
            ColumnMapping(sheet.name, c.index, c.header, c.target) for c in table.columns
        )
        known = (remembered or {}).get(table.signature())
        ledger_table = LedgerTable(table, mapping)
        if known:
            ledger_table = LedgerTable(table, ledger_table.with_targets(known).mapping, True)
        tables.append(ledger_table)
    if not tables and not any(s.rows for s in sheets):
        raise LedgerError(M_EMPTY.format(path=file))
    if not tables:
        if any(find_table(s.name, s.rows, merged=s.merged) for s in sheets):
            return LedgerFile(file, (), sum(s.cells_beyond for s in sheets))  # headers only
        raise LedgerError(M_NO_TABLE.format(seen=_seen(sheets)))
    return LedgerFile(file, tuple(tables), sum(s.cells_beyond for s in sheets))


def _seen(sheets: Sequence[RawSheet]) -> str:
    texts: list[str] = []
    for sheet in sheets:
        for number in sorted(sheet.rows)[:4]:
            cells = [str(v).strip() for v in sheet.rows[number] if v is not None and str(v).strip()]
            if cells:
                texts.append("“" + " ".join(cells)[:60] + "”")
    return "；".join(texts[:4]) or "（空）"


def check_mapping(ledger: LedgerFile) -> None:
    """Refuse a mapping that cannot make a child: raises :class:`LedgerError`."""
    for table in ledger.tables:
        by_target: dict[str, ColumnMapping] = {}
        for m in table.mapping:
            if m.target not in TARGETS:
                raise LedgerError(M_UNKNOWN_TARGET.format(column=m.header, target=m.target))
            if m.target in (NOTES, SKIP, "年级"):
                continue
            if m.target in by_target:
                first = by_target[m.target]
                raise LedgerError(
                    M_TWO_COLUMNS.format(first=first.header, second=m.header, target=m.target)
                )
            by_target[m.target] = m
        if "姓名" not in by_target:
            raise LedgerError(M_NO_NAME_COLUMN)
        if ID_HEADER not in by_target and not {"性别", "出生日期"} <= by_target.keys():
            raise LedgerError(M_NO_BIRTH_COLUMNS)


# ---------------------------------------------------------------------------------------
# The plan


@dataclass(frozen=True)
class FieldChange:
    """One field a re-import would change on a child already in the store."""

    record_id: str | None  # None: a family member to be added
    kind: str
    who: str  # 儿童 / 父亲 / 母亲 / 受委托监护人
    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class PlannedRow:
    sheet: str
    row_number: int
    status: str  # NEW, UPDATE, UNCHANGED, REFUSED
    name: str
    categories: tuple[str, ...] = ()
    ledger_category: str = ""
    disagreements: tuple[Disagreement, ...] = ()
    changes: tuple[FieldChange, ...] = ()
    error: RowError | None = None
    child_id: str | None = None  # the store's child, for updates and unchanged rows
    parsed: LedgerRow | None = None
    # A new left-behind child: the ledger's entrustment dates, for the draft the import
    # writes (made then, not for every row of a preview); None when no draft is due.
    entrustment_cells: Mapping[str, object] | None = None

    @property
    def entrustment(self) -> dict[str, Any] | None:
        """The entrustment record the import writes for this row, or None."""
        if self.entrustment_cells is None or self.parsed is None:
            return None
        return _entrustment_for(self.parsed, self.entrustment_cells)

    @property
    def key(self) -> str:
        return f"{self.sheet}!{self.row_number}"

    def where(self, language: str | None = None) -> str:
        if (language or current_language()) == "en":
            return (
                f"sheet {self.sheet}, row {self.row_number}"
                if self.sheet
                else f"row {self.row_number}"
            )
        return (
            f"工作表“{self.sheet}”第 {self.row_number} 行"
            if self.sheet
            else f"第 {self.row_number} 行"
        )


@dataclass(frozen=True)
class ImportPlan:
    ledger: LedgerFile
    rows: tuple[PlannedRow, ...]
    skipped: tuple[SkippedRow, ...]
    today: date

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def refused(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == REFUSED]

    @property
    def disagreeing(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.disagreements]

    @property
    def has_opening_column(self) -> bool:
        """Whether a column of the file gives the children's 建档日期."""
        return any(m.target == OPENED_ON_HEADER for t in self.ledger.tables for m in t.mapping)

    @property
    def without_opening(self) -> int:
        """New children whose row gives no 建档日期: the import asks for one date for them."""
        return sum(
            1
            for r in self.rows
            if r.status == NEW and r.parsed is not None and not r.parsed.child.get("opened_on")
        )


def plan_import(
    store: CaseStore,
    ledger: LedgerFile,
    *,
    today: date | None = None,
    progress: ImportProgress | None = None,
) -> ImportPlan:
    """What an import of ``ledger`` would do, row by row; nothing is written."""
    check_mapping(ledger)
    as_of = today or date.today()
    report = progress or (lambda _step, _done, _total: None)
    index = _StoreIndex(store)
    entries: list[tuple[DataRow, LedgerTable]] = [
        (row, table) for table in ledger.tables for row in table.table.rows
    ]
    results: list[LedgerRow | RowError] = []
    extras: list[_Extras] = []
    for done, (row, table) in enumerate(entries, 1):
        values, extra = _row_values(row, table.mapping, index)
        extras.append(extra)
        try:
            results.append(_with_notes(parse_row(values, row.row_number), extra))
        except RowError as error:
            results.append(error)
        if done % ROWS_PER_REPORT == 0 or done == len(entries):
            report(IMPORT_CHECKING, done, len(entries))
    kept = [
        (row, table, result, extra)
        for (row, table), result, extra in zip(
            entries, _drop_repeats(entries, results), extras, strict=True
        )
        if result is not None
    ]
    checked = mark_duplicate_ids([result for _row, _table, result, _extra in kept])
    planned = [
        _plan_row(index, row, _located(result, table), extra, as_of)
        for (row, table, _result, extra), result in zip(kept, checked, strict=True)
    ]
    skipped = tuple(s for t in ledger.tables for s in t.table.skipped)
    return ImportPlan(ledger, tuple(planned), skipped, as_of)


@dataclass
class _Extras:
    """What a row says beside the template's fields."""

    notes: list[str] = field(default_factory=list)
    claim: LedgerClaim | None = None
    entrustment: dict[str, Any] = field(default_factory=dict)
    masked_problem: Problem | None = None
    matched_id: str | None = None  # a masked row matched to this store child
    name: str = ""  # the child's name as the row gives it (shown for a refused row too)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(value).strip()


_EMPTY = frozenset({"", "/", "-", "—", "——", "无"})
_AT_HOME = frozenset({"在家", "无", "/", "-", "本地", "在本地", "务农", "在家务农"})


def _row_values(
    row: DataRow, mapping: Sequence[ColumnMapping], index: _StoreIndex
) -> tuple[dict[str, object], _Extras]:
    values: dict[str, object] = {}
    extra = _Extras()
    for m in mapping:
        if m.target == SKIP:
            continue
        value = row.value(m.index)
        text = _text(value)
        if not text:
            continue
        if m.target == NOTES:
            extra.notes.append(f"{m.header.replace(' / ', '')}：{text}")
        elif m.target == LEDGER_CATEGORY:
            extra.claim = read_claim(text)
            if extra.claim and extra.claim.unknown:
                extra.notes.append(f"{m.header}：{text}")
        elif m.target == CLASS:
            values["年级"] = f"{_text(values.get('年级'))}{text}"
        elif m.target == "年级" and "年级" in values:
            values["年级"] = f"{_text(values['年级'])}{text}"
        elif m.target == PARENTS_AWAY:
            _parents_away(values, text)
        elif m.target in (ENTRUSTMENT_SIGNED, ENTRUSTMENT_UNTIL):
            extra.entrustment[m.target] = value
        else:
            values[m.target] = value
    extra.name = _text(values.get("姓名"))
    for parent in ("父亲", "母亲"):
        _work_place_means_away(values, parent)
    _unmask(values, extra, index)
    return values, extra


def _parents_away(values: dict[str, object], text: str) -> None:
    """双方外出 / 父亲外出 / 母亲外出: the parents' situation when no column says it."""
    both = any(w in text for w in ("双", "父母", "均", "都"))
    for parent in ("父亲", "母亲"):
        away = both or parent[0] in text
        if away and not _text(values.get(f"{parent}情况")):
            values[f"{parent}情况"] = SITUATION.word("migrant_work")


def _work_place_means_away(values: dict[str, object], parent: str) -> None:
    """A filled 外出务工地 means migrant work; 在家 or empty means at home."""
    place = _text(values.get(f"{parent}务工地点"))
    if not place:
        return
    if place in _AT_HOME or place.startswith("在家"):
        del values[f"{parent}务工地点"]
        return
    if not _text(values.get(f"{parent}情况")):
        values[f"{parent}情况"] = SITUATION.word("migrant_work")


def _unmask(values: dict[str, object], extra: _Extras, index: _StoreIndex) -> None:
    """A masked ID number (an exported ledger) names the store's child it matches."""
    raw = _text(values.get(ID_HEADER))
    if "*" not in raw:
        return
    child = index.match_masked(raw, _text(values.get("姓名")), values.get("出生日期"))
    if child is None:
        del values[ID_HEADER]
        extra.masked_problem = Problem(ID_HEADER, M_NOT_IN_STORE_MASKED)
        return
    values[ID_HEADER] = child.fields.get("id_number")
    extra.matched_id = child.id
    for header in ("父亲公民身份号码", "母亲公民身份号码", "受委托监护人公民身份号码"):
        if "*" in _text(values.get(header)):
            del values[header]  # the store's number stays; the mask says nothing new


def _with_notes(row: LedgerRow, extra: _Extras) -> LedgerRow | RowError:
    if extra.masked_problem is not None:
        return row.error([extra.masked_problem])
    if not extra.notes:
        return row
    child = dict(row.child)
    notes = [str(child["notes"])] if child.get("notes") else []
    child["notes"] = "\n".join([*notes, *extra.notes])
    try:
        checked = to_wire(validate("child", child))
    except RecordValidationError:
        return row  # notes too long: keep the row as the columns gave it
    return LedgerRow(row.row_number, checked, row.members)


def _drop_repeats(
    entries: Sequence[tuple[DataRow, LedgerTable]], results: Sequence[LedgerRow | RowError]
) -> list[LedgerRow | RowError | None]:
    """A child listed on several sheets with the same cells (the exported layout: one
    sheet per category) is read once."""
    seen: set[tuple[str, ...]] = set()
    out: list[LedgerRow | RowError | None] = []
    # Per table: its ID column and the columns a repeat must share.
    compared: dict[int, tuple[int, tuple[int, ...]]] = {}
    for (row, table), result in zip(entries, results, strict=True):
        if id(table) not in compared:
            shared = (
                m.index for m in table.mapping if m.target not in (SKIP, NOTES, LEDGER_CATEGORY)
            )
            compared[id(table)] = (_id_column(table), tuple(shared))
        id_column, columns = compared[id(table)]
        cells = tuple(_text(row.value(i)) for i in columns)
        key = (_text(row.value(id_column)), *sorted(cells))
        if len(table.mapping) and key in seen and any(cells):
            out.append(None)
            continue
        seen.add(key)
        out.append(result)
    return out


def _id_column(table: LedgerTable) -> int:
    return next((m.index for m in table.mapping if m.target == ID_HEADER), 10_000)


# ---------------------------------------------------------------------------------------
# Matching against the store


class _StoreIndex:
    """The store's children and families, decrypted once per plan."""

    def __init__(self, store: CaseStore) -> None:
        self.children = {c.id: c for c in store.records("child")}
        self.by_id_number = {
            str(c.fields["id_number"]): c
            for c in self.children.values()
            if c.fields.get("id_number")
        }
        self.members: dict[str, list[RecordView]] = {}
        for member in store.records("family_member"):
            if member.child_id:
                self.members.setdefault(member.child_id, []).append(member)

    def match(self, row: LedgerRow, matched_id: str | None) -> RecordView | None:
        if matched_id is not None:
            return self.children.get(matched_id)
        if row.id_number:
            return self.by_id_number.get(row.id_number)
        return None

    def match_masked(self, masked: str, name: str, birth: object) -> RecordView | None:
        visible = masked.replace(" ", "").upper()
        candidates = [
            c
            for c in self.children.values()
            if c.fields.get("name") == name
            and c.fields.get("id_number")
            and mask_id_number(str(c.fields["id_number"])).upper() == visible
        ]
        if birth and len(candidates) > 1:
            birth_text = _text(birth)[:10]
            candidates = [c for c in candidates if str(c.fields.get("birth_date")) == birth_text]
        return candidates[0] if len(candidates) == 1 else None


_WHO = {"child": "儿童", "father": "父亲", "mother": "母亲", "guardian": "受委托监护人"}


def _located(result: LedgerRow | RowError, table: LedgerTable) -> LedgerRow | RowError:
    """A refused row's problems name the column as Excel shows it: 出生日期（E 列“出生年月”）."""
    if not isinstance(result, RowError):
        return result
    where: dict[str, tuple[str, str]] = {}
    for m in table.mapping:
        if m.target not in where:
            shown = m.header.replace(" / ", "")
            where[m.target] = (m.letter, "" if shown == m.target else shown)
    problems = [
        replace(p, column=where[p.header][0], source=where[p.header][1]) if p.header in where else p
        for p in result.problems
    ]
    return RowError(result.row_number, problems, id_number=result.id_number)


def _plan_row(
    index: _StoreIndex,
    row: DataRow,
    result: LedgerRow | RowError,
    extra: _Extras,
    today: date,
) -> PlannedRow:
    if isinstance(result, RowError):
        return PlannedRow(row.sheet, row.row_number, REFUSED, extra.name, error=result)
    existing = index.match(result, extra.matched_id)
    child_fields: dict[str, Any] = dict(result.child)
    members: list[Mapping[str, Any]] = [m.fields for m in result.members]
    status, child_id = NEW, None
    changes: tuple[FieldChange, ...] = ()
    if existing is not None:
        child_id = existing.id
        stored_members = index.members.get(existing.id, [])
        changes = tuple(_changes(existing, stored_members, result))
        status = UPDATE if changes else UNCHANGED
        child_fields = {
            **existing.fields,
            **{c.field: result.child[c.field] for c in changes if c.kind == "child"},
        }
        members = [m.fields for m in stored_members] + [
            m.fields for m in result.members if not _stored_member(stored_members, m.fields)
        ]
    categories, reasons, age = _categories(child_fields, members, today)
    why_not = why_not_reasons(child_fields, members, age=age)
    found = tuple(disagreements(extra.claim, categories, reasons, why_not))
    if extra.claim is not None and extra.claim.unknown and not extra.claim.claims:
        found += (Disagreement(M_UNKNOWN_CATEGORY.format(value=extra.claim.text), True),)
    entrustment_cells = None
    if status == NEW and "left_behind" in categories:
        entrustment_cells = MappingProxyType(extra.entrustment)
    return PlannedRow(
        row.sheet,
        row.row_number,
        status,
        str(result.child.get("name") or ""),
        categories=categories,
        ledger_category=extra.claim.text if extra.claim else "",
        disagreements=found,
        changes=changes,
        child_id=child_id,
        parsed=result,
        entrustment_cells=entrustment_cells,
    )


def _categories(
    child: Mapping[str, Any], members: Sequence[Mapping[str, Any]], today: date
) -> tuple[tuple[str, ...], dict[str, Message], int | None]:
    try:
        result = classify(facts_from_records(child, members, as_of=today))
    except (EligibilityInputError, KeyError, ValueError):
        return (), {}, None
    reasons = {r.category: Message(r.zh, r.en) for r in result.reasons if r.category is not None}
    birth = date.fromisoformat(str(child["birth_date"]))
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    return tuple(result.categories), reasons, age


def _entrustment_for(row: LedgerRow, cells: Mapping[str, object]) -> dict[str, Any] | None:
    """A left-behind child whose ledger guardian is not a parent: a draft entrustment
    (signed when the ledger gives its date), so its reminders and forms work."""
    guardian = next((m.fields for m in row.members if m.fields.get("is_entrusted_guardian")), None)
    if guardian is None or guardian.get("relation") in ("father", "mother"):
        return None
    fields: dict[str, Any] = {
        "guardian_name": guardian.get("name"),
        "guardian_relation": guardian.get("relation"),
        "guardian_phone": guardian.get("phone"),
        "guardian_id_number": guardian.get("id_number"),
        "parents": "、".join(
            str(m.fields.get("name"))
            for m in row.members
            if m.fields.get("relation") in ("father", "mother") and m.fields.get("name")
        )
        or None,
        "status": "draft",
    }
    signed = _entrustment_date(cells.get(ENTRUSTMENT_SIGNED))
    until = _entrustment_date(cells.get(ENTRUSTMENT_UNTIL))
    if signed is not None:
        fields.update(signed_date=signed, status="signed")
    if until is not None:
        fields["valid_until"] = until
    try:
        return to_wire(validate("entrustment", {**fields, "child_id": str(uuid.UUID(int=0))}))
    except RecordValidationError:
        fields.update(status="draft", signed_date=None, valid_until=None)
        return to_wire(validate("entrustment", {**fields, "child_id": str(uuid.UUID(int=0))}))


def _entrustment_date(value: object) -> date | None:
    from casework.dates import YearMonth, parse_written_date

    if value is None or not _text(value):
        return None
    try:
        parsed = parse_written_date(value)
    except ValueError:
        return None
    return parsed.last_day() if isinstance(parsed, YearMonth) else parsed


def _display(value: object, kind: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, list | tuple):
        from casework.ledger import situation_word

        return "、".join(situation_word(v) for v in value if isinstance(v, Mapping))
    if kind == "id":
        return mask_id_number(str(value))
    return str(value)


def _role(member: MemberRow) -> str:
    """Whose columns a member came from: father, mother, or the (non-parent) guardian."""
    if member.fields.get("is_entrusted_guardian") and member.relation not in ("father", "mother"):
        return "guardian"
    return member.relation


def _changes(
    child: RecordView, stored: Sequence[RecordView], row: LedgerRow
) -> Iterable[FieldChange]:
    """The fields the row gives that differ from the store (an empty cell changes nothing)."""
    yield from _field_changes(child.id, "child", "child", child.fields, row.child)
    for member in row.members:
        match = _stored_member(stored, member.fields)
        who = _role(member)
        if match is None:
            label = member.fields.get("name") or ""
            yield FieldChange(
                None, "family_member", _WHO.get(who, who), "*", "新增家庭成员", "", str(label)
            )
            continue
        yield from _field_changes(match.id, "family_member", who, match.fields, member.fields)


_COMPARED_MEMBER_FIELDS = ("name", "id_number", "phone", "work_place", "situations", "relation")


def _field_changes(
    record_id: str, kind: str, who: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> Iterable[FieldChange]:
    keys = _COMPARED_MEMBER_FIELDS if kind == "family_member" else tuple(new)
    for key in keys:
        if key in ("child_id", "is_entrusted_guardian") or key not in new:
            continue
        value = new[key]
        if value in (None, "", [], ()):
            continue
        if _same_value(old.get(key), value):
            continue
        label = FIELD_LABELS[key].zh if key in FIELD_LABELS else key
        id_kind = "id" if key == "id_number" else ""
        yield FieldChange(
            record_id,
            kind,
            _WHO.get(who, who),
            key,
            label,
            _display(old.get(key), id_kind),
            _display(value, id_kind),
        )


def _same_value(old: object, new: object) -> bool:
    if isinstance(old, list | tuple) and isinstance(new, list | tuple):

        def kinds(items: object) -> list[tuple[str, str]]:
            return sorted(
                (str(i.get("kind")), str(i.get("category") or ""))
                for i in items  # type: ignore[attr-defined]
                if isinstance(i, Mapping) and not i.get("until")
            )

        return kinds(old) == kinds(new)
    return _text(old) == _text(new)


def _stored_member(stored: Sequence[RecordView], fields: Mapping[str, Any]) -> RecordView | None:
    relation = fields.get("relation")
    if relation in ("father", "mother"):
        return next((m for m in stored if m.fields.get("relation") == relation), None)
    guardian = next((m for m in stored if m.fields.get("is_entrusted_guardian")), None)
    if guardian is not None:
        return guardian
    name = fields.get("name")
    return next((m for m in stored if name and m.fields.get("name") == name), None)


# ---------------------------------------------------------------------------------------
# Writing


@dataclass(frozen=True)
class IntakeResult:
    created: int
    updated: int
    members: int
    entrustments: int
    skipped_rows: int
    child_ids: tuple[str, ...] = ()


def apply_import(
    store: CaseStore,
    plan: ImportPlan,
    *,
    accept_updates: Callable[[PlannedRow], bool] | None = None,
    progress: ImportProgress | None = None,
    opened_on: date | None = None,
) -> IntakeResult:
    """Write the plan's new rows and the updates ``accept_updates`` accepts (all when
    None). Refused rows are never written; the caller decides whether to go on with
    them present (the window's "import the others", the CLI's ``--skip-invalid``).

    ``opened_on`` is the 建档日期 the director gave for new children whose row has none
    (the window and the CLI ask; ``ImportPlan.without_opening`` says how many). Without
    it such a file's opening falls back as ``casework.opening`` says."""
    report = progress or (lambda _step, _done, _total: None)
    records: list[NewRecord] = []
    child_ids: list[str] = []
    entrustments = 0
    for row in plan.rows:
        if row.status != NEW or row.parsed is None:
            continue
        child_id = str(uuid.uuid4())
        child_ids.append(child_id)
        fields = dict(row.parsed.child)
        if opened_on is not None and not fields.get("opened_on"):
            fields["opened_on"] = opened_on.isoformat()
        records.append(NewRecord("child", fields, child_id))
        records.extend(
            NewRecord("family_member", m.for_child(child_id)) for m in row.parsed.members
        )
        entrustment = row.entrustment
        if entrustment is not None:
            records.append(NewRecord("entrustment", {**entrustment, "child_id": child_id}))
            entrustments += 1
    if records:
        store.create_many(records, progress=lambda done, total: report(IMPORT_WRITING, done, total))
    updated = 0
    for row in plan.rows:
        if row.status != UPDATE or row.child_id is None:
            continue
        if accept_updates is not None and not accept_updates(row):
            continue
        _apply_changes(store, row)
        updated += 1
    members = sum(1 for r in records if r.kind == "family_member")
    logger.info(
        "ledger intake: %d children created, %d updated, %d rows refused",
        len(child_ids),
        updated,
        len(plan.refused),
    )
    return IntakeResult(
        created=len(child_ids),
        updated=updated,
        members=members,
        entrustments=entrustments,
        skipped_rows=len(plan.refused),
        child_ids=tuple(child_ids),
    )


def _apply_changes(store: CaseStore, row: PlannedRow) -> None:
    assert row.parsed is not None and row.child_id is not None
    child_changes = {c.field: row.parsed.child[c.field] for c in row.changes if c.kind == "child"}
    if child_changes:
        store.update(row.child_id, child_changes)
    by_record: dict[str, dict[str, Any]] = {}
    for change in row.changes:
        if change.kind != "family_member":
            continue
        source = _member_for(row, change)
        if source is None:
            continue
        if change.record_id is None:
            store.create("family_member", source.for_child(row.child_id))
            continue
        by_record.setdefault(change.record_id, {})[change.field] = source.fields[change.field]
    for record_id, changes in by_record.items():
        store.update(record_id, changes)


def _member_for(row: PlannedRow, change: FieldChange) -> MemberRow | None:
    assert row.parsed is not None
    return next((m for m in row.parsed.members if _WHO.get(_role(m), _role(m)) == change.who), None)


__all__ = [
    "NEW",
    "REFUSED",
    "UNCHANGED",
    "UPDATE",
    "ColumnMapping",
    "FieldChange",
    "ImportPlan",
    "IntakeResult",
    "LedgerFile",
    "LedgerTable",
    "PlannedRow",
    "apply_import",
    "check_mapping",
    "plan_import",
    "read_ledger",
]
