"""Finding a child fast: an in-memory index over the children of an unlocked store.

Built once after unlock (names and ID numbers are decrypted then anyway) and updated for
one child after a save; it lives in memory only and is never written anywhere.

A query is read as one of three things:

- Chinese characters: names containing them (``小明`` finds 王小明);
- Latin letters: full pinyin without tones (``zhangsan``, ``zhang san``) or the
  initials (``zs``), as a prefix or anywhere inside, upper or lower case; ``v`` and ``u``
  both stand for ``ü`` (吕 is ``lv`` or ``lu``);
- digits, optionally ending in X: ID numbers containing them.

Results come best first: an exact match, then matches at the start, then matches
anywhere; within each group, in the order the children were indexed.

Pinyin is worked out per character and cached, since thousands of names share a few
hundred distinct characters: that keeps building the index for 10,000 children in tens
of milliseconds, where converting each whole name costs about a second. A surname that
reads differently as a surname (单 shan, 曾 zeng, 解 xie, ...) matches under both readings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice, product
from typing import TYPE_CHECKING

from desktop.services import read_cache
from desktop.services.pinyin import reading

if TYPE_CHECKING:
    from desktop.models.store import CaseStore, RecordView

# Readings of characters as surnames where they differ from the everyday reading.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "朴": ("piao",),
    "区": ("ou",),
    "查": ("zha",),
    "缪": ("miao",),
    "覃": ("qin",),
    "尉": ("yu", "wei"),
    "盖": ("ge",),
    "翟": ("zhai",),
    "乐": ("yue",),
    "召": ("shao",),
    "种": ("chong",),
    "繁": ("po",),
    "员": ("yun",),
    "秘": ("bi",),
    "折": ("she",),
    "藏": ("zang",),
    "祭": ("zhai",),
    "隗": ("wei",),
    "郇": ("huan",),
    "句": ("gou",),
    "贲": ("ben",),
    "阚": ("kan",),
    "长": ("zhang", "chang"),
    "沈": ("shen",),
    "任": ("ren",),
    "宁": ("ning",),
    "都": ("du",),
    "蕃": ("pi",),
}
# Compound surnames with a reading of their own.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "长孙": ("zhang", "sun"),
    "单于": ("chan", "yu"),
}
MAX_VARIANTS = 4  # readings indexed per child

_SEP = "\x00"
_WHITESPACE = re.compile(r"[\s'’·.\-]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f〇]")
_LATIN = re.compile(r"^[a-zü]+$")
_DIGITS = re.compile(r"^[0-9]+X?$")

Reading = tuple[str, str]  # (full pinyin without tone, initial)
_char_cache: dict[str, Reading] = {}


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """What the index needs of one child; the ID number is plain and kept in memory only."""

    child_id: str
    name: str
    id_number: str | None = None


def _char_reading(char: str) -> Reading:
    """(full pinyin without tone, initial) of one character; empty for punctuation."""
    cached = _char_cache.get(char)
    if cached is not None:
        return cached
    if _CJK.match(char):
        full = reading(char) or ""
        initial = full[:1]
    elif char.isascii() and char.isalnum():
        full = initial = char.lower()
    else:  # spaces, the middle dot of minority names, other punctuation
        full = initial = ""
    _char_cache[char] = (full, initial)
    return full, initial


def _syllable_options(name: str) -> list[tuple[Reading, ...]]:
    """For each character of ``name``, the readings to index, preferred first."""
    options: list[tuple[Reading, ...]] = []
    start = 0
    compound = COMPOUND_SURNAMES.get(name[:2])
    if compound is not None:
        for char, syllable in zip(name[:2], compound, strict=True):
            usual = _char_reading(char)
            own = (syllable, syllable[0])
            options.append((own, usual) if usual != own else (own,))
        start = 2
    for position in range(start, len(name)):
        char = name[position]
        usual = _char_reading(char)
        if position == 0 and char in SURNAME_READINGS:
            readings = tuple((syllable, syllable[0]) for syllable in SURNAME_READINGS[char])
            options.append(readings + ((usual,) if usual not in readings else ()))
        elif usual[0]:
            options.append((usual,))
    return options


def _keys(name: str) -> str:
    """Every pinyin form of ``name`` to match, joined as ``\\0zhangsan\\0zs\\0``."""
    options = _syllable_options(name)
    forms: list[str] = []
    for combination in _limited_product(options):
        full = "".join(reading[0] for reading in combination)
        initials = "".join(reading[1] for reading in combination)
        for form in (full, initials):
            if form and form not in forms:
                forms.append(form)
            # 吕 is indexed as lv; people also type lu.
            plain = form.replace("v", "u")
            if plain != form and plain not in forms:
                forms.append(plain)
    return _SEP + _SEP.join(forms) + _SEP if forms else ""


def _limited_product(options: list[tuple[Reading, ...]]) -> Iterator[tuple[Reading, ...]]:
    return islice(product(*options), MAX_VARIANTS)


def _squeeze(text: str) -> str:
    # NFKC: full-width letters and digits typed with a Chinese input method become ASCII.
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def match_names(query: str, children: Iterable[tuple[str, str]]) -> list[str] | None:
    """Ids of the (id, name) pairs whose name holds the Chinese text of ``query``, squeezed
    as the index does; None for pinyin or digits, which only the index can answer."""
    text = _squeeze(query)
    if not text or not _CJK.search(text):
        return None
    return [child_id for child_id, name in children if text in _squeeze(name)]


class ChildSearchIndex:
    """Name, pinyin and ID number search over the children of one unlocked store."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._names: list[str] = []  # \0name\0
        self._pinyin: list[str] = []  # \0full\0initials\0...
        self._id_numbers: list[str] = []  # \0ID\0
        self._slots: dict[str, int] = {}
        # The last full scan (haystacks, needle, slots containing it): typing one more
        # character only has to look again among those slots.
        self._last: tuple[list[str], str, list[int]] | None = None

    @classmethod
    def build(cls, entries: Iterable[SearchEntry]) -> ChildSearchIndex:
        index = cls()
        for entry in entries:
            index.update(entry)
        return index

    def __len__(self) -> int:
        return len(self._slots)

    def __contains__(self, child_id: object) -> bool:
        return child_id in self._slots

    def update(self, entry: SearchEntry) -> None:
        """Add a child, or replace what the index holds for it (after a save)."""
        self._last = None
        name = _squeeze(entry.name)
        id_number = _squeeze(entry.id_number or "").upper()
        row = (
            _SEP + name + _SEP if name else "",
            _keys(name),
            _SEP + id_number + _SEP if id_number else "",
        )
        slot = self._slots.get(entry.child_id)
        if slot is None:
            self._slots[entry.child_id] = len(self._ids)
            self._ids.append(entry.child_id)
            self._names.append(row[0])
            self._pinyin.append(row[1])
            self._id_numbers.append(row[2])
        else:
            self._names[slot], self._pinyin[slot], self._id_numbers[slot] = row

    def remove(self, child_id: str) -> None:
        """Forget a child (deleted); unknown ids are ignored."""
        self._last = None
        slot = self._slots.pop(child_id, None)
        if slot is not None:
            self._names[slot] = self._pinyin[slot] = self._id_numbers[slot] = ""

    def search(self, query: str, limit: int | None = None) -> list[str]:
        """Ids of the children matching ``query``, best first; at most ``limit`` of them."""
        if limit is not None and limit <= 0:
            return []
        looked_for = self._looked_for(query)
        return [] if looked_for is None else self._match(*looked_for, limit)

    def matching(self, query: str) -> list[str]:
        """Ids of the children matching ``query``, in no particular order: for a list that
        keeps its own order (the ranking is most of a keystroke's search)."""
        looked_for = self._looked_for(query)
        if looked_for is None:
            return []
        ids = self._ids
        return [ids[slot] for slot in self._containing(*looked_for)]

    def _looked_for(self, query: str) -> tuple[list[str], str] | None:
        """Where to look for ``query`` (names, ID numbers or pinyin) and what to look for."""
        text = _squeeze(query)
        if not text:
            return None
        if _CJK.search(text):
            return self._names, text
        upper = text.upper()
        if _DIGITS.match(upper):
            return self._id_numbers, upper
        latin = text.lower().replace("ü", "v").replace("u:", "v")
        if _LATIN.match(latin):
            return self._pinyin, latin
        return None

    def _match(self, haystacks: list[str], needle: str, limit: int | None) -> list[str]:
        # Each haystack is \0form\0form\0, so "\0q\0" is an exact match of one form,
        # "\0q" a match at its start, and q anywhere a match inside.
        exact: list[int] = []
        prefix: list[int] = []
        inside: list[int] = []
        starts = _SEP + needle
        whole = starts + _SEP
        for slot in self._containing(haystacks, needle):
            haystack = haystacks[slot]
            if starts not in haystack:
                inside.append(slot)
            elif whole in haystack:
                exact.append(slot)
            else:
                prefix.append(slot)
            if limit is not None and len(exact) >= limit:
                break
        ranked = exact + prefix + inside
        if limit is not None:
            ranked = ranked[:limit]
        return [self._ids[slot] for slot in ranked]

    def _containing(self, haystacks: list[str], needle: str) -> list[int]:
        """Slots whose haystack contains ``needle``, in slot order."""
        last = self._last
        if last is not None and last[0] is haystacks and last[1] in needle:
            slots = [slot for slot in last[2] if needle in haystacks[slot]]
        else:
            slots = [slot for slot, haystack in enumerate(haystacks) if needle in haystack]
        self._last = (haystacks, needle, slots)
        return slots


def entry_from_record(record: RecordView) -> SearchEntry:
    """The search entry of one decrypted child record."""
    id_number = record.fields.get("id_number")
    return SearchEntry(
        child_id=record.id,
        name=str(record.fields.get("name") or ""),
        id_number=str(id_number) if id_number else None,
    )


def index_from_store(store: CaseStore) -> ChildSearchIndex:
    """Decrypt every child of ``store`` and index it."""
    children = read_cache.records(store, "child")  # decrypted once for every page
    return ChildSearchIndex.build(entry_from_record(child) for child in children)


__all__ = [
    "ChildSearchIndex",
    "SearchEntry",
    "entry_from_record",
    "index_from_store",
]
