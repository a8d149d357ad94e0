"""The last sync of each laptop (issue 18 item 3), through real county server processes
(SQLite and PostgreSQL): a supervisor's laptop is told its township's laptops at each sync,
the county's every laptop; a director's laptop asking by hand gets its own village's only,
and a revoked laptop is nobody's to see. The supervision page's use case groups them per
village, and a laptop not heard from for a fortnight stands out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx

from casework.protocol import Laptops
from desktop.usecases.supervision import STALE_AFTER_DAYS, supervision_overview
from tests.contract.conftest import (
    TOWNSHIP_1,
    VILLAGE_A,
    VILLAGE_B,
    VILLAGE_C,
    County,
    Device,
)


def _asked(county: County, device: Device) -> Laptops:
    """``GET /laptops`` with the laptop's own credential, by hand."""
    answer = httpx.get(
        f"{county.server.base_url}/api/v1/laptops",
        headers={"Authorization": f"Bearer {device.state.credential()}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return Laptops.model_validate_json(answer.content)


def _names(laptops: Laptops) -> set[tuple[str, str | None]]:
    return {(laptop.user_name, laptop.village_code) for laptop in laptops.laptops}


def test_each_laptop_s_last_sync_is_told_within_its_scope_only(county: County) -> None:
    # Enrolling counts as being seen, and a sync within the minute after writes nothing new
    # (enrolment.LAST_SEEN_GRANULARITY): the window opens before the first enrolment.
    before = datetime.now(UTC) - timedelta(seconds=5)
    a = county.enrol("甲主任", "director", VILLAGE_A)
    b = county.enrol("乙主任", "director", VILLAGE_B)
    c = county.enrol("丙主任", "director", VILLAGE_C)
    gone = county.enrol("丁主任", "director", VILLAGE_B)
    supervisor = county.enrol("周督导", "supervisor", TOWNSHIP_1)
    centre = county.enrol("县中心", "county", "330523")
    for device in (a, b, c, gone):
        device.sync()
    revoked = next(d for d in county.server.list_devices() if d["user_name"] == "丁主任")
    county.server.revoke_device(revoked["id"])

    # A director's laptop never asks at sync, and asking by hand gets its village's only.
    assert a.state.get("laptops") is None
    assert _names(_asked(county, a)) == {("甲主任", VILLAGE_A)}
    assert _names(_asked(county, c)) == {("丙主任", VILLAGE_C)}

    # The supervisor's sync keeps its township's laptops (its own too), nothing of 孝丰镇.
    supervisor.sync()
    township = _asked(county, supervisor)
    assert _names(township) == {("甲主任", VILLAGE_A), ("乙主任", VILLAGE_B), ("周督导", None)}
    by_name = {laptop.user_name: laptop for laptop in township.laptops}
    seen = by_name["甲主任"].last_seen_at
    assert seen is not None and before <= seen <= datetime.now(UTC) + timedelta(seconds=5)
    assert by_name["周督导"].place_code == TOWNSHIP_1 and by_name["周督导"].role == "supervisor"

    overview = supervision_overview(supervisor.store, today=date.today())
    assert overview.laptops_asked_at is not None
    laptops = {v.code: [(x.user_name, x.stale) for x in v.laptops] for v in overview.villages}
    assert laptops == {VILLAGE_A: [("甲主任", False)], VILLAGE_B: [("乙主任", False)]}
    # A fortnight and a day without a sync stands out; a fortnight does not yet.
    later = date.today() + timedelta(days=STALE_AFTER_DAYS + 1)
    [late] = supervision_overview(supervisor.store, today=later).villages[0].laptops
    assert late.stale and late.days_since == STALE_AFTER_DAYS + 1
    on_time = date.today() + timedelta(days=STALE_AFTER_DAYS)
    assert not supervision_overview(supervisor.store, today=on_time).villages[0].laptops[0].stale

    # The county's laptop: every laptop of every township, its own too; none revoked.
    centre.sync()
    everyone = _asked(county, centre)
    assert {laptop.user_name for laptop in everyone.laptops} == {
        "甲主任", "乙主任", "丙主任", "周督导", "县中心",
    }  # fmt: skip
    county_view = supervision_overview(centre.store, today=date.today())
    assert {v.code: len(v.laptops) for v in county_view.villages} == {
        VILLAGE_A: 1, VILLAGE_B: 1, VILLAGE_C: 1,
    }  # fmt: skip
