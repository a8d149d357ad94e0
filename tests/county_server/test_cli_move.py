"""``county-server move-child CHILD_ID --to VILLAGE`` (issue 17 item 5), per back end: the
county moves a child with all its records, refused in words when it can't."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from county_server.cli import main
from county_server.models import AuditEntry
from tests.county_server.conftest import V1, V3, World, make_op, new_id, visit_fields


def _cli(world: World, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--db", world.settings.db_url, *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def key_file(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTY_SERVER_KEY_FILE", str(world.settings.key_file))


@pytest.mark.usefixtures("key_file")
def test_move_child_moves_the_file_and_says_so(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    director_v1, director_v3, county = world.director(V1), world.director(V3), world.county()
    child = director_v1.create_child(V1)
    visit = director_v1.push_one(make_op("visit", V1, visit_fields(child["id"])))["record"]
    cursor = director_v1.pull()["cursor"]
    status, out, err = _cli(world, capsys, "move-child", child["id"], "--to", V3)
    assert (status, err) == (0, "")
    assert f"from village {V1} (古城村) to {V3} (横溪坞村) with 1 records" in out
    for record_id in (child["id"], visit["id"]):
        record = county.get(f"/records/{record_id}").json()
        assert (record["village_code"], record["rev"], record["updated_by"]) == (V3, 2, "admin")
    gone = director_v1.pull(cursor)["changes"]
    assert {(c["record_id"], c["in_scope"]) for c in gone} == {
        (child["id"], False),
        (visit["id"], False),
    }
    assert {c["record_id"] for c in director_v3.pull()["changes"]} == {child["id"], visit["id"]}
    with world.db.transaction() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "move_child")).one()
    assert (entry.actor, entry.device_id) == ("admin", None)
    assert json.loads(entry.detail) == {"from": V1, "to": V3, "records": 2}


@pytest.mark.usefixtures("key_file")
def test_move_child_refuses_in_words_and_changes_nothing(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    director, county = world.director(V1), world.county()
    child = director.create_child(V1)
    visit = director.push_one(make_op("visit", V1, visit_fields(child["id"])))["record"]
    refusals = {
        (new_id(), V3): "no child record",
        ("not-an-id", V3): "no child record",
        (visit["id"], V3): "no child record",
        (child["id"], "330523199001"): "no village 330523199001 in the county's directory",
        (child["id"], V1): "already in village 330523101001 (古城村)",
    }
    for (record_id, village), words in refusals.items():
        status, out, err = _cli(world, capsys, "move-child", record_id, "--to", village)
        assert (status, out) == (1, ""), err
        assert err.startswith("county-server: ") and words in err, err
    with pytest.raises(SystemExit) as misused:
        _cli(world, capsys, "move-child", child["id"])
    assert misused.value.code == 2 and "--to" in capsys.readouterr().err
    record = county.get(f"/records/{child['id']}").json()
    assert (record["village_code"], record["rev"]) == (V1, 1)
    # A deleted child is not moved either.
    deleted = director.push_one(
        make_op("child", V1, record_id=child["id"], base_rev=1, op="delete")
    )
    assert deleted["status"] == "applied"
    status, _, err = _cli(world, capsys, "move-child", child["id"], "--to", V3)
    assert status == 1 and "is deleted" in err
