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


def _sealed(folder: DataDir, record_id: str) -> bytes:
    connection = sqlite3.connect(folder.database)
    (sealed,) = connection.execute(
        "select sealed from records where id = ?", (record_id,)
    ).fetchone()
    connection.close()
    assert isinstance(sealed, bytes)  # raw ciphertext (schema 0004), not base64 text
    return sealed


def _replace_sealed(folder: DataDir, record_id: str, change: Callable[[bytes], bytes]) -> None:
    blob = change(_sealed(folder, record_id))
    connection = sqlite3.connect(folder.database)
    connection.execute("update records set sealed = ? where id = ?", (blob, record_id))
    connection.commit()
    connection.close()


def _flip(byte: int, bit: int) -> Callable[[bytes], bytes]:
    def change(blob: bytes) -> bytes:
        raw = bytearray(blob)
        raw[byte % len(raw)] ^= 1 << bit
        return bytes(raw)

    return change


@pytest.mark.parametrize("byte", [0, 1, 5, 12, 13, 20, 40, -1])
def test_bit_flip_in_any_part_is_detected(store: CaseStore, folder: DataDir, byte: int) -> None:
    record_id = store.create("child", _child("李四", 11))
    _replace_sealed(folder, record_id, _flip(byte, 3))
    with pytest.raises(CorruptRecordError) as caught:
        store.get(record_id)
    assert caught.value.record_id == record_id
    assert caught.value.where == "child"


def test_every_bit_of_a_ciphertext_is_covered() -> None:
    cipher = FieldCipher(new_data_key())
    aad = associated_data("r1", "child", "personal")
    sealed = cipher.seal('{"name": "张三"}'.encode(), aad)
    for position in range(len(sealed) * 8):
        damaged = bytearray(sealed)
        damaged[position // 8] ^= 1 << (position % 8)
        with pytest.raises(TamperedError):
            cipher.open(bytes(damaged), aad)


def test_truncated_ciphertext_is_detected(store: CaseStore, folder: DataDir) -> None:
    record_id = store.create("child", _child("李四", 11))
    _replace_sealed(folder, record_id, lambda blob: blob[:-3])
    with pytest.raises(CorruptRecordError):
        store.get(record_id)
    _replace_sealed(folder, record_id, lambda blob: blob[:5])
    with pytest.raises(CorruptRecordError):
        store.get(record_id)


def test_ciphertext_swapped_between_records_is_detected(store: CaseStore, folder: DataDir) -> None:
    first = store.create("child", _child("李四", 11))
    second = store.create("child", _child("王五", 13))
    stolen = _sealed(folder, second)
    _replace_sealed(folder, first, lambda _: stolen)
    with pytest.raises(CorruptRecordError):
        store.get(first)
    assert store.get(second).fields["name"] == "王五"


def test_ciphertext_moved_to_another_kind_is_detected(store: CaseStore, folder: DataDir) -> None:
    child = store.create("child", _child("李四", 11))
    member = store.create(
        "family_member", {"child_id": child, "relation": "father", "name": "李大"}
    )
    stolen = _sealed(folder, child)
    connection = sqlite3.connect(folder.database)
    connection.execute("update records set id = 'moved' where id = ?", (member,))
    connection.execute("update records set id = ? where id = 'moved'", (member,))
    connection.execute("update records set kind = 'child' where id = ?", (member,))
    connection.commit()
    connection.close()
    _replace_sealed(folder, member, lambda _: stolen)
    with pytest.raises(CorruptRecordError):
        store.get(member)


@pytest.mark.parametrize(
    "garbage", ["not base64 at all!", "{not json", b"", b"\x01 too short", b'{"name": 1}']
)
def test_garbage_in_the_sealed_column_is_detected(
    store: CaseStore, folder: DataDir, garbage: str | bytes
) -> None:
    record_id = store.create("child", _child("李四", 11))
    connection = sqlite3.connect(folder.database)
    connection.execute("update records set sealed = ? where id = ?", (garbage, record_id))
    connection.commit()
    connection.close()
    with pytest.raises(CorruptRecordError) as caught:
        store.get(record_id)
    assert caught.value.record_id == record_id
    # A list leaves it out, and says so, rather than fail for every other record.
    assert store.records("child") == []
    assert [d.record_id for d in store.read_damaged()] == [record_id]


def test_base64_text_of_a_sealed_record_still_opens(store: CaseStore, folder: DataDir) -> None:
    """The sealed column held base64 text up to schema 0003; such text is opened as the
    ciphertext it stands for, authenticated all the same."""
    record_id = store.create("child", _child("李四", 11))
    text = base64.b64encode(_sealed(folder, record_id)).decode()
    connection = sqlite3.connect(folder.database)
    connection.execute("update records set sealed = ? where id = ?", (text, record_id))
    connection.commit()
    connection.close()
    assert store.get(record_id).fields["name"] == "李四"
    assert [r.fields["name"] for r in store.records("child")] == ["李四"]


def test_check_names_each_damaged_record(store: CaseStore, folder: DataDir) -> None:
    good = store.create("child", _child("李四", 11))
    bad = store.create("child", _child("王五", 13))
    _replace_sealed(folder, bad, _flip(15, 0))
    report = store.check()
    assert not report.ok
    assert any(bad in problem and "child" in problem for problem in report.problems)
    assert not any(good in problem for problem in report.problems)


def test_records_of_the_first_release_are_resealed_whole(store: CaseStore, folder: DataDir) -> None:
    """Per-field sealing (the first releases) still opens, and tampering there is caught."""
    record_id = store.create("child", _child("李四", 11))
    values = {k: v for k, v in store.get(record_id).fields.items() if v is not None}
    legacy = {}
    codec = store.codec._codec  # test reaches in to write the old layout
    for name in ("name", "gender", "birth_date", "id_number"):
        blob = codec.seal(
            json.dumps(values[name], ensure_ascii=False).encode(),
            associated_data(record_id, "child", name),
        )
        legacy[name] = base64.b64encode(blob).decode()
    connection = sqlite3.connect(folder.database)
    connection.execute(
        "update records set sealed = ? where id = ?", (json.dumps(legacy), record_id)
    )
    connection.commit()
    connection.close()
    assert store.get(record_id).fields["name"] == "李四"
    assert store.maintenance.reseal_per_field_records() == 1
    assert not _sealed(folder, record_id).startswith(b"{")
    assert store.get(record_id).fields["name"] == "李四"
