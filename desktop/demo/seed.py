"""Seeding a running county server with the demo county, and enrolling the demo device.

The directory (townships, villages, users and their enrolment codes) is written the way
``county-server add-*`` writes it, on the server's database. Records travel the real way:
each village's records are typed into a colleague's device store and pushed over HTTP by the
sync engine, and the township supervisor's device sends the demo village a task; the demo
device then enrols with a code, pulls its village, and ends with one
pending conflict (it and the colleague changed the same child's school before syncing).
One village's laptop last synced ``QUIET_DAYS`` ago (the supervision page shows it in
red), and the supervisor's device syncs last, so it holds every laptop's last sync.

The colleagues' stores live in ``workdir`` under random passphrases held only in memory;
the caller removes that folder afterwards. The supervisor's device is kept, like the demo
device, when a folder is given for it (``make screenshots`` shoots a supervisor's laptop).
"""

from __future__ import annotations

import logging
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from county_server.clock import utc_now
from county_server.config import Settings
from county_server.db import Database
from county_server.models import Device
from county_server.services import directory, enrolment
from desktop.demo.marker import DEMO_PASSPHRASE, mark_demo_folder
from desktop.demo.people import (
    COLLEAGUE_NAME,
    DIRECTOR_NAME,
    SUPERVISOR_NAME,
    Place,
    VillageRecords,
    demo_townships,
    make_county,
    township_task,
)
from desktop.models.store import CaseStore, NewRecord
from desktop.services.datadir import DataDir
from desktop.services.enrolment import enroll
from desktop.sync.engine import SyncSummary, client_for, run_sync
from desktop.sync.state import SyncState

logger = logging.getLogger(__name__)

CONFLICT_FIELD = "school"
MINE, THEIRS = "演示实验小学", "演示第二小学"
QUIET_DAYS = 20  # the demo's quiet laptop: past the supervision page's fortnight
QUIET_DEVICE = "演示录入2"  # the second village's colleague (演示东镇 演示乙村)


@dataclass(frozen=True)
class DemoSeed:
    device_id: str
    village_code: str
    counts: dict[str, int]  # records per kind in the whole county
    conflict_record_id: str
    conflict_field: str


class CountyDirectory:
    """The county administrator's directory commands, on the server's own database."""

    def __init__(self, db_url: str) -> None:
        self.db = Database(db_url)
        self.code_hours = Settings.load(db_url=db_url).enrolment_code_hours

    def add_places(self) -> None:
        with self.db.transaction() as session:
            for township in demo_townships():
                directory.add_township(session, code=township.code, name=township.name)
                for village in township.villages:
                    directory.add_village(
                        session, code=village.code, name=village.name, township_code=township.code
                    )

    def add_director(self, name: str, village_code: str) -> str:
        """A director of the village; returns a one-time enrolment code."""
        return self.add_user(name, "director", village_code)

    def add_user(self, name: str, role: str, scope_code: str) -> str:
        """A user of ``role`` over ``scope_code``; returns a one-time enrolment code."""
        now = utc_now()
        with self.db.transaction() as session:
            user = directory.add_user(session, name=name, role=role, scope_code=scope_code, now=now)
            issued = enrolment.issue_code(session, user_id=user.id, now=now, hours=self.code_hours)
        return issued.code

    def quiet_since(self, device_name: str, days: int) -> None:
        """The county last heard from ``device_name`` ``days`` ago (a laptop left in a
        drawer), as if it had not synced since."""
        with self.db.transaction() as session:
            for device in session.scalars(select(Device).where(Device.name == device_name)):
                device.last_seen_at = utc_now() - timedelta(days=days)

    def close(self) -> None:
        self.db.dispose()


def sync(store: CaseStore) -> SyncSummary:
    client = client_for(SyncState(store))
    try:
        return run_sync(store, client)
    finally:
        client.close()


def _type_in(
    county: CountyDirectory, server_url: str, batch: VillageRecords, folder: Path, n: int
) -> CaseStore:
    """A colleague's device enrols, writes the village's records and pushes them."""
    code = county.add_director(COLLEAGUE_NAME.format(n=n), batch.village.code)
    store, _ = enroll(
        DataDir(folder),
        server_url=server_url,
        code=code,
        passphrase=secrets.token_urlsafe(18),
        device_name=f"演示录入{n}",
    )
    store.create_many([NewRecord(r.kind, r.fields, r.id) for r in batch.records])
    summary = sync(store)
    if summary.rejected:
        raise RuntimeError(f"the server rejected {summary.rejected} demo records")
    return store


def _send_township_task(
    county: CountyDirectory, server_url: str, village: Place, folder: DataDir, passphrase: str
) -> CaseStore:
    """The township supervisor's device sends the demo village a task (a supervision note)."""
    township = next(t for t in demo_townships() if village in t.villages)
    code = county.add_user(SUPERVISOR_NAME, "supervisor", township.code)
    store, _ = enroll(
        folder, server_url=server_url, code=code, passphrase=passphrase, device_name="演示督导"
    )
    task = township_task(village, date.today())
    store.create(task.kind, task.fields, record_id=task.id)
    if sync(store).rejected:
        raise RuntimeError("the server rejected the demo township task")
    return store


def seed_demo(
    db_url: str,
    server_url: str,
    device: DataDir,
    workdir: Path,
    *,
    children: int = 300,
    supervisor: DataDir | None = None,
) -> DemoSeed:
    """Fill an empty county server at ``db_url`` (serving at ``server_url``) and enrol the
    demo device in ``device`` with :data:`DEMO_PASSPHRASE`; the township supervisor's
    device too, in ``supervisor`` with the same passphrase, when given."""
    county = CountyDirectory(db_url)
    colleagues: list[CaseStore] = []
    try:
        county.add_places()
        villages = make_county(children)
        for n, batch in enumerate(villages, start=1):
            colleagues.append(_type_in(county, server_url, batch, workdir / f"colleague-{n}", n))
            logger.info("demo village %s: %d records", batch.village.code, len(batch.records))
        demo = villages[0]
        if supervisor is None:
            folder, passphrase = DataDir(workdir / "supervisor"), secrets.token_urlsafe(18)
        else:
            folder, passphrase = supervisor, DEMO_PASSPHRASE
        township_device = _send_township_task(county, server_url, demo.village, folder, passphrase)
        colleagues.append(township_device)
        if supervisor is not None:
            mark_demo_folder(supervisor.root)
        code = county.add_director(DIRECTOR_NAME, demo.village.code)
        store, enrolled = enroll(
            device, server_url=server_url, code=code, passphrase=DEMO_PASSPHRASE,
            device_name="演示电脑",
        )  # fmt: skip
        mark_demo_folder(device.root)
        try:
            sync(store)
            # Both devices change the same field before either syncs: a pending conflict.
            contested = demo.of_kind("child")[1].id
            store.update(contested, {CONFLICT_FIELD: MINE})
            colleagues[0].update(contested, {CONFLICT_FIELD: THEIRS})
            sync(colleagues[0])
            if sync(store).conflicts != 1:
                raise RuntimeError("the demo conflict did not arise")
        finally:
            store.engine.dispose()
        county.quiet_since(QUIET_DEVICE, QUIET_DAYS)
        sync(township_device)  # the township's records, and every laptop's last sync
    finally:
        for colleague in colleagues:
            colleague.engine.dispose()
        county.close()
    counts = Counter(r.kind for batch in villages for r in batch.records)
    counts["supervision_note"] += 1  # the township's task
    return DemoSeed(
        device_id=enrolled.device_id,
        village_code=demo.village.code,
        counts=dict(counts),
        conflict_record_id=contested,
        conflict_field=CONFLICT_FIELD,
    )
