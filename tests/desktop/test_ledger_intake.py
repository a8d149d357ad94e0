"""A village's own ledger comes in as it is: layouts, formats, words, preview, re-import.

The ledgers are built the way villages keep them (``tests/county_ledgers.py``); each test
asserts the children, their families, guardians with phones and their categories.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from casework.ledger import LedgerError
from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir
from desktop.services.ledger import export_ledger, import_ledger
from desktop.services.ledger_intake import (
    NEW,
    UNCHANGED,
    UPDATE,
    apply_import,
    plan_import,
    read_ledger,
)
from desktop.services.sheet_readers import MAX_ROWS
from tests.county_ledgers import (
    LedgerChild,
    make_children,
    write_csv,
    write_flat_xls,
    write_flat_xlsx,
    write_two_level_xlsx,
)
from tests.reliability.results import record
from tests.store_template import fresh_store

VILLAGE = "330523101001"
PASSPHRASE = "Zhulin-xishui-2026-qingtian"


@pytest.fixture
def store(tmp_path: Path) -> CaseStore:
    return fresh_store(
        DataDir(tmp_path / "store"), village_code=VILLAGE, passphrase=PASSPHRASE, user="d1"
    )


@pytest.fixture
def kids() -> list[LedgerChild]:
    # Half with both parents away (留守儿童), half with the mother at home: the ledger
    # calls every one of them 留守儿童, as village ledgers often do.
    return make_children(10, seed=3, left_behind_share=0.5)


def _families(store: CaseStore) -> dict[str, dict[str, Any]]:
    """name → the child's fields, its members by role and its entrustments."""
    out: dict[str, dict[str, Any]] = {}
    for child in store.records("child"):
        members = store.records("family_member", child_id=child.id)
        out[child.fields["name"]] = {
            "child": child.fields,
            "father": next((m.fields for m in members if m.fields["relation"] == "father"), None),
            "mother": next((m.fields for m in members if m.fields["relation"] == "mother"), None),
            "guardian": next(
                (m.fields for m in members if m.fields["is_entrusted_guardian"]), None
            ),
            "entrustments": [e.fields for e in store.records("entrustment", child_id=child.id)],
        }
    return out


def _categories(store: CaseStore) -> dict[str, tuple[str, ...]]:
    from desktop.services.casefile import child_summaries

    return {s.name: s.categories for s in child_summaries(store, today=_today())}


def _today() -> Any:
    from datetime import date

    return date.today()


def _assert_county_ledger_came_in(
    store: CaseStore, kids: list[LedgerChild], *, parents_named: bool
) -> None:
    families = _families(store)
    categories = _categories(store)
    assert sorted(families) == sorted(k.name for k in kids)
    for kid in kids:
        family = families[kid.name]
        assert family["child"]["id_number"] == kid.id_number
        assert family["child"]["birth_date"] == kid.birth.isoformat()
        assert family["child"]["gender"] == ("male" if kid.gender == "男" else "female")
        father, mother, guardian = family["father"], family["mother"], family["guardian"]
        assert father["situations"][0]["kind"] == "migrant_work"
        assert father["work_place"] == kid.father_away
        if parents_named:
            assert father["name"] == kid.father and mother["id_number"] == kid.mother_id
        both_away = kid.mother_away != "在家"
        if both_away:
            assert mother["situations"][0]["kind"] == "migrant_work"
            assert categories[kid.name] == ("left_behind",)
            # The grandparent is the guardian, with a phone as the ledger typed it.
            assert guardian["name"] == kid.guardian and guardian["phone"]
            assert guardian["phone"].replace("-", "").replace(" ", "") == kid.phone.replace(
                "-", ""
            ).replace(" ", "")
            [entrustment] = family["entrustments"]
            assert entrustment["guardian_name"] == kid.guardian and entrustment["status"] == "draft"
        else:
            assert (mother or {}).get("situations", []) == []
            assert categories[kid.name] == ()  # the mother is at home: not left-behind
            assert guardian["relation"] == "mother" and family["entrustments"] == []


def _import_all(store: CaseStore, path: Path) -> Any:
    plan = plan_import(store, read_ledger(path))
    assert plan.refused == [], [r.error.text() for r in plan.refused if r.error]
    apply_import(store, plan)
    return plan


def test_county_layout_with_title_rows_merged_notes_and_footers(
    store: CaseStore, kids: list[LedgerChild], tmp_path: Path
) -> None:
    path = write_flat_xlsx(tmp_path / "台账.xlsx", kids)
    plan = _import_all(store, path)
    assert plan.count(NEW) == len(kids)
    assert {(s.row_number, s.reason.zh) for s in plan.skipped} == {
        (7, "空行"),
        (len(kids) + 5, "表尾（合计）"),
        (len(kids) + 6, "表尾（填表人）"),
    }
    _assert_county_ledger_came_in(store, kids, parents_named=False)
    # The merged 备注 belongs to every child it covers.
    notes = {name: f["child"].get("notes") for name, f in _families(store).items()}
    assert [notes[k.name] for k in kids[:3]] == ["同胞兄妹"] * 3
    assert notes[kids[3].name] is None


def test_two_level_header_names_each_parent(
    store: CaseStore, kids: list[LedgerChild], tmp_path: Path
) -> None:
    path = write_two_level_xlsx(tmp_path / "两级表头.xlsx", kids)
    [table] = read_ledger(path).tables
    assert table.table.header_rows == (2, 3)
    targets = {m.header: m.target for m in table.mapping}
    assert (
        targets["父亲 / 姓名"] == "父亲姓名" and targets["母亲 / 身份证号码"] == "母亲公民身份号码"
    )
    assert targets["监护人 / 联系电话"] == "受委托监护人联系电话"
    _import_all(store, path)
    _assert_county_ledger_came_in(store, kids, parents_named=True)


def test_xls_of_excel_97(store: CaseStore, kids: list[LedgerChild], tmp_path: Path) -> None:
    _import_all(store, write_flat_xls(tmp_path / "台账.xls", kids))
    _assert_county_ledger_came_in(store, kids, parents_named=False)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_every_encoding_villages_save(
    store: CaseStore, kids: list[LedgerChild], tmp_path: Path, encoding: str
) -> None:
    _import_all(store, write_csv(tmp_path / "台账.csv", kids, encoding))
    _assert_county_ledger_came_in(store, kids, parents_named=False)


def test_big5_csv_is_refused_in_words(kids: list[LedgerChild], tmp_path: Path) -> None:
    path = tmp_path / "繁體.csv"
    path.write_bytes(
        "姓名,性別,身份證號碼\n".encode("big5") + "張三,男,3305232013\n".encode("big5") * 40
    )
    with pytest.raises(LedgerError) as caught:
        read_ledger(path)
    assert "编码" in caught.value.message.zh


def test_the_ledgers_category_is_held_against_the_rules(
    store: CaseStore, kids: list[LedgerChild], tmp_path: Path
) -> None:
    plan = plan_import(store, read_ledger(write_flat_xlsx(tmp_path / "台账.xlsx", kids)))
    at_home = {k.name for k in kids if k.mother_away == "在家"}
    assert at_home and {r.name for r in plan.disagreeing} == at_home
    row = next(r for r in plan.disagreeing)
    [found] = row.disagreements
    assert found.ledger_claims and "留守儿童" in found.message.zh and "母亲" in found.message.zh
    assert "在家" in found.message.zh


def test_hidden_rows_and_every_sheet(
    store: CaseStore, kids: list[LedgerChild], tmp_path: Path
) -> None:
    path = write_flat_xlsx(tmp_path / "台账.xlsx", kids[:5])
    workbook = load_workbook(path)
    workbook["留守儿童"].row_dimensions[5].hidden = True  # the second child, hidden
    second = workbook.create_sheet("困境儿童")
    second.append(["姓名", "性别", "身份证号码", "出生日期", "监护人", "与儿童关系", "家长电话"])
    extra = kids[5]
    second.append(
        [extra.name, extra.gender, extra.id_number, extra.birth, "王某", "外婆", "5123304"]
    )
    workbook.save(path)
    plan = _import_all(store, path)
    assert ("留守儿童", 5, "隐藏的行") in {
        (s.sheet, s.row_number, s.reason.zh) for s in plan.skipped
    }
    families = _families(store)
    assert kids[1].name not in families and extra.name in families
    guardian = families[extra.name]["guardian"]
    assert guardian["relation"] == "maternal_grandmother" and guardian["phone"] == "0572-5123304"


def _edit_export(path: Path, name: str, header: str, value: str) -> None:
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        headers = [c.value for c in sheet[1]]
        if "姓名" not in headers:
            continue
        for row in sheet.iter_rows(min_row=2):
            if row[headers.index("姓名")].value == name:
                row[headers.index(header)].value = value
    workbook.save(path)


@pytest.mark.parametrize("reveal", [True, False], ids=["full", "masked"])
def test_reimport_of_an_edited_export_updates_in_place(
    store: CaseStore, kids: list[LedgerChild], tmp_path: Path, reveal: bool
) -> None:
    _import_all(store, write_flat_xlsx(tmp_path / "台账.xlsx", kids))
    exported = tmp_path / "导出.xlsx"
    export_ledger(store, exported, reveal_id_numbers=reveal)
    _edit_export(exported, kids[0].name, "就读学校", "晓墅小学")
    _edit_export(exported, kids[0].name, "受委托监护人联系电话", "13900001111")
    plan = plan_import(store, read_ledger(exported))
    assert plan.refused == [] and plan.count(NEW) == 0
    assert plan.count(UNCHANGED) == len(kids) - 1 and plan.count(UPDATE) == 1
    [update] = [r for r in plan.rows if r.status == UPDATE]
    assert {(c.who, c.label, c.old, c.new) for c in update.changes} == {
        ("儿童", "就读学校", "递铺小学", "晓墅小学"),
        (
            "受委托监护人",
            "联系电话",
            _families(store)[kids[0].name]["guardian"]["phone"],
            "13900001111",
        ),
    }
    result = apply_import(store, plan)
    assert result.updated == 1 and result.created == 0
    families = _families(store)
    assert len(families) == len(kids)
    assert families[kids[0].name]["child"]["school"] == "晓墅小学"
    assert families[kids[0].name]["guardian"]["phone"] == "13900001111"
    assert families[kids[0].name]["child"]["id_number"] == kids[0].id_number


def test_a_crafted_sheet_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """One cell at column XFD on 20,000 rows: ~150 KB that a dense reader makes 2.6 GB."""
    from openpyxl import Workbook as Book

    path = tmp_path / "crafted.xlsx"
    book = Book(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["姓名", "性别", "出生日期"])
    for n in range(20_000):
        row: list[object] = (
            [None] * 16383 + ["x"] if n % 1000 == 0 else [f"童{n}", "男", "2015-01-01"]
        )
        sheet.append(row)
    book.save(path)
    tracemalloc.start()
    started = time.perf_counter()
    ledger = read_ledger(path)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    record("crafted", 1, missed=int(peak >= 300 * 2**20 or elapsed >= 60))
    assert ledger.cells_beyond == 20
    assert len(ledger.tables[0].table.rows) == 19_980
    assert peak < 300 * 2**20, f"peak {peak / 2**20:.0f} MiB"
    assert elapsed < 60


def test_more_than_the_row_limit_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("姓名,性别,出生日期\n" + "童,男,2015-01-01\n" * MAX_ROWS, encoding="utf-8")
    try:
        read_ledger(path)
        refused = None
    except LedgerError as error:
        refused = error
    record("crafted", 1, missed=int(refused is None))
    assert refused is not None and "100,000" in refused.message.zh


def test_unknown_headers_are_kept_in_the_notes_and_named(store: CaseStore, tmp_path: Path) -> None:
    kid = make_children(1)[0]
    path = tmp_path / "ledger.xlsx"
    workbook = Workbook()
    workbook.active.append(["姓名", "身份证号码", "监护人", "关系", "监护人电话", "家访记录"])
    workbook.active.append([kid.name, kid.id_number, "赵大爷", "爷爷", "138 0013 8000", "每月一次"])
    workbook.save(path)
    result = import_ledger(store, path)
    assert result.ignored_columns == ["家访记录"]
    [child] = store.records("child")
    assert child.fields["notes"] == "家访记录：每月一次"
    assert child.fields["gender"] == ("male" if kid.gender == "男" else "female")  # from the ID
    [guardian] = store.records("family_member")
    assert (guardian.fields["relation"], guardian.fields["phone"]) == ("grandfather", "13800138000")


def _cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"CHILDDESK_PASSPHRASE": PASSPHRASE, "PATH": "/usr/bin:/bin", "HOME": str(folder)}
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(folder / "data"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_cli_prints_its_mapping_takes_one_and_remembers_it(
    kids: list[LedgerChild], tmp_path: Path
) -> None:
    assert _cli(tmp_path, "init", "--village", VILLAGE).returncode == 0, "init"
    ledger = write_flat_xlsx(tmp_path / "台账.xlsx", kids)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"就读学校": "不导入"}, ensure_ascii=False), encoding="utf-8")
    preview = _cli(tmp_path, "import", str(ledger), "--mapping", str(mapping), "--preview")
    assert preview.returncode == 0, preview.stderr
    assert "F  就读学校 → 不导入" in preview.stdout and "新增 10 名" in preview.stdout
    assert "类别不一致" in preview.stdout and "只是预览" in preview.stdout
    done = _cli(tmp_path, "import", str(ledger), "--mapping", str(mapping))
    assert done.returncode == 0 and "已导入 10 名儿童" in done.stdout, done.stderr
    # Next month's file of the same layout goes on with the remembered mapping.
    again = _cli(tmp_path, "import", str(ledger), "--preview")
    assert "F  就读学校 → 不导入" in again.stdout and "无变化 10 名" in again.stdout
    listed = _cli(tmp_path, "list", "--json")
    children = json.loads(listed.stdout)
    assert sum(1 for c in children if c["categories"] == ["left_behind"]) == sum(
        1 for k in kids if k.mother_away != "在家"
    )


def test_a_refused_row_names_the_excel_column_and_the_fix(
    store: CaseStore, kids: list[LedgerChild], tmp_path: Path
) -> None:
    path = write_flat_xlsx(tmp_path / "台账.xlsx", kids)
    workbook = load_workbook(path)
    workbook.active.cell(row=5, column=5).value = "2013.13"  # 出生年月 of the second child
    workbook.save(path)
    plan = plan_import(store, read_ledger(path))
    [refused] = plan.refused
    assert refused.error is not None and refused.row_number == 5
    text = refused.error.text("zh")
    assert text.startswith("第 5 行：出生日期（E 列“出生年月”）：“2013.13”不是有效日期")
    assert "(column E “出生年月”)" in refused.error.text("en")


def test_a_mapping_that_cannot_make_a_child_is_refused_in_words(
    store: CaseStore, kids: list[LedgerChild], tmp_path: Path
) -> None:
    ledger = read_ledger(write_flat_xlsx(tmp_path / "台账.xlsx", kids))
    twice = ledger.with_mapping({"就读学校": "姓名"})
    with pytest.raises(LedgerError) as caught:
        plan_import(store, twice)
    assert "“姓名”和“就读学校”都对应到“姓名”" in caught.value.message.zh
    no_birth = ledger.with_mapping({"身份证号码": "不导入", "出生年月": "不导入"})
    with pytest.raises(LedgerError) as caught:
        plan_import(store, no_birth)
    assert "没有身份证号码列，也没有性别和出生日期列" in caught.value.message.zh
