"""The demo county, seeded into a real county server process over HTTP."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from casework.ids import ANJI_COUNTY_CODE, parse_id_number
from county_server.models import Record as ServerRecord
from desktop.demo.marker import DEMO_PASSPHRASE, is_demo_folder
from desktop.demo.people import DEMO_COUNTY, make_county
from desktop.demo.seed import MINE, QUIET_DAYS, THEIRS, seed_demo
from desktop.models.store import NewRecord
from desktop.services.datadir import DataDir, open_store
from desktop.services.reminders import reminders
from desktop.sync.state import SyncState
from desktop.usecases.statistics import load_statistics
from desktop.usecases.supervision import supervision_overview
from tests.serverproc import running_server, sqlite_url
from tests.store_template import fresh_store


def test_people_are_recognisably_fake() -> None:
    villages = make_county(60)
    children = [r for v in villages for r in v.records if r.kind == "child"]
    assert len(children) == 60
    assert len({c.fields["id_number"] for c in children}) == 60
    for child in children:
        number = parse_id_number(child.fields["id_number"])  # valid check character
        assert number.region_code == DEMO_COUNTY != ANJI_COUNTY_CODE
        assert "演示" in child.fields["notes"]
    assert all(v.village.code.startswith(DEMO_COUNTY) for v in villages)
    assert all("演示" in v.village.name for v in villages)


def test_the_demo_village_reads_like_a_real_morning(tmp_path: Path) -> None:
    """The home page of the demo (issue 19 item 1): a plausible share of each reminder, not
    one for nearly every child. Counted through the real reminders of a seeded store."""
    today = date(2026, 12, 3)
    demo = make_county(300, today=today)[0]
    store = fresh_store(
        DataDir(tmp_path / "data"),
        village_code=demo.village.code,
        passphrase="correct horse battery",
        user="director1",
    )
    store.create_many([NewRecord(r.kind, r.fields, r.id) for r in demo.records])
    children = len(demo.of_kind("child"))
    kinds = Counter(r.kind for r in reminders(store, today))
    assert children == 150
    assert 3 <= kinds["visit_overdue"] <= 0.12 * children
    assert 1 <= kinds["entrustment_missing"] <= 0.1 * children
    assert kinds["entrustment_outdated"] == 0  # signed after the parents' latest change
    assert kinds["entrustment_expired"] >= 1 and kinds["entrustment_expiring"] >= 2
    low_income = sum(1 for c in demo.of_kind("child") if c.fields.get("family_assistance"))
    assert kinds["certificate_undated"] <= max(3, low_income // 3)
    assert kinds["benefit_not_applied"] <= max(3, low_income // 3)
    # The statistics page's past months: most visits due were made (not a third, as when
    # the demo had only each child's last two visits).
    past = load_statistics(store, today=today).months[:-1]
    assert len(past) == 5 and all(m.due > 0 and m.visited >= 0.8 * m.due for m in past)


def test_seeding_a_real_server(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "county")
    device = DataDir(tmp_path / "device")
    supervisor = DataDir(tmp_path / "supervisor")
    with running_server(url, tmp_path / "server") as server:
        seed = seed_demo(
            url, server.base_url, device, tmp_path / "work", children=40, supervisor=supervisor
        )

        engine = create_engine(url)
        with Session(engine) as session:
            on_server = dict(
                session.execute(
                    select(ServerRecord.kind, func.count()).group_by(ServerRecord.kind)
                ).all()
            )
        engine.dispose()
        assert on_server == {
            "child": 40, "family_member": 80, "visit": 195, "mandatory_report": 2,
            "entrustment": 32, "supervision_note": 1,
        }  # fmt: skip
        assert seed.counts == on_server
        assert [d["id"] for d in server.list_devices()].count(seed.device_id) == 1

    assert is_demo_folder(device.root)
    store = open_store(device, passphrase=DEMO_PASSPHRASE)
    try:
        # The demo device sees its own village only: half of the children.
        kinds = Counter(view.kind for view in store.records())
        assert kinds == {
            "child": 20, "family_member": 40, "visit": 95, "mandatory_report": 2,
            "entrustment": 16, "supervision_note": 1,
        }  # fmt: skip
        assert all(view.village_code == seed.village_code for view in store.records())
        filed = [r for r in store.records("mandatory_report") if r.fields["filed"]]
        assert [r.fields["follow_up_status"] for r in filed] == ["open"]

        conflicts = SyncState(store).conflicts()
        assert [(c.record_id, c.field) for c in conflicts] == [
            (seed.conflict_record_id, seed.conflict_field)
        ]
        assert (conflicts[0].mine, conflicts[0].theirs) == (MINE, THEIRS)
    finally:
        store.engine.dispose()

    # The township supervisor's laptop (make screenshots shoots it): the demo passphrase,
    # its township's two villages, and each village laptop's last sync, one of them quiet.
    assert is_demo_folder(supervisor.root)
    township = open_store(supervisor, passphrase=DEMO_PASSPHRASE)
    try:
        assert SyncState(township).get("role") == "supervisor"
        overview = supervision_overview(township, today=date.today())
        assert [v.name for v in overview.villages] == ["演示东镇演示甲村", "演示东镇演示乙村"]
        laptops = {v.name: [(x.user_name, x.stale) for x in v.laptops] for v in overview.villages}
        assert laptops == {
            "演示东镇演示甲村": [("演示同事1", False), ("演示主任", False)],
            "演示东镇演示乙村": [("演示同事2", True)],
        }
        [quiet] = overview.villages[1].laptops
        assert quiet.days_since == QUIET_DAYS
    finally:
        township.engine.dispose()
