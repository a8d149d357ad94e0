"""Every network fault at every protocol step, then random faulty sessions: nothing lost,
nothing applied twice, and a true conflict stays a conflict (no last writer wins).

Two real data folders (desktop/sync) talk to a real county server process through
``faultproxy.FaultProxy`` on 127.0.0.1. For each step (enrol, push, the first page of a
pull, a later page) and each fault (drop the request, drop the answer, delay, truncate the
answer, reset mid-body, send the request twice) one sync runs with that fault armed; it
may fail, but only with the client's own ``SyncError``. A clean sync afterwards must
converge: nothing waiting, both devices hold the same records at the same revisions as
the server, every saved value is there, each op id appears once in the server's history,
and a field both devices changed is a listed conflict with the server keeping the value
that arrived first.

``RELIABILITY_PROFILE`` (6 smoke, 30 quick, 400 full; or ``RELIABILITY_FAULT_SESSIONS``)
sets the random rounds.
"""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from casework.ids import make_id_number
from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir, DataDirError, open_store
from desktop.services.enrolment import enroll
from desktop.sync.client import RETRIES, SyncError
from desktop.sync.engine import client_for, run_sync
from desktop.sync.state import SyncState
from tests.reliability.admin import Admin
from tests.reliability.faultproxy import FAULTS, Fault, FaultProxy, fault_proxy
from tests.reliability.profile import count
from tests.reliability.results import record
from tests.serverproc import ServerProcess, database_url, running_server

PASSPHRASE = "fault proxy passphrase 2026"
TOWNSHIP, VILLAGE = "330523101", "330523101001"
SESSIONS = count(30, 400, smoke=6, override="RELIABILITY_FAULT_SESSIONS")
PULL_LIMIT = 3  # small pages, so a pull has a first page and later ones
_ids = itertools.count(1)


def _child() -> dict[str, Any]:
    birth = date(2015, 4, 4)
    return {
        "name": "测试儿童",
        "gender": "male",
        "birth_date": birth.isoformat(),
        "id_number": make_id_number("330523", birth, 2 * next(_ids) + 1),
    }


@dataclass
class Laptop:
    folder: DataDir
    store: CaseStore
    edits: str  # the field this laptop edits: the two never touch the same one by accident
    visits: set[str] = field(default_factory=set)

    @property
    def state(self) -> SyncState:
        return SyncState(self.store)

    def sync(self) -> None:
        """One sync as the app runs it (retries on), without the back-off waits."""
        client = client_for(self.state, sleep=lambda _: None, timeout=(5.0, 20.0))
        try:
            run_sync(self.store, client, pull_limit=PULL_LIMIT)
        finally:
            client.close()

    def faulty_sync(self) -> str:
        """A sync that may fail; returns ``ok``, the ``SyncError`` kind, or what else escaped."""
        try:
            self.sync()
        except SyncError as error:
            return error.kind
        except Exception as error:  # checked by the caller: only SyncError is documented
            return f"escaped {type(error).__module__}.{type(error).__name__}"
        return "ok"

    def records(self) -> dict[str, tuple[int, dict[str, Any]]]:
        return {r.id: (r.rev, dict(r.fields)) for r in self.store.records()}


@dataclass
class Site:
    server: ServerProcess
    proxy: FaultProxy
    root: Path
    a: Laptop
    b: Laptop
    children: list[str]
    admin: Admin
    saved: dict[tuple[str, str], str] = field(default_factory=dict)  # (child, field) -> value

    def enrol(
        self,
        name: str,
        edits: str = "notes",
        code: str | None = None,
        folder: DataDir | None = None,
    ) -> Laptop:
        code = code or self.admin.add_user("director", VILLAGE)
        folder = folder or DataDir(self.root / f"laptop-{name}-{next(_ids)}")
        store, _ = enroll(folder, server_url=self.proxy.url, code=code, passphrase=PASSPHRASE)
        return Laptop(folder, store, edits)

    def history(self, record_id: str) -> list[dict[str, Any]]:
        headers = {"Authorization": f"Bearer {self.a.state.credential()}"}
        answer = httpx.get(
            f"{self.server.api_url}/records/{record_id}/history", headers=headers, timeout=30
        )
        answer.raise_for_status()
        versions: list[dict[str, Any]] = answer.json()["versions"]
        return versions


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("faults")
    with (
        database_url("sqlite", root) as url,
        running_server(url, root / "server") as server,
        fault_proxy(server.port) as proxy,
    ):
        admin = Admin(url)
        admin.add_township(TOWNSHIP, "递铺街道")
        admin.add_village(VILLAGE, "古城村", TOWNSHIP)
        placeholder = Site(server, proxy, root, None, None, [], admin)  # type: ignore[arg-type]
        a, b = placeholder.enrol("甲", "notes"), placeholder.enrol("乙", "school")
        children = [a.store.create("child", _child()) for _ in range(4)]
        a.sync()
        b.sync()
        yield Site(server, proxy, root, a, b, children, admin)
        admin.close()


def _settle(site: Site) -> None:
    """Clean syncs (no fault left armed) until neither laptop has anything waiting."""
    site.proxy.random_rate = 0.0
    assert site.proxy.pending() == [], "an armed fault never fired"
    for _ in range(3):
        site.a.sync()
        site.b.sync()
    assert site.a.state.waiting_count() == 0 and site.b.state.waiting_count() == 0


def _problems(site: Site, expected_conflicts: set[tuple[str, str]]) -> Counter[str]:
    """Lost values, ops applied twice and divergence after a clean settle, counted."""
    found: Counter[str] = Counter()
    a_records, b_records = site.a.records(), site.b.records()
    if a_records != b_records:
        found["diverged"] += 1
    for (child, name), value in site.saved.items():
        if b_records.get(child, (0, {}))[1].get(name) != value:
            found["lost"] += 1
    for laptop in (site.a, site.b):
        found["lost"] += len(laptop.visits - set(b_records))
    for child in site.children:
        versions = site.history(child)
        applied = Counter(v["op_id"] for v in versions if v["outcome"] != "lost" and v["op_id"])
        found["duplicated"] += sum(times - 1 for times in applied.values() if times > 1)
        revs = [v["rev"] for v in versions if v["outcome"] != "lost"]
        if revs != list(range(1, len(revs) + 1)):
            found["duplicated"] += 1
    conflicts = {(c.record_id, c.field) for c in site.a.state.conflicts()}
    conflicts |= {(c.record_id, c.field) for c in site.b.state.conflicts()}
    if conflicts != expected_conflicts:
        found["conflicts"] += 1
    return found


def _edit(site: Site, laptop: Laptop, marker: str) -> None:
    for child in site.children[:2]:
        laptop.store.update(child, {laptop.edits: marker})
        site.saved[(child, laptop.edits)] = marker
    _add_visit(site, laptop)


def _add_visit(site: Site, laptop: Laptop) -> None:
    visit = laptop.store.create(
        "visit",
        {"child_id": site.children[0], "visit_date": "2026-11-20", "visitor": "李主任"},
    )
    laptop.visits.add(visit)


def _resolve_all(site: Site) -> None:
    """Keep the county's value on every open conflict, so the next case starts clean."""
    from desktop.services.conflicts import resolve_conflict

    for laptop in (site.a, site.b):
        for conflict in laptop.state.conflicts():
            resolve_conflict(
                laptop.store, record_id=conflict.record_id, field=conflict.field, keep="theirs"
            )


STEPS = ("push", "pull_first_page", "pull_later_page")
SYNC_ERRORS = ("ok", "network", "protocol", "server")


class EscapedError(AssertionError):
    """A sync failed with something other than the client's ``SyncError``."""


# An answer cut after its headers (truncate, reset) surfaces in requests as
# ChunkedEncodingError while the body is read: the client retries it like a dropped
# connection and, out of retries, says "network".
FAULT_PARAMS = list(FAULTS)
FIRST_RUN_TRIES = 1 + RETRIES  # CountyClient's first try and its retries
HARMLESS_FAULTS = ("delay", "duplicate")  # the client still gets an answer


@pytest.mark.parametrize("fault", FAULT_PARAMS)
@pytest.mark.parametrize("step", STEPS)
def test_a_fault_at_a_sync_step_loses_and_repeats_nothing(
    site: Site, step: str, fault: str
) -> None:
    _settle(site)
    marker = f"{step}-{fault}"
    # A true conflict: both laptops change the same field from the same base; b is first.
    contested = site.children[3]
    site.a.store.update(contested, {"grade": f"甲-{marker}"})
    site.b.store.update(contested, {"grade": f"乙-{marker}"})
    site.b.sync()
    _edit(site, site.b, f"b-{marker}")
    _edit(site, site.a, f"a-{marker}")
    if step == "push":
        site.proxy.arm(Fault("push", fault))
        laptop = site.a
    else:
        # b's next pull has several pages of a's changes: new visits b does not touch (b's
        # own later edits of the same children are not pulled back to it).
        for _ in range(PULL_LIMIT + 1):
            _add_visit(site, site.a)
        site.a.sync()
        site.proxy.arm(Fault("pull", fault, occurrence=1 if step == "pull_first_page" else 2))
        laptop = site.b
    outcome = laptop.faulty_sync()
    _settle(site)
    found = _problems(site, {(contested, "grade")})
    record("faults", 1, lost=found["lost"], duplicated=found["duplicated"])
    assert found == Counter(), found
    # No last writer wins: a pushed after b, yet the county keeps b's value and a sees both.
    (conflict,) = site.a.state.conflicts()
    assert (conflict.mine, conflict.theirs) == (f"甲-{marker}", f"乙-{marker}")
    assert site.b.store.get(contested).fields["grade"] == f"乙-{marker}"
    assert any(v["fields"].get("grade") == f"甲-{marker}" for v in site.history(contested))
    _resolve_all(site)
    if outcome not in SYNC_ERRORS:
        raise EscapedError(outcome)


def _enrol_in_a_new_run(site: Site, folder: DataDir, code: str) -> Laptop:
    """``childdesk enroll`` in a process of its own, as after closing the program."""
    command = ["enroll", "--server", site.proxy.url, "--code", code]
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(folder.root), *command],
        env={**os.environ, "CHILDDESK_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert not folder.enrolment_key.exists(), "enrolled: the request secret is gone"
    return Laptop(folder, open_store(folder, passphrase=PASSPHRASE), "notes")


@pytest.mark.parametrize("fault", FAULT_PARAMS)
def test_a_fault_at_enrolment_leaves_no_half_enrolled_laptop(site: Site, fault: str) -> None:
    # The fault meets every try of the first run (the client's first and its retries).
    fired_before = len(site.proxy.injected)
    for occurrence in range(1, FIRST_RUN_TRIES + 1):
        site.proxy.arm(Fault("enroll", fault, occurrence))
    escaped: Exception | None = None
    code = site.admin.add_user("director", VILLAGE)
    folder = DataDir(site.root / f"laptop-new-{fault}")
    try:
        laptop: Laptop | None = site.enrol(f"新-{fault}", code=code, folder=folder)
    except (SyncError, DataDirError, Exception) as error:
        if not isinstance(error, SyncError | DataDirError):
            escaped = error
        laptop = None
        assert not folder.exists(), "nothing is left behind on the laptop"
    site.proxy.disarm()  # the tries the client did not make (an answer it would not retry)
    assert site.proxy.injected[fired_before:], "the fault fired"
    if fault not in HARMLESS_FAULTS:
        assert laptop is None, "the first run cannot have enrolled"
    if laptop is None:
        # Trying again with the same code enrols, even where the lost answer had used it
        # and the program was closed in between: the folder kept the request's secret, so
        # the server answers the same request again.
        laptop = _enrol_in_a_new_run(site, folder, code)
    laptop.sync()
    assert set(site.children) <= set(laptop.records()), "the new laptop pulled the village"
    record("faults", 1)
    if escaped is not None:
        raise EscapedError(repr(escaped))


def test_random_faulty_sessions_converge(site: Site) -> None:
    _settle(site)
    _resolve_all(site)
    _settle(site)
    rng = random.Random(20261128)
    site.proxy.rng = rng
    injected_before = len(site.proxy.injected)
    outcomes: Counter[str] = Counter()
    for round_no in range(SESSIONS):
        laptop = rng.choice((site.a, site.b))
        _edit(site, laptop, f"random-{round_no}")
        site.proxy.random_rate = 0.3
        outcomes[laptop.faulty_sync()] += 1
        outcomes[rng.choice((site.a, site.b)).faulty_sync()] += 1
    _settle(site)
    injected = len(site.proxy.injected) - injected_before
    found = _problems(site, set())  # the laptops edit different fields: never a conflict
    record("faults", injected, lost=found["lost"], duplicated=found["duplicated"])
    assert found == Counter(), found
    assert injected >= SESSIONS // 2
    escaped = set(outcomes) - set(SYNC_ERRORS)
    if escaped:
        raise EscapedError(outcomes)
