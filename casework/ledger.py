"""The ledger (台账): one row per child, parents and entrusted guardian on the same row.

Directors keep the ledger in Excel with Chinese column headers. This module is the pure
part of its import and export: the column list, reading one row of cell values into a
child and its family members (validated with the ``casework.records`` rules, each
problem named by its column header), and writing them back as the words the ledger uses.
Reading and writing files lives in ``desktop/services/ledger.py``.

Conventions of a ledger cell:

- an empty cell means "not given" (the record's default applies); so do ``/``, ``-``
  and ``—``, and ``无`` in a coded column whose words do not include it;
- yes/no columns take 是/否 (also Y/N, 1/0, √/×);
- dates take ``2013-04-02``, ``2013/4/2``, ``2013.4.2``, ``20130402``, ``2013年4月2日``
  or a date cell;
- each parent has one situation (the current one): a word such as 外出务工, with its
  start and end dates in their own columns; a disability names its category and grade,
  as in ``残疾（肢体二级）``;
- the entrusted guardian may be a parent (与儿童关系 父亲/母亲): that parent's family
  member is then marked as the guardian rather than a second one being created;
- an ID number masked for display (``330523********123X``) cannot be imported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, get_args

from casework import vocabulary
from casework.dates import M_BAD_DATE as M_BAD_DATE
from casework.dates import YearMonth, parse_written_date
from casework.ids import IdNumber, check_consistency, mask_id_number, parse_id_number
from casework.labels import FIELD_LABELS
from casework.messages import CaseworkError, Message, WordError, current_language
from casework.records import (
    M_TERM_NEEDS_START,
    M_TERM_ORDER,
    DisabilityCategory,
    RecordValidationError,
    to_wire,
    validate,
)
from casework.vocabulary import M_UNKNOWN_WORD as M_UNKNOWN_WORD
from casework.vocabulary import Domain, word_key

Target = Literal["child", "father", "mother", "guardian"]
CellKind = Literal["text", "date", "bool", "choice", "grade", "id", "phone", "situation"]
CellValue = str | bool | int

TARGETS: tuple[Target, ...] = ("child", "father", "mother", "guardian")
TARGET_NAMES: dict[Target, Message] = {
    "child": Message("儿童", "child"),
    "father": Message("父亲", "father"),
    "mother": Message("母亲", "mother"),
    "guardian": Message("受委托监护人", "entrusted guardian"),
}

# A placeholder child for validating a family member before its child has an id.
PLACEHOLDER_CHILD_ID = "00000000-0000-0000-0000-000000000000"

# The two steps of an import, as its progress reports name them: rows checked, then
# records written; progress(step, done, total).
IMPORT_CHECKING, IMPORT_WRITING = "checking", "writing"
ImportProgress = Callable[[str, int, int], None]

# Field names of the parent columns that are not record fields: the one situation.
SITUATION = "situation"
SITUATION_SINCE = "situation_since"
SITUATION_UNTIL = "situation_until"

# Cells that mean "not given" in every column.
_EMPTY_MARKS = frozenset({"", "/", "-", "—", "——", "－", "／", "\\"})

# ---------------------------------------------------------------------------------------
# Messages

M_MONTH_ONLY = Message(
    "出生年月只写到月（{value}），且没有与之相符的身份证号码；请填写完整的出生日期",
    "The birth date gives only the month ({value}) and no matching ID number gives the "
    "day; fill in the full date of birth",
)
M_MASKED_ID = Message(
    "身份证号码已打码（中间为 *），无法导入；请填写完整号码，"
    "或使用导出时选择“显示完整身份证号码”的台账",
    "The ID number is masked (it has * in the middle) and cannot be imported; fill in the "
    "full number, or use a ledger exported with ID numbers revealed",
)
M_MASKED_NUMBER = Message(
    "号码已打码（中间为 *），无法导入；请填写完整号码，或使用导出时选择“显示完整身份证号码”的台账",
    "The number is masked (it has * in the middle) and cannot be imported; fill in the "
    "full number, or use a ledger exported with ID numbers revealed",
)
M_ID_AS_NUMBER = Message(
    "身份证号码被 Excel 存成了数字，末几位已经丢失；请把该列设为“文本”格式后重新录入",
    "Excel stored the ID number as a number and lost its last digits; format the column "
    "as text and type the number again",
)
M_DATES_WITHOUT_SITUATION = Message(
    "填写了日期，但“{header}”为空", "has a date but “{header}” is empty"
)
M_DISABILITY_DETAIL = Message(
    "残疾情形需写明类别和等级，如“残疾（肢体二级）”；类别可填：{words}",
    "a disability needs its category and grade, as in 残疾（肢体二级）; categories: {words}",
)
M_GUARDIAN_CONFLICT = Message(
    "受委托监护人是{parent}，但与“{header}”不一致",
    "the entrusted guardian is the {parent_en} but disagrees with “{header}”",
)
M_DUPLICATE_IN_FILE = Message(
    "公民身份号码与第 {rows} 行重复；同一个号码只能属于一名儿童",
    "The ID number is also on row {rows}; one number belongs to one child",
)


class LedgerError(Exception):
    """A ledger file that cannot be used as a whole; ``message`` says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


# A cell that cannot be read (a word, a date): its message says what may be typed.
_CellError = WordError


# ---------------------------------------------------------------------------------------
# Words


_SPACES = re.compile(r"\s+")
_word_key = word_key

# The words of each coded column: the one vocabulary's (casework.vocabulary), so the
# ledger writes what the window shows and reads back what it wrote, and what villages
# write besides (the aliases).
Words = Domain
DISABILITY_CODES: tuple[str, ...] = get_args(DisabilityCategory)
GENDER_WORDS = vocabulary.GENDER
HUKOU_TYPE_WORDS = vocabulary.HUKOU_TYPE
BOOL_WORDS = vocabulary.YES_NO
ASSISTANCE_WORDS = vocabulary.FAMILY_ASSISTANCE
RISK_WORDS = vocabulary.RISK_LEVEL
CLOSURE_WORDS = vocabulary.CLOSURE_REASON
DISABILITY_WORDS = vocabulary.DISABILITY_CATEGORY
GRADE_WORDS = vocabulary.DISABILITY_GRADE
JUSTICE_WORDS = vocabulary.JUSTICE_INVOLVEMENT
SITUATION_WORDS = vocabulary.SITUATION
RELATION_WORDS = vocabulary.RELATION
SCHOOLING_WORDS = vocabulary.SCHOOLING_STATUS
# Pair words that do not say which grandparent: the guardian's ID number tells.
AMBIGUOUS_RELATIONS: dict[str, tuple[str, str]] = {
    "祖孙": ("grandfather", "grandmother"),
    "祖父母": ("grandfather", "grandmother"),
    "爷爷奶奶": ("grandfather", "grandmother"),
    "外祖孙": ("maternal_grandfather", "maternal_grandmother"),
    "外孙": ("maternal_grandfather", "maternal_grandmother"),
    "外孙女": ("maternal_grandfather", "maternal_grandmother"),
    "外祖父母": ("maternal_grandfather", "maternal_grandmother"),
    "孙子": ("grandfather", "grandmother"),
    "孙女": ("grandfather", "grandmother"),
}

# ---------------------------------------------------------------------------------------
# Columns


@dataclass(frozen=True)
class Column:
    """One ledger column: its Chinese header, whose field it fills, and how to read it.

    ``field`` is a record field of ``target`` (a child or a family member), or for the
    parents' situation one of ``SITUATION``, ``SITUATION_SINCE``, ``SITUATION_UNTIL``.
    ``holds_id`` marks text that may embed an ID number (a disability certificate number
    is the ID number plus two digits): it is masked in exports like an ID number.
    """

    header: str
    target: Target
    field: str
    kind: CellKind = "text"
    words: Words | None = None
    required: bool = False
    note: str = ""
    holds_id: bool = False


def _child(name: str, kind: CellKind = "text", words: Words | None = None, **extra: Any) -> Column:
    return Column(FIELD_LABELS[name].zh, "child", name, kind, words, **extra)


def _parent(target: Target) -> list[Column]:
    prefix = TARGET_NAMES[target].zh
    return [
        Column(f"{prefix}姓名", target, "name"),
        Column(f"{prefix}公民身份号码", target, "id_number", "id"),
        Column(f"{prefix}联系电话", target, "phone", "phone"),
        Column(f"{prefix}情况", target, SITUATION, "situation", SITUATION_WORDS),
        Column(f"{prefix}情况开始日期", target, SITUATION_SINCE, "date"),
        Column(f"{prefix}情况结束日期", target, SITUATION_UNTIL, "date"),
        Column(f"{prefix}务工地点", target, "work_place"),
    ]


_GUARDIAN = TARGET_NAMES["guardian"].zh

COLUMNS: tuple[Column, ...] = (
    _child("name", required=True),
    _child("gender", "choice", GENDER_WORDS, required=True),
    _child("id_number", "id", note="18 位，请把该列设为文本格式"),
    _child("birth_date", "date", required=True, note="须与身份证号码一致"),
    _child("ethnicity"),
    _child("hukou_type", "choice", HUKOU_TYPE_WORDS, note="不填为农村"),
    _child("hukou_county_code", note="6 位行政区划代码，不填为安吉县 330523"),
    _child("hukou_address"),
    _child("residence_address"),
    _child("school"),
    _child("grade"),
    _child("boarding", "bool", BOOL_WORDS),
    _child("health"),
    _child("disability_category", "choice", DISABILITY_WORDS, note="与残疾等级同时填写"),
    _child("disability_grade", "grade", GRADE_WORDS, note="与残疾类别同时填写"),
    _child("disability_certificate_no", holds_id=True, note="第二代残疾人证号为身份证号码加两位"),
    _child("serious_illness", "bool", BOOL_WORDS),
    _child("serious_illness_note"),
    _child("family_assistance", "choice", ASSISTANCE_WORDS, note="不填为无"),
    _child("assistance_certificate_no"),
    _child("assistance_valid_until", "date"),
    _child("welfare_received"),
    _child("in_welfare_institution", "bool", BOOL_WORDS),
    _child("found_in_county", "bool", BOOL_WORDS),
    _child("justice_involvement", "choice", JUSTICE_WORDS),
    _child("needs_temporary_custody", "bool", BOOL_WORDS),
    _child("risk_level", "choice", RISK_WORDS, note="不填为低"),
    _child("key_child", "bool", BOOL_WORDS),
    _child("opened_on", "date", note="不填时导入会询问；月报按它统计新建档案"),
    *_parent("father"),
    *_parent("mother"),
    Column(f"{_GUARDIAN}姓名", "guardian", "name"),
    Column(
        f"{_GUARDIAN}与儿童关系",
        "guardian",
        "relation",
        "choice",
        RELATION_WORDS,
        note="受委托监护人是父亲或母亲时，记在该父母名下",
    ),
    Column(f"{_GUARDIAN}联系电话", "guardian", "phone", "phone"),
    Column(f"{_GUARDIAN}公民身份号码", "guardian", "id_number", "id"),
    _child("notes"),
    # 退出/结案 (casework.closure): a closed file's day and reason, and a reopening's.
    _child("file_closed_on", "date", note="结案的档案才填"),
    _child("closure_reason", "choice", CLOSURE_WORDS),
    _child("closure_note"),
    _child("reopened_on", "date"),
    _child("reopen_reason"),
    # Annex 3 item 4: 无户籍 and 失学辍学 children are key children (casework.file_checks).
    _child("no_hukou", "bool", BOOL_WORDS, note="没有户籍登记的儿童填“是”，不填为否"),
    _child("schooling_status", "choice", SCHOOLING_WORDS),
)
# The child's fields that hold lists of their own (a declined key-child suggestion, the
# benefits): kept in the file, the dossier and the monthly report, not as ledger columns.
NOT_IN_LEDGER = frozenset({"key_child_declined", "benefits"})

HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)
REQUIRED_HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS if c.required)
_BY_HEADER: dict[str, Column] = {c.header: c for c in COLUMNS}
_ORDER: dict[str, int] = {h: i for i, h in enumerate(HEADERS)}
ID_HEADER = FIELD_LABELS["id_number"].zh


def column(header: str) -> Column:
    return _BY_HEADER[header]


def _header_key(raw: object) -> str:
    """Headers compare without spaces, line breaks and the * that marks a required one."""
    return _text_header_key(str(raw))


@lru_cache(maxsize=4096)
def _text_header_key(raw: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", raw)).strip("*")


def _aliases() -> dict[str, str]:
    aliases: dict[str, str] = {
        "儿童姓名": "姓名",
        "身份证号": ID_HEADER,
        "身份证号码": ID_HEADER,
        "儿童身份证号码": ID_HEADER,
        "儿童公民身份号码": ID_HEADER,
        "户口性质": "户籍性质",
        "户籍类型": "户籍性质",
        "现住址": "现居住地址",
        "居住地址": "现居住地址",
        "学校": "就读学校",
        "重点儿童": "是否重点儿童",
        "救助类型": "家庭救助类型",
        "与儿童关系": f"{_GUARDIAN}与儿童关系",
        _GUARDIAN: f"{_GUARDIAN}姓名",
    }
    for target in ("father", "mother"):
        prefix = TARGET_NAMES[target].zh
        aliases.update(
            {
                f"{prefix}身份证号": f"{prefix}公民身份号码",
                f"{prefix}身份证号码": f"{prefix}公民身份号码",
                f"{prefix}电话": f"{prefix}联系电话",
                f"{prefix}手机": f"{prefix}联系电话",
            }
        )
    for prefix in ("委托监护人", "监护人", _GUARDIAN):
        aliases.update(
            {
                f"{prefix}姓名": f"{_GUARDIAN}姓名",
                f"{prefix}与儿童关系": f"{_GUARDIAN}与儿童关系",
                f"{prefix}联系电话": f"{_GUARDIAN}联系电话",
                f"{prefix}电话": f"{_GUARDIAN}联系电话",
                f"{prefix}公民身份号码": f"{_GUARDIAN}公民身份号码",
                f"{prefix}身份证号": f"{_GUARDIAN}公民身份号码",
                f"{prefix}身份证号码": f"{_GUARDIAN}公民身份号码",
            }
        )
    resolved = {_header_key(k): v for k, v in aliases.items()}
    resolved.update({_header_key(h): h for h in HEADERS})
    return resolved


_ALIASES = _aliases()


@lru_cache(maxsize=512)
def resolve_header(raw: object) -> str | None:
    """The ledger header a file's column header stands for, or None if it is not ours."""
    if raw is None:
        return None
    return _ALIASES.get(_header_key(raw))


def describe(col: Column) -> str:
    """What a column holds and what may be typed in it (for the template's notes)."""
    parts: list[str] = ["必填。"] if col.required else []
    if col.kind == "date":
        parts.append("日期，如 2013-04-02（也可写 2013/4/2、20130402、2013年4月2日）。")
    elif col.kind == "id":
        parts.append("18 位公民身份号码，不能打码。")
    elif col.kind == "phone":
        parts.append("11 位手机号或带区号的座机，如 0572-5123304。")
    elif col.words is not None:
        parts.append(f"可填：{col.words.accepted()}。")
    if col.field == SITUATION:
        parts.append("只填当前的一种情况；开始、结束日期填在后面两列。")
    if col.target in ("father", "mother", "guardian") and col.field == "name":
        parts.append(f"{TARGET_NAMES[col.target].zh}的各列有内容时须填写。")
    if col.note:
        parts.append(f"{col.note}。")
    return "".join(parts)


# ---------------------------------------------------------------------------------------
# Reading a row


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell: its column header and a bilingual message."""

    header: str
    message: Message
    column: str = ""  # the file's column as Excel shows it (E), when known
    source: str = ""  # the file's own header for it, when it differs (出生年月)

    def label(self, language: str = "zh") -> str:
        if not self.column:
            return self.header
        named = f"“{self.source}”" if self.source else ""
        if language == "en":
            return f"{self.header} (column {self.column}{' ' + named if named else ''})"
        return f"{self.header}（{self.column} 列{named}）"


class RowError(ValueError):
    """Every problem of one ledger row; ``row_number`` is the spreadsheet's row number.

    ``id_number`` is the child's ID number when that cell itself was valid (it is never
    shown in the message), so duplicates can be found among bad rows too.
    """

    def __init__(
        self, row_number: int, problems: Sequence[Problem], *, id_number: str | None = None
    ) -> None:
        self.row_number = row_number
        self.problems = tuple(sorted(problems, key=lambda p: _ORDER.get(p.header, len(_ORDER))))
        self.id_number = id_number
        super().__init__(self.text("en"))

    def text(self, language: str | None = None) -> str:
        """One line: the row and each problem with its column."""
        if (language or current_language()) == "en":
            details = "; ".join(f"{p.label('en')}: {p.message.en}" for p in self.problems)
            return f"row {self.row_number}: {details}"
        details = "；".join(f"{p.label()}：{p.message.zh}" for p in self.problems)
        return f"第 {self.row_number} 行：{details}"

    def with_problems(self, extra: Iterable[Problem]) -> RowError:
        return RowError(self.row_number, [*self.problems, *extra], id_number=self.id_number)


@dataclass(frozen=True)
class MemberRow:
    """A family member read from a row: its validated fields, without ``child_id``."""

    relation: str
    fields: Mapping[str, Any]

    def for_child(self, child_id: str) -> dict[str, Any]:
        return {**self.fields, "child_id": child_id}


@dataclass(frozen=True)
class LedgerRow:
    """One valid ledger row: the child's validated fields (JSON values) and its members."""

    row_number: int
    child: Mapping[str, Any]
    members: tuple[MemberRow, ...] = ()

    @property
    def id_number(self) -> str | None:
        value = self.child.get("id_number")
        return str(value) if value else None

    def error(self, problems: Iterable[Problem]) -> RowError:
        return RowError(self.row_number, list(problems), id_number=self.id_number)


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in _EMPTY_MARKS)


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return BOOL_WORDS.word(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_parse_date = parse_written_date  # the spellings: casework.dates


def _parse_number_text(value: object) -> str:
    text = _as_text(value)
    if "*" in text:
        raise _CellError(M_MASKED_NUMBER)
    return text


def _parse_id(value: object) -> str:
    if isinstance(value, float):
        raise _CellError(M_ID_AS_NUMBER)
    text = unicodedata.normalize("NFKC", _as_text(value))
    if "*" in text:
        raise _CellError(M_MASKED_ID)
    return text


def _parse_disability(key: str) -> dict[str, Any]:
    rest = re.sub(r"[()（）,，、;；:：]", "", key.replace("残疾", "").replace("重残", ""))
    category: str | None = None
    for code in DISABILITY_CODES:
        word = DISABILITY_WORDS.word(code)
        if word in rest:
            category, rest = code, rest.replace(word, "", 1)
            break
    grade = re.fullmatch(r"([一二三四1-4])级?", rest)
    if category is None or grade is None:
        raise _CellError(M_DISABILITY_DETAIL.format(words=DISABILITY_WORDS.accepted()))
    number = "一二三四".find(grade[1]) + 1 or int(grade[1])
    return {"kind": "disability", "category": category, "grade": number}


def _parse_situation(value: object) -> dict[str, Any] | None:
    text = _as_text(value)
    key = _word_key(text)
    if "残" in key:
        return _parse_disability(key)
    kind = SITUATION_WORDS.lookup(text)
    return None if kind is None else {"kind": kind}


def _parse_cell(col: Column, value: object) -> Any:
    """The field value of one non-empty cell; None when it reads as "not given"."""
    if col.kind == "date":
        if isinstance(value, str) and _word_key(value) == "无":
            return None
        return _parse_date(value)
    if col.kind == "id":
        return _parse_id(value)
    if col.holds_id:
        return _parse_number_text(value)
    if col.kind == "phone":
        return normalize_phone(_as_text(value))
    if col.kind == "situation":
        return _parse_situation(value)
    if col.words is not None:
        if isinstance(value, bool) and col.kind == "bool":
            return value
        if col.words is RELATION_WORDS and _word_key(_as_text(value)) in AMBIGUOUS_RELATIONS:
            return AmbiguousRelation(AMBIGUOUS_RELATIONS[_word_key(_as_text(value))])
        return col.words.lookup(_as_text(value))
    return _as_text(value)


class AmbiguousRelation(NamedTuple):
    pair: tuple[str, str]


AMBIGUOUS_RELATION = "_ambiguous_relation"
# The county's area code: a 7- or 8-digit landline in a village ledger is local.
LOCAL_AREA_CODE = "0572"
_PHONE_NOISE = re.compile(r"[\s\-－—–_.()（）]")


def normalize_phone(raw: str) -> str:
    """A phone as villages type it: full-width digits, spaces, dashes, +86, (0572),
    a local landline without its area code; the first of several numbers."""
    text = unicodedata.normalize("NFKC", raw).strip()
    text = re.sub(r"^\+?86[\s-]*(?=1\d{2}[\s-]?\d{4}[\s-]?\d{4})", "", text)
    first = re.split(r"[,，;；/、\s]{1,}(?=\+?\d{7})", text)[0]
    compact = _PHONE_NOISE.sub("", first)
    compact = re.sub(r"^(\+?86)(?=1\d{10}$|0\d{9,11}$)", "", compact)
    if re.fullmatch(r"0\d{9,11}", compact):
        area = 3 if compact[1] in "12" else 4  # 010 / 02x have three digits
        return f"{compact[:area]}-{compact[area:]}"
    if re.fullmatch(r"[2-9]\d{6,7}", compact):
        return f"{LOCAL_AREA_CODE}-{compact}"
    return compact or text


class _RowReader:
    """Collects the problems of one row while its records are built."""

    def __init__(self, row_number: int) -> None:
        self.row_number = row_number
        self.problems: list[Problem] = []

    def add(self, header: str, message: Message) -> None:
        if any(p.header == header for p in self.problems):
            return  # the first problem of a cell is the one to fix
        self.problems.append(Problem(header, message))

    def has(self, header: str) -> bool:
        return any(p.header == header for p in self.problems)

    def add_field_errors(
        self, error: RecordValidationError, headers: Mapping[str, str], fallback: str
    ) -> None:
        for fe in error.errors:
            header = headers.get(fe.field) or fallback
            if fe.message == M_TERM_ORDER:
                header = headers.get(SITUATION_UNTIL, header)
            elif fe.message == M_TERM_NEEDS_START:
                header = headers.get(SITUATION_SINCE, header)
            self.add(header, fe.message)


def _child_headers() -> Mapping[str, str]:
    return _CHILD_HEADERS


def _member_headers(target: Target) -> dict[str, str]:
    """A member's headers by field (a copy: a guardian who is a parent adds to it)."""
    return dict(_MEMBER_HEADERS[target])


def _headers_of(target: Target) -> dict[str, str]:
    headers = {c.field: c.header for c in COLUMNS if c.target == target}
    if target != "child" and SITUATION in headers:
        headers["situations"] = headers[SITUATION]
    return headers


_CHILD_HEADERS = MappingProxyType(_headers_of("child"))
_COLUMN_AT: Mapping[str, int] = {c.header: i for i, c in enumerate(COLUMNS)}
_MEMBER_HEADERS: Mapping[Target, Mapping[str, str]] = {
    t: MappingProxyType(_headers_of(t)) for t in ("father", "mother", "guardian")
}


def parse_row(values: Mapping[str, object], row_number: int) -> LedgerRow:
    """Read and validate one ledger row, or raise :class:`RowError` with every problem.

    ``values`` maps the file's column headers to cell values; empty cells mean "not
    given" and columns that are not ledger columns are ignored.
    """
    reader = _RowReader(row_number)
    cells: dict[str, object] = {}
    for raw_header, value in values.items():
        header = resolve_header(raw_header)
        if header is not None and not _is_empty(value):
            cells.setdefault(header, value)

    parsed: dict[Target, dict[str, Any]] = {t: {} for t in TARGETS}
    given: set[Target] = set()
    # The row's own columns in the template's order (problems are listed in that order).
    for position in sorted(_COLUMN_AT[h] for h in cells if h in _COLUMN_AT):
        col = COLUMNS[position]
        given.add(col.target)
        try:
            value = _parse_cell(col, cells[col.header])
        except _CellError as error:
            reader.add(col.header, error.message)
            continue
        if isinstance(value, AmbiguousRelation):
            parsed[col.target][AMBIGUOUS_RELATION] = value.pair
        elif value is not None:
            parsed[col.target][col.field] = value

    _fill_from_id(parsed["child"])
    _resolve_months(reader, parsed)
    _resolve_ambiguous_relation(parsed["guardian"])
    child, valid_id = _read_child(reader, parsed["child"])
    members = _read_members(reader, parsed, given)
    if reader.problems:
        raise RowError(row_number, reader.problems, id_number=valid_id)
    assert child is not None
    return LedgerRow(row_number, MappingProxyType(child), tuple(members))


def _id_of(value: object) -> IdNumber | None:
    if not value:
        return None
    try:
        return parse_id_number(str(value))  # cached: a row reads its number several times
    except CaseworkError:
        return None


def _fill_from_id(fields: dict[str, Any]) -> None:
    """A ledger without 性别 or 出生日期 columns: the valid ID number fixes both."""
    parsed = _id_of(fields.get("id_number"))
    if parsed is None:
        return
    fields.setdefault("gender", parsed.gender)
    fields.setdefault("birth_date", parsed.birth_date)


def _resolve_months(reader: _RowReader, parsed: Mapping[Target, dict[str, Any]]) -> None:
    """Dates given to the month only: a birth month takes its day from the ID number
    when they agree; a term starts on the month's first day and ends on its last."""
    child = parsed["child"]
    birth = child.get("birth_date")
    if isinstance(birth, YearMonth):
        id_number = _id_of(child.get("id_number"))
        if id_number is not None and (id_number.birth_date.year, id_number.birth_date.month) == (
            birth.year,
            birth.month,
        ):
            child["birth_date"] = id_number.birth_date
        else:
            del child["birth_date"]
            reader.add(_child_headers()["birth_date"], M_MONTH_ONLY.format(value=birth.text()))
    for fields in parsed.values():
        for key, value in list(fields.items()):
            if isinstance(value, YearMonth):
                ends = key in (SITUATION_UNTIL, "assistance_valid_until", "valid_until")
                fields[key] = value.last_day() if ends else value.first_day()


def _resolve_ambiguous_relation(guardian: dict[str, Any]) -> None:
    """祖孙 does not say grandfather or grandmother: the guardian's ID number does."""
    pair = guardian.pop(AMBIGUOUS_RELATION, None)
    if pair is None:
        return
    id_number = _id_of(guardian.get("id_number"))
    if id_number is None:
        guardian.setdefault("relation", "other_relative")
    else:
        guardian.setdefault("relation", pair[0] if id_number.gender == "male" else pair[1])


def _read_child(
    reader: _RowReader, fields: dict[str, Any]
) -> tuple[dict[str, Any] | None, str | None]:
    headers = _child_headers()
    valid_id: str | None = None
    parsed_id = _id_of(fields.get("id_number"))  # when invalid, validation reports it
    if parsed_id is not None:
        valid_id = parsed_id.value
    try:
        return to_wire(validate("child", fields)), valid_id
    except RecordValidationError as error:
        reader.add_field_errors(error, headers, headers["name"])
    if parsed_id is not None:
        # The consistency check runs only on an otherwise valid child: run it here too,
        # so a row shows all its problems at once.
        gender = fields.get("gender")
        for problem in check_consistency(
            parsed_id, birth_date=fields.get("birth_date"), gender=gender
        ):
            field_name = "birth_date" if problem.code == "id_birth_mismatch" else "gender"
            if not reader.has(headers[field_name]):
                reader.add(headers[field_name], problem.message)
    return None, valid_id


def _same(a: object, b: object) -> bool:
    return _word_key(str(a)) == _word_key(str(b))


def _read_members(
    reader: _RowReader, parsed: Mapping[Target, dict[str, Any]], given: set[Target]
) -> list[MemberRow]:
    inputs: dict[Target, dict[str, Any]] = {}
    headers: dict[Target, dict[str, str]] = {}
    for target in ("father", "mother", "guardian"):
        if target not in given:
            continue
        data = parsed[target]
        target_headers = _member_headers(target)
        fields: dict[str, Any] = {
            k: data[k]
            for k in ("name", "id_number", "phone", "work_place", "relation")
            if k in data
        }
        situation = data.get(SITUATION)
        if situation is not None:
            term = {"since": data.get(SITUATION_SINCE), "until": data.get(SITUATION_UNTIL)}
            fields["situations"] = [{**situation, **{k: v for k, v in term.items() if v}}]
        elif SITUATION in target_headers and not reader.has(target_headers[SITUATION]):
            for key in (SITUATION_SINCE, SITUATION_UNTIL):
                if key in data:
                    reader.add(
                        target_headers[key],
                        M_DATES_WITHOUT_SITUATION.format(header=target_headers[SITUATION]),
                    )
        if target == "guardian":
            fields["is_entrusted_guardian"] = True
        else:
            fields["relation"] = target
        inputs[target] = fields
        headers[target] = target_headers

    guardian = inputs.get("guardian")
    if guardian is not None and guardian.get("relation") in ("father", "mother"):
        _merge_guardian(reader, inputs, headers)

    members: list[MemberRow] = []
    for target, fields in inputs.items():
        try:
            record = validate("family_member", {**fields, "child_id": PLACEHOLDER_CHILD_ID})
        except RecordValidationError as error:
            reader.add_field_errors(error, headers[target], headers[target]["name"])
            continue
        wire = to_wire(record)
        del wire["child_id"]
        members.append(MemberRow(str(wire["relation"]), MappingProxyType(wire)))
    return members


def _merge_guardian(
    reader: _RowReader,
    inputs: dict[Target, dict[str, Any]],
    headers: dict[Target, dict[str, str]],
) -> None:
    """The entrusted guardian is a parent: mark that parent rather than add a member."""
    guardian = inputs.pop("guardian")
    guardian_headers = headers.pop("guardian")
    parent_target: Target = "father" if guardian["relation"] == "father" else "mother"
    parent = inputs.get(parent_target)
    if parent is None:
        inputs[parent_target] = guardian
        headers[parent_target] = guardian_headers
        return
    parent_headers = headers[parent_target]
    for key in ("name", "id_number", "phone"):
        if key not in guardian:
            continue
        if key not in parent:
            parent[key] = guardian[key]
            parent_headers[key] = guardian_headers[key]
        elif not _same(parent[key], guardian[key]):
            reader.add(
                guardian_headers[key],
                M_GUARDIAN_CONFLICT.format(
                    parent=TARGET_NAMES[parent_target].zh,
                    parent_en=TARGET_NAMES[parent_target].en,
                    header=parent_headers[key],
                ),
            )
    parent["is_entrusted_guardian"] = True


# ---------------------------------------------------------------------------------------
# Duplicates


def add_problem(result: LedgerRow | RowError, problem: Problem) -> RowError:
    """``result`` with one more problem (a valid row becomes a row error)."""
    if isinstance(result, RowError):
        return result.with_problems([problem])
    return result.error([problem])


def mark_duplicate_ids(results: Sequence[LedgerRow | RowError]) -> list[LedgerRow | RowError]:
    """Every row whose child ID number is on another row too becomes a row error.

    All rows holding the number are refused, not only the later ones: which row is the
    right child is for the director to decide (DESIGN §4).
    """
    rows_of: dict[str, list[int]] = {}
    for result in results:
        if result.id_number:
            rows_of.setdefault(result.id_number, []).append(result.row_number)
    marked: list[LedgerRow | RowError] = []
    for result in results:
        rows = rows_of.get(result.id_number or "", [])
        if len(rows) > 1:
            others = "、".join(str(n) for n in rows if n != result.row_number)
            result = add_problem(
                result, Problem(ID_HEADER, M_DUPLICATE_IN_FILE.format(rows=others))
            )
        marked.append(result)
    return marked


# ---------------------------------------------------------------------------------------
# Writing a row


def current_situation(situations: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The one situation a ledger row shows: the latest ongoing one, else the latest."""
    if not situations:
        return None
    ongoing = [s for s in situations if not s.get("until")]
    pool = ongoing or list(situations)
    return max(pool, key=lambda s: (str(s.get("since") or ""), str(s.get("until") or "")))


def situation_word(situation: Mapping[str, Any]) -> str:
    kind = str(situation.get("kind"))
    if kind == "disability" and situation.get("category") and situation.get("grade"):
        category = DISABILITY_WORDS.word(str(situation["category"]))
        return f"残疾（{category}{GRADE_WORDS.word(int(situation['grade']))}）"
    return SITUATION_WORDS.word(kind)


def _date_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_EMBEDDED_ID = re.compile(r"\d{17}[\dXx]")


def _cell_text(col: Column, source: Mapping[str, Any], reveal_id_numbers: bool) -> str:
    if col.field in (SITUATION, SITUATION_SINCE, SITUATION_UNTIL):
        situation = current_situation(source.get("situations") or ())
        if situation is None:
            return ""
        if col.field == SITUATION:
            return situation_word(situation)
        value = situation.get("since" if col.field == SITUATION_SINCE else "until")
        return "" if value is None else _date_text(value)
    value = source.get(col.field)
    if value is None or value == "":
        return ""
    if col.kind == "id":
        return str(value) if reveal_id_numbers else mask_id_number(str(value))
    if col.holds_id and not reveal_id_numbers:
        return _EMBEDDED_ID.sub(lambda m: mask_id_number(m[0]), str(value))
    if col.kind == "date":
        return _date_text(value)
    if col.kind == "bool":
        return BOOL_WORDS.word(bool(value))
    if col.words is not None:
        return col.words.word(value)
    return str(value)


def row_values(
    child_fields: Mapping[str, Any],
    members: Sequence[Mapping[str, Any]],
    *,
    reveal_id_numbers: bool,
) -> dict[str, str]:
    """One ledger row for a child and its family members' fields, header → cell text.

    The father and mother are the first members with those relations, the guardian the
    first marked as entrusted guardian; other members are not in the ledger. ID numbers
    are masked unless ``reveal_id_numbers``.
    """
    sources: dict[Target, Mapping[str, Any] | None] = {
        "child": child_fields,
        "father": next((m for m in members if m.get("relation") == "father"), None),
        "mother": next((m for m in members if m.get("relation") == "mother"), None),
        "guardian": next((m for m in members if m.get("is_entrusted_guardian")), None),
    }
    values: dict[str, str] = {}
    for col in COLUMNS:
        source = sources[col.target]
        values[col.header] = "" if source is None else _cell_text(col, source, reveal_id_numbers)
    return values


__all__ = [
    "COLUMNS",
    "HEADERS",
    "ID_HEADER",
    "REQUIRED_HEADERS",
    "Column",
    "LedgerError",
    "LedgerRow",
    "MemberRow",
    "Problem",
    "RowError",
    "Words",
    "add_problem",
    "column",
    "current_situation",
    "describe",
    "mark_duplicate_ids",
    "parse_row",
    "resolve_header",
    "row_values",
]
