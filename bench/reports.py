"""What the township's paperwork costs on a big village: ledger export and monthly report.

    .venv/bin/python bench/reports.py [--children 10000] [--visits 30000] [--repeats 3]

Builds an encrypted store of N made-up children (father and mother each, most of them
away at work, so most children are left-behind and due visits), V visits spread over the
last twelve months, a mandatory report and a referral for one child in fifty. Then, each
``--repeats`` times, median reported:

- decrypt: reading and decrypting the records each task reads (``store.records``), the
  floor under anything that has to look at every child;
- ledger export: ``export_ledger`` to ``.xlsx`` (summary and category sheets), target <= 5 s;
- monthly report: ``monthly_report`` for last month, then writing it as ``.xlsx`` and as
  PDF (Qt), target <= 5 s for computing and writing each;
- a year of monthly reports: the figures of each of the last twelve months, counted on
  the dates of the work (categories as of each month's end), target <= 10 s.

Every report starts cold: nothing decrypted or classified is kept from the run before.

Each time is printed beside the decryption time of the same records (the ratio).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSPHRASE = "benchmark passphrase"
VILLAGE = "330523101001"
TARGET_SECONDS = 5.0
YEAR_TARGET_SECONDS = 10.0
CHUNK = 5_000


def _time(action: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds: on a shared machine the CPU time is the steadier."""
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - started, time.process_time() - cpu


def _median_of(repeats: int, action: Callable[[], object]) -> tuple[float, float]:
    runs = [_time(action) for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _build(store: Any, children: int, visits: int, seed: int) -> None:
    from desktop.models.store import NewRecord
    from tests.fakes import make_children

    rng = random.Random(seed)
    today = date.today()
    people = make_children(children, seed=seed)
    records: list[NewRecord] = []
    child_ids: list[str] = []
    for person in people:
        # Files opened over the last three years, so every month has new ones.
        opened = today - timedelta(days=rng.randrange(30, 3 * 365))
        child = NewRecord(
            "child",
            {"name": person.name, "gender": person.gender, "birth_date": person.birth_date,
             "id_number": person.id_number, "school": "递铺小学", "opened_on": opened,
             "risk_level": rng.choice(("low", "low", "medium", "high"))},
        )  # fmt: skip
        child_ids.append(child.id)
        records.append(child)
        away = rng.random() < 0.8
        for relation, parent in (("father", person.father), ("mother", person.mother)):
            situations = [{"kind": "migrant_work", "since": "2022-03-01"}] if away else []
            records.append(
                NewRecord(
                    "family_member",
                    {
                        "child_id": child.id,
                        "relation": relation,
                        "name": parent.name,
                        "id_number": parent.id_number,
                        "phone": parent.phone,
                        "work_place": "杭州市萧山区",
                        "situations": situations,
                    },
                )
            )
    for index in range(visits):
        records.append(
            NewRecord(
                "visit",
                {
                    "child_id": child_ids[index % children],
                    "visit_date": today - timedelta(days=rng.randrange(1, 365)),
                    "visitor": "李主任",
                    "problems_found": "学习压力大，情绪需关注",
                },
            )
        )
    for child_id in child_ids[::50]:
        reported = today - timedelta(days=rng.randrange(1, 60))
        records.append(
            NewRecord(
                "mandatory_report",
                {
                    "child_id": child_id,
                    "trigger": "living_alone",
                    "found_at": f"{reported}T09:00:00",
                    "reported_at": f"{reported}T10:00:00",
                    "police_station": "递铺派出所",
                    "filed": True,
                },
            )
        )
        records.append(
            NewRecord(
                "referral",
                {
                    "child_id": child_id,
                    "department": "education",
                    "need": "课后辅导",
                    "referred_on": reported,
                    "status": rng.choice(("open", "in_progress", "done")),
                },
            )
        )
    # Parents and visits refer to children written in an earlier chunk: children go first.
    for start in range(0, len(records), CHUNK):
        store.create_many(records[start : start + CHUNK])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--visits", type=int, default=30_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: temp)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Made-up birth dates can postdate a report month; those warnings are not the point here.
    logging.basicConfig(level=logging.ERROR)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="childdesk-bench-reports-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _run(args, work)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path) -> int:
    from desktop.services import read_cache
    from desktop.services.datadir import DataDir, init_store, open_store
    from desktop.services.documents.monthly_report import write_monthly_report_pdf
    from desktop.services.ledger import export_ledger
    from desktop.services.monthly_report import monthly_report
    from desktop.services.monthly_report_xlsx import write_monthly_report_xlsx

    n, v, repeats = args.children, args.visits, args.repeats
    print(f"childdesk reports benchmark: {n} children, {2 * n} parents, {v} visits, {repeats} runs")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, work folder {work}")
    folder = DataDir(work / "data")
    seconds, _ = _time(
        lambda: _build(
            init_store(folder, village_code=VILLAGE, passphrase=PASSPHRASE, user="bench"),
            n,
            v,
            args.seed,
        )
    )
    print(f"built the store in {seconds:.1f} s")
    store = open_store(folder, passphrase=PASSPHRASE)
    month = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)

    ledger_kinds = ("child", "family_member")
    report_kinds = ("child", "family_member", "visit", "mandatory_report", "referral")

    def decrypt(kinds: tuple[str, ...]) -> None:
        for kind in kinds:
            store.records(kind)

    def cold_report(first: date) -> Any:
        read_cache.forget(store)  # nothing decrypted or classified kept from the last run
        return monthly_report(store, first)

    def year_of_reports() -> None:
        read_cache.forget(store)
        first = month
        for _ in range(12):
            monthly_report(store, first)
            first = (first - timedelta(days=1)).replace(day=1)

    decrypt_ledger = _median_of(repeats, lambda: decrypt(ledger_kinds))
    decrypt_report = _median_of(repeats, lambda: decrypt(report_kinds))
    export = _median_of(repeats, lambda: export_ledger(store, work / "台账.xlsx"))
    compute = _median_of(repeats, lambda: cold_report(month))
    report = cold_report(month)
    as_xlsx = _median_of(
        repeats, lambda: write_monthly_report_xlsx(cold_report(month), work / "月报.xlsx")
    )
    as_pdf = _median_of(
        repeats, lambda: write_monthly_report_pdf(cold_report(month), work / "月报.pdf")
    )
    year = _median_of(repeats, year_of_reports)
    pages = write_monthly_report_pdf(report, work / "月报.pdf")
    t = report.totals
    print(
        f"report month {month:%Y-%m}: {t.visits_due} due, {t.due_visited} visited, "
        f"{t.visits_done} visits, {len(report.overdue)} overdue listed, "
        f"{len(report.changes_next_month)} changes next month, {t.new_cases} new, "
        f"{t.closed_cases} closed; PDF {pages} pages"
    )
    print()
    print(f"{'task':34s} {'wall':>7s} {'cpu':>7s} {'decrypt':>8s} {'ratio':>6s}  target (wall)")
    rows = [
        ("ledger export (.xlsx)", export, decrypt_ledger, True),
        ("monthly report: compute", compute, decrypt_report, False),
        ("monthly report: compute + .xlsx", as_xlsx, decrypt_report, True),
        ("monthly report: compute + PDF", as_pdf, decrypt_report, True),
        ("a year of monthly reports (12)", year, decrypt_report, True),
    ]
    missed = False
    for name, (wall, cpu), (floor, _), targeted in rows:
        verdict = ""
        if targeted:
            target = YEAR_TARGET_SECONDS if name.startswith("a year") else TARGET_SECONDS
            ok = wall <= target
            missed |= not ok
            verdict = f"<= {target:.0f} s {'PASS' if ok else 'MISS'}"
        print(f"{name:34s} {wall:6.2f}s {cpu:6.2f}s {floor:7.2f}s {wall / floor:5.1f}x  {verdict}")
    for name, (wall, cpu) in (
        ("decrypt (children + parents)", decrypt_ledger),
        ("decrypt (all the report reads)", decrypt_report),
    ):
        print(f"{name:34s} {wall:6.2f}s {cpu:6.2f}s")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
