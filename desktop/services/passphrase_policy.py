"""Which new passphrases are refused, and why, in words a village director can act on.

The data key is wrapped by Argon2id (about 0.2 s a guess on one core), so a stolen laptop
holds out exactly as long as its passphrase resists guessing in that order. The contract:

1. The policy applies where a passphrase is *set*: a new store (``init``, enrolment, the
   first-run dialog), a change and a recovery. Unlocking never asks it: a store made
   under an older rule still opens with its passphrase.
2. At least :data:`MIN_LENGTH` characters (a Chinese character counts as two letters).
3. Not made of digits alone (dates, phone, QQ and ID numbers are what digits spell).
4. At least 10^:data:`MIN_GUESSES_LOG10` guesses (zxcvbn's score 3; at 0.2 s a guess,
   some 230 core-days to go through), as zxcvbn estimates them (Dropbox's estimator:
   common-password and English lists, names, dates, repeats, sequences, keyboard walks,
   l33t) with what it does not know added:

   - common pinyin words, names and number codes (woaini, zhangsan, 5201314, …), every
     pinyin syllable, and any run of two or three syllables as one word of a pinyin word
     list (:data:`PINYIN_WORD_GUESSES`);
   - the village's code and name (and the name's pinyin), where the caller knows them:
     free to whoever targets this laptop;
   - years up to 2099 (zxcvbn's own stop at 2019), mobile and ID numbers;
   - Chinese characters read as their pinyin, the passphrase without its separators
     (``wo ai ni`` is ``woaini``) and without the shift key (``!qaz`` is ``1qaz``): the
     weakest reading counts;
   - no bonus for the number of pieces (zxcvbn adds 10^4 per extra piece, which let any
     three common pieces pass): guesses are the pieces' product times their orderings.
5. A refusal names what made the passphrase guessable and shows a freshly made example
   (random pinyin words and digits), so that nobody copies one printed example.

Pure: no Qt, no database; zxcvbn's own lists are not changed (its internals are called
with a copy). The window maps :class:`Weakness` to its own translated words; everything
below it uses :func:`refusal` (Chinese and English).
"""

from __future__ import annotations

import enum
import math
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from casework.messages import Message
from desktop.services import pinyin

if TYPE_CHECKING:
    from zxcvbn.matching import _Match

MIN_LENGTH = 10
MIN_GUESSES_LOG10 = 8.0
# Longer passphrases are judged on their beginning (zxcvbn's work grows with the square).
ANALYSED_LENGTH = 128
MAX_STRENGTH = 4


class Weakness(enum.StrEnum):
    """What made a passphrase guessable, most telling first."""

    TOO_SHORT = "too_short"
    DIGITS_ONLY = "digits_only"
    VILLAGE = "village"
    COMMON = "common"
    PINYIN = "pinyin"
    WORDS = "words"
    PERSONAL_NUMBER = "personal_number"
    DATE = "date"
    KEYBOARD = "keyboard"
    REPEAT = "repeat"
    SEQUENCE = "sequence"
    TOO_SIMPLE = "too_simple"


REASONS: dict[Weakness, Message] = {
    Weakness.TOO_SHORT: Message(
        f"太短（至少 {MIN_LENGTH} 个字符）", f"too short (at least {MIN_LENGTH} characters)"
    ),
    Weakness.DIGITS_ONLY: Message("只有数字", "digits only"),
    Weakness.VILLAGE: Message("含有本村名称或代码", "it holds the village's name or code"),
    Weakness.COMMON: Message("是常见密码", "it is a common password"),
    Weakness.PINYIN: Message(
        "是常用拼音词、姓名或数字谐音（如 woaini、zhangsan、1314）",
        "it is a common pinyin word, name or number code (woaini, zhangsan, 1314)",
    ),
    Weakness.WORDS: Message("是常用英文单词或名字", "it is a common English word or name"),
    Weakness.PERSONAL_NUMBER: Message("含有手机号或身份证号", "it holds a phone or ID number"),
    Weakness.DATE: Message("含有日期或年份", "it holds a date or a year"),
    Weakness.KEYBOARD: Message(
        "是键盘上相邻的键（如 qwerty、1qaz2wsx）",
        "it is a walk along the keyboard (qwerty, 1qaz2wsx)",
    ),
    Weakness.REPEAT: Message("有重复（如 aaaa、abcabc）", "it repeats (aaaa, abcabc)"),
    Weakness.SEQUENCE: Message("是顺序字符（如 12345、abcde）", "it is a sequence (12345, abcde)"),
    Weakness.TOO_SIMPLE: Message("太简单，容易被猜到", "too simple to resist guessing"),
}

M_REFUSED = Message(
    "这个密码太容易被猜到：{reasons}。电脑丢失时，别人会用常见密码、拼音、日期、"
    "键盘顺序和村名逐个尝试。请用几个互不相关的词加数字，至少 {length} 个字符，"
    "例如：{example}（请自己想一个，不要照抄）。",
    "This passphrase is too easy to guess: {reasons}. Whoever finds a lost laptop tries "
    "common passwords, pinyin, dates, keyboard walks and the village name first. Use a "
    "few unrelated words with digits, at least {length} characters, for example: "
    "{example} (make up your own; do not copy this one).",
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Common pinyin words, names and number codes, most common first: zxcvbn ranks a
# dictionary word by its position, so these cost an attacker almost nothing.
COMMON_PINYIN = _words(
    """
woaini woaiwojia woainimen woaiwo aini aiwo nihao nihaoma wodemima mima mimamima
zhangsan lisi wangwu zhaoliu zhangwei wangwei wangfang liwei lina zhangmin lijing
wangjing liuwei wangxiuying zhangli lixiuying wangli zhangjing zhangxiuying liqiang
wangmin liming wangyan liuyang wangqiang xiaoming xiaohong xiaohua xiaoli xiaowei
xiaoyu xiaolong xiaofeng xiaojun xiaoyan laogong laopo baobao baobei qinai qinaide
zhongguo zhonghua beijing shanghai hangzhou zhejiang anji anjixian huzhou tianjin
guangzhou shenzhen nanjing wuhan chengdu xingfu kuaile pingan jiankang aiqing
yongyuan yiqi yibeizi yishengyishi tiantian xiaoxiao haha hehe xixi wawa gege jiejie
meimei didi mama baba yeye nainai jiating jiaren pengyou laoshi xuesheng ertong
ertongzhuren yirenyidang liushou kunjing dudao zhuren cunzhang shuji cunweihui
shequ jiedao xiangzhen zhengfu minzhengju minzheng yanshi ceshi guanliyuan yonghu
denglu kaimen zhimakaimen woshishui shui niubi dage xiongdi
wangluo diannao shouji weixin qq taobao zhifubao longlong fengfeng yunyun
520 521 1314 5201314 1314520 520520 521521 7758521 7758258 3344 9420 0451 8023
666 888 168 518 666666 888888 168168 518518 123321 147258 147258369 159357 159753
"""
)

# The example's words: plain, unrelated, easy to type in pinyin.
EXAMPLE_WORDS = _words(
    """
zhulin xishui qingtian yueliang songshu caoyuan huanghe baiyun lanhua hudie
chuntian qiuye xuehua tianxing shitou moli yangliu taohua jingyu dengta
qiaoliang maotouying xiongmao luotuo pingguo putao xigua chaye shuiniu bingtang
"""
)

# A run of two or three pinyin syllables costs what one word of a pinyin word list does
# (about 30,000 two-syllable and 100,000 three-syllable words in use), real word or not:
# zxcvbn alone would count each syllable as a word of its own and overrate "yueliang".
PINYIN_WORD_GUESSES = {2: 30_000, 3: 100_000}
PERSONAL_NUMBER = "childdesk_personal_number"
_PHONE = re.compile(r"1[3-9]\d{9}")
_YEAR = re.compile(r"(?=((?:19|20)\d\d))")  # overlapping: 12020 holds 2020
_MIN_YEAR_SPACE = 20
_ID_NUMBER = re.compile(r"\d{17}[\dXx]")
_PERSONAL_NUMBER_GUESSES = 1_000


@dataclass(frozen=True)
class Verdict:
    """The policy's answer on one passphrase."""

    acceptable: bool
    weaknesses: tuple[Weakness, ...]
    guesses_log10: float

    @property
    def strength(self) -> int:
        """0 (refused, trivially guessed) to 4 (well past the minimum), for a meter."""
        if self.acceptable:
            return 3 if self.guesses_log10 < MIN_GUESSES_LOG10 + 2 else MAX_STRENGTH
        if Weakness.TOO_SHORT in self.weaknesses or self.guesses_log10 < 4:
            return 0
        return 1 if self.guesses_log10 < 7 else 2


def weighted_length(passphrase: str) -> int:
    """Characters, a Chinese (non-ASCII) one counting as two: there are thousands of them."""
    return sum(1 if char.isascii() else 2 for char in passphrase)


def village_words(code: str | None, name: str | None = None) -> tuple[str, ...]:
    """What an attacker who knows the laptop's village tries: its code, name, and pinyin."""
    words: list[str] = []
    if code:
        words += [code, code[:6], code[:9], code[-3:], code[-6:]]  # county, township
    if name:
        bare = re.sub(r"(村民委员会|居民委员会|社区|村|居委会)$", "", name)
        for form in dict.fromkeys((name, bare)):
            words += [form, to_pinyin(form)]
    return tuple(dict.fromkeys(w.lower() for w in words if len(w) >= 2))


def to_pinyin(text: str) -> str:
    """Chinese characters spelt in plain pinyin (古城村 → ``guchengcun``); others kept."""
    return "".join(pinyin.reading(char) or char for char in text)


@cache
def _pinyin_dictionary() -> dict[str, int]:
    """Common pinyin words first, then every syllable, most characters read so first."""
    from zxcvbn.matching import build_ranked_dict

    counts: dict[str, int] = {}
    for line in pinyin.TABLE.read_text(encoding="utf-8").splitlines():
        syllable, _, chars = line.partition("\t")
        counts[syllable] = len(chars)
    syllables = sorted(counts, key=lambda s: (-counts[s], s))
    return build_ranked_dict(dict.fromkeys([*COMMON_PINYIN, *syllables]))


def _personal_numbers(password: str) -> list[_Match]:
    return [
        _match(password, hit.start(), hit.end() - 1, PERSONAL_NUMBER, _PERSONAL_NUMBER_GUESSES)
        for pattern in (_ID_NUMBER, _PHONE)
        for hit in pattern.finditer(password)
    ]


@cache
def _syllables() -> frozenset[str]:
    lines = pinyin.TABLE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.partition("\t")[0] for line in lines)


def _syllable_ends(password: str, start: int) -> dict[int, int]:
    """Where runs of two or three whole pinyin syllables from ``start`` end (inclusive),
    each with its number of syllables (the fewest, where several spellings end there)."""
    syllables, lower = _syllables(), password.lower()
    reached: dict[int, int] = {start: 0}
    ends: dict[int, int] = {}
    for count in range(1, max(PINYIN_WORD_GUESSES) + 1):
        following: dict[int, int] = {}
        for position in (p for p, c in reached.items() if c == count - 1):
            for length in range(1, min(6, len(lower) - position) + 1):  # zhuang: six
                if lower[position : position + length] in syllables:
                    following.setdefault(position + length, count)
        for end, found in following.items():
            reached.setdefault(end, found)
            if found in PINYIN_WORD_GUESSES:
                ends.setdefault(end - 1, found)
    return ends


def _pinyin_words(password: str) -> list[_Match]:
    """Every run of two or three pinyin syllables, as one word of a pinyin word list."""
    found: list[Any] = []
    for start in range(len(password)):
        for end, count in _syllable_ends(password, start).items():
            found.append(_match(password, start, end, "pinyin", PINYIN_WORD_GUESSES[count]))
    return found


def _years(password: str) -> list[_Match]:
    """Years from 1900 to 2099: zxcvbn's own stop at 2019, so 2026 looked like a random
    four digits to it. A year costs its distance from this one (at least 20 guesses)."""
    this_year = date.today().year
    found: list[Any] = []
    for hit in _YEAR.finditer(password):
        found.append(
            {
                "pattern": "regex",
                "regex_name": "recent_year",
                "token": hit.group(1),
                "i": hit.start(1),
                "j": hit.end(1) - 1,
                "guesses": max(abs(int(hit.group(1)) - this_year), _MIN_YEAR_SPACE),
            }
        )
    return found


def _match(password: str, start: int, end: int, dictionary: str, guesses: int) -> Any:
    token = password[start : end + 1]
    return {
        "pattern": "dictionary",
        "dictionary_name": dictionary,
        "token": token,
        "i": start,
        "j": end,
        "guesses": guesses,
        "rank": guesses,
        "matched_word": token.lower(),
        "reversed": False,
        "l33t": False,
    }


def _estimate(password: str, context: Sequence[str]) -> tuple[float, list[_Match]]:
    """zxcvbn's guesses (log10) and the matches behind them, without touching its globals."""
    from zxcvbn import matching, scoring

    dictionaries = dict(matching.RANKED_DICTIONARIES)
    dictionaries["pinyin"] = _pinyin_dictionary()
    dictionaries["user_inputs"] = matching.build_ranked_dict(w.lower() for w in context)
    matches = matching.omnimatch(password, dictionaries)
    for match in matches:
        if match.get("dictionary_name") == "user_inputs":
            match["guesses"] = 1  # whoever targets this laptop knows its village
        elif match["pattern"] == "repeat":  # its base judged as the whole is (pinyin too)
            base_log10, _ = _estimate(match.get("base_token", ""), context)
            match["guesses"] = max(2, round(10**base_log10 * match.get("repeat_count", 1)))
    matches += _personal_numbers(password) + _pinyin_words(password) + _years(password)
    result = scoring.most_guessable_match_sequence(password, matches, _exclude_additive=True)
    return float(result["guesses_log10"]), list(result["sequence"])


_DICTIONARY_WEAKNESS = {
    "user_inputs": Weakness.VILLAGE,
    "pinyin": Weakness.PINYIN,
    "passwords": Weakness.COMMON,
    PERSONAL_NUMBER: Weakness.PERSONAL_NUMBER,
}
_PATTERN_WEAKNESS = {
    "spatial": Weakness.KEYBOARD,
    "repeat": Weakness.REPEAT,
    "sequence": Weakness.SEQUENCE,
    "date": Weakness.DATE,
    "regex": Weakness.DATE,  # zxcvbn's only regex is a recent year
}


def _weakness_of(match: _Match) -> Weakness | None:
    if match["pattern"] == "dictionary":
        return _DICTIONARY_WEAKNESS.get(match.get("dictionary_name", ""), Weakness.WORDS)
    return _PATTERN_WEAKNESS.get(match["pattern"])


def _ordered(found: Iterable[Weakness]) -> tuple[Weakness, ...]:
    chosen = set(found)
    return tuple(weakness for weakness in Weakness if weakness in chosen)


_SEPARATORS = re.compile(r"[\s\-_.,;:/|+~·，。、]+")


_SHIFTED = str.maketrans('~!@#$%^&*()_+{}|:"<>?', "`1234567890-=[]\\;',./")


def _readings(passphrase: str) -> dict[str, float]:
    """Readings of the passphrase, each with what knowing it costs (log10 of guesses).

    Its Chinese characters spelt in pinyin (zxcvbn would count each as one of ten
    symbols; a guesser tries words); that without separators (a guesser joins a phrase's
    words with spaces, dashes or nothing alike: ``wo ai ni``); and with shifted symbols
    typed unshifted (``!qaz@wsx`` is ``1qaz2wsx`` with the shift key, two ways a key)."""
    spelt = to_pinyin(passphrase[:ANALYSED_LENGTH])[:ANALYSED_LENGTH]
    readings: dict[str, float] = {}
    for form in (spelt, _SEPARATORS.sub("", spelt)):
        unshifted = form.translate(_SHIFTED)
        shifted_keys = sum(a != b for a, b in zip(form, unshifted, strict=True))
        for reading, cost in ((form, 0.0), (unshifted, shifted_keys * math.log10(2))):
            if reading and reading not in readings:
                readings[reading] = cost
    return readings


def assess(passphrase: str, *, context: Sequence[str] = ()) -> Verdict:
    """The policy's verdict on a new passphrase; ``context`` is what the village gives away."""
    estimates = [
        (guesses + cost, sequence)
        for reading, cost in _readings(passphrase).items()
        for guesses, sequence in [_estimate(reading, context)]
    ]
    guesses_log10, sequence = min(estimates, key=lambda e: e[0], default=(0.0, []))
    found: list[Weakness] = []
    if weighted_length(passphrase) < MIN_LENGTH:
        found.append(Weakness.TOO_SHORT)
    if re.fullmatch(r"[\d\s\W_]*", passphrase) and any(c.isdigit() for c in passphrase):
        found.append(Weakness.DIGITS_ONLY)
    weak_guesses = guesses_log10 < MIN_GUESSES_LOG10
    if found or weak_guesses:
        found += [w for w in map(_weakness_of, sequence) if w is not None]
    if weak_guesses and not found:
        found.append(Weakness.TOO_SIMPLE)
    weaknesses = _ordered(found)
    return Verdict(not weaknesses, weaknesses, guesses_log10)


def example_passphrase() -> str:
    """A fresh example that passes: three unrelated pinyin words and four digits."""
    while True:
        words = [secrets.choice(EXAMPLE_WORDS) for _ in range(3)]
        digits = f"{secrets.randbelow(9000) + 1000}"
        if digits.startswith(("19", "20")) or len(set(words)) < 3:
            continue  # not a year, no word twice
        candidate = "-".join([words[0], words[1], digits, words[2]])
        if assess(candidate).acceptable:
            return candidate


def refusal(verdict: Verdict, *, example: str | None = None) -> Message:
    """Why ``verdict`` refused the passphrase, and an example of a good one."""
    reasons = [REASONS[w] for w in verdict.weaknesses] or [REASONS[Weakness.TOO_SIMPLE]]
    shown = example or example_passphrase()
    return Message(
        M_REFUSED.zh.format(
            reasons="；".join(r.zh for r in reasons), length=MIN_LENGTH, example=shown
        ),
        M_REFUSED.en.format(
            reasons="; ".join(r.en for r in reasons), length=MIN_LENGTH, example=shown
        ),
    )


__all__ = [
    "MIN_GUESSES_LOG10",
    "MIN_LENGTH",
    "Verdict",
    "Weakness",
    "assess",
    "example_passphrase",
    "refusal",
    "village_words",
]
