"""Ledger import and export through the real ``childdesk`` entry point."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook, load_workbook

from tests.desktop.test_cli import run
from tests.fakes import make_children, write_ledger


def _init(folder: Path) -> None:
    result = run(folder, "init", "--village", "330523101001")
    assert result.returncode == 0, result.stderr


def test_template_then_import_then_export_round_trip(tmp_path: Path) -> None:
    template = tmp_path / "模板.xlsx"
    assert run(tmp_path / "none", "export", "--template", str(template)).returncode == 0
    headers = [c.value for c in next(load_workbook(template).worksheets[0].iter_rows())]
    assert {"姓名", "性别", "出生日期", "公民身份号码", "父亲姓名"} <= set(headers)

    children = make_children(25, seed=7)
    ledger = write_ledger(tmp_path / "台账.xlsx", children)
    source = tmp_path / "a"
    _init(source)
    imported = run(source, "import", str(ledger))
    assert imported.returncode == 0, imported.stderr
    assert "25" in imported.stdout
    listed = json.loads(run(source, "list", "--json").stdout)
    assert sorted(c["name"] for c in listed) == sorted(c.name for c in children)

    revealed = tmp_path / "导出.xlsx"
    exported = run(source, "export", str(revealed), "--reveal-id-numbers")
    assert exported.returncode == 0, exported.stderr
    target = tmp_path / "b"
    _init(target)
    assert run(target, "import", str(revealed)).returncode == 0
    again = json.loads(run(target, "list", "--json").stdout)
    key = ("name", "gender", "birth_date", "id_number", "categories")
    assert sorted(tuple(str(c[k]) for k in key) for c in again) == sorted(
        tuple(str(c[k]) for k in key) for c in listed
    )
    assert run(target, "check").returncode == 0


def test_bad_rows_are_listed_and_nothing_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _init(folder)
    children = make_children(5, seed=3)
    ledger = write_ledger(tmp_path / "台账.xlsx", children)
    book = load_workbook(ledger)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    id_column = headers.index("公民身份号码") + 1
    birth_column = headers.index("出生日期") + 1
    good_id = str(sheet.cell(row=3, column=id_column).value)
    sheet.cell(row=3, column=id_column).value = good_id[:-1] + ("1" if good_id[-1] != "1" else "2")
    sheet.cell(row=5, column=birth_column).value = "2013-02-30"
    book.save(ledger)

    refused = run(folder, "import", str(ledger))
    assert refused.returncode == 1
    assert "第 3 行" in refused.stderr and "校验位" in refused.stderr
    assert "第 5 行" in refused.stderr and "出生日期" in refused.stderr
    assert "未写入任何数据" in refused.stderr
    assert json.loads(run(folder, "list", "--json").stdout) == []

    skipped = run(folder, "import", str(ledger), "--skip-invalid")
    assert skipped.returncode == 0, skipped.stderr
    assert len(json.loads(run(folder, "list", "--json").stdout)) == 3
    assert "第 3 行" in skipped.stdout


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _init(folder)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    result = run(folder, "import", str(broken))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    empty = tmp_path / "empty.xlsx"
    Workbook().save(empty)
    result = run(folder, "import", str(empty))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    missing = run(folder, "import", str(tmp_path / "nope.xlsx"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
