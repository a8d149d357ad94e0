"""The shipped pinyin table reads every character as pypinyin does."""

from __future__ import annotations

from pathlib import Path

from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

from desktop.services import pinyin


def test_every_character_reads_as_pypinyin_reads_it() -> None:
    differ = []
    for code in pinyin_dict:
        char = chr(code)
        expected = "".join(lazy_pinyin(char, errors="ignore")).lower() or None
        initial = "".join(lazy_pinyin(char, style=Style.FIRST_LETTER, errors="ignore")).lower()
        got = pinyin.reading(char)
        if got != expected or (got or "")[:1] != initial:
            differ.append((char, got, expected, initial))
    assert differ == []


def test_the_shipped_table_is_what_the_generator_writes(tmp_path: Path) -> None:
    fresh = tmp_path / "readings.txt"
    written = pinyin.write_table(fresh)
    assert written == len(pinyin_dict)
    assert fresh.read_text(encoding="utf-8") == pinyin.TABLE.read_text(encoding="utf-8")


def test_names_sort_by_their_spelling() -> None:
    assert pinyin.reading("吕") == "lv"
    assert pinyin.reading("a") is None
    assert pinyin.sort_key("王小明") == "wang xiao ming"
    assert pinyin.sort_key("阿依·买买提") == "a yi · mai mai ti"
    names = ["张三", "阿明", "吕红", "王芳"]
    assert sorted(names, key=pinyin.sort_key) == ["阿明", "吕红", "王芳", "张三"]
