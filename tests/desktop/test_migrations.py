"""A database made by the first released schema opens, migrates and keeps every record."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from desktop.models.db import head_revision
from desktop.services.datadir import DataDir, open_store

FIXTURE = Path(__file__).parent.parent / "fixtures" / "store-0001.sqlite"


def test_store_from_schema_0001_upgrades_and_keeps_records(tmp_path: Path) -> None:
    folder = DataDir(tmp_path / "data")
    folder.root.mkdir()
    shutil.copy(FIXTURE, folder.database)

    store = open_store(folder, passphrase="fixture passphrase")

    names = sorted(child.fields["name"] for child in store.records("child"))
    assert names == ["孙三宝", "赵一鸣", "钱二妹"]
    report = store.check()
    assert report.ok, report.problems
    assert report.schema_revision == head_revision() != "0001"
    assert report.outbox_checked == 3
    # The blind index, new in 0002, was filled at the first unlock.
    some_id = store.records("child")[0].fields["id_number"]
    assert len(store.find_by_id_number(some_id)) == 1
    # The file was copied aside, still at schema 0001, before the upgrade.
    saved = list((folder.root / "backups").glob("*.sqlite"))
    assert len(saved) == 1
    connection = sqlite3.connect(saved[0])
    assert connection.execute("select version_num from alembic_version").fetchall() == [("0001",)]
    assert connection.execute("select count(*) from records").fetchall() == [(3,)]
    connection.close()


def test_opening_a_current_store_copies_nothing(tmp_path: Path) -> None:
    folder = DataDir(tmp_path / "data")
    folder.root.mkdir()
    shutil.copy(FIXTURE, folder.database)
    open_store(folder, passphrase="fixture passphrase")
    open_store(folder, passphrase="fixture passphrase")
    assert len(list((folder.root / "backups").glob("*.sqlite"))) == 1
