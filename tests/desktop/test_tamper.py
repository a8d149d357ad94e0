"""A flipped bit, a truncated or a swapped ciphertext is detected, never decoded."""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Callable
from datetime import date

import pytest

from casework.ids import make_id_number
from desktop.models.crypto import FieldCipher, TamperedError, associated_data, new_data_key
from desktop.models.store import CaseStore, CorruptRecordError
from desktop.services.datadir import DataDir


def _child(name: str, seq: int) -> dict[str, object]:
    birth = date(2014, 3, 3)
    return {
        "name": name,
        "gender": "male",
        "birth_date": birth.isoformat(),
        "id_number": make_id_number("330523", birth, seq),
    }


def _edit_sealed(folder: DataDir, record_id: str, change: Callable[[dict[str, str]], None]) -> None:
    connection = sqlite3.connect(folder.database)
    (sealed,) = connection.execute(
        "select sealed from records where id = ?", (record_id,)
    ).fetchone()
    values = json.loads(sealed)
    change(values)
    connection.execute(
        "update records set sealed = ? where id = ?", (json.dumps(values), record_id)
    )
    connection.commit()
    connection.close()


def _flip(blob: str, byte: int, bit: int) -> str:
    raw = bytearray(base64.b64decode(blob))
    raw[byte % len(raw)] ^= 1 << bit
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize("byte", [0, 1, 5, 12, 13, 20, -1])
def test_bit_flip_in_any_part_is_detected(store: CaseStore, folder: DataDir, byte: int) -> None:
    record_id = store.create("child", _child("李四", 11))
    _edit_sealed(folder, record_id, lambda v: v.update(name=_flip(v["name"], byte, 3)))
    with pytest.raises(CorruptRecordError) as caught:
        store.get(record_id)
    assert caught.value.record_id == record_id
    assert caught.value.where == "child.name"


def test_every_bit_of_a_ciphertext_is_covered() -> None:
    cipher = FieldCipher(new_data_key())
    aad = associated_data("r1", "child", "name")
    sealed = cipher.seal("张三".encode(), aad)
    for position in range(len(sealed) * 8):
        damaged = bytearray(sealed)
        damaged[position // 8] ^= 1 << (position % 8)
        with pytest.raises(TamperedError):
            cipher.open(bytes(damaged), aad)


def test_truncated_ciphertext_is_detected(store: CaseStore, folder: DataDir) -> None:
    record_id = store.create("child", _child("李四", 11))
    _edit_sealed(
        folder,
        record_id,
        lambda v: v.update(name=base64.b64encode(base64.b64decode(v["name"])[:-3]).decode()),
    )
    with pytest.raises(CorruptRecordError):
        store.get(record_id)


def test_ciphertext_swapped_between_records_is_detected(store: CaseStore, folder: DataDir) -> None:
    first = store.create("child", _child("李四", 11))
    second = store.create("child", _child("王五", 13))
    stolen = json.loads(
        sqlite3.connect(folder.database)
        .execute("select sealed from records where id = ?", (second,))
        .fetchone()[0]
    )["name"]
    _edit_sealed(folder, first, lambda v: v.update(name=stolen))
    with pytest.raises(CorruptRecordError):
        store.get(first)
    assert store.get(second).fields["name"] == "王五"


def test_ciphertext_swapped_between_fields_is_detected(store: CaseStore, folder: DataDir) -> None:
    record_id = store.create("child", {**_child("李四", 11), "school": "递铺小学"})
    _edit_sealed(folder, record_id, lambda v: v.update(name=v["school"], school=v["name"]))
    with pytest.raises(CorruptRecordError):
        store.get(record_id)


def test_check_names_each_damaged_record(store: CaseStore, folder: DataDir) -> None:
    good = store.create("child", _child("李四", 11))
    bad = store.create("child", _child("王五", 13))
    _edit_sealed(folder, bad, lambda v: v.update(gender=_flip(v["gender"], 15, 0)))
    report = store.check()
    assert not report.ok
    assert any(bad in problem and "child.gender" in problem for problem in report.problems)
    assert not any(good in problem for problem in report.problems)
