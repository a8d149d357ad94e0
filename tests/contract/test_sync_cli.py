"""enroll / sync / conflicts / resolve through the real ``childdesk`` entry point."""

from __future__ import annotations

import json
from pathlib import Path

from tests.contract.conftest import VILLAGE_A, VILLAGE_B, County
from tests.desktop.test_cli import ID_NUMBER, PASSPHRASE, run


def _json(result: object) -> object:
    assert getattr(result, "returncode", 1) == 0, getattr(result, "stderr", "")
    return json.loads(getattr(result, "stdout", ""))


def test_offline_store_joins_the_county_and_conflicts_resolve(county: County) -> None:
    server = county.server
    offline = county.root / "offline"
    assert run(offline, "init", "--village", VILLAGE_A).returncode == 0
    created = run(
        offline, "add", "child", "--set", "name=王小明", "--set", "gender=male",
        "--set", "birth_date=2013-04-02", "--set", f"id_number={ID_NUMBER}",
    )  # fmt: skip
    child_id = created.stdout.strip()

    joined = run(offline, "enroll", "--server", server.base_url, "--code",
                 server.add_user("李主任", "director", VILLAGE_A))  # fmt: skip
    assert joined.returncode == 0, joined.stderr
    assert "登记成功" in joined.stdout
    assert _json(run(offline, "sync")) == {
        "pushed": 1, "pulled": 0, "merged": 0, "conflicts": 0, "rejected": 0, "resent": 0,
        "departed": 0, "dropped": 0,
    }  # fmt: skip

    other = county.root / "other"
    code = server.add_user("张主任", "director", VILLAGE_A)
    fresh = run(other, "enroll", "--server", server.base_url, "--code", code)
    assert fresh.returncode == 0, fresh.stderr
    assert _json(run(other, "sync"))["pulled"] == 1  # type: ignore[index]

    assert run(offline, "edit", child_id, "--set", "school=递铺小学").returncode == 0
    assert run(other, "edit", child_id[:8], "--set", "school=实验小学").returncode == 0
    _json(run(offline, "sync"))
    summary = _json(run(other, "sync"))
    assert summary["conflicts"] == 1  # type: ignore[index]
    (conflict,) = _json(run(other, "conflicts", "--json"))  # type: ignore[misc]
    assert (conflict["field"], conflict["mine"], conflict["theirs"]) == (
        "school", "实验小学", "递铺小学",
    )  # fmt: skip
    listing = run(other, "conflicts")
    assert "就读学校" in listing.stdout and "递铺小学" in listing.stdout

    resolved = run(other, "resolve", child_id[:8], "--field", "school", "--value", "昌硕小学")
    assert resolved.returncode == 0, resolved.stderr
    assert _json(run(other, "conflicts", "--json")) == []
    _json(run(other, "sync"))
    _json(run(offline, "sync"))
    shown = _json(run(offline, "show", child_id, "--json"))
    assert shown["fields"]["school"] == "昌硕小学"  # type: ignore[index]
    assert run(offline, "check").returncode == 0


def test_enrolment_errors_are_plain(county: County, tmp_path: Path) -> None:
    server = county.server
    bad = run(tmp_path / "a", "enroll", "--server", server.base_url, "--code", "NOTACODE99")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "登记码无效" in bad.stderr
    assert not (tmp_path / "a" / "childdesk.sqlite").exists(), "nothing created on failure"
    insecure = run(tmp_path / "b", "enroll", "--server", "http://county.example.org",
                   "--code", "ABCDEFGH12")  # fmt: skip
    assert insecure.returncode == 1 and "https://" in insecure.stderr
    down = run(tmp_path / "c", "enroll", "--server", "http://127.0.0.1:9", "--code", "ABCDEFGH12")
    assert down.returncode == 1 and "连不上" in down.stderr

    village_b_store = tmp_path / "d"
    assert run(village_b_store, "init", "--village", VILLAGE_B).returncode == 0
    code = server.add_user("李主任", "director", VILLAGE_A)
    wrong = run(village_b_store, "enroll", "--server", server.base_url, "--code", code)
    assert wrong.returncode == 1 and VILLAGE_B in wrong.stderr


def test_sync_without_enrolment_or_network_keeps_everything(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    assert run(folder, "init", "--village", VILLAGE_A).returncode == 0
    result = run(folder, "sync")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "childdesk enroll" in result.stderr
    assert "Traceback" not in run(folder, "list", passphrase=PASSPHRASE).stderr
