"""No echo (issue 20): a laptop's own accepted changes do not come back in its next pull,
and nothing is sealed twice for one save. Counted on the wire and in the store.

Against an SQLite server and a PostgreSQL server alike.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casework.ids import make_id_number
from casework.protocol import PullResponse
from desktop.models.store import NewRecord
from desktop.sync.client import CountyClient
from tests.contract.conftest import VILLAGE_A, County

IMPORTED = 10_000


class WireCount:
    """Every change that arrives in a pull, whatever the client then does with it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.changes = 0
        real = CountyClient.pull

        def pull(client: CountyClient, *args: Any, **kwargs: Any) -> PullResponse:
            page = real(client, *args, **kwargs)
            self.changes += len(page.changes)
            return page

        monkeypatch.setattr(CountyClient, "pull", pull)


def _child(number: int) -> dict[str, Any]:
    born = date(2010 + number % 8, 1 + number % 12, 1 + number % 28)
    sequence = number % 999  # with the birth date, unique for 55,944 children
    return {
        "name": f"王{number}",
        "gender": "male" if sequence % 2 else "female",  # as the ID number's 17th digit
        "birth_date": born.isoformat(),
        "id_number": make_id_number("330523", born, sequence),
    }


def test_one_new_child_is_pushed_and_not_pulled_back(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = county.enrol("李主任", "director", VILLAGE_A)
    wire = WireCount(monkeypatch)
    child_id = laptop.store.create("child", _child(1))
    assert laptop.store.sealed_count == 1  # the row only; its outbox entry names fields
    summary = laptop.sync()
    assert (summary.pushed, summary.pulled) == (1, 0)
    assert wire.changes == 0
    assert laptop.store.sealed_count == 1  # the answer confirmed it: nothing resealed
    record = laptop.store.get(child_id)
    assert (record.rev, record.sync_state) == (1, "synced")
    # An edit while its entry waits only adds names to the entry: one seal, the row's.
    laptop.store.update(child_id, {"school": "递铺小学"})
    laptop.store.update(child_id, {"grade": "六年级"})
    assert laptop.store.sealed_count == 3
    assert (laptop.sync().pushed, wire.changes) == (1, 0)
    assert laptop.store.sealed_count == 3
    # Another laptop's change still comes, once.
    other = county.enrol("张主任", "director", VILLAGE_A)
    assert other.sync().pulled == 1
    other.store.update(child_id, {"notes": "父母在杭州"})
    other.sync()
    assert laptop.sync().pulled == 1
    assert laptop.store.get(child_id).fields["notes"] == "父母在杭州"
    assert laptop.store.get(child_id).fields["grade"] == "六年级"


def test_an_import_of_10000_children_then_sync_pulls_nothing_back(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = county.enrol("李主任", "director", VILLAGE_A)
    laptop.store.create_many([NewRecord("child", _child(n)) for n in range(IMPORTED)])
    assert laptop.store.sealed_count == IMPORTED
    wire = WireCount(monkeypatch)
    summary = laptop.sync()
    assert (summary.pushed, summary.pulled, summary.rejected) == (IMPORTED, 0, 0)
    assert wire.changes == 0, "records pulled back"
    assert laptop.store.sealed_count == IMPORTED, "records re-sealed"
    # The cursor passed over the left-out echo: the next sync reads nothing again.
    assert laptop.sync().pulled == 0 and wire.changes == 0
    assert laptop.state.cursor() >= IMPORTED
    assert {r.sync_state for r in laptop.store.records("child")} == {"synced"}
    # Nothing was lost on the way: a new laptop of the village gets every child.
    fresh = county.enrol("张主任", "director", VILLAGE_A)
    assert fresh.sync().pulled == IMPORTED
