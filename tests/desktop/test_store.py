"""The write path: validation, sealing, outbox and audit in one transaction."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from casework.ids import make_id_number
from casework.records import RecordValidationError
from desktop.models.store import (
    CaseStore,
    DuplicateIdNumberError,
    LockedRecordError,
    MissingChildError,
    NewRecord,
)
from desktop.services.datadir import DataDir

CHILD = {
    "name": "王小明",
    "gender": "male",
    "birth_date": "2013-04-02",
    "id_number": make_id_number("330523", date(2013, 4, 2), 123),
}


def _rows(folder: DataDir, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(folder.database)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_create_writes_record_outbox_and_audit_together(store: CaseStore, folder: DataDir) -> None:
    child_id = store.create("child", CHILD)
    view = store.get(child_id)
    assert view.fields["name"] == "王小明"
    assert view.sync_state == "pending" and view.rev == 0
    assert _rows(folder, f"select count(*) from outbox where record_id = '{child_id}'") == [(1,)]
    audit = _rows(folder, "select actor, action, fields from audit")
    assert audit[0][:2] == ("director1", "create")
    assert "name" in json.loads(str(audit[0][2]))


def test_personal_fields_are_not_stored_in_the_clear(store: CaseStore, folder: DataDir) -> None:
    store.create("child", CHILD)
    clear, sealed = _rows(folder, "select clear, sealed from records")[0]
    assert "王小明" not in str(clear) + str(sealed)
    assert CHILD["id_number"] not in str(clear) + str(sealed)
    assert set(json.loads(str(clear))) == {"risk_level", "key_child"}
    assert store.get(store.records("child")[0].id).fields["gender"] == "male"


def test_update_writes_only_changed_fields_and_folds_into_waiting_op(
    store: CaseStore, folder: DataDir
) -> None:
    child_id = store.create("child", CHILD)
    store.update(child_id, {"school": "递铺小学", "name": "王小明"})
    assert _rows(folder, "select count(*) from outbox") == [(1,)]
    audit = _rows(folder, "select action, fields from audit order by id")
    assert audit[-1] == ("update", '["school"]')
    assert store.get(child_id).fields["school"] == "递铺小学"


def test_edit_during_send_gets_its_own_op(store: CaseStore, folder: DataDir) -> None:
    child_id = store.create("child", CHILD)
    connection = sqlite3.connect(folder.database)
    connection.execute("update outbox set state = 'sending'")
    connection.commit()
    connection.close()
    store.update(child_id, {"grade": "五年级"})
    assert _rows(folder, "select state, fields from outbox order by seq")[-1] == (
        "pending",
        '["grade"]',
    )


def test_invalid_change_is_refused_and_nothing_written(store: CaseStore, folder: DataDir) -> None:
    child_id = store.create("child", CHILD)
    before = _rows(folder, "select sealed from records")
    with pytest.raises(RecordValidationError) as caught:
        store.update(child_id, {"birth_date": "2013-04-03"})
    assert caught.value.errors[0].field == "birth_date"
    assert "不一致" in caught.value.errors[0].message.zh
    assert _rows(folder, "select sealed from records") == before
    assert _rows(folder, "select count(*) from audit") == [(1,)]


def test_same_id_number_twice_is_a_duplicate(store: CaseStore) -> None:
    first = store.create("child", CHILD)
    with pytest.raises(DuplicateIdNumberError) as caught:
        store.create("child", {**CHILD, "name": "王小明二"})
    assert caught.value.record_id == first
    assert store.find_by_id_number(str(CHILD["id_number"])) == [first]


def test_duplicate_inside_one_batch_writes_nothing(store: CaseStore) -> None:
    with pytest.raises(DuplicateIdNumberError):
        store.create_many([NewRecord("child", CHILD), NewRecord("child", CHILD)])
    assert store.records("child") == []


def _children(count: int) -> list[NewRecord]:
    return [
        NewRecord("child", {**CHILD, "id_number": None, "name": f"王{index}"})
        for index in range(count)
    ]


def test_create_many_reports_progress_and_the_end_once(store: CaseStore) -> None:
    reports: list[tuple[int, int]] = []
    store.create_many(_children(250), progress=lambda *report: reports.append(report))
    # 250 validated, 250 sealed: a report every 250 steps, the last after the commit.
    assert reports == [(250, 500), (500, 500)]


def test_a_failing_progress_report_never_stops_the_write(store: CaseStore) -> None:
    calls: list[int] = []

    def broken(done: int, _total: int) -> None:
        calls.append(done)
        raise RuntimeError("the window is gone")

    store.create_many(_children(300), progress=broken)
    assert calls == [250]  # the first failure ends the reports, not the import
    assert len(store.records("child")) == 300


def test_family_member_needs_an_existing_child(store: CaseStore) -> None:
    with pytest.raises(MissingChildError):
        store.create(
            "family_member",
            {
                "child_id": "00000000-0000-4000-8000-000000000000",
                "relation": "father",
                "name": "王",
            },
        )


def test_filed_report_is_read_only_except_follow_up(store: CaseStore) -> None:
    child_id = store.create("child", CHILD)
    report_id = store.create(
        "mandatory_report",
        {
            "child_id": child_id,
            "trigger": "living_alone",
            "found_at": "2026-11-01T09:00:00",
            "reported_at": "2026-11-01T10:00:00",
            "police_station": "递铺派出所",
            "filed": True,
        },
    )
    with pytest.raises(LockedRecordError):
        store.update(report_id, {"police_station": "别的派出所"})
    with pytest.raises(LockedRecordError):
        store.delete(report_id)
    store.update(report_id, {"follow_up_status": "following", "follow_up_notes": "已联系父母"})
    assert store.get(report_id).fields["follow_up_status"] == "following"


def test_delete_leaves_a_tombstone_and_an_op(store: CaseStore, folder: DataDir) -> None:
    child_id = store.create("child", CHILD)
    store.delete(child_id)
    assert store.records("child") == []
    assert _rows(folder, "select deleted from records") == [(1,)]
    assert _rows(folder, "select op from outbox order by seq") == [("upsert",), ("delete",)]
    # A deleted child's ID number may be used again.
    store.create("child", CHILD)


def test_history_lists_who_changed_what(store: CaseStore) -> None:
    child_id = store.create("child", CHILD)
    store.update(child_id, {"school": "递铺小学"})
    history = store.history(child_id)
    assert [(h.action, h.actor) for h in history] == [
        ("create", "director1"),
        ("update", "director1"),
    ]
    assert history[1].fields == ("school",)


def test_check_passes_on_a_sound_store(store: CaseStore) -> None:
    store.create("child", CHILD)
    report = store.check()
    assert report.ok and report.records_checked == 1 and report.outbox_checked == 1
