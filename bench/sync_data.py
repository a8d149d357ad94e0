"""Made-up children and home visits for ``bench/sync.py``: reproducible from a seed.

Children come from ``tests.fakes`` (Chinese names, valid ID numbers) with the fields a
director fills in on the first visit (school, grade, addresses); visits carry a few
sentences in each text field, as real visit notes do. Nothing here is a real person.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

SCHOOLS = ("递铺小学", "昌硕小学", "实验小学", "孝丰小学", "天荒坪小学", "安吉二中", "梅溪中学")
GRADES = ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三")
ROADS = ("胜利西路", "昌硕东路", "天目路", "浦源大道", "灵峰北路", "递铺街")
SENTENCES = (
    "孩子由祖父母照料，生活起居基本正常。",
    "父母在外务工，每周视频通话一到两次。",
    "住房为两层砖混结构，室内整洁，用电安全。",
    "在校学习成绩中等，与同学相处融洽。",
    "近期身体状况良好，按时接种疫苗。",
    "情绪稳定，愿意与儿童主任交流。",
    "祖母患有高血压，照料能力有所下降。",
    "已联系学校班主任，共同关注学习情况。",
    "提醒监护人注意防溺水和交通安全。",
    "发放学习用品一套，宣传防欺凌知识。",
    "下次走访重点了解寒假期间看护安排。",
)
VISITORS = ("李主任", "王主任", "张主任", "陈主任", "周主任")


def _text(rng: random.Random, sentences: int) -> str:
    return "".join(rng.choice(SENTENCES) for _ in range(sentences))


@dataclass(frozen=True)
class Seed:
    """Records of one village: children first, then visits that point at them."""

    children: list[tuple[str, dict[str, Any]]]  # (record id, fields)
    visits: list[tuple[str, dict[str, Any]]]


def make_children(count: int, *, seed: int = 1) -> list[tuple[str, dict[str, Any]]]:
    from tests.fakes import make_children as fake_children

    rng = random.Random(seed)
    out = []
    for child in fake_children(count, seed=seed):
        fields: dict[str, Any] = {
            **child.child_fields(),
            "hukou_address": f"安吉县{rng.choice(ROADS)}{rng.randrange(1, 400)}号",
            "residence_address": f"安吉县{rng.choice(ROADS)}{rng.randrange(1, 400)}号",
            "school": rng.choice(SCHOOLS),
            "grade": rng.choice(GRADES),
            "risk_level": rng.choice(("low", "low", "low", "medium", "high")),
            "key_child": rng.random() < 0.2,
        }
        out.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), fields))
    return out


def make_visits(
    children: Sequence[tuple[str, dict[str, Any]]], count: int, *, seed: int = 2
) -> list[tuple[str, dict[str, Any]]]:
    """``count`` visits spread over the children round-robin (3 each for 10k/30k)."""
    rng = random.Random(seed)
    today = date.today()
    out = []
    for i in range(count):
        child_id, _ = children[i % len(children)]
        visited = today - timedelta(days=rng.randrange(1, 700))
        fields = {
            "child_id": child_id,
            "visit_date": visited.isoformat(),
            "visitor": rng.choice(VISITORS),
            "visit_type": rng.choice(("regular", "regular", "key_check", "follow_up")),
            "living_condition": _text(rng, 2),
            "guardianship": _text(rng, 2),
            "schooling": _text(rng, 1),
            "health": _text(rng, 1),
            "mental_state": _text(rng, 1),
            "problems_found": _text(rng, 1),
            "help_given": _text(rng, 1),
            "next_visit_due": (visited + timedelta(days=90)).isoformat(),
        }
        out.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), fields))
    return out


def make_seed(children: int, visits: int, *, seed: int = 1) -> Seed:
    kids = make_children(children, seed=seed)
    return Seed(kids, make_visits(kids, visits, seed=seed + 1))


def note_for(index: int) -> str:
    """The notes value of the ``index``-th edit: a sentence or two, like a real note."""
    rng = random.Random(index)
    return f"第{index}次补充：" + _text(rng, 2)


def chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
