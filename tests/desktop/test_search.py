"""The in-memory child search: Chinese names, pinyin, initials and ID numbers."""

from __future__ import annotations

import time
from datetime import date

import pytest

from casework.ids import make_id_number
from desktop.models.store import CaseStore, NewRecord
from desktop.services import search
from desktop.services.search import (
    ChildSearchIndex,
    SearchEntry,
    index_from_store,
    match_names,
)
from tests.fakes import make_children

ID_A = make_id_number("330523", date(2012, 3, 4), 101)
ID_B = make_id_number("330523", date(2015, 6, 7), 202)
ID_C = make_id_number("330522", date(2010, 1, 2), 33)
ID_X = next(
    value
    for value in (make_id_number("330523", date(2014, 8, 9), seq) for seq in range(1, 999))
    if value.endswith("X")
)


ENTRIES = (
    SearchEntry("c-zhangsan", "张三", ID_A),
    SearchEntry("c-wangxiaoming", "王小明", ID_B),
    SearchEntry("c-zhangxiaoming", "张小明", ID_C),
    SearchEntry("c-lisi", "李四", None),
    SearchEntry("c-shan", "单田芳", ID_X),
    SearchEntry("c-zeng", "曾小红", None),
    SearchEntry("c-lv", "吕布", None),
    SearchEntry("c-ouyang", "欧阳娜娜", None),
    SearchEntry("c-minority", "阿依古丽·买买提", None),
)


@pytest.fixture
def index() -> ChildSearchIndex:
    return ChildSearchIndex.build(ENTRIES)


def test_chinese_query_matches_names_containing_it(index: ChildSearchIndex) -> None:
    assert index.search("张三") == ["c-zhangsan"]
    assert set(index.search("小明")) == {"c-wangxiaoming", "c-zhangxiaoming"}
    assert index.search("张") == ["c-zhangsan", "c-zhangxiaoming"]
    assert index.search(" 张 三 ") == ["c-zhangsan"]
    assert index.search("赵") == []


def test_chinese_ranking_puts_exact_then_prefix_then_inside() -> None:
    index = ChildSearchIndex.build(
        [
            SearchEntry("inside", "王小明", None),
            SearchEntry("prefix", "小明华", None),
            SearchEntry("exact", "小明", None),
        ]
    )
    assert index.search("小明") == ["exact", "prefix", "inside"]


@pytest.mark.parametrize("query", ["zhangsan", "ZhangSan", "zhang san", "ZHANG SAN", "zhang'san"])
def test_full_pinyin_without_tones_or_spaces(index: ChildSearchIndex, query: str) -> None:
    assert index.search(query) == ["c-zhangsan"]


def test_full_width_input_and_a_lone_x(index: ChildSearchIndex) -> None:
    assert index.search("ｚｓ") == ["c-zhangsan"]
    assert index.search("３３０５２２") == ["c-zhangxiaoming"]
    # A lone x is a pinyin initial (小, 许, 徐), not the end of an ID number.
    assert set(index.search("x")) == {"c-wangxiaoming", "c-zhangxiaoming", "c-zeng"}


def test_pinyin_prefix_and_substring(index: ChildSearchIndex) -> None:
    assert index.search("zhang") == ["c-zhangsan", "c-zhangxiaoming"]
    assert set(index.search("xiaoming")) == {"c-wangxiaoming", "c-zhangxiaoming"}
    assert index.search("wangxiao") == ["c-wangxiaoming"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("zs", ["c-zhangsan"]), ("ZS", ["c-zhangsan"]), ("wxm", ["c-wangxiaoming"])],
)
def test_initials(index: ChildSearchIndex, query: str, expected: list[str]) -> None:
    assert index.search(query) == expected


def test_initials_prefix_and_substring(index: ChildSearchIndex) -> None:
    assert set(index.search("zx")) == {"c-zhangxiaoming", "c-zeng"}
    assert set(index.search("xm")) == {"c-wangxiaoming", "c-zhangxiaoming"}


def test_exact_initials_rank_before_prefix_matches(index: ChildSearchIndex) -> None:
    index.update(SearchEntry("c-zxm-prefix", "张晓梅子", None))  # initials zxmz
    assert index.search("zxm") == ["c-zhangxiaoming", "c-zxm-prefix"]
    index.update(SearchEntry("c-zhangxiaoming", "张小明子", None))
    assert index.search("zxm") == ["c-zhangxiaoming", "c-zxm-prefix"]
    index.update(SearchEntry("c-zhangxiaoming", "小张小明", None))  # xzxm: inside
    assert index.search("zxm") == ["c-zxm-prefix", "c-zhangxiaoming"]


def test_surname_readings(index: ChildSearchIndex) -> None:
    assert index.search("shantianfang") == ["c-shan"]
    assert index.search("stf") == ["c-shan"]
    assert index.search("zengxiaohong") == ["c-zeng"]
    assert index.search("zxh") == ["c-zeng"]
    # The everyday reading still finds the child.
    assert index.search("dantianfang") == ["c-shan"]


def test_u_umlaut_as_v_or_u(index: ChildSearchIndex) -> None:
    assert index.search("lvbu") == ["c-lv"]
    assert index.search("lubu") == ["c-lv"]
    assert index.search("lübu") == ["c-lv"]


def test_compound_surname_and_minority_name(index: ChildSearchIndex) -> None:
    assert index.search("ouyang") == ["c-ouyang"]
    assert index.search("oynn") == ["c-ouyang"]
    assert index.search("阿依古丽买买提") == ["c-minority"]
    assert index.search("阿依古丽·买买提") == ["c-minority"]
    assert index.search("ayiguli") == ["c-minority"]


def test_id_number_prefix_matches_come_first(index: ChildSearchIndex) -> None:
    assert index.search(ID_A) == ["c-zhangsan"]
    assert set(index.search("330523")) == {"c-zhangsan", "c-wangxiaoming", "c-shan"}
    # ID_C is the only one born on 2010-01-02 (and the only 330522 one).
    assert index.search("20100102") == ["c-zhangxiaoming"]
    tail = ID_B[-6:]
    assert index.search(tail) == ["c-wangxiaoming"]


def test_id_number_prefix_ranks_before_inside() -> None:
    # 110101 20120304 330 ?: "330" is inside the first number and starts the second.
    index = ChildSearchIndex.build(
        [
            SearchEntry("inside", "甲", make_id_number("110101", date(2012, 3, 4), 330)),
            SearchEntry("prefix", "乙", ID_A),
        ]
    )
    assert index.search("330") == ["prefix", "inside"]


def test_id_number_ending_in_x(index: ChildSearchIndex) -> None:
    assert index.search(ID_X) == ["c-shan"]
    assert index.search(ID_X.lower()) == ["c-shan"]
    assert index.search(ID_X[-5:]) == ["c-shan"]


def test_limit(index: ChildSearchIndex) -> None:
    assert index.search("zhang", limit=1) == ["c-zhangsan"]
    assert index.search("zhang", limit=0) == []
    assert len(index.search("330523", limit=2)) == 2


@pytest.mark.parametrize("query", ["", "   ", "zs1", "!!", "1X2"])
def test_queries_that_match_nothing(index: ChildSearchIndex, query: str) -> None:
    assert index.search(query) == []


def test_update_replaces_one_child_and_adds_new_ones(index: ChildSearchIndex) -> None:
    index.update(SearchEntry("c-zhangsan", "张三丰", ID_A))
    assert index.search("zhangsanfeng") == ["c-zhangsan"]
    assert index.search("张三") == ["c-zhangsan"]
    index.update(SearchEntry("c-zhangsan", "赵六", None))
    assert index.search("张三") == []
    assert index.search("zl") == ["c-zhangsan"]
    assert index.search(ID_A) == []
    index.update(SearchEntry("c-new", "周七", ID_A))
    assert index.search(ID_A) == ["c-new"]
    assert len(index) == 10 and "c-new" in index


def test_typing_on_finds_what_a_fresh_search_finds(index: ChildSearchIndex) -> None:
    """Each keystroke looks only among the last matches; the answers must not change."""
    typed = ["z", "zh", "zha", "zhang", "zhangx", "zh", "x", "xm", "张", "张小", "33", "330"]
    typed += ["3305", "330523", "", "w", "wang", "wangxiaoming", "wangx", "lv", "lu", "l"]
    for query in typed:
        assert index.search(query) == ChildSearchIndex.build(ENTRIES).search(query), query
    index.update(SearchEntry("c-zhao", "赵六", None))
    assert index.search("zh") == ["c-zhangsan", "c-zhangxiaoming", "c-zhao"]
    assert index.search("zha") == ["c-zhangsan", "c-zhangxiaoming", "c-zhao"]
    index.remove("c-zhao")
    assert index.search("zhao") == []


def test_remove(index: ChildSearchIndex) -> None:
    index.remove("c-zhangsan")
    index.remove("no-such-child")
    assert index.search("zhang") == ["c-zhangxiaoming"]
    assert "c-zhangsan" not in index
    index.update(SearchEntry("c-zhangsan", "张三", ID_A))
    assert index.search("zs") == ["c-zhangsan"]


def test_index_from_store(store: CaseStore) -> None:
    children = make_children(5, seed=3)
    ids = store.create_many([NewRecord("child", c.child_fields()) for c in children])
    store.create_many(
        [
            NewRecord("family_member", f)
            for i, c in enumerate(children)
            for f in c.member_fields(ids[i])
        ]
    )
    index = index_from_store(store)
    assert len(index) == 5
    for child_id, child in zip(ids, children, strict=True):
        assert child_id in index.search(child.name)
        assert index.search(child.id_number) == [child_id]
    # Parents are not children: their ID numbers find nothing.
    assert index.search(children[0].father.id_number) == []


def test_entry_after_a_save(store: CaseStore) -> None:
    child = make_children(1, seed=4)[0]
    child_id = store.create("child", child.child_fields())
    index = index_from_store(store)
    saved = store.update(child_id, {"name": "单小芳"})
    index.update(search.entry_from_record(saved))
    assert index.search("shanxiaofang") == [child_id]
    assert index.search(child.id_number) == [child_id]


def test_building_for_ten_thousand_children_is_quick() -> None:
    entries = [
        SearchEntry(f"child-{i}", c.name, c.id_number)
        for i, c in enumerate(make_children(10_000, seed=5))
    ]
    search._char_cache.clear()
    started = time.perf_counter()
    index = ChildSearchIndex.build(entries)
    built = time.perf_counter() - started
    # The bench target is 0.5 s for decrypting and indexing everything; indexing alone
    # takes a few tens of milliseconds. The bound is loose so a busy CI box passes.
    assert built < 1.0, built
    started = time.perf_counter()
    for query in ("wang", "zs", "330523", "小", entries[0].name):
        index.search(query, limit=50)
    assert (time.perf_counter() - started) / 5 < 0.05
    assert entries[0].child_id in index.search(entries[0].name)


def test_names_are_matched_before_the_index_is_built() -> None:
    children = [("a", "王小明"), ("b", "李小红"), ("c", "ＡＢＣ王")]
    assert match_names("小", children) == ["a", "b"]
    assert match_names(" 王 小 ", children) == ["a"]  # squeezed as the index squeezes
    assert match_names("张", children) == []
    # Pinyin and ID digits need the index: no answer rather than a wrong "none found".
    assert match_names("wang", children) is None
    assert match_names("3305", children) is None
    assert match_names("  ", children) is None


@pytest.mark.parametrize("query", ["小明", "zhang", "zs", "xm", ID_A[:6], "lu", "单", "nomatch"])
def test_matching_finds_what_search_ranks(index: ChildSearchIndex, query: str) -> None:
    # The children list keeps its own order and asks only which children match.
    assert sorted(index.matching(query)) == sorted(index.search(query))
