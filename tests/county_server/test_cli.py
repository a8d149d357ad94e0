"""The ``county-server`` admin command, per back end."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from county_server.cli import main
from county_server.config import Settings
from county_server.main import create_app
from county_server.services.sealing import ServerKeyError, create_key_file
from county_server.services.setup import initialize
from tests.serverproc import run_cli

T1, V1 = "330523101", "330523101001"


@pytest.fixture
def admin(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Path]]:
    key_file = tmp_path / "keys" / "county-server.key"
    monkeypatch.setenv("COUNTY_SERVER_KEY_FILE", str(key_file))
    monkeypatch.delenv("COUNTY_SERVER_RECOVERY_KEY", raising=False)
    yield db_url, key_file


def _run(db_url: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--db", db_url, *args])
    out, err = capsys.readouterr()
    return status, out, err


def _settings(db_url: str, key_file: Path) -> Settings:
    return Settings.load(db_url=db_url, environ={"COUNTY_SERVER_KEY_FILE": str(key_file)})


def test_init_creates_the_schema_and_a_private_key_once(
    admin: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db_url, key_file = admin
    assert _run(db_url, capsys, "init")[0] == 0
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_bytes()
    assert _run(db_url, capsys, "init")[0] == 0  # again: nothing changes
    assert key_file.read_bytes() == key


def test_commands_need_an_initialised_database(
    admin: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db_url, _ = admin
    status, _, err = _run(db_url, capsys, "add-township", "--code", T1, "--name", "递铺街道")
    assert status == 1
    assert "county-server init" in err


def test_directory_users_and_devices(
    admin: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db_url, key_file = admin
    assert _run(db_url, capsys, "init")[0] == 0
    assert _run(db_url, capsys, "add-township", "--code", T1, "--name", "递铺街道")[0] == 0
    status, _, err = _run(db_url, capsys, "add-township", "--code", T1, "--name", "again")
    assert (status, "exists already" in err) == (1, True)
    assert (
        _run(db_url, capsys, "add-village", "--code", V1, "--name", "古城村", "--township", T1)[0]
        == 0
    )
    status, _, err = _run(
        db_url,
        capsys,
        "add-village",
        "--code",
        "330523109001",
        "--name",
        "x",
        "--township",
        "999999",
    )
    assert status == 1 and "no township" in err
    for role, scope in (("director", T1), ("supervisor", V1), ("county", T1)):
        status, _, err = _run(
            db_url, capsys, "add-user", "--name", "x", "--role", role, "--scope", scope
        )
        assert status == 1, (role, scope)
        assert "scope" in err
    status, out, _ = _run(
        db_url, capsys, "add-user", "--name", "李主任", "--role", "director", "--scope", V1
    )
    assert status == 0
    code = out.strip().splitlines()[-1]
    assert len(code.replace("-", "")) == 16
    assert json.loads(_run(db_url, capsys, "list-devices", "--json")[1]) == []

    # The printed code enrols a device.
    with TestClient(create_app(_settings(db_url, key_file))) as client:
        answer = client.post("/api/v1/enroll", json={"code": code, "device_name": "办公室电脑"})
        assert answer.status_code == 200
        device_id = answer.json()["device_id"]
    [device] = json.loads(_run(db_url, capsys, "list-devices", "--json")[1])
    assert (device["id"], device["name"], device["role"], device["scope_code"]) == (
        device_id,
        "办公室电脑",
        "director",
        V1,
    )
    assert device["revoked_at"] is None
    assert device_id in _run(db_url, capsys, "list-devices")[1]

    status, out, _ = _run(db_url, capsys, "issue-code", "--user", str(device["user_id"]))
    assert status == 0 and len(out.strip().splitlines()[-1]) == 19
    assert _run(db_url, capsys, "issue-code", "--user", "999")[0] == 1

    assert _run(db_url, capsys, "revoke-device", "00000000-0000-4000-8000-000000000000")[0] == 1
    assert _run(db_url, capsys, "revoke-device", device_id)[0] == 0
    [device] = json.loads(_run(db_url, capsys, "list-devices", "--json")[1])
    assert device["revoked_at"] is not None


def test_recovery_key_pair_and_enrolment(
    admin: tuple[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db_url, key_file = admin
    private, public = tmp_path / "county.key.pem", tmp_path / "county.pub.pem"
    args = ("recovery-keygen", "--private-out", str(private), "--public-out", str(public))
    assert _run(db_url, capsys, *args)[0] == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert public.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert _run(db_url, capsys, *args)[0] == 1  # never overwrites a key

    assert _run(db_url, capsys, "init")[0] == 0
    assert _run(db_url, capsys, "set-recovery-key", str(private))[0] == 1  # not a public key
    assert _run(db_url, capsys, "set-recovery-key", str(public))[0] == 0
    assert _run(db_url, capsys, "add-township", "--code", T1, "--name", "递铺街道")[0] == 0
    _, out, _ = _run(
        db_url, capsys, "add-user", "--name", "县中心", "--role", "county", "--scope", "330523"
    )
    code = out.strip().splitlines()[-1]
    with TestClient(create_app(_settings(db_url, key_file))) as client:
        answer = client.post("/api/v1/enroll", json={"code": code, "device_name": "县中心"})
    assert answer.json()["recovery_public_key"] == public.read_text()
    assert answer.json()["scope"] == {"level": "county", "code": "330523"}


def test_a_replaced_key_file_is_refused(admin: tuple[str, Path], tmp_path: Path) -> None:
    db_url, key_file = admin
    initialize(_settings(db_url, key_file), create_key=True)
    other = tmp_path / "other.key"
    create_key_file(other)
    with pytest.raises(ServerKeyError, match="does not match"):
        initialize(_settings(db_url, other), create_key=False)
    with pytest.raises(ServerKeyError, match="county-server init"):
        initialize(_settings(db_url, tmp_path / "missing.key"), create_key=False)


def test_the_real_command(db_url: str, tmp_path: Path) -> None:
    """As a process: errors on stderr with status 1; serve refuses to start without its key."""
    env = {"COUNTY_SERVER_KEY_FILE": str(tmp_path / "county-server.key")}
    missing = run_cli(db_url, "serve", "--port", "1", env=env, check=False, cwd=tmp_path)
    assert missing.returncode == 1
    assert "county-server init" in missing.stderr
    assert run_cli(db_url, "init", env=env, cwd=tmp_path).returncode == 0
    out = run_cli(db_url, "add-township", "--code", T1, "--name", "递铺街道", env=env).stdout
    assert T1 in out
    bad = run_cli(
        db_url, "add-user", "--name", "x", "--role", "king", "--scope", T1, env=env, check=False
    )
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_the_database_comes_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.load(environ={"COUNTY_SERVER_DB": f"sqlite:///{tmp_path}/x/county.sqlite"})
    assert settings.key_file == tmp_path / "x" / "county-server.key"
    assert Settings.load(environ={}).db_url == "sqlite:///county.sqlite"
    assert Settings.load(environ={}).key_file == Path("county-server.key")
    pg = Settings.load(db_url="postgresql://postgres@localhost/county", environ={})
    assert pg.db_url.startswith("postgresql+psycopg://")
    assert pg.key_file == Path("county-server.key")
