"""A child moved to another village between two laptops through a real county server
(issue 17 item 5), on SQLite and PostgreSQL alike: the director of 古城村 (递铺街道) asks
from the child's file with edits still waiting; the next sync sends the edits, then the
move; the file leaves that laptop with nothing personal kept, and 横溪坞村 (孝丰镇) receives
it whole, as do the township supervisors each for their own township."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casework.ids import make_id_number
from desktop.models.tables import AuditEntry, ConflictEntry, OutboxEntry, Record, Rejection
from desktop.services import moves, read_cache
from desktop.services.reminders import reminders
from desktop.services.search import index_from_store
from desktop.sync.client import SyncError
from desktop.sync.state import SyncState
from tests.contract.conftest import (
    TOWNSHIP_1,
    TOWNSHIP_2,
    VILLAGE_A,
    VILLAGE_B,
    VILLAGE_C,
    County,
    Device,
)

CHILD = {
    "name": "王小明",
    "gender": "male",
    "birth_date": "2013-04-02",
    "id_number": make_id_number("330523", date(2013, 4, 2), 123),
}


def _file(device: Device) -> dict[str, str]:
    """A left-behind child of 古城村 with both parents away and a visit, synced."""
    store = device.store
    child = store.create("child", CHILD)
    ids = {"child": child}
    for relation, name in (("father", "王大山"), ("mother", "李秀英")):
        ids[relation] = store.create(
            "family_member",
            {
                "child_id": child,
                "relation": relation,
                "name": name,
                "situations": [{"kind": "migrant_work", "since": "2020-01-01"}],
            },
        )
    ids["visit"] = store.create(
        "visit", {"child_id": child, "visit_date": "2026-01-05", "visitor": "李主任"}
    )
    assert device.sync().rejected == 0
    return ids


def _rows(device: Device, *tables: type) -> int:
    with Session(device.store.engine) as session:
        return sum(
            int(session.scalar(select(func.count()).select_from(table)) or 0) for table in tables
        )


def test_a_child_moves_with_its_records_and_unsynced_edits(county: County) -> None:
    director_a = county.enrol("李主任", "director", VILLAGE_A)
    director_c = county.enrol("周主任", "director", VILLAGE_C)
    supervisor_1 = county.enrol("吴督导", "supervisor", TOWNSHIP_1)
    supervisor_2 = county.enrol("郑督导", "supervisor", TOWNSHIP_2)
    ids = _file(director_a)
    child = ids["child"]
    for device in (director_c, supervisor_1, supervisor_2):
        device.sync()
    assert supervisor_1.store.get(child).fields["name"] == "王小明"
    # Edits waiting, then the move asked for, then one more edit: all edits go first.
    store = director_a.store
    store.update(child, {"school": "孝丰小学"})
    new_visit = store.create(
        "visit", {"child_id": child, "visit_date": "2026-02-01", "visitor": "李主任"}
    )
    choices = moves.village_choices(store, besides=VILLAGE_A)
    assert [(c.code, c.name, c.township) for c in choices] == [
        (VILLAGE_B, "马家村", "递铺街道"),  # di pu before xiao feng
        (VILLAGE_C, "横溪坞村", "孝丰镇"),
    ]
    moves.request_move(store, child, VILLAGE_C)
    store.update(ids["visit"], {"help_given": "送去学习用品"})
    store.update(child, {"grade": "四年级"})
    assert store.check().ok  # the request's target is sealed like any op's own values
    asked = moves.move_request(store, child)
    assert asked is not None and (asked.to_village, asked.to_name) == (VILLAGE_C, "孝丰镇 横溪坞村")
    assert store.get(child).sync_state == "pending"
    # The first batch holds the edits, not the move.
    first = SyncState(store).take_batch(500)
    assert {op.op for op in first} == {"upsert"} and child in {op.record_id for op in first}
    # (That batch stays 'sending': the sync below sends it again, with the same op ids.)

    summary = director_a.sync()
    assert (summary.rejected, summary.departed, summary.dropped) == (0, 1, 0)
    # Nothing of the child stays on the old village's laptop.
    assert _rows(director_a, Record, OutboxEntry, ConflictEntry, Rejection) == 0
    assert read_cache.records(store, "child") == []
    assert child not in index_from_store(store)
    assert all(r.child_id != child for r in reminders(store, date.today()))
    with Session(store.engine) as session:  # the local audit keeps ids and field names only
        assert session.scalar(select(func.count()).select_from(AuditEntry)) > 0
    # The new village receives it whole, edits included.
    director_c.sync()
    received = director_c.store
    assert received.get(child).fields["school"] == "孝丰小学"
    assert received.get(child).fields["grade"] == "四年级"
    assert received.get(child).village_code == VILLAGE_C
    assert {v.id for v in received.records("visit", child_id=child)} == {ids["visit"], new_visit}
    assert received.get(ids["visit"]).fields["help_given"] == "送去学习用品"
    assert {m.fields["relation"] for m in received.records("family_member")} == {
        "father",
        "mother",
    }
    assert all(r.village_code == VILLAGE_C for r in received.records())
    # Each township's supervisor: the old one loses it, the new one has it.
    supervisor_1.sync()
    assert _rows(supervisor_1, Record) == 0
    supervisor_2.sync()
    assert supervisor_2.store.get(child).village_code == VILLAGE_C
    # The new village's director goes on with the file.
    received.update(child, {"grade": "五年级"})
    assert director_c.sync().rejected == 0


def test_a_refused_move_loses_nothing_and_an_offline_one_waits(county: County) -> None:
    director = county.enrol("李主任", "director", VILLAGE_A)
    ids = _file(director)
    child, store = ids["child"], director.store
    with pytest.raises(moves.MoveError) as same:
        moves.request_move(store, child, VILLAGE_A)
    assert "古城村" in same.value.message.zh
    with pytest.raises(moves.MoveError):
        moves.request_move(store, child, "330523199001")  # not in the directory
    # A directory older than the county's: the server refuses in words, nothing is lost.
    SyncState(store).put({"directory": "{}"})
    moves.request_move(store, child, "330523199001")
    summary = director.sync()
    assert (summary.rejected, summary.departed) == (1, 0)
    refused = moves.move_request(store, child)
    assert refused is not None and refused.refused is not None
    assert "330523199001" in refused.refused.zh and "没有丢失" in refused.refused.zh
    assert _rows(director, Record) == len(ids)
    assert moves.cancel_move(store, child)
    assert moves.move_request(store, child) is None
    assert store.get(child).sync_state == "synced"
    # Offline: the request waits in the outbox, the file stays, until the county answers.
    moves.request_move(store, child, VILLAGE_B)
    county.server.stop()
    with pytest.raises(SyncError):
        director.sync()
    assert moves.move_request(store, child) is not None
    assert store.get(child).fields["name"] == "王小明"
    county.server.start()
    assert director.sync().departed == 1
    assert _rows(director, Record, OutboxEntry) == 0


def test_a_late_edit_after_the_county_moved_the_child(county: County) -> None:
    director_a = county.enrol("李主任", "director", VILLAGE_A)
    director_b = county.enrol("赵主任", "director", VILLAGE_B)
    ids = _file(director_a)
    child = ids["child"]
    # The county moves the child while 古城村's laptop is offline and edits the visit.
    out = county.server.cli("move-child", child, "--to", VILLAGE_B).stdout
    assert f"from village {VILLAGE_A} (古城村) to {VILLAGE_B} (马家村) with 3 records" in out
    director_a.store.update(ids["visit"], {"help_given": "送去学习用品"})
    summary = director_a.sync()
    # Refused in words (kept in the county's history), then the file leaves the laptop.
    assert (summary.rejected, summary.departed, summary.dropped) == (1, 1, 1)
    assert _rows(director_a, Record, OutboxEntry, Rejection) == 0
    director_b.sync()
    assert director_b.store.get(child).village_code == VILLAGE_B
    assert director_b.store.get(ids["visit"]).fields.get("help_given") is None
