"""The passphrase policy on its own: pure, table-driven, no store, no Qt."""

from __future__ import annotations

import time

import pytest

from desktop.services.passphrase_policy import (
    MIN_LENGTH,
    Weakness,
    assess,
    example_passphrase,
    refusal,
    village_words,
)

VILLAGE = village_words("330523101001", "古城村")

WEAK = [
    ("12345678", {Weakness.TOO_SHORT, Weakness.DIGITS_ONLY}),
    ("aaaaaaaa", {Weakness.TOO_SHORT, Weakness.REPEAT}),
    ("password1", {Weakness.TOO_SHORT, Weakness.COMMON}),
    ("abcabcabcabc", {Weakness.REPEAT}),
    ("abcdefghijk", {Weakness.SEQUENCE}),
    ("1234567890", {Weakness.DIGITS_ONLY}),
    ("poiuytrewq", {Weakness.COMMON}),  # a keyboard walk the common lists hold
    ("zaqxswcdevfr", {Weakness.KEYBOARD}),
    ("!qaz@wsx#edc", {Weakness.COMMON}),  # 1qaz2wsx3edc with the shift key
    ("woaini1314", {Weakness.PINYIN}),
    ("zhangsan1990", {Weakness.PINYIN, Weakness.DATE}),
    ("wo ai ni zhong guo", {Weakness.PINYIN}),  # spaces change nothing
    ("我爱你中国1314", {Weakness.PINYIN}),  # characters read as pinyin
    ("chuntianlaile", {Weakness.PINYIN}),
    ("1990-01-01", {Weakness.DIGITS_ONLY, Weakness.DATE}),
    ("20130402abc", {Weakness.DATE}),
    ("Password2026!", {Weakness.COMMON, Weakness.DATE}),
    ("13812345678abc", {Weakness.PERSONAL_NUMBER}),
    ("330523101001", {Weakness.DIGITS_ONLY, Weakness.VILLAGE}),
    ("guchengcun2026", {Weakness.VILLAGE, Weakness.DATE}),
    ("古城村-竹林-1314", {Weakness.VILLAGE}),
    ("gucheng-yueliang-2026", {Weakness.VILLAGE}),
]
STRONG = [
    "lanhua-shitou-4827-baiyun",
    "zhulin-xishui-2026-qingtian",
    "竹林-溪水-6317-晴天",
    "river bridge tea 2027 moon",
    "correct horse battery staple",
    "x7Qp9zLm2v#Rt",
    "village office bamboo 2026",
]


@pytest.mark.parametrize(("weak", "because"), WEAK)
def test_guessable_passphrases_are_refused_for_what_makes_them_so(
    weak: str, because: set[Weakness]
) -> None:
    verdict = assess(weak, context=VILLAGE)
    assert not verdict.acceptable
    assert because <= set(verdict.weaknesses), verdict.weaknesses
    assert verdict.strength < 3


@pytest.mark.parametrize("strong", STRONG)
def test_unrelated_words_with_digits_are_accepted(strong: str) -> None:
    verdict = assess(strong, context=VILLAGE)
    assert verdict.acceptable and verdict.weaknesses == ()
    assert verdict.strength >= 3


def test_the_village_counts_only_where_it_is_known() -> None:
    assert assess("gucheng-yueliang-2026").acceptable  # nothing says which village
    assert not assess("gucheng-yueliang-2026", context=VILLAGE).acceptable
    assert set(village_words("330523101001")) >= {"330523101001", "330523", "330523101"}
    assert {"古城村", "guchengcun", "古城", "gucheng"} <= set(VILLAGE)


def test_the_refusal_says_why_and_gives_a_fresh_example_that_passes() -> None:
    examples = {example_passphrase() for _ in range(20)}
    assert len(examples) > 10  # made afresh, so no one example gets copied everywhere
    for example in examples:
        assert assess(example, context=VILLAGE).acceptable, example
    message = refusal(assess("woaini1314"), example="songshu-hudie-3817-moli")
    assert "太容易被猜到" in message.zh and "拼音" in message.zh
    assert "songshu-hudie-3817-moli" in message.zh and f"至少 {MIN_LENGTH} 个字符" in message.zh
    assert "too easy to guess" in message.en and "pinyin" in message.en
    assert "songshu-hudie-3817-moli" in message.en


def test_long_passphrases_are_judged_quickly() -> None:
    started = time.perf_counter()
    assert not assess("a" * 200).acceptable  # a repeat, however long
    assert not assess("wo ai ni " * 20).acceptable
    assert not assess("lanhua-" * 6).acceptable  # one word again and again
    assert assess("x7Qp9zLm2v#Rt" * 10).acceptable
    assert time.perf_counter() - started < 2.0
