"""The CLI's words: what ``childdesk`` prints and reads, in the window's language.

Every coded value goes through the one vocabulary (``casework.vocabulary``): ``show``
prints a record's fields by name, in the order of the window's form, each value in words
(女, 肢体, 低保, 是/否, （空）); ``--set`` reads a field by its code or its name (性别,
年级), a coded value by its code or its words (女, 六年级, 低保边缘), yes/no as 是/否, a date
in any spelling the ledger's import reads (2013年4月2日, 2013/4/2, 20130402); ``list
--category`` reads a category by its code or name and refuses an unknown one, naming the
categories. Qt-free, so the CLI never loads the window.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from casework import labels, vocabulary
from casework.dates import parse_written_day, parse_written_time
from casework.ids import mask_id_number
from casework.labels import label
from casework.messages import Message, WordError
from casework.vocabulary import CATEGORY, EMPTY, domain_for, form_order, value_name

M_UNKNOWN_CATEGORY = Message(
    "“{value}”不是儿童类别；类别有：{words}",
    "'{value}' is not a category of children; the categories are: {words_en}",
)
M_FIELD_VALUE = Message("{label}：{reason}", "{label_en}: {reason_en}")
M_CATEGORIES = Message("类别", "Categories")
M_NO_CATEGORY = Message("不属于任何类别", "in no category")
M_FAMILY = Message("家庭成员", "Family")
M_VISITS = Message("走访记录", "Visits")
M_NONE = Message("无", "none")

# Fields a CLI user may name besides a kind's own: the child a record belongs to.
_LINK_FIELDS = ("child_id",)
_SPLIT = str.maketrans({"，": "、", ",": "、", ";": "、", "；": "、"})


def category_code(word: str) -> str:
    """The category ``word`` names (its code, its name or short name, an older name)."""
    try:
        code = CATEGORY.read(word)
    except WordError:
        code = None
    if code is None:
        raise WordError(
            M_UNKNOWN_CATEGORY.format(
                value=word.strip(),
                words="、".join(CATEGORY.names("zh")),
                words_en="; ".join(CATEGORY.names("en")),
            )
        )
    return str(code)


def read_assignments(kind: str, raw: Mapping[str, str | None]) -> dict[str, Any]:
    """``--set`` pairs (name → typed text) as record fields of ``kind``; every problem
    named at once in a :class:`WordError`."""
    fields: dict[str, Any] = {}
    problems: list[Message] = []
    for name, text in raw.items():
        try:
            field = name if name in _LINK_FIELDS else _field_named(kind, name)
        except WordError as error:
            problems.append(error.message)
            continue
        try:
            fields[field] = read_value(kind, field, text)
        except WordError as error:
            shown = label(field)
            problems.append(
                M_FIELD_VALUE.format(
                    label=shown.zh,
                    label_en=shown.en,
                    reason=error.message.zh,
                    reason_en=error.message.en,
                )
            )
    if problems:
        raise WordError(
            Message("\n".join(p.zh for p in problems), "\n".join(p.en for p in problems))
        )
    return fields


def _field_named(kind: str, name: str) -> str:
    """A field by its code or name; for a child also by a ledger's header words (身份证号,
    户口性质: casework.ledger_vocabulary), as the import reads them."""
    try:
        return labels.field_named(kind, name)
    except WordError:
        if kind != "child":
            raise
        from casework.ledger import COLUMNS
        from casework.ledger_vocabulary import resolve

        header = resolve(name)
        found = next((c.field for c in COLUMNS if c.header == header and c.target == kind), None)
        if found is None:
            raise
        return found


def read_value(kind: str, field: str, text: str | None) -> Any:
    """One typed value as the field's stored value (contract in the module docstring)."""
    if text is None or text == "":
        return None
    if text[:1] in "[{":
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            pass
        else:
            return _coded(kind, field, value)
    annotation = vocabulary._annotation(kind, field)
    domain = domain_for(kind, field)
    if _is_sequence(annotation):
        parts = [p.strip() for p in text.translate(_SPLIT).split("、") if p.strip()]
        nested = vocabulary._nested_model(annotation)
        if nested is not None and domain_for(kind, f"{field}.kind") is not None:
            # A list of situations given as words: 外出务工、重病.
            words = domain_for(kind, f"{field}.kind")
            assert words is not None
            return [{"kind": code} for code in map(words.read, parts) if code is not None]
        if domain is not None:
            return [code for code in (domain.read(p) for p in parts) if code is not None]
        return parts
    if domain is not None:
        return domain.read(text)
    if _holds(annotation, datetime):
        return parse_written_time(text).isoformat(timespec="minutes")
    if _holds(annotation, date):
        return parse_written_day(text).isoformat()
    return text


def _coded(kind: str, field: str, value: Any) -> Any:
    """A JSON value with words for codes: ["民政", "公安"], [{"kind": "外出务工"}]."""
    domain = domain_for(kind, field)
    if isinstance(value, list):
        if domain is not None and all(isinstance(v, str) for v in value):
            return [domain.read(v) for v in value]
        return [_coded_item(kind, field, v) for v in value]
    if isinstance(value, dict):
        return _coded_item(kind, field, value)
    return value


def _coded_item(kind: str, field: str, item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    out = {}
    for key, value in item.items():
        domain = domain_for(kind, f"{field}.{key}")
        if domain is not None and isinstance(value, str) and value not in domain:
            value = domain.read(value)
        out[key] = value
    return out


def _is_sequence(annotation: Any) -> bool:
    return any(typing.get_origin(a) is tuple for a in (annotation, *typing.get_args(annotation)))


def _holds(annotation: Any, kind: type) -> bool:
    return annotation is kind or kind in typing.get_args(annotation)


# -- show -------------------------------------------------------------------------------


def _masked(field: str, value: Any, reveal: bool) -> Any:
    if not reveal and field.endswith("id_number") and isinstance(value, str):
        return mask_id_number(value)
    return value


def value_words(kind: str, field: str, value: Any, *, reveal: bool = True) -> Message:
    """A stored value in words; nested records (situations, plan items) item by item."""
    value = _masked(field, value, reveal)
    if isinstance(value, list | tuple) and value and all(isinstance(v, dict) for v in value):
        items = [_item_words(kind, field, v, reveal) for v in value]
        return Message("；".join(i.zh for i in items), "; ".join(i.en for i in items))
    if isinstance(value, dict):
        return _item_words(kind, field, value, reveal)
    return value_name(kind, field, value)


def _item_words(kind: str, field: str, item: Mapping[str, Any], reveal: bool) -> Message:
    zh: list[str] = []
    en: list[str] = []
    for key, value in item.items():
        if value in (None, "", [], ()):
            continue
        words = value_words(kind, f"{field}.{key}", value, reveal=reveal)
        if key in ("kind", "benefit", "step", "what") and not zh:
            zh.append(words.zh)
            en.append(words.en)
            continue
        name = label(key)
        zh.append(f"{name.zh} {words.zh}")
        en.append(f"{name.en} {words.en}")
    return Message("，".join(zh), ", ".join(en))


def record_lines(kind: str, fields: Mapping[str, Any], *, reveal: bool, language: str) -> list[str]:
    """A record's fields as the window's form has them: name, then the value in words."""
    separator = "：" if language != "en" else ": "
    lines = []
    for field in form_order(kind):
        words = value_words(kind, field, fields.get(field), reveal=reveal)
        lines.append(f"{label(field).text(language)}{separator}{words.text(language)}")
    return lines


def categories_line(categories: Iterable[str], language: str) -> str:
    separator = "：" if language != "en" else ": "
    names = [CATEGORY.name(c).text(language) for c in categories]
    joined = ("、" if language != "en" else "; ").join(names) or M_NO_CATEGORY.text(language)
    return f"{M_CATEGORIES.text(language)}{separator}{joined}"


def family_lines(members: Sequence[Mapping[str, Any]], language: str, reveal: bool) -> list[str]:
    separator = "：" if language != "en" else ": "
    lines = [f"{M_FAMILY.text(language)}{separator}" + ("" if members else M_NONE.text(language))]
    for fields in members:
        relation = value_name("family_member", "relation", fields.get("relation"))
        parts = [relation.text(language)]
        if fields.get("name"):
            parts.append(str(fields["name"]))
        situations = fields.get("situations") or ()
        if situations:
            parts.append(value_words("family_member", "situations", situations).text(language))
        if fields.get("is_entrusted_guardian"):
            parts.append(label("is_entrusted_guardian").text(language))
        lines.append("  " + "  ".join(parts))
    return lines


def visit_lines(visits: Sequence[Mapping[str, Any]], language: str) -> list[str]:
    separator = "：" if language != "en" else ": "
    lines = [f"{M_VISITS.text(language)}{separator}" + ("" if visits else M_NONE.text(language))]
    for fields in sorted(visits, key=lambda f: str(f.get("visit_date") or "")):
        kind = value_name("visit", "visit_type", fields.get("visit_type"))
        who = str(fields.get("visitor") or "")
        lines.append(f"  {fields.get('visit_date')}  {kind.text(language)}  {who}".rstrip())
    return lines


__all__ = [
    "EMPTY",
    "categories_line",
    "category_code",
    "family_lines",
    "read_assignments",
    "read_value",
    "record_lines",
    "value_words",
    "visit_lines",
]
