"""The plain pinyin of one Chinese character, from a small table shipped with the app.

pypinyin's own dictionaries cost the window about 55 MiB and a third of a second at
start-up, and the window only ever asks for one character at a time (names are spelt a
character at a time and cached). So the readings pypinyin gives each character are
written once into ``pinyin_readings.txt`` (``python -m desktop.services.pinyin``) and
read from there: one line per syllable, ``syllable<TAB>every character read that way``.
A test checks the table against pypinyin for every character it knows.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("pinyin_readings.txt")


@cache
def _readings() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        syllable, _, chars = line.partition("\t")
        table.update(dict.fromkeys(chars, syllable))
    return table


def reading(char: str) -> str | None:
    """Pinyin without tone, ü written v (吕 → ``lv``); None when not a known character."""
    return _readings().get(char)


def sort_key(name: str) -> str:
    """A name spelt in pinyin (王小明 → ``wang xiao ming``), to sort names as readers expect."""
    table = _readings()
    return " ".join(table.get(char, char) for char in name)


def write_table(path: Path = TABLE) -> int:
    """Write the table from pypinyin (a development step); returns the characters written."""
    from pypinyin import lazy_pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    by_syllable: dict[str, list[str]] = {}
    for code in sorted(pinyin_dict):
        char = chr(code)
        syllable = "".join(lazy_pinyin(char, errors="ignore")).lower()
        if syllable:
            by_syllable.setdefault(syllable, []).append(char)
    lines = [f"{syllable}\t{''.join(chars)}" for syllable, chars in sorted(by_syllable.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sum(len(chars) for chars in by_syllable.values())


if __name__ == "__main__":
    print(f"{write_table()} characters written to {TABLE}", file=sys.stderr)
