"""Reading one record and its history; every read and write is audited, without values."""

from __future__ import annotations

import json

from sqlalchemy import select

from casework.protocol import HistoryResponse, ServerRecord
from county_server.models import AuditEntry
from tests.county_server.conftest import V1, World, make_op


def test_a_record_and_its_history(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    op = make_op("child", V1, {"grade": "四年级"}, record_id=child["id"], base_rev=1)
    director.push_one(op)
    director.push_one(make_op("child", V1, record_id=child["id"], base_rev=2, op="delete"))
    record = ServerRecord.model_validate(director.get(f"/records/{child['id']}").json())
    assert (record.rev, record.deleted, record.fields.get("grade")) == (3, True, None)
    history = HistoryResponse.model_validate(director.get(f"/records/{child['id']}/history").json())
    assert history.record_id == child["id"]
    assert [(v.rev, v.deleted, v.outcome) for v in history.versions] == [
        (1, False, "applied"),
        (2, False, "applied"),
        (3, True, "applied"),
    ]
    assert history.versions[1].op_id == op["op_id"]
    assert history.versions[0].fields["grade"] is None
    assert history.versions[1].fields["grade"] == "四年级"  # history keeps it; the tombstone not
    assert [v.seq for v in history.versions] == sorted(v.seq for v in history.versions)


def test_reads_and_writes_are_audited_without_values(world: World) -> None:
    director = world.director()
    child = director.create_child(V1)
    director.pull()
    director.pull(since=child["seq"])  # an empty page reads nothing personal: not audited
    director.get(f"/records/{child['id']}")
    director.get(f"/records/{child['id']}/history")
    director.get("/records/00000000-0000-4000-8000-000000000000")
    with world.db.transaction() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        entries = [(r.action, r.device_id, json.loads(r.record_ids), r.detail) for r in rows]
    actions = [(action, ids) for action, device, ids, _ in entries if device == director.id]
    assert actions == [
        ("enroll", []),
        ("push", [child["id"]]),
        ("pull", [child["id"]]),
        ("read_record", [child["id"]]),
        ("read_history", [child["id"]]),
        ("read_record", ["00000000-0000-4000-8000-000000000000"]),
    ]
    every_detail = " ".join(detail for *_, detail in entries)
    assert child["fields"]["name"] not in every_detail
