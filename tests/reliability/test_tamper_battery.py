"""Random tampering with the local database and its backups is detected every time, with
an error that names the record.

A store of children, family members and visits (its changes still in the outbox, the
children's first ops out on their way and edited since, so those ops hold their own sealed
values) is made once. Each case copies it, damages one thing at random (a bit flip in a
record's ciphertext, a truncated ciphertext, two records' ciphertexts swapped, a bit flip
in an outbox entry's sealed values) and then:

- live database: ``CaseStore.check`` must list every damaged record by id, and reading
  a damaged record raises ``CorruptRecordError`` naming it;
- a backup made by ``services/backup.make_backup``: ``restore_backup`` must refuse it
  with a ``BackupError`` whose Chinese and English text name a damaged record, and the
  live store must be left exactly as it was;
- the copy the store sets aside in ``backups/`` before a migration (from the first
  release's fixture): restoring it after the same damage is refused the same way.

Cases: 10 in the smoke profile, 60 in the quick one, 600 in the full one
(``RELIABILITY_TAMPER_CASES``).
"""

from __future__ import annotations

import base64
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from casework.ids import make_id_number
from desktop.models.crypto import FieldCipher
from desktop.models.db import open_engine
from desktop.models.store import CorruptRecordError
from desktop.services.backup import BackupError, make_backup, restore_backup
from desktop.services.datadir import DataDir, init_store, open_store, store_with_key, unlock_key
from desktop.sync.state import SyncState
from tests.reliability.profile import count
from tests.reliability.results import record

PASSPHRASE = "tamper battery passphrase 2026"
FIXTURE_PASSPHRASE = "fixture passphrase"
FIXTURE = Path(__file__).parent.parent / "fixtures" / "store-0001.sqlite"
CASES = count(60, 600, smoke=10, override="RELIABILITY_TAMPER_CASES")
MODES = ("bit_flip", "truncate", "swap_records", "outbox_flip")


@dataclass(frozen=True)
class Pristine:
    folder: DataDir
    data_key: bytes


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    folder = DataDir(tmp_path_factory.mktemp("pristine") / "data")
    store = init_store(folder, village_code="330523101001", passphrase=PASSPHRASE)
    for n in range(6):
        birth = date(2014, 1 + n, 9)
        child = store.create(
            "child",
            {
                "name": f"测试{n}",
                "gender": "female",
                "birth_date": birth.isoformat(),
                "id_number": make_id_number("330523", birth, 2 * n),
            },
        )
        store.create("family_member", {"child_id": child, "relation": "mother", "name": "母亲"})
        store.create("visit", {"child_id": child, "visit_date": "2026-11-01", "visitor": "李主任"})
    # A sync killed with every op out, then the children edited: their ops freeze a sealed
    # copy of what they sent (the other ops' values stay their records').
    for op in SyncState(store).take_batch(500):
        if op.kind == "child":
            store.update(op.record_id, {"school": "递铺小学"})
    store.engine.dispose()
    # Opened once as the app does (the one-time ID index backfill runs here, not per case).
    engine, data_key = unlock_key(folder, passphrase=PASSPHRASE)
    store_with_key(folder, engine, FieldCipher(data_key))
    engine.dispose()
    _fold_wal(folder.database)
    return Pristine(folder, data_key)


def _fold_wal(database: Path) -> None:
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _flip(blob: bytes, rng: random.Random) -> bytes:
    raw = bytearray(blob)
    raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
    return bytes(raw)


def tamper(database: Path, mode: str, rng: random.Random) -> set[str]:
    """Damage one thing in ``database``; returns the record ids that must be named."""
    connection = sqlite3.connect(database)
    try:
        if mode == "outbox_flip":
            rows = connection.execute(
                "select op_id, record_id, sealed_values from outbox where length(sealed_values) > 0"
            )
            op_id, record_id, sealed = rng.choice(rows.fetchall())
            connection.execute(
                "update outbox set sealed_values = ? where op_id = ?",
                (_flip(bytes(sealed), rng), op_id),
            )
            connection.commit()
            return {record_id}
        kinds = connection.execute(
            "select kind from records group by kind having count(*) >= 2"
        ).fetchall()
        (kind,) = rng.choice(kinds)
        rows = connection.execute("select id, sealed from records where kind = ?", (kind,))
        (first_id, first), (second_id, second) = rng.sample(rows.fetchall(), 2)
        # Raw ciphertext from schema 0004 on; base64 text (or per-field JSON) before it.
        text = isinstance(first, str)
        blob = base64.b64decode(first) if text else bytes(first)
        if mode == "bit_flip":
            damaged = _flip(blob, rng)
        elif mode == "truncate":
            damaged = blob[: rng.randrange(len(blob))]
        if mode in ("bit_flip", "truncate"):
            changes = {first_id: base64.b64encode(damaged).decode() if text else damaged}
        else:
            changes = {first_id: second, second_id: first}
        for record_id, sealed in changes.items():
            connection.execute("update records set sealed = ? where id = ?", (sealed, record_id))
        connection.commit()
        return set(changes)
    finally:
        connection.close()


def _live_case(pristine: Pristine, case_dir: Path, mode: str, rng: random.Random) -> bool:
    folder = DataDir(case_dir / "data")
    folder.root.mkdir(parents=True)
    shutil.copyfile(pristine.folder.database, folder.database)
    named = tamper(folder.database, mode, rng)
    engine = open_engine(folder.database)
    try:
        store = store_with_key(folder, engine, FieldCipher(pristine.data_key))
        report = store.check()
        listed = {problem.split(":", 1)[0] for problem in report.problems}
        detected = not report.ok and named <= listed
        for record_id in named if mode != "outbox_flip" else ():
            with pytest.raises(CorruptRecordError) as caught:
                store.get(record_id)
            detected = detected and caught.value.record_id == record_id
        return detected
    finally:
        engine.dispose()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _restore_refused(
    backup: Path, live: DataDir, named: set[str], passphrase: str
) -> tuple[bool, bool]:
    """(refused with the live store untouched, the refusal names a damaged record)."""
    before = _digest(live.database)
    with pytest.raises(BackupError) as caught:
        restore_backup(backup, live, passphrase)
    message = caught.value.message
    names_it = any(r in message.zh and r in message.en for r in named)
    return _digest(live.database) == before, names_it


def _backup_case(pristine: Pristine, case_dir: Path, mode: str, rng: random.Random) -> bool:
    backup = make_backup(pristine.folder, case_dir / "usb")
    named = tamper(backup, mode, rng)
    return all(_restore_refused(backup, pristine.folder, named, PASSPHRASE))


def test_tampering_is_always_detected_and_names_the_record(
    pristine: Pristine, tmp_path: Path
) -> None:
    rng = random.Random(7_2026_11_28)
    outcomes: Counter[tuple[str, str, bool]] = Counter()
    for case in range(CASES):
        mode = MODES[case % len(MODES)]
        where = "backup" if case % 5 == 4 else "live"
        run = _backup_case if where == "backup" else _live_case
        outcomes[(where, mode, run(pristine, tmp_path / f"case-{case}", mode, rng))] += 1
    missed = sum(n for (_, _, detected), n in outcomes.items() if not detected)
    record("tamper", CASES, missed=missed)
    assert missed == 0, outcomes
    assert {where for where, _, _ in outcomes} == {"live", "backup"}


def test_childdesk_check_lists_each_damaged_record(pristine: Pristine, tmp_path: Path) -> None:
    """The real command: exit status 3 and a line naming each damaged record."""
    rng = random.Random(3)
    cases = count(4, 20, smoke=2)
    missed = 0
    for case in range(cases):
        folder = DataDir(tmp_path / f"cli-{case}")
        folder.root.mkdir()
        shutil.copyfile(pristine.folder.database, folder.database)
        named = tamper(folder.database, MODES[case % len(MODES)], rng)
        result = subprocess.run(
            [sys.executable, "-m", "desktop", "--data-dir", str(folder.root), "check"],
            env={**os.environ, "CHILDDESK_PASSPHRASE": PASSPHRASE},
            capture_output=True,
            text=True,
            timeout=120,
        )
        output = result.stdout + result.stderr
        missed += not (result.returncode == 3 and all(r in output for r in named))
        assert "Traceback" not in output
    record("tamper", cases, missed=missed)
    assert missed == 0


class UnnamedRecordError(AssertionError):
    """Tampering was detected and refused, but the message does not say which record."""


# An older copy is migrated on opening, which reseals the first release's per-field
# records: a damaged one is refused there, and the refusal names it too.
def test_a_tampered_pre_migration_copy_is_refused_naming_the_record(tmp_path: Path) -> None:
    folder = DataDir(tmp_path / "old")
    folder.root.mkdir()
    shutil.copyfile(FIXTURE, folder.database)
    open_store(folder, passphrase=FIXTURE_PASSPHRASE).engine.dispose()  # migrates: copy aside
    (aside,) = sorted((folder.root / "backups").glob("*.sqlite"))
    rng = random.Random(11)
    modes = MODES[:3] if count(1, 3, smoke=1) > 1 else ("bit_flip",)
    missed = unnamed = 0
    for mode in modes:
        damaged = tmp_path / f"aside-{mode}.sqlite"
        shutil.copyfile(aside, damaged)
        named = tamper(damaged, mode, rng)
        refused, names_it = _restore_refused(damaged, folder, named, FIXTURE_PASSPHRASE)
        missed += not refused
        unnamed += not names_it
    record("tamper", len(modes), missed=missed)
    assert missed == 0
    if unnamed:
        raise UnnamedRecordError(f"{unnamed} of {len(modes)} refusals name no record")
