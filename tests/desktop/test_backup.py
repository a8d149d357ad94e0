"""Encrypted backups and checked restores on real SQLite files with real encryption."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.models.store import CaseStore
from desktop.services.backup import (
    BackupError,
    OtherStoreError,
    daily_backup,
    daily_folder,
    make_backup,
    other_store,
    restore_backup,
)
from desktop.services.datadir import DataDir, init_store, open_store
from tests.desktop.conftest import PASSPHRASE
from tests.desktop.test_cli import run

NAME = "欧阳思远"


def _fill(store: CaseStore) -> str:
    child_id = store.create(
        "child", {"name": NAME, "gender": "male", "birth_date": "2014-06-01", "school": "递铺小学"}
    )
    store.create("visit", {"child_id": child_id, "visit_date": "2026-10-01", "visitor": "李主任"})
    return child_id


def _contents(store: CaseStore) -> list[tuple[str, str, str]]:
    return sorted(
        (r.id, r.kind, json.dumps(dict(r.fields), sort_keys=True, default=str))
        for r in store.records()
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_is_encrypted_and_restores_into_a_fresh_folder(
    store: CaseStore, folder: DataDir, tmp_path: Path
) -> None:
    _fill(store)
    backup = make_backup(folder, tmp_path / "usb")
    assert backup.parent == tmp_path / "usb" and backup.suffix == ".sqlite"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert NAME.encode() not in backup.read_bytes()
    assert not backup.with_name(backup.name + "-wal").exists()

    fresh = DataDir(tmp_path / "fresh")
    report = restore_backup(backup, fresh, PASSPHRASE)
    assert report.records_checked == 2 and report.replaced_kept_at is None
    restored = open_store(fresh, passphrase=PASSPHRASE)
    assert _contents(restored) == _contents(store)
    assert restored.check().ok


def test_restore_replaces_the_live_store_and_keeps_it_aside(
    store: CaseStore, folder: DataDir, tmp_path: Path
) -> None:
    _fill(store)
    backup = make_backup(folder, tmp_path / "backups")
    before = _contents(store)
    store.create("child", {"name": "后来的", "gender": "female", "birth_date": "2015-01-01"})
    store.engine.dispose()

    report = restore_backup(backup, folder, PASSPHRASE)
    assert report.replaced_kept_at is not None and report.replaced_kept_at.exists()
    assert _contents(open_store(folder, passphrase=PASSPHRASE)) == before
    with sqlite3.connect(report.replaced_kept_at) as connection:
        count = connection.execute("SELECT count(*) FROM records WHERE kind='child'").fetchone()
    assert count == (2,)


def test_wrong_passphrase_changes_nothing(
    store: CaseStore, folder: DataDir, tmp_path: Path
) -> None:
    _fill(store)
    backup = make_backup(folder, tmp_path / "b")
    store.engine.dispose()
    live = _digest(folder.database)
    entries = sorted(p.name for p in folder.root.rglob("*"))
    with pytest.raises(BackupError) as caught:
        restore_backup(backup, folder, "not the passphrase")
    assert "密码" in caught.value.message.zh and "passphrase" in caught.value.message.en
    assert _digest(folder.database) == live
    assert sorted(p.name for p in folder.root.rglob("*")) == entries
    assert not list(folder.root.parent.glob(".childdesk-restore-*"))


def _tamper_sealed(backup: Path) -> None:
    with sqlite3.connect(backup) as connection:
        record_id, sealed = connection.execute(
            "SELECT id, sealed FROM records WHERE kind='child'"
        ).fetchone()
        flipped = bytearray(sealed)
        flipped[len(flipped) // 2] ^= 0x01
        connection.execute("UPDATE records SET sealed=? WHERE id=?", (bytes(flipped), record_id))


def _truncate(backup: Path) -> None:
    data = backup.read_bytes()
    backup.write_bytes(data[: len(data) // 3])


def _garbage(backup: Path) -> None:
    backup.write_bytes(b"PK\x03\x04 not a database" * 100)


@pytest.mark.parametrize("damage", [_tamper_sealed, _truncate, _garbage])
def test_a_damaged_backup_is_refused_and_changes_nothing(
    store: CaseStore, folder: DataDir, tmp_path: Path, damage: object
) -> None:
    _fill(store)
    backup = make_backup(folder, tmp_path / "b")
    assert callable(damage)
    damage(backup)
    store.engine.dispose()
    live = _digest(folder.database)
    fresh = DataDir(tmp_path / "fresh")
    for target in (folder, fresh):
        with pytest.raises(BackupError) as caught:
            restore_backup(backup, target, PASSPHRASE)
        assert "没有做任何改动" in caught.value.message.zh
        assert "nothing was changed" in caught.value.message.en
    assert _digest(folder.database) == live
    assert not fresh.root.exists()
    assert open_store(folder, passphrase=PASSPHRASE).check().ok


def test_daily_backup_once_a_day_and_last_seven_kept(store: CaseStore, folder: DataDir) -> None:
    _fill(store)
    start = date(2026, 11, 1)
    first = daily_backup(folder, start)
    assert first is not None and first.exists()
    assert daily_backup(folder, start) is None
    for offset in range(1, 9):
        assert daily_backup(folder, start + timedelta(days=offset)) is not None
    kept = sorted(p.name for p in daily_folder(folder).iterdir())
    assert kept == [f"childdesk-daily-{start + timedelta(days=d)}.sqlite" for d in range(2, 9)]


def test_cli_backup_restore_then_check(tmp_path: Path) -> None:
    source = tmp_path / "source"
    assert run(source, "init", "--village", "330523101001").returncode == 0
    added = run(
        source, "add", "child", "--set", f"name={NAME}", "--set", "gender=male",
        "--set", "birth_date=2014-06-01",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    backed = run(source, "backup", "--to", str(tmp_path / "usb"))
    assert backed.returncode == 0, backed.stderr
    backup = next((tmp_path / "usb").glob("childdesk-backup-*.sqlite"))
    assert str(backup) in backed.stdout

    target = tmp_path / "target"
    refused = run(target, "restore", str(backup), passphrase="wrong passphrase")
    assert refused.returncode == 1 and "没有做任何改动" in refused.stderr
    assert not target.exists()
    restored = run(target, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "全部解密正常" in restored.stdout
    assert run(target, "check").returncode == 0
    listed = json.loads(run(target, "list", "--json").stdout)
    assert [c["name"] for c in listed] == [NAME]


def _other_store(tmp_path: Path, name: str, village: str) -> DataDir:
    """A second real store under the same passphrase (the case that went unnoticed)."""
    other = DataDir(tmp_path / name)
    store = init_store(other, village_code=village, passphrase=PASSPHRASE, user="王主任")
    store.create(
        "child", {"name": "另一个村的孩子", "gender": "female", "birth_date": "2015-03-01"}
    )
    store.engine.dispose()
    return other


def test_another_villages_backup_is_refused_unless_the_store_is_replaced(
    store: CaseStore, folder: DataDir, tmp_path: Path
) -> None:
    _fill(store)
    before = _contents(store)
    store.engine.dispose()
    neighbour = _other_store(tmp_path, "neighbour", "330523101002")
    backup = make_backup(neighbour, tmp_path / "usb")
    live = _digest(folder.database)

    found = other_store(backup, folder)
    assert found is not None and found.other_village
    assert (found.backup_village, found.this_village) == ("330523101002", "330523101001")
    with pytest.raises(OtherStoreError) as caught:
        restore_backup(backup, folder, PASSPHRASE)
    assert "另一个村" in caught.value.message.zh and "330523101002" in caught.value.message.zh
    assert "another village" in caught.value.message.en
    assert _digest(folder.database) == live
    assert not list((folder.root / "backups").glob("*replaced-by-restore*"))
    assert _contents(open_store(folder, passphrase=PASSPHRASE)) == before

    report = restore_backup(backup, folder, PASSPHRASE, replace_store=True)
    assert report.replaced_kept_at is not None and report.replaced_kept_at.exists()
    replaced = open_store(folder, passphrase=PASSPHRASE)
    assert replaced.village_code == "330523101002"


def test_another_computers_backup_of_the_same_village_is_refused_too(
    store: CaseStore, folder: DataDir, tmp_path: Path
) -> None:
    store.engine.dispose()
    colleague = _other_store(tmp_path, "colleague", "330523101001")
    backup = make_backup(colleague, tmp_path / "usb")
    found = other_store(backup, folder)
    assert found is not None and not found.other_village
    with pytest.raises(OtherStoreError) as caught:
        restore_backup(backup, folder, PASSPHRASE)
    assert "另一个档案库" in caught.value.message.zh


def test_this_stores_own_backups_restore_without_asking(
    store: CaseStore, folder: DataDir, tmp_path: Path
) -> None:
    _fill(store)
    daily = daily_backup(folder, date(2026, 11, 1))
    assert daily is not None
    store.engine.dispose()
    from desktop.usecases.settings import change_passphrase_now

    change_passphrase_now(folder, old=PASSPHRASE, new="hudie-dengta-3391-moli")
    assert other_store(daily, folder) is None  # a new passphrase is still the same store
    assert restore_backup(daily, folder, PASSPHRASE).records_checked == 2
    assert other_store(daily, DataDir(tmp_path / "empty")) is None  # nothing to replace


def test_a_store_from_before_store_ids_is_known_by_its_creation(
    store: CaseStore, folder: DataDir, tmp_path: Path
) -> None:
    store.engine.dispose()
    backup = make_backup(folder, tmp_path / "usb")
    for path in (folder.database, backup):
        connection = sqlite3.connect(path)
        connection.execute("delete from meta where key = 'store_id'")
        connection.commit()
        connection.close()
    assert other_store(backup, folder) is None
    colleague = make_backup(_other_store(tmp_path, "colleague", "330523101001"), tmp_path / "b")
    connection = sqlite3.connect(colleague)
    connection.execute("delete from meta where key = 'store_id'")
    connection.commit()
    connection.close()
    assert other_store(colleague, folder) is not None


def test_cli_refuses_another_stores_backup_without_replace_store(tmp_path: Path) -> None:
    here, neighbour = tmp_path / "here", tmp_path / "neighbour"
    assert run(here, "init", "--village", "330523101001").returncode == 0
    assert run(neighbour, "init", "--village", "330523101002").returncode == 0
    added = run(
        neighbour, "add", "child", "--set", f"name={NAME}", "--set", "gender=male",
        "--set", "birth_date=2014-06-01",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert run(neighbour, "backup", "--to", str(tmp_path / "usb")).returncode == 0
    backup = next((tmp_path / "usb").glob("childdesk-backup-*.sqlite"))

    refused = run(here, "restore", str(backup))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "另一个村" in refused.stderr and "--replace-store" in refused.stderr
    assert json.loads(run(here, "list", "--json").stdout) == []
    english = run(here, "restore", str(backup), CHILDDESK_LANG="en")
    assert "another village" in english.stderr and "--replace-store" in english.stderr

    replaced = run(here, "restore", str(backup), "--replace-store")
    assert replaced.returncode == 0, replaced.stderr
    assert [c["name"] for c in json.loads(run(here, "list", "--json").stdout)] == [NAME]
