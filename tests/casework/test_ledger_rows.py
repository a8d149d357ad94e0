"""The ledger's pure part: columns, reading one row into records, writing it back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pytest

from casework.ids import make_id_number
from casework.ledger import (
    COLUMNS,
    HEADERS,
    ID_HEADER,
    M_BAD_DATE,
    M_DISABILITY_DETAIL,
    M_DUPLICATE_IN_FILE,
    M_ID_AS_NUMBER,
    M_MASKED_ID,
    M_MASKED_NUMBER,
    NOT_IN_LEDGER,
    LedgerRow,
    RowError,
    describe,
    mark_duplicate_ids,
    parse_row,
    row_values,
)
from casework.records import Child, FamilyMember

BIRTH = date(2013, 4, 2)
CHILD_ID = make_id_number("330523", BIRTH, 123)  # odd sequence: a boy
FATHER_ID = make_id_number("330523", date(1985, 3, 1), 111)
MOTHER_ID = make_id_number("330523", date(1987, 6, 9), 222)
GUARDIAN_ID = make_id_number("330523", date(1958, 1, 20), 332)

BASE: dict[str, object] = {"姓名": "王小明", "性别": "男", "出生日期": "2013-04-02"}


def problems_of(values: Mapping[str, object], row_number: int = 2) -> dict[str, str]:
    """Header → Chinese message of every problem of a row that must fail."""
    with pytest.raises(RowError) as caught:
        parse_row(values, row_number)
    assert caught.value.row_number == row_number
    return {p.header: p.message.zh for p in caught.value.problems}


def full_row() -> dict[str, object]:
    return {
        **BASE,
        "公民身份号码": CHILD_ID,
        "民族": "汉族",
        "户籍性质": "农村",
        "户籍地址": "安吉县递铺街道某村1号",
        "现居住地址": "安吉县递铺街道某村1号",
        "就读学校": "递铺小学",
        "年级": 5,
        "是否寄宿": "是",
        "健康状况": "良好",
        "残疾类别": "肢体",
        "残疾等级": "二级",
        "残疾证号": CHILD_ID + "42",  # the second-generation certificate number
        "是否患重病": "否",
        "家庭救助类型": "低保",
        "救助证号": "AJ-2024-001",
        "救助证有效期至": "2026/12/31",
        "风险等级": "中",
        "是否重点儿童": "√",
        "备注": "需每月走访",
        "父亲姓名": "王大明",
        "父亲公民身份号码": FATHER_ID,
        "父亲联系电话": "13800138000",
        "父亲情况": "外出务工",
        "父亲情况开始日期": "2020.3.1",
        "父亲务工地点": "杭州",
        "母亲姓名": "李红",
        "母亲公民身份号码": MOTHER_ID,
        "母亲情况": "残疾（精神三级）",
        "母亲情况开始日期": "2019年5月6日",
        "受委托监护人姓名": "王老汉",
        "受委托监护人与儿童关系": "祖父",
        "受委托监护人联系电话": "0572-5123304",
        "受委托监护人公民身份号码": GUARDIAN_ID,
        "序号": 1,  # not a ledger column: ignored
    }


def by_relation(row: LedgerRow) -> dict[str, dict[str, Any]]:
    return {m.relation: dict(m.fields) for m in row.members}


def member(row: LedgerRow, relation: str) -> Mapping[str, Any]:
    return next(m.fields for m in row.members if m.relation == relation)


# -- columns --------------------------------------------------------------------------


def test_headers_are_unique_and_cover_every_child_field() -> None:
    assert len(set(HEADERS)) == len(HEADERS)
    child_fields = {c.field for c in COLUMNS if c.target == "child"}
    assert child_fields | NOT_IN_LEDGER == set(Child.model_fields)
    assert not child_fields & NOT_IN_LEDGER
    for header in (
        "姓名", "性别", "公民身份号码", "出生日期", "是否寄宿", "救助证有效期至", "是否重点儿童",
        "父亲姓名", "父亲情况", "母亲情况开始日期", "母亲情况结束日期", "母亲务工地点",
        "受委托监护人姓名", "受委托监护人与儿童关系", "受委托监护人联系电话",
        "受委托监护人公民身份号码", "备注",
    ):  # fmt: skip
        assert header in HEADERS
    assert [c.header for c in COLUMNS if c.required] == ["姓名", "性别", "出生日期"]


def test_every_column_is_described_for_the_template() -> None:
    for col in COLUMNS:
        assert describe(col) or col.kind == "text"
    assert "男、女" in describe(next(c for c in COLUMNS if c.header == "性别"))


# -- reading a row --------------------------------------------------------------------


def test_full_row_becomes_child_and_three_members() -> None:
    row = parse_row(full_row(), 7)
    assert row.row_number == 7
    assert row.child["id_number"] == CHILD_ID
    assert row.child["birth_date"] == "2013-04-02"
    assert row.child["grade"] == "5"
    assert row.child["boarding"] is True and row.child["key_child"] is True
    assert row.child["serious_illness"] is False
    assert (row.child["disability_category"], row.child["disability_grade"]) == ("physical", 2)
    assert row.child["family_assistance"] == "dibao"
    assert row.child["assistance_valid_until"] == "2026-12-31"
    assert row.child["risk_level"] == "medium"
    assert sorted(m.relation for m in row.members) == ["father", "grandfather", "mother"]
    father = member(row, "father")
    assert father["situations"] == [
        {"kind": "migrant_work", "since": "2020-03-01", "until": None, "category": None,
         "grade": None}
    ]  # fmt: skip
    assert father["work_place"] == "杭州" and father["is_entrusted_guardian"] is False
    mother = member(row, "mother")
    assert mother["situations"][0] == {
        "kind": "disability", "since": "2019-05-06", "until": None, "category": "mental",
        "grade": 3,
    }  # fmt: skip
    guardian = member(row, "grandfather")
    assert guardian["is_entrusted_guardian"] is True
    assert guardian["phone"] == "0572-5123304" and guardian["id_number"] == GUARDIAN_ID
    assert "child_id" not in guardian
    FamilyMember.model_validate(row.members[0].for_child("12345678-1234-1234-1234-123456789abc"))


def test_empty_cells_mean_not_given() -> None:
    row = parse_row({**BASE, "民族": "", "是否寄宿": None, "风险等级": "  ", "残疾类别": "/",
                     "家庭救助类型": None, "父亲姓名": "", "备注": "—"}, 2)  # fmt: skip
    assert row.child["ethnicity"] is None and row.child["notes"] is None
    assert row.child["boarding"] is False and row.child["risk_level"] == "low"
    assert row.child["family_assistance"] == "none"
    assert row.members == ()


def test_headers_are_matched_loosely_and_extra_columns_ignored() -> None:
    row = parse_row(
        {" 姓名* ": "王小明", "性\n别": "男", "出生日期*": "2013-04-02", "身份证号": CHILD_ID,
         "父亲电话": "13800138000", "父亲姓名": "王大明", "与儿童关系": "奶奶",
         "监护人姓名": "张阿婆", "联系人": "whatever"},
        3,
    )  # fmt: skip
    assert row.child["id_number"] == CHILD_ID
    assert member(row, "father")["phone"] == "13800138000"
    assert member(row, "grandmother")["name"] == "张阿婆"


@pytest.mark.parametrize(
    "cell",
    ["2013-04-02", "2013/4/2", "2013.4.2", "20130402", "2013年4月2日", " 2013 / 04 / 02 ",
     "２０１３－０４－０２", "2013-04-02 00:00:00", 20130402, date(2013, 4, 2),
     datetime(2013, 4, 2, 0, 0)],
)  # fmt: skip
def test_dates_in_the_forms_directors_type(cell: object) -> None:
    assert parse_row({**BASE, "出生日期": cell}, 2).child["birth_date"] == "2013-04-02"


@pytest.mark.parametrize("cell", ["2013-02-30", "2013/13/1", "明年", "13/4/2", "2013-4-"])
def test_bad_dates_name_the_column_and_the_forms(cell: str) -> None:
    problems = problems_of({**BASE, "出生日期": cell})
    assert problems["出生日期"].startswith("“") and "2013/4/2" in problems["出生日期"]
    assert M_BAD_DATE.zh.split("；")[1] in problems["出生日期"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("是", True), ("Y", True), ("y", True), ("1", True), (1, True), ("√", True),
     (True, True), ("否", False), ("N", False), ("0", False), ("×", False), (False, False)],
)  # fmt: skip
def test_yes_no_words(cell: object, expected: bool) -> None:
    assert parse_row({**BASE, "是否寄宿": cell}, 2).child["boarding"] is expected


@pytest.mark.parametrize(
    ("header", "cell", "accepted"),
    [("性别", "男孩", "男、女"), ("户籍性质", "城市户口", "农村、城镇"),
     ("是否寄宿", "有时", "是、否"), ("家庭救助类型", "特困", "低保、低保边缘、无"),
     ("风险等级", "超高", "低、中、高"), ("残疾类别", "身体", "肢体、视力、听力"),
     ("残疾等级", "五级", "一级、二级、三级、四级"), ("父亲情况", "出差", "外出务工、死亡"),
     ("受委托监护人与儿童关系", "路人", "祖父、祖母、外祖父")],
)  # fmt: skip
def test_unknown_words_list_the_accepted_ones(header: str, cell: str, accepted: str) -> None:
    row = {**BASE, header: cell, "父亲姓名": "王大明", "受委托监护人姓名": "张三"}
    problems = problems_of(row)
    assert cell in problems[header] and accepted in problems[header]


def test_coded_words_and_aliases() -> None:
    row = parse_row(
        {**BASE, "户籍性质": "非农业", "残疾类别": "智力残疾", "残疾等级": 4, "风险等级": "高风险",
         "家庭救助类型": "低保边缘户", "涉案情况": "受害", "受委托监护人姓名": "李阿姨",
         "受委托监护人与儿童关系": "姨妈"},
        2,
    )  # fmt: skip
    assert row.child["hukou_type"] == "urban"
    assert (row.child["disability_category"], row.child["disability_grade"]) == ("intellectual", 4)
    assert row.child["risk_level"] == "high" and row.child["family_assistance"] == "dibao_edge"
    assert row.child["justice_involvement"] == "victim"
    assert row.members[0].relation == "uncle_aunt"


@pytest.mark.parametrize(
    ("cell", "category", "grade"),
    [("残疾（肢体二级）", "physical", 2), ("残疾(肢体2级)", "physical", 2),
     ("肢体二级残疾", "physical", 2), ("残疾 视力 一级", "visual", 1),
     ("残疾（多重，4级）", "multiple", 4)],
)  # fmt: skip
def test_a_disabled_parent_names_category_and_grade(cell: str, category: str, grade: int) -> None:
    row = parse_row({**BASE, "母亲姓名": "李红", "母亲情况": cell}, 2)
    situation = member(row, "mother")["situations"][0]
    assert (situation["kind"], situation["category"], situation["grade"]) == (
        "disability", category, grade,
    )  # fmt: skip


@pytest.mark.parametrize("cell", ["残疾", "重残", "残疾（二级）", "残疾（肢体）"])
def test_a_disability_without_detail_says_how_to_write_it(cell: str) -> None:
    problems = problems_of({**BASE, "母亲姓名": "李红", "母亲情况": cell})
    assert problems["母亲情况"] == M_DISABILITY_DETAIL.zh.format(
        words="肢体、视力、听力、言语、智力、精神、多重"
    )


@pytest.mark.parametrize(
    ("word", "kind"),
    [("外出务工", "migrant_work"), ("死亡", "deceased"), ("宣告死亡", "declared_dead"),
     ("宣告失踪", "declared_missing"), ("查找不到", "unidentified"), ("重病", "serious_illness"),
     ("服刑在押", "imprisoned"), ("强制隔离戒毒", "compulsory_rehab"),
     ("限制人身自由", "restricted_liberty"), ("失联", "lost_contact"),
     ("无法履行监护", "unable_to_guard"), ("打工", "migrant_work")],
)  # fmt: skip
def test_situation_words(word: str, kind: str) -> None:
    row = parse_row(
        {**BASE, "父亲姓名": "王大明", "父亲情况": word, "父亲情况开始日期": "2020-01-01"}, 2
    )
    assert member(row, "father")["situations"][0]["kind"] == kind


def test_no_situation_words_leave_the_parent_without_one() -> None:
    row = parse_row({**BASE, "父亲姓名": "王大明", "父亲情况": "正常"}, 2)
    assert member(row, "father")["situations"] == []


def test_situation_term_problems_name_the_date_columns() -> None:
    problems = problems_of(
        {**BASE, "父亲姓名": "王大明", "父亲情况": "服刑在押", "父亲情况开始日期": "2022-01-01",
         "父亲情况结束日期": "2021-01-01", "母亲姓名": "李红", "母亲情况开始日期": "2020-01-01"}
    )  # fmt: skip
    assert problems["父亲情况结束日期"] == "结束日期早于开始日期"
    assert problems["母亲情况开始日期"] == "填写了日期，但“母亲情况”为空"


def test_a_term_situation_needs_its_start_date() -> None:
    problems = problems_of({**BASE, "父亲姓名": "王大明", "父亲情况": "失联"})
    assert set(problems) == {"父亲情况开始日期"}
    assert "开始日期" in problems["父亲情况开始日期"]


def test_a_year_and_month_takes_its_day_from_the_id_number() -> None:
    with_id = {**BASE, "公民身份号码": make_id_number("330523", date(2013, 4, 2), 123)}
    row = parse_row({**with_id, "出生日期": "2013.04"}, 2)
    assert row.child["birth_date"] == "2013-04-02"
    assert parse_row({**with_id, "出生日期": "2013年4月"}, 2).child["birth_date"] == "2013-04-02"
    assert "只写到月" in problems_of({**with_id, "出生日期": "2013.05"})["出生日期"]
    assert "只写到月" in problems_of({**BASE, "出生日期": "2013.04"})["出生日期"]


def test_member_problems_name_member_columns() -> None:
    problems = problems_of(
        {**BASE, "父亲情况": "外出务工", "母亲姓名": "李红", "母亲联系电话": "12345",
         "受委托监护人姓名": "王老汉"}
    )  # fmt: skip
    # A parent is known by the relation (many ledgers give only the work place).
    assert "父亲姓名" not in problems
    assert "电话号码" in problems["母亲联系电话"]
    assert problems["受委托监护人与儿童关系"] == "必须填写"


# -- ID numbers -----------------------------------------------------------------------


def test_malformed_id_number() -> None:
    problems = problems_of({**BASE, "公民身份号码": CHILD_ID[:17]})
    assert problems == {"公民身份号码": "身份证号码应为18位：前17位为数字，最后一位为数字或X"}


def test_wrong_check_digit() -> None:
    wrong = CHILD_ID[:17] + ("0" if CHILD_ID[17] != "0" else "1")
    assert "校验位错误" in problems_of({**BASE, "公民身份号码": wrong})["公民身份号码"]


def test_birth_date_and_gender_disagreeing_with_the_id_number() -> None:
    problems = problems_of(
        {**BASE, "公民身份号码": CHILD_ID, "出生日期": "2013-04-03", "性别": "女"}
    )
    assert problems["出生日期"] == "出生日期 2013-04-03 与身份证号码中的 2013-04-02 不一致"
    assert "不一致" in problems["性别"]


def test_disagreement_is_reported_with_other_problems_of_the_row() -> None:
    problems = problems_of(
        {**BASE, "公民身份号码": CHILD_ID, "出生日期": "2013-04-03", "残疾类别": "肢体"}
    )
    assert set(problems) == {"出生日期", "残疾等级"}


def test_masked_id_number_is_refused_saying_so() -> None:
    masked = CHILD_ID[:6] + "*" * 8 + CHILD_ID[14:]
    assert problems_of({**BASE, "公民身份号码": masked}) == {"公民身份号码": M_MASKED_ID.zh}
    father = {**BASE, "父亲姓名": "王大明", "父亲公民身份号码": "330523********1111"}
    assert problems_of(father) == {"父亲公民身份号码": M_MASKED_ID.zh}


def test_id_number_that_excel_turned_into_a_number() -> None:
    problems = problems_of({**BASE, "公民身份号码": float(CHILD_ID[:17] + "0")})
    assert problems == {"公民身份号码": M_ID_AS_NUMBER.zh}


def test_lower_case_x_and_spaces_are_accepted() -> None:
    number = next(
        make_id_number("330523", BIRTH, s)
        for s in range(1, 999, 2)
        if make_id_number("330523", BIRTH, s).endswith("X")
    )
    spaced = f"{number[:6]} {number[6:14]} {number[14:].lower()}"
    assert parse_row({**BASE, "公民身份号码": spaced}, 2).child["id_number"] == number


def test_row_error_text_lists_every_problem_with_its_row() -> None:
    with pytest.raises(RowError) as caught:
        parse_row({**BASE, "性别": "?", "出生日期": "x"}, 12)
    assert caught.value.text("zh").startswith("第 12 行：性别：")
    assert "出生日期：" in caught.value.text("zh")
    assert str(caught.value).startswith("row 12: 性别: '?' is not one of")


# -- the guardian is a parent ---------------------------------------------------------


def test_guardian_who_is_the_mother_marks_the_mother() -> None:
    row = parse_row(
        {**BASE, "母亲姓名": "李红", "母亲情况": "无", "受委托监护人姓名": "李红",
         "受委托监护人与儿童关系": "母亲", "受委托监护人联系电话": "13900139000"},
        2,
    )  # fmt: skip
    assert [m.relation for m in row.members] == ["mother"]
    mother = member(row, "mother")
    assert mother["is_entrusted_guardian"] is True and mother["phone"] == "13900139000"


def test_guardian_who_is_a_parent_must_agree_with_that_parent() -> None:
    problems = problems_of(
        {
            **BASE,
            "父亲姓名": "王大明",
            "受委托监护人姓名": "王小二",
            "受委托监护人与儿童关系": "父亲",
        }
    )
    assert problems == {"受委托监护人姓名": "受委托监护人是父亲，但与“父亲姓名”不一致"}


# -- headers and blank rows -----------------------------------------------------------


# -- duplicates -----------------------------------------------------------------------


def test_every_row_holding_a_repeated_id_number_is_refused() -> None:
    first = parse_row({**BASE, "公民身份号码": CHILD_ID}, 2)
    other = parse_row({**BASE, "姓名": "王小亮", "公民身份号码": CHILD_ID}, 5)
    bad = RowError(9, [], id_number=CHILD_ID)
    unique = parse_row({**BASE, "姓名": "李四"}, 3)
    marked = mark_duplicate_ids([first, unique, other, bad])
    assert marked[1] is unique
    errors = [m for m in marked if isinstance(m, RowError)]
    assert [e.row_number for e in errors] == [2, 5, 9]
    assert errors[0].problems[0].header == ID_HEADER
    assert errors[0].problems[0].message == M_DUPLICATE_IN_FILE.format(rows="5、9")


# -- writing a row --------------------------------------------------------------------


def _as_members(row: LedgerRow) -> list[Mapping[str, Any]]:
    return [m.fields for m in row.members]


def test_row_values_masks_id_numbers_unless_revealed() -> None:
    row = parse_row(full_row(), 2)
    masked = row_values(row.child, _as_members(row), reveal_id_numbers=False)
    assert masked["公民身份号码"] == CHILD_ID[:6] + "********" + CHILD_ID[14:]
    assert masked["父亲公民身份号码"] == FATHER_ID[:6] + "********" + FATHER_ID[14:]
    assert masked["受委托监护人公民身份号码"].count("*") == 8
    revealed = row_values(row.child, _as_members(row), reveal_id_numbers=True)
    assert revealed["公民身份号码"] == CHILD_ID
    assert list(revealed) == list(HEADERS)


def test_row_values_writes_chinese_words() -> None:
    row = parse_row(full_row(), 2)
    values = row_values(row.child, _as_members(row), reveal_id_numbers=True)
    assert values["性别"] == "男" and values["户籍性质"] == "农村"
    assert values["是否寄宿"] == "是" and values["是否患重病"] == "否"
    assert values["残疾类别"] == "肢体" and values["残疾等级"] == "二级"
    assert values["家庭救助类型"] == "低保" and values["风险等级"] == "中"
    assert values["父亲情况"] == "外出务工" and values["父亲情况开始日期"] == "2020-03-01"
    assert values["母亲情况"] == "残疾（精神三级）"
    assert values["受委托监护人与儿童关系"] == "祖父"
    assert values["涉案情况"] == "" and values["母亲情况结束日期"] == ""


def test_round_trip_of_a_row_through_its_words() -> None:
    row = parse_row(full_row(), 2)
    again = parse_row(row_values(row.child, _as_members(row), reveal_id_numbers=True), 2)
    assert dict(again.child) == dict(row.child)
    assert by_relation(again) == by_relation(row)


def test_masked_row_round_trips_everything_but_the_id_numbers() -> None:
    row = parse_row(full_row(), 2)
    values = row_values(row.child, _as_members(row), reveal_id_numbers=False)
    # The disability certificate number embeds the ID number, so it is masked too.
    assert values["残疾证号"] == CHILD_ID[:6] + "********" + CHILD_ID[14:] + "42"
    masked = {"公民身份号码", "父亲公民身份号码", "母亲公民身份号码", "受委托监护人公民身份号码",
              "残疾证号"}  # fmt: skip
    with pytest.raises(RowError) as caught:
        parse_row(values, 2)
    assert {p.header for p in caught.value.problems} == masked
    assert {p.message for p in caught.value.problems} == {M_MASKED_ID, M_MASKED_NUMBER}
    again = parse_row({h: ("" if h in masked else v) for h, v in values.items()}, 2)
    hidden = {"id_number": None, "disability_certificate_no": None}
    assert {**again.child, **hidden} == {**row.child, **hidden}
    for relation in ("father", "mother", "grandfather"):
        assert {**member(again, relation), **hidden} == {**member(row, relation), **hidden}


def test_the_ledger_shows_the_current_situation_of_a_parent() -> None:
    father = {
        "relation": "father",
        "name": "王大明",
        "situations": [
            {"kind": "imprisoned", "since": "2015-01-01", "until": "2018-01-01"},
            {"kind": "migrant_work", "since": "2019-01-01", "until": None},
            {"kind": "lost_contact", "since": "2016-01-01"},
        ],
    }
    values = row_values({"name": "王小明"}, [father], reveal_id_numbers=False)
    assert values["父亲情况"] == "外出务工" and values["父亲情况开始日期"] == "2019-01-01"


def test_a_parent_who_is_the_guardian_appears_in_both_places() -> None:
    mother = {"relation": "mother", "name": "李红", "phone": "13900139000",
              "is_entrusted_guardian": True, "situations": []}  # fmt: skip
    values = row_values({"name": "王小明", "gender": "male"}, [mother], reveal_id_numbers=False)
    assert values["母亲姓名"] == values["受委托监护人姓名"] == "李红"
    assert values["受委托监护人与儿童关系"] == "母亲"
    assert values["受委托监护人联系电话"] == "13900139000"


def test_a_parent_who_cannot_be_found_needs_no_name() -> None:
    row = parse_row({**BASE, "父亲情况": "查找不到"}, 2)
    (father,) = [m for m in row.members if m.relation == "father"]
    assert father.fields.get("name") is None
