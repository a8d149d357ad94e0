"""What the county sets reaches the laptops through a real server process (issue 18 items
4 and 5): the visit policy (`county-server set-visit-policy`) moves the next-visit dates
after the next sync, and the directory's names (villages, users' display names) replace
codes and the computer's login."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from typing import Any

from casework.eligibility import add_months
from desktop.models.store import CaseStore
from desktop.services.casefile import child_summaries, visit_policy_in_force
from desktop.services.datadir import DataDir, init_store
from desktop.services.directory import directory_of
from desktop.services.enrolment import enroll
from desktop.usecases.children import load_child_file
from tests.contract.conftest import PASSPHRASE, VILLAGE_A, VILLAGE_B, County, Device


def _left_behind(store: CaseStore, name: str, **extra: Any) -> str:
    child = store.create(
        "child", {"name": name, "gender": "female", "birth_date": "2015-02-01", **extra}
    )
    for relation in ("father", "mother"):
        store.create(
            "family_member",
            {"child_id": child, "relation": relation, "name": relation + name,
             "situations": [{"kind": "migrant_work", "since": "2019-01-01"}]},
        )  # fmt: skip
    return child


def _next_visit(store: CaseStore, child_id: str) -> date:
    summary = next(s for s in child_summaries(store, today=date.today()) if s.id == child_id)
    assert summary.next_visit is not None
    return summary.next_visit.due


def _county_fetches(county: County, *, at_least: int = 0) -> int:
    """The laptop's GETs of /county in the server's log. The server writes a request's log
    line after it has answered, so a count the laptop has just caused may lag: wait (up to
    5 s) until it reaches ``at_least``."""
    deadline = time.monotonic() + 5
    while True:
        count = len(re.findall(r"GET /api/v1/county ", county.server.log()))
        if count >= at_least or time.monotonic() > deadline:
            return count
        time.sleep(0.05)


def test_a_policy_set_on_the_county_reaches_the_laptop_and_moves_next_visits(
    county: County,
) -> None:
    director = county.enrol("李主任", "director", VILLAGE_A)
    store = director.store
    last_visit = date.today() - timedelta(days=40)
    child = _left_behind(store, "安安")
    store.create("visit", {"child_id": child, "visit_date": last_visit.isoformat(),
                           "visitor": "李主任"})  # fmt: skip
    director.sync()
    # The seed's policy: a left-behind child who is not a key child, every quarter.
    assert _next_visit(store, child) == add_months(last_visit, 3)
    assert visit_policy_in_force(store)[0].zh == "走访要求：方案默认"
    fetched = _county_fetches(county)
    time.sleep(0.3)  # a line for the sync just made may still be on its way to the log
    fetched = _county_fetches(county)

    out = county.server.cli("set-visit-policy", "--category", "农村留守儿童=1").stdout
    assert "农村留守儿童每 1 个月" in out
    assert _next_visit(store, child) == add_months(last_visit, 3)  # not before the sync
    director.sync()
    assert _next_visit(store, child) == add_months(last_visit, 1)
    today = out.split("县里 ")[1].split(" 版")[0]
    assert visit_policy_in_force(store)[0].zh == f"走访要求：县里 {today} 版"
    assert "农村留守儿童每 1 个月" in visit_policy_in_force(store)[1].zh
    assert _county_fetches(county, at_least=fetched + 1) == fetched + 1

    director.sync()  # nothing changed on the county: the settings are not fetched again
    assert _county_fetches(county) == fetched + 1

    # Flags amend the policy in force; a file replaces it; --show prints it.
    county.server.cli("set-visit-policy", "--risk", "中=2")
    shown = county.server.cli("set-visit-policy", "--show").stdout
    assert "农村留守儿童每 1 个月" in shown and "风险等级中的儿童每 2 个月" in shown
    county.server.cli("set-visit-policy", "--reset")
    director.sync()
    assert _next_visit(store, child) == add_months(last_visit, 3)


def test_names_reach_the_laptops_and_sign_their_work(county: County) -> None:
    # A laptop started offline under the computer's login, then joined the county.
    folder = DataDir(county.root / "offline-first")
    offline = init_store(folder, village_code=VILLAGE_A, passphrase=PASSPHRASE, user="pc-user")
    child = _left_behind(offline, "贝贝")
    assert offline.actor == "pc-user"
    code = county.server.add_user("王主任", "director", VILLAGE_A)
    store, _ = enroll(folder, server_url=county.server.base_url, code=code, passphrase=PASSPHRASE)
    director = Device(folder, store)
    assert store.actor == "王主任"  # 修改人 from now on: the enrolled user's name
    # What was typed under the login before is shown as the same person's work.
    history = load_child_file(store, child_id=child, today=date.today()).history
    assert {entry.actor for entry in history} == {"王主任"}
    director.sync()
    names = directory_of(store)
    assert names.village(VILLAGE_A) == "古城村"
    assert names.village(VILLAGE_B) == "马家村"
    assert "王主任" in names.users.values()

    supervisor = county.enrol("赵督导", "supervisor", VILLAGE_A[:9])
    supervisor.sync()
    pulled = supervisor.store.get(child)
    assert pulled.updated_by == "王主任"  # not the login the first records were typed under
    assert directory_of(supervisor.store).township(VILLAGE_A[:9]) == "递铺街道"

    # The county renames the user: the laptop signs with the new name after its next sync.
    user_id = next(d["user_id"] for d in county.server.list_devices() if d["user_name"] == "王主任")
    county.server.cli("rename-user", "--user", str(user_id), "--name", "王春华")
    director.sync()
    assert store.actor == "王春华"
    assert directory_of(store).person("pc-user") == directory_of(store).person("王主任") == "王春华"
    reopened_store_user = director.state.get("user")
    assert reopened_store_user == "王春华"
    visit = store.create("visit", {"child_id": child, "visit_date": date.today().isoformat(),
                                   "visitor": store.actor})  # fmt: skip
    director.sync()
    supervisor.sync()
    seen = supervisor.store.get(visit)
    assert (seen.fields["visitor"], seen.updated_by) == ("王春华", "王春华")
    assert "王春华" in directory_of(supervisor.store).users.values()


def test_enrolment_brings_the_whole_settings_and_the_first_sync_asks_only_if_they_moved(
    county: County,
) -> None:
    county.enrol("李主任", "director", VILLAGE_A)
    before = _county_fetches(county)
    director = county.enrol("王主任", "director", VILLAGE_B)
    # The users' names and the settings' version came with the enrolment itself.
    assert "李主任" in directory_of(director.store).users.values()
    director.sync()
    time.sleep(0.3)  # a line the sync caused may still be on its way to the log
    assert _county_fetches(county) == before  # nothing changed since the enrolment

    county.server.add_user("赵督导", "supervisor", VILLAGE_A[:9])  # the directory moves
    director.sync()
    assert _county_fetches(county, at_least=before + 1) == before + 1
    assert "赵督导" in directory_of(director.store).users.values()
