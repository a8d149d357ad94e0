"""One bad value in a push is refused alone; the good ops of its batch are applied (issue 16).

First through a real ``county-server serve`` process, per back end: dates at the edges
of the calendar are refused in words by the records' plausible ranges. Then, in-process,
values that make processing fail where no check foresaw it: the op is refused
``unprocessable`` and whatever it wrote to the batch is taken back.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from county_server.models import OpResultRow, Record, RecordVersion
from county_server.services import push as push_service
from county_server.services.store import RecordStore
from tests.county_server.conftest import V1, World, child_fields, make_op, visit_fields
from tests.serverproc import ServerProcess, county_server, db_url  # noqa: F401  (fixtures)

T1 = "330523101"


def _director(server: ServerProcess) -> dict[str, str]:
    server.add_township(T1, "递铺街道")
    server.add_village(V1, "古城村", T1)
    code = server.add_user("李主任", "director", V1)
    answer = httpx.post(f"{server.api_url}/enroll", json={"code": code, "device_name": "pc"})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['credential']}"}


FAR = {"reported_at": "9999-12-31T23:59:59-14:00"}


FOREVER = {"assistance_valid_until": "9999-12-31"}
FAR = {"reported_at": "9999-12-31T23:59:59-14:00"}


def _report(child_id: str, **times: str) -> dict[str, Any]:
    return {"child_id": child_id, "trigger": "missing", **times}


def test_a_bad_date_is_refused_alone_by_a_real_server(
    county_server: ServerProcess,  # noqa: F811
) -> None:
    headers = _director(county_server)
    child = make_op("child", V1, child_fields())
    cid = child["record_id"]
    batch = [
        child,
        make_op("mandatory_report", V1, _report(cid, found_at="0001-01-01T00:00:00+14:00")),
        make_op("visit", V1, visit_fields(cid)),
        make_op("child", V1, child_fields(family_assistance="dibao", **FOREVER)),
        make_op("mandatory_report", V1, _report(cid, found_at="2026-01-01T08:00:00", **FAR)),
        make_op("visit", V1, visit_fields(cid, next_visit_due="1900-02-29")),
        make_op("mandatory_report", V1, _report(cid, found_at="2026-01-01T08:00:00+08:00")),
    ]
    with httpx.Client(base_url=county_server.api_url, headers=headers, timeout=30) as client:
        answer = client.post("/push", json={"ops": batch})
        assert answer.status_code == 200, answer.text
        results = answer.json()["results"]
        assert [r["status"] for r in results] == [
            "applied", "rejected", "applied", "rejected", "rejected", "rejected", "applied",
        ]  # fmt: skip
        refused = {i: results[i]["reason"] for i in (1, 3, 4, 5)}
        assert all(reason["code"] == "invalid" for reason in refused.values())
        assert refused[1]["fields"] == {"found_at": "must be between 1990-01-01 and tomorrow"}
        assert "1990-01-01" in refused[1]["zh"] and "发现时间" in refused[1]["zh"]
        assert refused[3]["fields"] == {
            "assistance_valid_until": "must be between 1990-01-01 and 2100-12-31"
        }
        assert set(refused[4]["fields"]) == {"reported_at"}
        assert set(refused[5]["fields"]) == {"next_visit_due"}
        pulled = client.get("/changes", params={"since": 0}).json()["changes"]
    good = [batch[i]["record_id"] for i in (0, 2, 6)]
    assert [c["record_id"] for c in pulled] == good


# -- failures no check foresaw (in-process) -------------------------------------------


def _fail_for(monkeypatch: pytest.MonkeyPatch, where: str, marker: str) -> None:
    """Make ``where`` raise OverflowError for the op whose fields hold ``marker``."""
    if where == "validate":
        real = push_service.validate

        def failing_validate(kind: str, fields: Any) -> Any:
            if marker in fields.values():
                raise OverflowError(f"cannot take {marker}")
            return real(kind, fields)

        monkeypatch.setattr(push_service, "validate", failing_validate)
        return
    real_answer = RecordStore.save_answer
    marked: set[str] = set()
    real_save = RecordStore.save

    def save(self: RecordStore, **kwargs: Any) -> Any:
        if marker in kwargs["fields"].values():
            marked.add(kwargs["op_id"])
        return real_save(self, **kwargs)

    def save_answer(self: RecordStore, **kwargs: Any) -> None:
        if kwargs["op_id"] in marked:  # after the op's record was written to the batch
            raise OverflowError(f"cannot take {marker}")
        real_answer(self, **kwargs)

    monkeypatch.setattr(RecordStore, "save", save)
    monkeypatch.setattr(RecordStore, "save_answer", save_answer)


def _stored(world: World) -> tuple[int, int, int]:
    with world.db.transaction() as session:
        return (
            int(session.scalar(select(func.count()).select_from(Record)) or 0),
            int(session.scalar(select(func.count()).select_from(RecordVersion)) or 0),
            int(session.scalar(select(func.count()).select_from(OpResultRow)) or 0),
        )


@pytest.mark.parametrize("where", ["validate", "after_write"])
def test_an_unforeseen_failure_refuses_the_op_alone(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    director = world.director()
    kept = director.create_child(V1)  # on file before the batch
    _fail_for(monkeypatch, where, "炸")
    child = make_op("child", V1, child_fields())
    cid = child["record_id"]
    batch = [
        child,
        make_op("visit", V1, visit_fields(cid)),
        make_op("visit", V1, visit_fields(cid, visitor="炸")),  # a new record
        make_op("child", V1, {"school": "炸"}, record_id=kept["id"], base_rev=1),  # a change
        make_op("child", V1, {"school": "递铺小学"}, record_id=kept["id"], base_rev=1),
        make_op("child", V1, {"grade": "六年级"}, record_id=cid, base_rev=1),
    ]
    results = director.push(*batch)
    assert [r["status"] for r in results] == [
        "applied", "applied", "rejected", "rejected", "applied", "applied",
    ]  # fmt: skip
    for bad in (results[2], results[3]):
        assert bad["reason"]["code"] == "unprocessable"
        assert "只拒收了这一条" in bad["reason"]["zh"]
    assert "refused alone" in caplog.text and "炸" not in caplog.text  # where, not what
    # What the refused ops wrote to the batch was taken back: the change after them
    # stands on rev 1 as if they had never come, and they left no history or answer.
    assert results[4]["record"]["rev"] == 2
    assert results[4]["record"]["fields"]["school"] == "递铺小学"
    assert results[5]["record"]["rev"] == 2
    assert _stored(world) == (3, 1 + 4, 1 + 4)  # records, versions, stored answers
    seqs = [r["record"]["seq"] for r in results if r["status"] == "applied"]
    assert seqs == list(range(seqs[0], seqs[0] + 4))  # no gaps left by the refused
    changes, _ = director.pull_all()
    assert {c["record_id"] for c in changes} == {kept["id"], cid, batch[1]["record_id"]}
    # Sent again once the value is fixed, the refused op is judged afresh.
    monkeypatch.undo()
    again = director.push_one({**batch[2], "fields": visit_fields(cid)})
    assert again["status"] == "applied"
