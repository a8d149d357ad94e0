"""The words villages use for ledger columns: a file's header → the field it fills.

Ledgers come in layouts the township or county handed down, not in this program's
template. A header is read as *who* it is about (the child, the father, the mother, the
guardian: from its own words or from the merged group cell above it, 父亲 over 姓名 /
身份证号码 / 外出务工地) and *what* it says of them (姓名, 身份证号码, 联系电话 …).

A column resolves to a *target*: one of the template's headers (``casework.ledger``
``HEADERS``, which ``parse_row`` reads), or one of the intake's own targets below (the
ledger's own 类别, the parents' away-status, the class joined to the grade, the
entrustment's dates, "keep in notes", "do not import").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from casework.ledger import HEADERS, TARGET_NAMES, resolve_header
from casework.messages import Message

# Targets of the intake beside the template's headers.
SKIP = "不导入"
NOTES = "记入备注"
LEDGER_CATEGORY = "台账类别"  # compared with the rules, never trusted as such
PARENTS_AWAY = "父母外出情况"  # 双方外出 / 父亲外出 / 母亲外出
CLASS = "班级"  # joined to the grade: 三年级 + 2班
ENTRUSTMENT_SIGNED = "委托监护签订日期"
ENTRUSTMENT_UNTIL = "委托监护有效期至"

EXTRA_TARGETS: dict[str, Message] = {
    LEDGER_CATEGORY: Message("台账中的儿童类别（与县里规则对照）", "the ledger's own category"),
    PARENTS_AWAY: Message("父母外出情况（双方/父亲/母亲外出）", "which parents are away"),
    CLASS: Message("班级（并入年级）", "class (joined to the grade)"),
    ENTRUSTMENT_SIGNED: Message("委托监护确认书签订日期", "entrustment signed on"),
    ENTRUSTMENT_UNTIL: Message("委托监护确认书有效期至", "entrustment valid until"),
    NOTES: Message("记入备注（列名：内容）", "kept in the notes (column: value)"),
    SKIP: Message("不导入", "not imported"),
}
TARGETS: tuple[str, ...] = (*HEADERS, *EXTRA_TARGETS)

_GUARDIAN = TARGET_NAMES["guardian"].zh
_CHILD_ID = "公民身份号码"

# Who a header (or its group cell) is about, longest words first.
_PERSONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "guardian",
        (
            "受委托监护人", "委托监护人", "被委托监护人", "被委托人", "实际监护人",
            "代理监护人", "临时监护人", "监护人", "看护人", "抚养人",
        ),
    ),
    ("father", ("父亲", "爸爸", "父")),
    ("mother", ("母亲", "妈妈", "母")),
    (
        "child",
        (
            "儿童基本信息", "儿童基本情况", "儿童信息", "儿童情况", "基本信息", "基本情况",
            "学生", "儿童", "本人",
        ),
    ),
)  # fmt: skip
_GROUP_SUFFIXES = ("基本情况", "基本信息", "情况", "信息", "资料")

# What a header says of a person (after the person's words are taken off).
_PERSON_FIELDS: dict[str, tuple[str, ...]] = {
    "姓名": ("姓名", "名字", "名称"),
    _CHILD_ID: (
        "公民身份号码", "身份证号码", "身份证号", "身份证", "证件号码", "证件号",
        "身份号码",
    ),
    "联系电话": (
        "联系电话", "电话号码", "手机号码", "联系方式", "电话", "手机号", "手机",
    ),
    "务工地点": (
        "外出务工地点", "外出务工地址", "外出务工地", "务工地点", "务工地址", "务工地",
        "打工地点", "打工地址", "打工地", "外出地点", "外出地", "工作单位", "工作地点",
        "务工单位", "所在地",
    ),
    "情况": ("外出情况", "在家情况", "现状", "状况", "情况", "去向", "是否外出"),
    "情况开始日期": ("外出时间", "外出日期", "情况开始日期", "开始日期", "开始时间"),
    "情况结束日期": ("返回时间", "返乡时间", "情况结束日期", "结束日期", "结束时间"),
    "与儿童关系": (
        "与儿童关系", "与儿童的关系", "与孩子关系", "与孩子的关系", "与被监护人关系",
        "与留守儿童关系", "关系", "称谓",
    ),
}  # fmt: skip

# Child columns by their village words (beside the template's own headers).
_CHILD_WORDS: dict[str, tuple[str, ...]] = {
    "姓名": ("儿童姓名", "学生姓名", "姓名"),
    "出生日期": ("出生年月日", "出生年月", "出生日期", "出生时间", "生日", "出生年份"),
    "户籍性质": ("户籍性质", "户口性质", "户籍类型", "户口类型", "户别"),
    "户籍地址": ("户籍地址", "户籍所在地", "户籍地", "户口所在地", "户口地址"),
    "现居住地址": (
        "现居住地址", "现居住地", "现住址", "居住地址", "家庭住址", "家庭地址", "住址",
        "现住地址",
    ),
    "就读学校": ("就读学校", "所在学校", "就学学校", "学校名称", "学校"),
    "建档日期": ("建档日期", "建档时间", "建档", "建档年月", "建档年月日", "建档日"),
    "年级": ("就读年级", "年级"),
    CLASS: ("班级", "就读班级"),
    "是否寄宿": ("是否寄宿", "寄宿", "是否住校", "住校"),
    "健康状况": ("健康状况", "身体状况", "健康情况", "身体情况"),
    "重病情况": ("患病情况", "重病情况", "病情"),
    "家庭救助类型": ("家庭救助类型", "救助类型", "低保情况", "是否低保", "享受低保情况"),
    "备注": ("备注", "其他情况", "说明", "其他"),
    LEDGER_CATEGORY: (
        "儿童类别", "人员类别", "儿童类型", "困境类型", "所属类别", "类别", "类型", "分类",
        "困境儿童类别",
    ),
    PARENTS_AWAY: (
        "父母外出情况", "父母外出务工情况", "父母务工情况", "留守类型", "留守情况",
        "外出类型", "父母外出",
    ),
    ENTRUSTMENT_SIGNED: (
        "委托监护签订日期", "委托监护签订时间", "委托签订日期", "委托时间", "委托日期",
        "签订日期", "签订时间",
    ),
    ENTRUSTMENT_UNTIL: ("委托监护有效期至", "委托有效期至", "委托期限至", "委托截止日期"),
    f"{_GUARDIAN}与儿童关系": (
        "关系", "称谓", "与儿童的关系", "与孩子关系", "与孩子的关系", "与留守儿童关系",
        "与被监护人关系",
    ),
    SKIP: (
        "序号", "编号", "序", "NO", "NO.", "村社区代码", "村社区", "所在村", "村名", "村别",
        "所属村", "行政村", "所在村社区", "乡镇街道", "所属乡镇",
    ),
}  # fmt: skip

# A bare phone column beside the guardian's columns is the guardian's; these are always.
_GUARDIAN_PHONES = ("家长电话", "家长联系电话", "监护人电话", "监护人联系电话", "联系人电话")
_BARE_PHONES = ("联系电话", "电话", "联系方式", "手机", "手机号码", "电话号码")


def header_key(raw: object) -> str:
    """How headers compare: full-width folded, no spaces, brackets, stars or colons."""
    text = unicodedata.normalize("NFKC", "" if raw is None else str(raw))
    text = re.sub(r"[\s*:：()（）\[\]【】<>《》]", "", text)
    return text.upper()


def _strip_prefix(key: str, words: Sequence[str]) -> str | None:
    for word in words:
        if key.startswith(word):
            return key[len(word) :]
    return None


def person_of(group: str) -> str | None:
    """The person a group cell (父亲 / 监护人情况 / 儿童基本信息) names, if any."""
    key = header_key(group)
    for suffix in _GROUP_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    for person, words in _PERSONS:
        if key in words:
            return person
    return None


def _person_target(person: str, what: str) -> str | None:
    """The template header for a person's field, e.g. ("father", "姓名") → 父亲姓名."""
    if person == "child":
        return what if what in HEADERS else None
    if what == "与儿童关系" and person != "guardian":
        return None
    prefix = TARGET_NAMES[person].zh  # type: ignore[index]
    candidate = f"{prefix}{what}"
    if candidate in HEADERS:
        return candidate
    return None


def _field_of(rest: str) -> str | None:
    for what, words in _PERSON_FIELDS.items():
        if rest in words:
            return what
    return None


@lru_cache(maxsize=2048)
def resolve(header: str, group: str = "") -> str | None:
    """The target a column fills, from its header and the group cell above it; None
    when the words are not known (the intake then keeps the column in the notes)."""
    key = header_key(header)
    if not key:
        return None
    person = person_of(group) if group else None
    if person is not None and person != "child":
        return _resolve_person(person, key) or _resolve_plain(f"{header_key(group)}{key}")
    return _resolve_plain(key)


def _resolve_plain(key: str) -> str | None:
    known = resolve_header(key)
    if known is not None:
        return known
    for target, words in _CHILD_WORDS.items():
        if key in words:
            return target
    if key in _GUARDIAN_PHONES:
        return f"{_GUARDIAN}联系电话"
    for person, words in _PERSONS:
        if person == "child":
            continue
        if key in words:  # 监护人 alone: the guardian's name
            return f"{_GUARDIAN}姓名" if person == "guardian" else _person_target(person, "姓名")
        rest = _strip_prefix(key, words)
        if rest:
            found = _resolve_person(person, rest)
            if found is not None:
                return found
    child_rest = _strip_prefix(key, _PERSONS[3][1])
    if child_rest:
        return _resolve_plain(child_rest) if child_rest != key else None
    return None


def _resolve_person(person: str, rest: str) -> str | None:
    what = _field_of(rest)
    if what is None:
        return None
    if person == "child":
        if what == _CHILD_ID:
            return _CHILD_ID
        return _person_target("child", what)
    return _person_target(person, what)


def is_bare_phone(header: str) -> bool:
    """联系电话 with no person named: the guardian's when the ledger has a guardian."""
    return header_key(header) in _BARE_PHONES


def target_label(target: str, language: str = "zh") -> str:
    """How a target is named in the mapping step."""
    extra = EXTRA_TARGETS.get(target)
    if extra is not None:
        return extra.en if language == "en" else extra.zh
    return target
