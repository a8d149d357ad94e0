"""The ``childdesk`` command through its real entry point, on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from casework.ids import make_id_number

PASSPHRASE = "village office bamboo 2026"
ID_NUMBER = make_id_number("330523", date(2013, 4, 2), 121)


def run(
    data: Path, *args: str, passphrase: str = PASSPHRASE, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "CHILDDESK_PASSPHRASE": passphrase,
        "CHILDDESK_NEW_PASSPHRASE": env.pop("new", passphrase),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=environment,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "data"
    result = run(folder, "init", "--village", "330523101001", "--user", "director1")
    assert result.returncode == 0, result.stderr
    assert "已创建加密档案库" in result.stdout
    return folder


@pytest.fixture(scope="module")
def child_id(data: Path) -> str:
    result = run(
        data,
        "add",
        "child",
        "--set", "name=王小明",
        "--set", "gender=male",
        "--set", "birth_date=2013-04-02",
        "--set", f"id_number={ID_NUMBER}",
        "--set", "hukou_type=rural",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    record_id = result.stdout.strip()
    for relation, name in (("father", "王大山"), ("mother", "李秀英")):
        member = run(
            data,
            "add",
            "family_member",
            "--set", f"child_id={record_id[:8]}",
            "--set", f"relation={relation}",
            "--set", f"name={name}",
            "--set", 'situations=[{"kind": "migrant_work", "since": "2025-01-01"}]',
        )  # fmt: skip
        assert member.returncode == 0, member.stderr
    return record_id


def test_list_json_is_an_array_of_objects_with_ids(data: Path, child_id: str) -> None:
    result = run(data, "list", "--json")
    assert result.returncode == 0, result.stderr
    children = json.loads(result.stdout)
    assert [c["id"] for c in children] == [child_id]
    assert children[0]["categories"] == ["left_behind"]
    assert children[0]["id_number"] == ID_NUMBER[:6] + "********" + ID_NUMBER[14:]
    assert children[0]["visit_status"] == "overdue" or children[0]["visit_status"] == "due_soon"


def test_list_for_people_says_codes_in_words(data: Path, child_id: str) -> None:
    result = run(data, "list")
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert "农村留守儿童" in line and "待上传" in line
    assert "left_behind" not in line and "pending" not in line
    assert "已逾期" in line or "即将到期" in line
    english = run(data, "list", CHILDDESK_LANG="en").stdout
    assert "left-behind child" in english and "Waiting to send" in english


def test_list_filters_by_category_and_due(data: Path, child_id: str) -> None:
    assert json.loads(run(data, "list", "--json", "--category", "orphan_scattered").stdout) == []
    assert len(json.loads(run(data, "list", "--json", "--category", "left_behind").stdout)) == 1
    assert len(json.loads(run(data, "list", "--json", "--due").stdout)) == 1


def test_show_json_masks_unless_revealed(data: Path, child_id: str) -> None:
    shown = json.loads(run(data, "show", child_id, "--json").stdout)
    assert shown["fields"]["name"] == "王小明"
    assert shown["fields"]["id_number"].count("*") == 8
    assert shown["eligibility"]["categories"] == ["left_behind"]
    assert {m["fields"]["relation"] for m in shown["family_members"]} == {"father", "mother"}
    revealed = json.loads(run(data, "show", child_id, "--json", "--reveal").stdout)
    assert revealed["fields"]["id_number"] == ID_NUMBER


def test_edit_sets_fields_and_history_records_it(data: Path, child_id: str) -> None:
    result = run(data, "edit", child_id, "--set", "school=递铺小学", "--set", "grade=六年级")
    assert result.returncode == 0, result.stderr
    shown = json.loads(run(data, "show", child_id, "--json").stdout)
    assert shown["fields"]["school"] == "递铺小学"
    assert shown["history"][-1]["fields"] == ["grade", "school"]


def test_a_command_closes_the_store_before_the_process_ends(data: Path, child_id: str) -> None:
    """The process skips collecting its objects at exit (``cli.run``), so nothing may be
    left for that collection to close: the edit's log is folded into the file, and the
    command's exit status comes through."""
    result = run(data, "edit", child_id, "--set", "grade=五年级")
    assert result.returncode == 0, result.stderr
    assert not (data / "childdesk.sqlite-wal").exists()
    refused = run(data, "edit", child_id, "--set", "gender=robot")
    assert refused.returncode == 1 and not (data / "childdesk.sqlite-wal").exists()


def test_bad_edit_says_why_in_chinese_and_saves_nothing(data: Path, child_id: str) -> None:
    result = run(data, "edit", child_id, "--set", "id_number=330523201304021239")
    assert result.returncode == 1
    assert "校验位错误" in result.stderr and "公民身份号码" in result.stderr
    shown = json.loads(run(data, "show", child_id, "--json", "--reveal").stdout)
    assert shown["fields"]["id_number"] == ID_NUMBER


def test_messages_in_english_on_request(data: Path, child_id: str) -> None:
    result = run(data, "edit", child_id, "--set", "gender=female", CHILDDESK_LANG="en")
    assert result.returncode == 1
    assert "disagrees with the ID number" in result.stderr


def test_duplicate_id_number_is_refused(data: Path, child_id: str) -> None:
    result = run(
        data, "add", "child", "--set", "name=王小明", "--set", "gender=male",
        "--set", "birth_date=2013-04-02", "--set", f"id_number={ID_NUMBER}",
    )  # fmt: skip
    assert result.returncode == 1
    assert "重复" in result.stderr and child_id in result.stderr


def test_unknown_record_is_a_clear_error(data: Path) -> None:
    result = run(data, "show", "ffffffff", "--json")
    assert result.returncode == 1 and "找不到记录" in result.stderr


def test_wrong_passphrase_is_an_error_not_a_crash(data: Path, child_id: str) -> None:
    result = run(data, "list", passphrase="wrong wrong")
    assert result.returncode == 1
    assert "密码不正确" in result.stderr and "Traceback" not in result.stderr


def test_check_passes(data: Path, child_id: str) -> None:
    result = run(data, "check", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] and report["records_checked"] == 3


def test_classify_prints_the_issue_example(tmp_path: Path) -> None:
    facts = {
        "as_of": "2026-11-28",
        "birth_date": "2013-04-02",
        "hukou": {"county_code": "330523", "type": "rural"},
        "found_in_county": False,
        "in_welfare_institution": False,
        "family_assistance": "none",
        "disability": {"category": "intellectual", "grade": 3},
        "serious_illness": False,
        "justice_involvement": None,
        "needs_temporary_custody": False,
        "parents": [
            {"role": "father", "situations": [{"kind": "migrant_work", "since": "2025-01-01"}]},
            {
                "role": "mother",
                "situations": [
                    {"kind": "imprisoned", "since": "2026-01-01", "until": "2029-01-01"}
                ],
            },
        ],
    }
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts))
    result = run(tmp_path / "nowhere", "classify", str(path))
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["in_scope"] is True
    assert output["categories"] == ["left_behind", "other_self_difficulty"]
    assert output["in_difficulty"] is True
    assert set(output) == {"in_scope", "categories", "in_difficulty", "reasons", "upcoming_changes"}
    assert {"turns_16", "turns_18"} <= {c["kind"] for c in output["upcoming_changes"]}


def test_classify_rejects_bad_facts_clearly(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text('{"birth_date": "2013-02-30"}')
    result = run(tmp_path / "nowhere", "classify", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    path.write_text("not json")
    result = run(tmp_path / "nowhere", "classify", str(path))
    assert result.returncode == 1 and "JSON" in result.stderr


def test_change_passphrase_then_old_one_fails(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    assert run(folder, "init", "--village", "330523101001").returncode == 0
    changed = run(folder, "change-passphrase", new="another passphrase for 2027")
    assert changed.returncode == 0, changed.stderr
    assert run(folder, "list").returncode == 1
    assert run(folder, "list", passphrase="another passphrase for 2027").returncode == 0


def test_guessable_passphrases_are_refused_with_the_reason_and_an_example(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    refused = run(folder, "init", "--village", "330523101001", passphrase="password1")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "太容易被猜到" in refused.stderr and "常见密码" in refused.stderr
    assert "例如" in refused.stderr and not folder.exists()
    english = run(folder, "init", "--village", "330523101001", passphrase="woaini1314",
                  CHILDDESK_LANG="en")  # fmt: skip
    assert english.returncode == 1 and "pinyin" in english.stderr
    assert "for example" in english.stderr

    assert run(folder, "init", "--village", "330523101001").returncode == 0
    for weak in ("12345678", "aaaaaaaaaa", "1990-01-01", "330523101001"):
        changed = run(folder, "change-passphrase", new=weak)
        assert changed.returncode == 1 and "太容易被猜到" in changed.stderr, weak
    assert run(folder, "list").returncode == 0  # the old passphrase still opens it


def test_readme_way_one_passphrase_variable_for_init_and_after(tmp_path: Path) -> None:
    """README sets CHILDDESK_PASSPHRASE once; init takes it as the new store's passphrase."""
    folder = tmp_path / "data"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CHILDDESK")}
    environment["CHILDDESK_PASSPHRASE"] = PASSPHRASE

    def childdesk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "desktop", "--data-dir", str(folder), *args],
            capture_output=True, text=True, env=environment, stdin=subprocess.DEVNULL,
            timeout=120,
        )  # fmt: skip

    assert childdesk("init", "--village", "330523101001").returncode == 0
    assert childdesk("list").returncode == 0
    # Changing it never takes the old one for the new: it asks for CHILDDESK_NEW_PASSPHRASE.
    refused = childdesk("change-passphrase")
    assert refused.returncode == 1 and "CHILDDESK_NEW_PASSPHRASE" in refused.stderr
    assert childdesk("list").returncode == 0


def test_commands_before_init_say_what_to_do(tmp_path: Path) -> None:
    result = run(tmp_path / "empty", "list")
    assert result.returncode == 1 and "childdesk init" in result.stderr


def test_no_passphrase_and_no_terminal_is_a_clear_error(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CHILDDESK")}
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path / "d"), "init",
         "--village", "330523101001"],
        capture_output=True, text=True, env=environment, stdin=subprocess.DEVNULL, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1 and "CHILDDESK_PASSPHRASE" in result.stderr


def test_a_reader_that_goes_away_is_no_error(data: Path, child_id: str) -> None:
    """`childdesk list | head`: the pipe closes early; the CLI stops quietly (141, as a
    shell reports SIGPIPE), without blaming a file."""
    environment = {**os.environ, "CHILDDESK_PASSPHRASE": PASSPHRASE}
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=environment,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the list is written
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert errors == ""
