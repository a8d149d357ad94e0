"""Ledger files: export to .xlsx, import .xlsx and .csv, the template, and refusals."""

from __future__ import annotations

import csv
import os
import random
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from casework.ids import make_id_number
from casework.ledger import (
    COLUMNS,
    HEADERS,
    IMPORT_CHECKING,
    IMPORT_WRITING,
    M_ID_AS_NUMBER,
    M_MASKED_ID,
    M_MASKED_NUMBER,
    LedgerError,
    RowError,
    parse_row,
)
from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir, init_store
from desktop.services.ledger import (
    CATEGORY_SHEETS,
    DATA_SHEET,
    HELP_SHEET,
    NOTE_SHEET,
    PERSONAL_DATA_NOTE,
    SUMMARY_SHEET,
    LedgerRowsError,
    export_ledger,
    import_ledger,
    read_rows,
    write_template,
)
from desktop.services.ledger_intake import M_NOT_IN_STORE_MASKED

PASSPHRASE = "correct horse battery"
VILLAGE = "330523101001"

MING_ID = make_id_number("330523", date(2013, 4, 2), 123)
HONG_ID = make_id_number("330523", date(2015, 9, 30), 246)
FATHER_ID = make_id_number("330523", date(1985, 3, 1), 111)
MOTHER_ID = make_id_number("330523", date(1987, 6, 9), 222)
GRANNY_ID = make_id_number("330523", date(1958, 1, 20), 332)
HONG_MOTHER_ID = make_id_number("330523", date(1990, 2, 14), 442)

MING: dict[str, Any] = {
    "name": "王小明",
    "gender": "male",
    "birth_date": "2013-04-02",
    "id_number": MING_ID,
    "ethnicity": "汉族",
    "hukou_type": "rural",
    "hukou_address": "安吉县递铺街道某村1号",
    "residence_address": "安吉县递铺街道某村1号",
    "school": "递铺小学",
    "grade": "五年级",
    "boarding": True,
    "health": "良好",
    "disability_category": "physical",
    "disability_grade": 2,
    "disability_certificate_no": "33052320130402123042",
    "serious_illness": True,
    "serious_illness_note": "先天性心脏病",
    "family_assistance": "dibao",
    "assistance_certificate_no": "AJ-2024-001",
    "assistance_valid_until": "2026-12-31",
    "welfare_received": "困境儿童生活补贴",
    "found_in_county": True,
    "justice_involvement": "victim",
    "risk_level": "high",
    "key_child": True,
    "notes": "=1+1 不是公式\n第二行",
}
HONG: dict[str, Any] = {
    "name": "李小红",
    "gender": "female",
    "birth_date": "2015-09-30",
    "id_number": HONG_ID,
    "hukou_type": "urban",
    "hukou_county_code": "330522",
}
ZHANG: dict[str, Any] = {"name": "张三", "gender": "male", "birth_date": "2012-01-05"}


def new_store(root: Path) -> CaseStore:
    return init_store(DataDir(root), village_code=VILLAGE, passphrase=PASSPHRASE, user="director1")


def _populate(store: CaseStore) -> None:
    ming = store.create("child", MING)
    store.create(
        "family_member",
        {"child_id": ming, "relation": "father", "name": "王大明", "id_number": FATHER_ID,
         "phone": "13800138000", "work_place": "杭州市萧山区",
         "situations": [{"kind": "migrant_work", "since": "2020-03-01"}]},
    )  # fmt: skip
    store.create(
        "family_member",
        {"child_id": ming, "relation": "mother", "name": "陈丽", "id_number": MOTHER_ID,
         "situations": [{"kind": "imprisoned", "since": "2021-05-06", "until": "2027-05-05"}]},
    )  # fmt: skip
    store.create(
        "family_member",
        {"child_id": ming, "relation": "grandmother", "name": "王阿婆", "id_number": GRANNY_ID,
         "phone": "0572-5123304", "is_entrusted_guardian": True},
    )  # fmt: skip
    hong = store.create("child", HONG)
    store.create(
        "family_member",
        {"child_id": hong, "relation": "father", "name": "李强",
         "situations": [{"kind": "disability", "category": "intellectual", "grade": 3}]},
    )  # fmt: skip
    store.create(
        "family_member",
        {"child_id": hong, "relation": "mother", "name": "赵芳", "id_number": HONG_MOTHER_ID,
         "phone": "13900139000", "is_entrusted_guardian": True},
    )  # fmt: skip
    store.create("child", ZHANG)
    gone = store.create("child", {"name": "已删除", "gender": "female", "birth_date": "2014-01-01"})
    store.delete(gone)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> CaseStore:
    """One store with three children (and one deleted), shared by the export tests."""
    store = new_store(tmp_path_factory.mktemp("source") / "data")
    _populate(store)
    return store


@pytest.fixture
def target(tmp_path: Path) -> CaseStore:
    return new_store(tmp_path / "target")


def sheet_rows(path: Path, sheet: str = DATA_SHEET) -> list[tuple[Any, ...]]:
    workbook = load_workbook(path)
    try:
        return [tuple(r) for r in workbook[sheet].iter_rows(values_only=True)]
    finally:
        workbook.close()


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *, title: str = "Sheet1") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def ledger_rows(rows: Sequence[dict[str, object]]) -> list[list[object]]:
    """A header row with every header the rows use, then the rows."""
    headers = list(dict.fromkeys(h for row in rows for h in row))
    return [headers, *[[row.get(h) for h in headers] for row in rows]]


def children_by_name(store: CaseStore) -> dict[str, dict[str, Any]]:
    return {str(c.fields["name"]): dict(c.fields) for c in store.records("child")}


def members_by_child_name(store: CaseStore) -> dict[str, list[dict[str, Any]]]:
    names = {c.id: str(c.fields["name"]) for c in store.records("child")}
    found: dict[str, list[dict[str, Any]]] = {}
    for m in store.records("family_member"):
        fields = {k: v for k, v in m.fields.items() if k != "child_id"}
        found.setdefault(names[str(m.child_id)], []).append(fields)
    return {k: sorted(v, key=lambda f: str(f["relation"])) for k, v in found.items()}


def all_cell_text(path: Path) -> str:
    workbook = load_workbook(path)
    try:
        return "\n".join(
            str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True)
            for v in row if v is not None
        )  # fmt: skip
    finally:
        workbook.close()


# -- export ---------------------------------------------------------------------------


def test_export_writes_a_summary_and_one_sheet_per_category_sorted_by_name(
    source: CaseStore, tmp_path: Path
) -> None:
    path = tmp_path / "台账.xlsx"
    assert export_ledger(source, path, today=date(2026, 11, 28)) == 3
    workbook = load_workbook(path)
    assert workbook.sheetnames == [SUMMARY_SHEET, *CATEGORY_SHEETS.values()]
    assert PERSONAL_DATA_NOTE not in (workbook.properties.title or "")
    workbook.close()
    left_behind = sheet_rows(path, "农村留守儿童")
    assert left_behind[0] == (*HEADERS, "村（社区）代码", "儿童类别")
    assert [r[0] for r in left_behind[1:]] == ["王小明"]
    assert left_behind[1][-2:] == (
        VILLAGE,
        "农村留守儿童、低保户和低保边缘户家庭中的自身困境儿童、犯罪未成年人及犯罪案件未成年受害者",
    )
    assert [r[0] for r in sheet_rows(path, "犯罪未成年人及犯罪案件未成年受害者")[1:]] == ["王小明"]
    assert [r[0] for r in sheet_rows(path, "福利机构养育孤儿")[1:]] == []
    # Out of scope (urban hukou elsewhere; no parents' situation): li, zhang by pinyin.
    assert [r[0] for r in sheet_rows(path, "未纳入类别的儿童")[1:]] == ["李小红", "张三"]
    summary = sheet_rows(path, SUMMARY_SHEET)
    header = summary[0]
    village = dict(zip(header, summary[1], strict=True))
    total = dict(zip(header, summary[2], strict=True))
    assert village["村（社区）代码"] == VILLAGE and total["村（社区）代码"] == "合计"
    assert village["农村留守儿童"] == 1 and village["未纳入类别的儿童"] == 2
    assert village["儿童人数"] == total["儿童人数"] == 3
    assert "2026-11-28" in str(summary[4][0])


def test_masked_export_holds_no_full_id_number(source: CaseStore, tmp_path: Path) -> None:
    path = tmp_path / "masked.xlsx"
    export_ledger(source, path)
    text = all_cell_text(path)
    for number in (MING_ID, HONG_ID, FATHER_ID, MOTHER_ID, GRANNY_ID, HONG_MOTHER_ID):
        assert number not in text
        assert number[:6] + "********" + number[14:] in text
    # The disability certificate number embeds the child's ID number: masked too.
    assert MING_ID[:6] + "********" + MING_ID[14:] + "42" in text


def test_export_writes_words_dates_and_text_cells(source: CaseStore, tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    export_ledger(source, path, reveal_id_numbers=True)
    rows = sheet_rows(path, "未纳入类别的儿童")
    ming = dict(zip(rows[0], sheet_rows(path, "农村留守儿童")[1], strict=True))
    assert ming["性别"] == "男" and ming["是否寄宿"] == "是" and ming["是否需临时监护"] == "否"
    assert ming["残疾类别"] == "肢体" and ming["残疾等级"] == "二级"
    assert ming["家庭救助类型"] == "低保" and ming["风险等级"] == "高"
    assert ming["涉案情况"] == "犯罪案件未成年受害者"
    assert ming["出生日期"] == datetime(2013, 4, 2)  # a real date cell
    assert ming["父亲情况"] == "外出务工" and ming["父亲务工地点"] == "杭州市萧山区"
    assert ming["母亲情况"] == "服刑在押" and ming["母亲情况结束日期"] == datetime(2027, 5, 5)
    assert ming["受委托监护人姓名"] == "王阿婆" and ming["受委托监护人与儿童关系"] == "祖母"
    assert ming["备注"] == "=1+1 不是公式\n第二行"  # text, never a formula
    hong = dict(zip(rows[0], rows[1], strict=True))
    assert hong["父亲情况"] == "残疾（智力三级）"
    assert hong["母亲姓名"] == hong["受委托监护人姓名"] == "赵芳"
    assert hong["受委托监护人与儿童关系"] == "母亲"
    sheet = load_workbook(path)["农村留守儿童"]
    assert sheet.cell(row=2, column=HEADERS.index("备注") + 1).data_type == "s"
    id_column = HEADERS.index("公民身份号码") + 1
    assert sheet.cell(row=2, column=id_column).data_type == "s"
    assert sheet.cell(row=2, column=id_column).number_format == "@"


def test_revealed_export_is_marked_as_personal_data(source: CaseStore, tmp_path: Path) -> None:
    path = tmp_path / "revealed.xlsx"
    export_ledger(source, path, reveal_id_numbers=True)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [NOTE_SHEET, SUMMARY_SHEET, *CATEGORY_SHEETS.values()]
    assert workbook.worksheets[0]["A1"].value == PERSONAL_DATA_NOTE
    assert workbook.active.title == NOTE_SHEET
    for sheet in workbook.worksheets[1:]:
        assert sheet.oddHeader.center.text == PERSONAL_DATA_NOTE
    assert PERSONAL_DATA_NOTE in workbook.properties.subject
    assert PERSONAL_DATA_NOTE in workbook.properties.title
    assert PERSONAL_DATA_NOTE in workbook.properties.keywords
    workbook.close()
    assert MING_ID in all_cell_text(path)
    if os.name == "posix":
        assert (path.stat().st_mode & 0o077) == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".childdesk-")]


def test_export_refuses_a_name_that_is_not_xlsx(source: CaseStore, tmp_path: Path) -> None:
    with pytest.raises(LedgerError):
        export_ledger(source, tmp_path / "ledger.csv")


# -- round trips ----------------------------------------------------------------------


def test_revealed_export_imports_into_a_fresh_store_unchanged(
    source: CaseStore, target: CaseStore, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.xlsx"
    export_ledger(source, path, reveal_id_numbers=True)
    result = import_ledger(target, path)
    assert result.imported == 3 and result.skipped == [] and result.members == 5
    assert children_by_name(target) == children_by_name(source)
    assert members_by_child_name(target) == members_by_child_name(source)


MASKED = {c.header for c in COLUMNS if c.kind == "id" or c.holds_id}
MASKED_FIELDS = {c.field for c in COLUMNS if c.kind == "id" or c.holds_id}


def without(fields: Mapping[str, Any], names: set[str]) -> dict[str, Any]:
    """The fields but ``names``, leaving out empty ones (the store does not keep None)."""
    return {k: v for k, v in fields.items() if k not in names and v is not None}


def test_masked_export_round_trips_every_other_field(source: CaseStore, tmp_path: Path) -> None:
    path = tmp_path / "masked.xlsx"
    export_ledger(source, path)
    _, rows = read_rows(path)
    expected = children_by_name(source)
    expected_members = members_by_child_name(source)
    for row_number, values in rows:
        if values.get("公民身份号码"):
            with pytest.raises(RowError) as caught:
                parse_row(values, row_number)
            assert {p.message for p in caught.value.problems} <= {M_MASKED_ID, M_MASKED_NUMBER}
        blanked = {h: (None if h in MASKED else v) for h, v in values.items()}
        row = parse_row(blanked, row_number)
        name = str(row.child["name"])
        assert without(row.child, MASKED_FIELDS) == without(expected[name], MASKED_FIELDS)
        members = sorted((dict(m.fields) for m in row.members), key=lambda f: str(f["relation"]))
        originals = expected_members.get(name, [])
        assert len(members) == len(originals)
        for got, original in zip(members, originals, strict=True):
            assert without(got, MASKED_FIELDS) == without(original, MASKED_FIELDS)


# -- template -------------------------------------------------------------------------


def test_template_has_the_headers_and_explains_each_column(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    write_template(path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [DATA_SHEET, HELP_SHEET]
    workbook.close()
    assert sheet_rows(path)[0] == HEADERS
    notes = {r[0]: r[1] for r in sheet_rows(path, HELP_SHEET)[1:] if r[0]}
    assert set(notes) == set(HEADERS)
    assert "男、女" in notes["性别"] and "必填" in notes["姓名"]
    assert "2013/4/2" in notes["出生日期"]
    assert "外出务工" in notes["父亲情况"] and "残疾（肢体二级）" in notes["父亲情况"]
    assert "祖父" in notes["受委托监护人与儿童关系"]


def test_an_empty_template_imports_nothing(target: CaseStore, tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    assert import_ledger(target, path).imported == 0
    assert target.records() == []


# -- importing real files -------------------------------------------------------------

GOOD = {"序号": 1, "姓名": "王小明", "性别": "男", "出生日期": date(2013, 4, 2),
        "公民身份号码": MING_ID, "父亲姓名": "王大明", "父亲联系电话": 13800138000,
        "父亲情况": "外出务工", "父亲情况开始日期": datetime(2020, 3, 1),
        "受委托监护人姓名": "王阿婆", "与儿童关系": "奶奶"}  # fmt: skip
GOOD_2 = {"序号": 2, "姓名": "李小红", "性别": "女", "出生日期": "2015/9/30",
          "公民身份号码": HONG_ID}  # fmt: skip


def test_import_of_an_xlsx_with_excel_cells(target: CaseStore, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ledger.xlsx", [*ledger_rows([GOOD, GOOD_2])])
    result = import_ledger(target, path)
    # 序号 is known and left out; no column had to be kept in the notes.
    assert result.imported == 2 and result.members == 2 and result.ignored_columns == []
    children = children_by_name(target)
    assert children["李小红"]["birth_date"] == "2015-09-30"
    father = next(m for m in target.records("family_member") if m.fields["relation"] == "father")
    assert father.fields["phone"] == "13800138000"
    assert father.fields["situations"][0]["since"] == "2020-03-01"
    assert father.child_id == result.child_ids[0]
    assert target.find_by_id_number(MING_ID) == [result.child_ids[0]]


def test_row_numbers_are_the_spreadsheets(target: CaseStore, tmp_path: Path) -> None:
    rows = ledger_rows([GOOD, GOOD_2])
    path = write_xlsx(tmp_path / "gaps.xlsx", [rows[0], rows[1], [None] * len(rows[0]), [],
                                               rows[2]])  # fmt: skip
    headers, read = read_rows(path)
    assert headers == rows[0]
    assert [n for n, _ in read] == [2, 5]


def test_the_data_sheet_is_found_when_it_is_not_first(target: CaseStore, tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "说明"
    workbook.active["A1"] = "这里不是台账"
    data = workbook.create_sheet(DATA_SHEET)
    for row in ledger_rows([GOOD_2]):
        data.append(row)
    workbook.save(tmp_path / "two.xlsx")
    assert import_ledger(target, tmp_path / "two.xlsx").imported == 1


def _bad_rows() -> list[dict[str, object]]:
    wrong_check = MING_ID[:17] + ("0" if MING_ID[17] != "0" else "1")
    dup = make_id_number("330523", date(2014, 6, 1), 135)
    return [
        GOOD,                                                                      # row 2
        {**GOOD_2, "公民身份号码": HONG_ID[:15]},                                  # 3 malformed
        {**GOOD_2, "公民身份号码": wrong_check},                                   # 4 check digit
        {**GOOD_2, "出生日期": "2015-09-29"},                                      # 5 birth ≠ ID
        {**GOOD_2, "公民身份号码": None, "风险等级": "很高"},                     # 6 unknown word
        {**GOOD_2, "公民身份号码": None, "出生日期": "2015-02-30"},                # 7 bad date
        {"姓名": "赵一", "性别": "男", "出生日期": "2014-06-01", "公民身份号码": dup},  # 8 dup
        {"姓名": "赵二", "性别": "男", "出生日期": "2014-06-01", "公民身份号码": dup},  # 9 dup
        {**GOOD_2, "公民身份号码": HONG_ID[:6] + "********" + HONG_ID[14:]},      # 10 masked
    ]  # fmt: skip


def test_bad_rows_are_each_reported_and_nothing_is_written(
    target: CaseStore, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", ledger_rows(_bad_rows()))
    with pytest.raises(LedgerRowsError) as caught:
        import_ledger(target, path)
    reasons = {
        e.row_number: {p.header: p.message.zh for p in e.problems} for e in caught.value.rows
    }
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "18位" in reasons[3]["公民身份号码"]
    assert "校验位" in reasons[4]["公民身份号码"]
    assert reasons[5] == {"出生日期": "出生日期 2015-09-29 与身份证号码中的 2015-09-30 不一致"}
    assert "很高" in reasons[6]["风险等级"] and "低、中、高" in reasons[6]["风险等级"]
    assert "2015-02-30" in reasons[7]["出生日期"]
    assert reasons[8] == {"公民身份号码": "公民身份号码与第 9 行重复；同一个号码只能属于一名儿童"}
    assert "第 8 行" in reasons[9]["公民身份号码"]
    # A masked number matching no child of the store cannot say who the child is.
    assert reasons[10] == {"公民身份号码": M_NOT_IN_STORE_MASKED.zh}
    assert caught.value.message.zh.startswith("台账中有 8 行有错误，没有导入任何记录")
    assert target.records() == []


def test_a_child_already_in_the_store_is_an_update_not_a_duplicate(
    target: CaseStore, tmp_path: Path
) -> None:
    existing = target.create(
        "child",
        {"name": "王小明", "gender": "male", "birth_date": "2013-04-02", "id_number": MING_ID},
    )
    path = write_xlsx(tmp_path / "again.xlsx", ledger_rows([GOOD_2, GOOD]))
    result = import_ledger(target, path)
    assert result.imported == 1 and result.updated == 0  # updates wait for the director
    assert result.plan is not None
    [update] = [r for r in result.plan.rows if r.status == "update"]
    assert update.row_number == 3 and update.child_id == existing
    assert {(c.who, c.label) for c in update.changes} == {
        ("父亲", "新增家庭成员"),
        ("受委托监护人", "新增家庭成员"),
    }
    assert len(target.records("child")) == 2
    again = import_ledger(target, path, accept_updates=True)
    assert again.imported == 0 and again.updated == 1
    assert {m.fields["relation"] for m in target.records("family_member", child_id=existing)} == {
        "father",
        "grandmother",
    }


def test_a_parent_sharing_the_childs_id_number_is_not_a_child_duplicate(
    target: CaseStore, tmp_path: Path
) -> None:
    # Siblings share their parents: a family member's ID number may repeat freely.
    first = {**GOOD, "父亲公民身份号码": FATHER_ID}
    second = {**GOOD_2, "父亲姓名": "王大明", "父亲公民身份号码": FATHER_ID}
    path = write_xlsx(tmp_path / "siblings.xlsx", ledger_rows([first, second]))
    assert import_ledger(target, path).imported == 2
    path2 = write_xlsx(
        tmp_path / "more.xlsx",
        ledger_rows([{"姓名": "王小三", "性别": "男", "出生日期": "2016-01-01",
                      "父亲姓名": "王大明", "父亲公民身份号码": FATHER_ID}]),
    )  # fmt: skip
    assert import_ledger(target, path2).imported == 1


def test_skip_invalid_writes_the_good_rows_in_one_call(
    target: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    create_many = target.create_many

    def counting(records: Any, **options: Any) -> list[str]:
        calls.append(len(records))
        return create_many(records, **options)

    monkeypatch.setattr(target, "create_many", counting)
    path = write_xlsx(tmp_path / "bad.xlsx", ledger_rows([*_bad_rows(), {**GOOD_2, "姓名": "周五",
                      "公民身份号码": None}]))  # fmt: skip
    result = import_ledger(target, path, skip_invalid=True)
    assert result.imported == 2 and result.members == 2
    assert [e.row_number for e in result.skipped] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert calls == [4]  # two children and their two family members, in one transaction
    assert sorted(children_by_name(target)) == ["周五", "王小明"]


def test_all_bad_with_skip_invalid_writes_nothing(target: CaseStore, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", ledger_rows(_bad_rows()[1:8]))
    result = import_ledger(target, path, skip_invalid=True)
    assert result.imported == 0 and len(result.skipped) == 7
    assert target.records() == []


def test_an_id_number_excel_stored_as_a_number(target: CaseStore, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "number.xlsx", ledger_rows([{**GOOD_2, "公民身份号码": 3.3e17}]))
    with pytest.raises(LedgerRowsError) as caught:
        import_ledger(target, path)
    assert caught.value.rows[0].problems[0].message == M_ID_AS_NUMBER


def test_missing_required_column_refuses_the_file(target: CaseStore, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "nocol.xlsx", [["姓名", "性别"], ["王小明", "男"]])
    with pytest.raises(LedgerError) as caught:
        import_ledger(target, path)
    assert "出生日期" in caught.value.message.zh
    assert target.records() == []


# -- CSV ------------------------------------------------------------------------------


def write_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows([["" if v is None else str(v) for v in row] for row in rows])
    return path


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_the_encodings_excel_writes(
    target: CaseStore, tmp_path: Path, encoding: str
) -> None:
    rows = ledger_rows([{**GOOD, "出生日期": "2013年4月2日", "父亲情况开始日期": "2020.3.1",
                         "备注": "家住山区，路远"}, GOOD_2])  # fmt: skip
    path = write_csv(tmp_path / "ledger.csv", rows, encoding)
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    headers, _ = read_rows(path)
    assert headers[1] == "姓名"  # no BOM left on the first header
    result = import_ledger(target, path)
    assert result.imported == 2
    assert children_by_name(target)["王小明"]["notes"] == "家住山区，路远"


def test_csv_with_quoted_line_breaks_keeps_row_numbers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "q.csv", [["姓名", "性别", "出生日期", "备注"],
                                          ["甲", "男", "2013-01-01", "一\n二"], ["", "", "", ""],
                                          ["乙", "女", "2013-01-02", ""]], "utf-8")  # fmt: skip
    _, rows = read_rows(path)
    assert [(n, v["姓名"]) for n, v in rows] == [(2, "甲"), (4, "乙")]
    assert rows[0][1]["备注"] == "一\n二"


# -- unreadable files -----------------------------------------------------------------


def test_corrupt_xlsx_gives_a_ledger_error(target: CaseStore, tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(random.Random(7).randbytes(4096))
    with pytest.raises(LedgerError) as caught:
        import_ledger(target, path)
    assert "损坏" in caught.value.message.zh


def test_truncated_xlsx_gives_a_ledger_error(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", ledger_rows([GOOD_2]))
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(LedgerError):
        read_rows(path)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [("missing.xlsx", None, "找不到文件"), ("old.xls", b"\xd0\xcf\x11\xe0", ".xls"),
     ("empty.csv", b"", "空的"), ("binary.csv", bytes(range(256)) * 4, "编码")],
)  # fmt: skip
def test_unreadable_files(tmp_path: Path, name: str, content: bytes | None, words: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(LedgerError) as caught:
        read_rows(path)
    assert words in caught.value.message.zh


def test_a_child_on_several_category_sheets_is_imported_once_and_conflicts_are_named(
    source: CaseStore, target: CaseStore, tmp_path: Path
) -> None:
    path = tmp_path / "revealed.xlsx"
    export_ledger(source, path, reveal_id_numbers=True)
    _, rows = read_rows(path)
    assert sorted(str(v["姓名"]) for _, v in rows) == ["张三", "李小红", "王小明"]

    workbook = load_workbook(path)
    sheet = workbook["犯罪未成年人及犯罪案件未成年受害者"]
    sheet.cell(row=2, column=HEADERS.index("就读学校") + 1).value = "另一所学校"
    workbook.save(path)
    with pytest.raises(LedgerRowsError) as caught:
        import_ledger(target, path)
    texts = sorted(e.text("zh") for e in caught.value.rows)
    assert len(texts) == 2 and all("公民身份号码" in t for t in texts)
    assert any(t.startswith("工作表“犯罪未成年人及犯罪案件未成年受害者”第 2 行") for t in texts)
    assert target.records() == []


def test_import_reports_its_progress(target: CaseStore, tmp_path: Path) -> None:
    from tests.fakes import make_children, write_ledger

    path = write_ledger(tmp_path / "ledger.xlsx", make_children(260, seed=3))
    reports: list[tuple[str, int, int]] = []
    result = import_ledger(target, path, progress=lambda *report: reports.append(report))
    assert result.imported == 260
    checking = [(done, total) for phase, done, total in reports if phase == IMPORT_CHECKING]
    writing = [(done, total) for phase, done, total in reports if phase == IMPORT_WRITING]
    assert checking == [(100, 260), (200, 260), (260, 260)]
    steps = 2 * (260 + result.members)  # each record counted twice: validated, then sealed
    assert writing == [(done, steps) for done in [*range(250, steps, 250), steps]]
    # Checking comes first, and every report of it before the first of writing.
    assert reports.index((IMPORT_WRITING, *writing[0])) == len(checking)
