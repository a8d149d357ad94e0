"""Personal fields are sealed at rest: records, history (losing sides too) and stored answers."""

from __future__ import annotations

import base64
import json
import logging

import pytest
from sqlalchemy import inspect, text

from casework.records import CLEAR_FIELDS
from casework.sealing import FieldCipher, associated_data
from county_server.services.sealing import Sealer, load_key
from tests.county_server.conftest import V1, World, make_op, visit_fields
from tests.fakes import FakePeople, data_files, encodings
from tests.serverproc import sqlite_path


def _everything_stored(world: World) -> list[bytes]:
    """Every byte the database holds: the files for SQLite, every row's text for PostgreSQL."""
    path = sqlite_path(world.settings.db_url)
    if path is not None:
        return [file.read_bytes() for file in data_files(path.parent)]
    blobs = []
    with world.db.engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            rows = connection.execute(text(f'SELECT t::text FROM "{table}" t')).scalars()
            blobs.append("\n".join(rows).encode())
    return blobs


def test_no_personal_value_is_stored_in_plaintext(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    people = FakePeople(seed=7, distinctive=True)
    child, other = people.child(), people.child()
    one, two = world.director(), world.director()
    record = one.create_child(V1, **child.child_fields(), school="白水湾小学")
    member = child.member_fields(record["id"])[0]
    assert one.push_one(make_op("family_member", V1, member))["status"] == "applied"
    one.push_one(make_op("visit", V1, visit_fields(record["id"], problems_found="独居无人照看")))
    # A conflict: the losing side goes to history, sealed like the rest.
    two.push_one(
        make_op("child", V1, {"notes": "父亲外出务工"}, record_id=record["id"], base_rev=1)
    )
    lost = one.push_one(
        make_op("child", V1, {"notes": f"{other.name}代为照看"}, record_id=record["id"], base_rev=1)
    )
    assert lost["status"] == "conflict"
    one.pull_all()
    one.get(f"/records/{record['id']}/history")

    secrets = [
        child.name,
        child.id_number,
        child.father.name,
        child.father.id_number,
        child.father.phone,
        other.name,
        "白水湾小学",
        "独居无人照看",
        "父亲外出务工",
    ]
    stored = _everything_stored(world)
    # The scan does see what is stored in the clear (township names are not personal).
    assert any("递铺街道".encode() in blob for blob in stored)
    for secret in secrets:
        for encoded in encodings(secret):
            assert not any(encoded in blob for blob in stored), secret
    for secret in secrets:
        assert secret not in caplog.text


def test_the_server_key_opens_what_it_sealed_and_only_that(world: World) -> None:
    sealer = Sealer(load_key(world.settings.key_file))
    clear, sealed = sealer.seal_fields(
        "r1", "visit", {"child_id": "c1", "visitor": "李主任", "visit_date": "2026-01-05"}
    )
    assert "李主任" not in sealed and "c1" in clear
    assert set(CLEAR_FIELDS["visit"]) >= {"child_id", "visit_date"}
    assert sealer.open_fields("r1", "visit", clear, sealed)["visitor"] == "李主任"
    with pytest.raises(Exception, match="authentication"):
        sealer.open_fields("r2", "visit", clear, sealed)  # moved to another record
    with pytest.raises(Exception, match="authentication"):
        sealer.open_fields("r1", "child", clear, sealed)  # relabelled as another kind


def test_versions_sealed_field_by_field_by_the_first_release_still_open(world: World) -> None:
    """The first release sealed each personal field alone; those history rows must open."""
    key = load_key(world.settings.key_file)
    cipher = FieldCipher(key)
    sealed = json.dumps(
        {
            "visitor": base64.b64encode(
                cipher.seal(
                    json.dumps("李主任").encode(), associated_data("r1", "visit", "visitor")
                )
            ).decode()
        }
    )
    clear = json.dumps({"child_id": "c1", "visit_date": "2026-01-05"})
    fields = Sealer(key).open_fields("r1", "visit", clear, sealed)
    assert fields == {"child_id": "c1", "visit_date": "2026-01-05", "visitor": "李主任"}
    with pytest.raises(Exception, match="authentication"):
        Sealer(key).open_fields("r2", "visit", clear, sealed)
