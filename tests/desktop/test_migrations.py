"""A database made by the first released schema opens, migrates and keeps every record."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from desktop.models.db import SCHEMA_HEAD, head_revision, make_engine, upgrade
from desktop.models.tables import SEALED_AS_TEXT
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


FIXTURE_0003 = Path(__file__).parent.parent / "fixtures" / "store-0003.sqlite"


def _column_types(database: Path) -> tuple[str, list[str]]:
    connection = sqlite3.connect(database)
    try:
        declared = next(
            row[2] for row in connection.execute("PRAGMA table_info(records)") if row[1] == "sealed"
        )
        stored = [row[0] for row in connection.execute("select typeof(sealed) from records")]
    finally:
        connection.close()
    return declared, stored


def test_store_from_schema_0003_upgrades_to_sealed_bytes_and_keeps_records(
    tmp_path: Path,
) -> None:
    folder = DataDir(tmp_path / "data")
    folder.root.mkdir()
    shutil.copy(FIXTURE_0003, folder.database)
    assert _column_types(folder.database) == ("TEXT", ["text"] * 7)

    store = open_store(folder, passphrase="fixture passphrase")

    assert _column_types(folder.database) == ("BLOB", ["blob"] * 7)
    children = {child.fields["name"]: child for child in store.records("child")}
    assert sorted(children) == ["吴二丫", "周一凡", "郑三多"]
    assert children["周一凡"].fields["school"] == "递铺小学"
    assert children["周一凡"].fields["grade"] == "三年级"
    assert children["吴二丫"].fields["school"] is None
    mothers = {m.child_id: m.fields["name"] for m in store.records("family_member")}
    assert mothers == {child.id: name[0] + "母亲" for name, child in children.items()}
    # The deleted father stays a tombstone; every row and outbox entry still decrypts.
    report = store.check()
    assert report.ok, report.problems
    assert report.schema_revision == head_revision()
    assert (report.records_checked, report.outbox_checked) == (7, 8)
    assert store.find_by_id_number(str(children["郑三多"].fields["id_number"])) == [
        children["郑三多"].id
    ]
    # Writes after the upgrade go on as bytes, and read back.
    store.update(children["吴二丫"].id, {"school": "实验小学"})
    assert store.get(children["吴二丫"].id).fields["school"] == "实验小学"
    assert _column_types(folder.database)[1] == ["blob"] * 7
    # The file was copied aside, still at schema 0003, base64 text and all.
    (saved,) = (folder.root / "backups").glob("*.sqlite")
    assert "from-0003" in saved.name
    assert _column_types(saved) == ("TEXT", ["text"] * 7)


def test_records_sealed_field_by_field_survive_0004_as_text_until_resealed(
    tmp_path: Path,
) -> None:
    """Schema 0004 needs no key: the first releases' per-field JSON stays text through it,
    and the unlock after it reseals those records whole, as bytes."""
    folder = DataDir(tmp_path / "data")
    folder.root.mkdir()
    shutil.copy(FIXTURE, folder.database)
    engine = make_engine(folder.database)
    upgrade(engine, folder.database)
    engine.dispose()
    assert _column_types(folder.database) == ("BLOB", ["text"] * 3)

    store = open_store(folder, passphrase="fixture passphrase")

    assert _column_types(folder.database) == ("BLOB", ["blob"] * 3)
    assert sorted(c.fields["name"] for c in store.records("child")) == [
        "孙三宝",
        "赵一鸣",
        "钱二妹",
    ]


def test_unlock_finds_records_sealed_field_by_field_through_their_index(tmp_path: Path) -> None:
    folder = DataDir(tmp_path / "data")
    folder.root.mkdir()
    shutil.copy(FIXTURE_0003, folder.database)
    open_store(folder, passphrase="fixture passphrase").engine.dispose()
    connection = sqlite3.connect(folder.database)
    plan = connection.execute(
        f"EXPLAIN QUERY PLAN SELECT id FROM records WHERE {SEALED_AS_TEXT}"
    ).fetchall()
    connection.close()
    assert "ix_records_sealed_text" in str(plan)  # not a scan of every record


def test_one_damaged_old_record_does_not_keep_the_others_locked(tmp_path: Path) -> None:
    """The unlock after an upgrade reseals old records and fills their ID index; a record
    damaged on disk is left for ``check`` to name, and every other record opens."""
    folder = DataDir(tmp_path / "data")
    folder.root.mkdir()
    shutil.copy(FIXTURE, folder.database)
    connection = sqlite3.connect(folder.database)
    damaged, sealed = connection.execute(
        "SELECT id, sealed FROM records WHERE kind = 'child' ORDER BY id LIMIT 1"
    ).fetchone()
    flipped = sealed[:40] + ("A" if sealed[40] != "A" else "B") + sealed[41:]
    connection.execute("UPDATE records SET sealed = ? WHERE id = ?", (flipped, damaged))
    connection.commit()
    connection.close()

    store = open_store(folder, passphrase="fixture passphrase")

    report = store.check()
    assert not report.ok and any(damaged in problem for problem in report.problems)
    others = [child_id for child_id in _child_ids(folder) if child_id != damaged]
    names = {store.get(child_id).fields["name"] for child_id in others}
    assert len(names) == 2 and names < {"孙三宝", "赵一鸣", "钱二妹"}


def _child_ids(folder: DataDir) -> list[str]:
    connection = sqlite3.connect(folder.database)
    ids = [r[0] for r in connection.execute("SELECT id FROM records WHERE kind = 'child'")]
    connection.close()
    return ids


def test_schema_head_names_the_newest_migration_script() -> None:
    # Opening skips Alembic when a database is at SCHEMA_HEAD: a new migration must move it.
    assert head_revision() == SCHEMA_HEAD


def test_opening_an_up_to_date_store_does_not_import_alembic(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from desktop.services.datadir import DataDir, open_store\n"
        "folder = DataDir(Path(sys.argv[1]))\n"
        "open_store(folder, passphrase='fixture passphrase').engine.dispose()\n"
        "print('alembic' in sys.modules)\n"
    )
    folder = DataDir(tmp_path / "data")
    folder.root.mkdir()
    shutil.copy(FIXTURE, folder.database)
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe, str(folder.root)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.split()[-1]
        for _ in range(2)
    ]
    assert runs == ["True", "False"]  # the first open migrates 0001; the second needs nothing


def test_the_upgrade_through_0004_reclaims_its_free_pages_and_keeps_the_copy(
    tmp_path: Path,
) -> None:
    """0004 rebuilds ``records`` (its old pages left free) and shortens every sealed cell:
    a VACUUM after it gives the space back; the copy aside stays as it was (issue 20.5)."""
    folder = DataDir(tmp_path / "data")
    folder.root.mkdir()
    shutil.copy(FIXTURE_0003, folder.database)
    engine = make_engine(folder.database)
    upgrade(engine, folder.database)
    engine.dispose()

    connection = sqlite3.connect(folder.database)
    try:
        assert connection.execute("PRAGMA freelist_count").fetchone() == (0,)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()
    (saved,) = (folder.root / "backups").glob("*.sqlite")
    assert "from-0003" in saved.name
    assert _column_types(saved) == ("TEXT", ["text"] * 7)
    assert len(open_store(folder, passphrase="fixture passphrase").records("child")) == 3
