"""The CLI speaks the window's words (issue 19 item 5), through its real entry point.

``python -m desktop`` in a fresh process on a real encrypted data folder: ``--set`` takes
the field names and value words the window shows and the ledger's date spellings; ``show``
prints names and values in words, in the form's order; ``todo`` says 紧急 / 提醒 / 知悉;
``list --category`` takes a category's name and refuses an unknown one in words.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from casework.vocabulary import CATEGORY

PASSPHRASE = "village office bamboo 2026"
CODES_NOT_WORDS = ("female", "male", "physical", "dibao", "rural", "False", "True", "None")


def run(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "CHILDDESK_LANG"}
    environment.update(CHILDDESK_PASSPHRASE=PASSPHRASE, LANG="C.UTF-8", **env)
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=environment,
        stdin=subprocess.DEVNULL,
        timeout=180,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli_words") / "data"
    result = run(folder, "init", "--village", "330523101001", "--user", "director1")
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def child(data: Path) -> str:
    """A child typed the way the window names things, dates as a ledger writes them."""
    result = run(
        data, "add", "child",
        "--set", "姓名=王小花", "--set", "性别=女", "--set", "出生日期=2013年4月2日",
        "--set", "户籍性质=农村", "--set", "残疾类别=肢体", "--set", "残疾等级=二级",
        "--set", "家庭救助类型=低保", "--set", "救助证有效期至=2027/6/30",
        "--set", "是否寄宿=否",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    child_id = result.stdout.strip()
    father = run(
        data, "add", "family_member", "--set", f"child_id={child_id[:8]}",
        "--set", "与儿童关系=父亲", "--set", "姓名=王大山", "--set", "情况=外出务工",
    )  # fmt: skip
    assert father.returncode == 0, father.stderr
    overdue = (date.today() - timedelta(days=40)).strftime("%Y/%m/%d")
    visit = run(
        data, "add", "visit", "--set", f"child_id={child_id[:8]}",
        "--set", "走访日期=" + (date.today() - timedelta(days=100)).strftime("%Y年%m月%d日"),
        "--set", "走访人=李主任", "--set", "走访类型=定期走访", "--set", f"下次走访日期={overdue}",
    )  # fmt: skip
    assert visit.returncode == 0, visit.stderr
    return child_id


def test_set_takes_the_windows_words_and_stores_codes(data: Path, child: str) -> None:
    edited = run(data, "edit", child[:8], "--set", "年级=六年级", "--set", "gender=女")
    assert edited.returncode == 0, edited.stderr
    fields = json.loads(run(data, "show", child[:8], "--json").stdout)["fields"]
    assert fields["gender"] == "female"
    assert fields["grade"] == "六年级"
    assert fields["birth_date"] == "2013-04-02"
    assert fields["disability_category"] == "physical"
    assert fields["disability_grade"] == 2
    assert fields["family_assistance"] == "dibao"
    assert fields["assistance_valid_until"] == "2027-06-30"


def test_show_prints_names_and_words_in_the_forms_order(data: Path, child: str) -> None:
    result = run(data, "show", child[:8])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == ["姓名：王小花", "性别：女", "公民身份号码：（空）", "出生日期：2013-04-02"]
    for expected in ("残疾类别：肢体", "残疾等级：二级", "家庭救助类型：低保", "是否寄宿：否"):
        assert expected in lines
    assert f"类别：{CATEGORY.name('low_income_self_difficulty').zh}" in lines
    assert "  父亲  王大山  外出务工" in lines
    for code in CODES_NOT_WORDS:
        assert code not in result.stdout, code


def test_show_in_english_on_request(data: Path, child: str) -> None:
    result = run(data, "show", child[:8], CHILDDESK_LANG="en")
    assert result.returncode == 0, result.stderr
    assert "gender: female" in result.stdout
    assert "disability category: physical" in result.stdout
    assert "boarding: No" in result.stdout


def test_todo_says_how_pressing_in_words(data: Path, child: str) -> None:
    result = run(data, "todo")
    assert result.returncode == 0, result.stderr
    pressing = {line.split()[1] for line in result.stdout.splitlines() if line.strip()}
    assert "紧急" in pressing  # the visit is 40 days overdue
    assert pressing <= {"紧急", "提醒", "知悉"}
    for code in ("urgent", "warning", "info"):
        assert code not in result.stdout


@pytest.mark.parametrize(
    "word",
    [
        "低保户和低保边缘户家庭中的自身困境儿童",  # the seed's name, as show prints it
        "低保家庭自身困境儿童",  # the list's short name
        "low_income_self_difficulty",  # the code, as --json prints it
    ],
)
def test_list_category_takes_names(data: Path, child: str, word: str) -> None:
    result = run(data, "list", "--json", "--category", word)
    assert result.returncode == 0, result.stderr
    assert [c["id"] for c in json.loads(result.stdout)] == [child]


def test_list_category_refuses_an_unknown_name_listing_the_names(data: Path, child: str) -> None:
    result = run(data, "list", "--category", "贫困儿童")
    assert result.returncode != 0
    assert "“贫困儿童”不是儿童类别" in result.stderr
    for name in CATEGORY.names("zh"):
        assert name in result.stderr
    assert result.stdout == ""


def test_list_prints_categories_and_states_in_words(data: Path, child: str) -> None:
    result = run(data, "list")
    assert result.returncode == 0, result.stderr
    assert "低保家庭自身困境儿童" in result.stdout
    assert "已逾期" in result.stdout
    assert "待上传" in result.stdout


def test_unknown_words_are_refused_in_words_and_nothing_is_saved(data: Path, child: str) -> None:
    result = run(
        data, "edit", child[:8], "--set", "性别=男孩", "--set", "年纪=六年级",
        "--set", "出生日期=2013-13-40",
    )  # fmt: skip
    assert result.returncode != 0
    assert "性别：“男孩”不是可填的值；可填：男、女" in result.stderr
    assert "“年纪”不是儿童的字段" in result.stderr and "年级" in result.stderr
    assert "出生日期：“2013-13-40”不是有效日期" in result.stderr
    fields = json.loads(run(data, "show", child[:8], "--json").stdout)["fields"]
    assert fields["gender"] == "female"
