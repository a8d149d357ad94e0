"""A pulled record leaves its null personal fields out (absent means null), and a laptop
that pulls it holds the same values as the server's whole record, nulls included.

Against an SQLite server and a PostgreSQL server alike.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson

from casework.ids import make_id_number
from desktop.sync.engine import client_for
from tests.contract.conftest import VILLAGE_A, County, Device

CHILD = {
    "name": "王小明",
    "gender": "male",
    "birth_date": "2013-04-02",
    "id_number": make_id_number("330523", date(2013, 4, 2), 123),
    "school": "递铺小学",
}


def _pulled_and_whole(device: Device, record_ids: list[str]) -> tuple[dict[str, Any], ...]:
    """The records as a first pull sends them, and as ``GET /records/{id}`` does."""
    client = client_for(device.state, retries=0)
    try:
        page = orjson.loads(client._request("GET", "/changes", since=0))
        whole = {rid: orjson.loads(client._request("GET", f"/records/{rid}")) for rid in record_ids}
    finally:
        client.close()
    pulled = {change["record_id"]: change["record"] for change in page["changes"]}
    return pulled, whole


def test_a_pulled_record_has_no_null_field_and_is_stored_with_every_value(
    county: County,
) -> None:
    writer = county.enrol("李主任", "director", VILLAGE_A)
    child_id = writer.store.create("child", CHILD)  # most of a child's fields left empty
    mother_id = writer.store.create(
        "family_member", {"child_id": child_id, "relation": "mother", "work_place": "杭州"}
    )
    assert writer.sync().pushed == 2
    reader = county.enrol("张主任", "director", VILLAGE_A)
    pulled, whole = _pulled_and_whole(reader, [child_id, mother_id])

    for record_id, record in whole.items():
        fields = pulled[record_id]["fields"]
        assert None not in fields.values()
        assert None in record["fields"].values(), "the record has empty fields to leave out"
        # Absent means null: exactly the server's null fields were left out.
        given = {name: value for name, value in record["fields"].items() if value is not None}
        assert fields == given

    assert reader.sync().pulled == 2
    for record_id, record in whole.items():
        assert reader.store.get(record_id).fields == record["fields"]
