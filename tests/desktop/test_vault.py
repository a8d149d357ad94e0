"""Key slots: wrong passphrases, growing delays, re-keying and county recovery."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from desktop.models.keyslots import generate_recovery_keypair
from desktop.models.store import CaseStore
from desktop.services.datadir import (
    DataDir,
    DataDirError,
    change_passphrase,
    init_store,
    open_store,
    recover_store,
)

from .conftest import PASSPHRASE, VILLAGE


def _digest(folder: DataDir) -> str:
    return hashlib.sha256(folder.database.read_bytes()).hexdigest()


def test_wrong_passphrase_changes_nothing_and_says_so(store: CaseStore, folder: DataDir) -> None:
    store.create("child", {"name": "张三", "gender": "male", "birth_date": "2015-01-01"})
    before = _digest(folder)
    with pytest.raises(DataDirError) as caught:
        open_store(folder, passphrase="not the passphrase")
    assert "密码不正确" in caught.value.message.zh
    assert "Wrong passphrase" in caught.value.message.en
    assert _digest(folder) == before
    assert open_store(folder, passphrase=PASSPHRASE).records("child")[0].fields["name"] == "张三"


def test_repeated_failures_make_the_wait_grow(store: CaseStore, folder: DataDir) -> None:
    waits: list[float] = []
    for _ in range(6):
        with pytest.raises(DataDirError):
            open_store(folder, passphrase="wrong guess", sleep=waits.append)
    # Three free tries, then a wait that doubles: 1 s, 2 s, 4 s (each less the time passed).
    assert len(waits) == 3
    assert 0.5 < waits[0] <= 1.0 and 1.5 < waits[1] <= 2.0 and 3.5 < waits[2] <= 4.0
    assert folder.throttle.failures() == 6
    open_store(folder, passphrase=PASSPHRASE, sleep=waits.append)
    assert folder.throttle.failures() == 0


def test_change_passphrase_rewraps_the_key_only(store: CaseStore, folder: DataDir) -> None:
    store.create("child", {"name": "张三", "gender": "male", "birth_date": "2015-01-01"})
    connection = sqlite3.connect(folder.database)
    records_before = connection.execute("select sealed from records").fetchall()
    change_passphrase(folder, old=PASSPHRASE, new="a brand new phrase")
    assert connection.execute("select sealed from records").fetchall() == records_before
    connection.close()
    with pytest.raises(DataDirError):
        open_store(folder, passphrase=PASSPHRASE)
    reopened = open_store(folder, passphrase="a brand new phrase")
    assert reopened.records("child")[0].fields["name"] == "张三"


def test_county_recovery_key_sets_a_new_passphrase(folder: DataDir) -> None:
    private_pem, public_pem = generate_recovery_keypair()
    store = init_store(
        folder, village_code=VILLAGE, passphrase=PASSPHRASE, recovery_public_pem=public_pem
    )
    store.create("child", {"name": "张三", "gender": "male", "birth_date": "2015-01-01"})
    recover_store(folder, county_private_pem=private_pem, new_passphrase="after recovery 1")
    assert open_store(folder, passphrase="after recovery 1").records("child")[0].fields["name"]
    other_private, _ = generate_recovery_keypair()
    with pytest.raises(DataDirError) as caught:
        recover_store(folder, county_private_pem=other_private, new_passphrase="x" * 10)
    assert "恢复密钥" in caught.value.message.zh
    assert open_store(folder, passphrase="after recovery 1").records("child")


def test_short_passphrase_is_refused(folder: DataDir) -> None:
    with pytest.raises(DataDirError) as caught:
        init_store(folder, village_code=VILLAGE, passphrase="short")
    assert "8" in caught.value.message.zh
    assert not folder.exists()


def test_weakened_slot_parameters_are_refused(store: CaseStore, folder: DataDir) -> None:
    connection = sqlite3.connect(folder.database)
    connection.execute(
        """update key_slots set params = '{"alg": "argon2id", "m": 1024, "t": 1, "p": 1}'"""
    )
    connection.commit()
    connection.close()
    with pytest.raises(Exception) as caught:
        open_store(folder, passphrase=PASSPHRASE)
    assert "WeakSlot" in type(caught.value).__name__
