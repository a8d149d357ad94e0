"""Key slots: wrong passphrases, growing delays, re-keying and county recovery."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from desktop.models.keyslots import generate_recovery_keypair
from desktop.models.store import CaseStore
from desktop.services import datadir
from desktop.services.datadir import (
    DataDir,
    DataDirError,
    change_passphrase,
    init_store,
    open_store,
    recover_store,
    unlock_failures,
)

from .conftest import PASSPHRASE, VILLAGE

STRONG = "lanhua-shitou-4827-baiyun"


def _digest(folder: DataDir) -> str:
    """The records, outbox and key slots: what a wrong passphrase must never change."""
    connection = sqlite3.connect(folder.database)
    try:
        rows = [
            connection.execute(f"select * from {table} order by 1").fetchall()
            for table in ("records", "outbox", "key_slots", "audit")
        ]
    finally:
        connection.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


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
    assert unlock_failures(folder) == 6
    open_store(folder, passphrase=PASSPHRASE, sleep=waits.append)
    assert unlock_failures(folder) == 0


def test_the_count_holds_when_every_file_beside_the_database_is_deleted(
    store: CaseStore, folder: DataDir
) -> None:
    """Deleting unlock-failures.json (where it once lived), the WAL or anything else in
    the folder must not give a guesser free attempts again."""
    for _ in range(5):
        with pytest.raises(DataDirError):
            open_store(folder, passphrase="wrong guess", sleep=lambda _s: None)
    store.engine.dispose()
    for path in folder.root.rglob("*"):
        if path.is_file() and path != folder.database:
            path.unlink()
    assert [p.name for p in folder.root.iterdir() if p.is_file()] == [folder.database.name]
    assert unlock_failures(folder) == 5
    waits: list[float] = []
    with pytest.raises(DataDirError):
        open_store(folder, passphrase="wrong again", sleep=waits.append)
    assert len(waits) == 1 and 3.0 < waits[0] <= 4.0  # the fifth failure's 4 s wait
    assert unlock_failures(folder) == 6


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
    recover_store(folder, county_private_pem=private_pem, new_passphrase=STRONG)
    assert open_store(folder, passphrase=STRONG).records("child")[0].fields["name"]
    other_private, _ = generate_recovery_keypair()
    with pytest.raises(DataDirError) as caught:
        recover_store(folder, county_private_pem=other_private, new_passphrase=STRONG + "x")
    assert "恢复密钥" in caught.value.message.zh
    with pytest.raises(DataDirError) as caught:
        recover_store(folder, county_private_pem=private_pem, new_passphrase="woaini1314")
    assert "太容易被猜到" in caught.value.message.zh
    assert open_store(folder, passphrase=STRONG).records("child")


@pytest.mark.parametrize("weak", ["short", "12345678", "aaaaaaaaaaaa", "password1", "woaini1314"])
def test_a_guessable_passphrase_is_refused_at_init(folder: DataDir, weak: str) -> None:
    with pytest.raises(DataDirError) as caught:
        init_store(folder, village_code=VILLAGE, passphrase=weak)
    message = caught.value.message
    assert "太容易被猜到" in message.zh and "例如" in message.zh
    assert "too easy to guess" in message.en and "for example" in message.en
    assert not folder.exists()


def test_the_village_code_is_refused_in_a_new_passphrase(folder: DataDir) -> None:
    with pytest.raises(DataDirError) as caught:
        init_store(folder, village_code=VILLAGE, passphrase=f"{VILLAGE}anji")
    assert "本村名称或代码" in caught.value.message.zh


def test_a_change_to_a_guessable_passphrase_changes_nothing(
    store: CaseStore, folder: DataDir
) -> None:
    store.create("child", {"name": "张三", "gender": "male", "birth_date": "2015-01-01"})
    for weak in ("19900101abc", "qwertyuiop12", "zhangsan1990"):
        with pytest.raises(DataDirError) as caught:
            change_passphrase(folder, old=PASSPHRASE, new=weak)
        assert "太容易被猜到" in caught.value.message.zh
    assert open_store(folder, passphrase=PASSPHRASE).records("child")


def test_a_store_made_under_an_older_rule_still_opens(
    folder: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The policy is for setting a passphrase only: an existing weak one still unlocks."""
    with monkeypatch.context() as older_release:
        older_release.setattr(datadir, "check_passphrase_strength", lambda *_a, **_k: None)
        init_store(folder, village_code=VILLAGE, passphrase="12345678").engine.dispose()
    assert open_store(folder, passphrase="12345678").village_code == VILLAGE


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
