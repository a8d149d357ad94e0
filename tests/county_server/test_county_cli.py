"""The county centre's commands (issue 18 items 4–7), per back end: the visit policy, a
user's display name, the /county settings and their version, the audit log read back."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from county_server.cli import main
from tests.county_server.conftest import V1, V2, Device, World, child_fields, make_op


def _county(device: Device) -> dict[str, Any]:
    answer = device.get("/county")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    monkeypatch.setenv("COUNTY_SERVER_KEY_FILE", str(world.settings.key_file))

    def command(*args: str) -> tuple[int, str, str]:
        status = main(["--db", world.settings.db_url, *args])
        out, err = capsys.readouterr()
        return status, out, err

    return command


def test_the_visit_policy_from_flags_and_files_with_refusals_in_words(
    world: World,
    run: Run,
    tmp_path: Path,
) -> None:
    director = world.director()
    before = _county(director)
    assert before["policy"]["revision"] == 0  # the seed's policy until the county sets one
    assert (before["policy"]["key_child_months"], before["policy"]["default_months"]) == (1, 3)
    version = director.pull()["county_version"]
    assert version == before["version"]

    status, out, _ = run("set-visit-policy", "--category", "农村留守儿童=2", "--risk", "high=1")
    assert status == 0 and "农村留守儿童每 2 个月" in out
    after = _county(director)
    assert after["policy"]["by_category"] == {"left_behind": 2}
    assert after["policy"]["by_risk_level"] == {"high": 1}
    assert after["policy"]["revision"] == 1 and after["policy"]["set_on"]
    assert director.pull()["county_version"] == after["version"] != version
    # A laptop enrolled from now on starts with it.
    assert world.director(V2).enrolment["policy"]["by_category"] == {"left_behind": 2}

    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"default_months": 2, "by_category": {"事实无人抚养儿童": 1}}))
    assert run("set-visit-policy", "--file", str(policy))[0] == 0
    stored = _county(director)["policy"]
    assert (stored["default_months"], stored["by_category"], stored["by_risk_level"]) == (
        2, {"de_facto_unsupported": 1}, {},
    )  # fmt: skip

    refusals = {
        ("--category", "外星儿童=2"): "未知的儿童类别",
        ("--category", "left_behind=13"): "1 至 12 个月",
        ("--category", "left_behind"): "名称=月数",
        ("--risk", "极高=1"): "未知的风险等级",
        ("--default-months", "0"): "1 至 12 个月",
    }
    for args, words in refusals.items():
        status, _, err = run("set-visit-policy", *args)
        assert (status, words in err) == (1, True), (args, err)
    policy.write_text('{"by_category": ["left_behind"]}')
    status, _, err = run("set-visit-policy", "--file", str(policy), "--risk", "high=1")
    assert status == 1 and "by_category" in err
    policy.write_text('{"by_category": {"left_behind": "often"}}')
    status, _, err = run("set-visit-policy", "--file", str(policy))
    assert status == 1 and "not a visit policy" in err
    assert _county(director)["policy"]["revision"] == 2  # nothing refused stored


def test_display_names_and_the_directory_version(world: World, run: Run) -> None:
    status, out, _ = run(
        "add-user", "--display-name", "李春花", "--role", "director", "--scope", V2
    )
    assert status == 0
    director = world.enroll(out.strip().splitlines()[-1])
    settings = _county(director)
    assert settings["you"]["name"] == "李春花"
    assert {v["code"]: v["name"] for v in settings["villages"]}[V2] == "鹤鹿溪村"
    user_id = settings["you"]["id"]
    assert run("rename-user", "--user", str(user_id), "--name", "李春华")[0] == 0
    renamed = _county(director)
    assert renamed["you"]["name"] == "李春华" and renamed["version"] != settings["version"]
    assert run("rename-user", "--user", "999", "--name", "x")[0] == 1
    assert run("rename-user", "--user", str(user_id), "--name", " ")[0] == 1
    assert world.client.get("/api/v1/county").status_code == 401  # a device's, not anyone's


def test_audit_says_who_read_or_changed_what_never_values(world: World, run: Run) -> None:
    director = world.director()
    other = world.director(V2)
    child = child_fields(name="贺小明")
    [result] = director.push(make_op("child", village=V1, fields=child))
    record_id = result["record"]["id"]
    director.pull()
    other.pull()

    status, out, _ = run("audit", "--record", record_id, "--json")
    entries = json.loads(out)
    assert [e["action"] for e in entries] == ["push", "pull"]
    assert {e["device_id"] for e in entries} == {director.id}
    assert "贺小明" not in out and child["id_number"] not in out

    user_id = _county(director)["you"]["id"]
    mine = json.loads(run("audit", "--user", str(user_id), "--json")[1])
    assert {e["action"] for e in mine} >= {"add_user", "enroll", "push", "pull"}
    assert all(e["device_id"] in (None, director.id) for e in mine)

    text = run("audit", "--record", record_id)[1]
    assert "修改（同步上传）" in text and "读取（同步下载）" in text
    assert run("audit", "--since", "2999-01-01")[1].startswith("没有符合条件的记录")
    status, _, err = run("audit", "--since", "yesterday")
    assert status == 1 and "YYYY-MM-DD" in err


def test_the_county_report_refuses_in_words(world: World, run: Run, tmp_path: Path) -> None:
    out = tmp_path / "县月报.xlsx"
    status, _, err = run("report", "monthly", "--month", "2026-13", "--out", str(out))
    assert status == 1 and "YYYY-MM" in err
    status, _, err = run("report", "monthly", "--month", "2026-11", "--out", str(out) + ".csv")
    assert status == 1 and ".csv" in err
    assert "县月报可保存为 .xlsx（表格）或 .pdf（打印）文件" in err
    assert not Path(str(out) + ".csv").exists()
    status, printed, _ = run("report", "monthly", "--month", "2026-11", "--out", str(out))
    assert status == 0 and "0 children on file" in printed and out.exists()
    # The PDF of an empty county: a document all the same, the county's line at zero.
    pdf = tmp_path / "县月报.PDF"
    status, printed, _ = run("report", "monthly", "--month", "2026-11", "--out", str(pdf))
    assert status == 0 and "0 children on file" in printed
    document = pdfium.PdfDocument(str(pdf))
    try:
        textpage = document[0].get_textpage()
        text = textpage.get_text_range()
        textpage.close()
    finally:
        document.close()
    assert "安吉县未成年人关爱保护月报（县级） 2026年11月" in text and "建档儿童（人） 0" in text
