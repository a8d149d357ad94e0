"""Issue 21, the server's side: a new laptop's first pull, page by page, from a real server.

A seeded server database (``--db``, with ``county-server.key`` beside it) is copied to a
folder of its own and served by a real ``county-server serve`` process. A director of
``VILLAGE`` is enrolled (in-process, from the test template store: no key derivation),
then, ``--passes`` times, every page of ``GET /changes`` is fetched in turn as the
laptop's client fetches it (its ``requests`` session, gzip). Printed: the median pass,
the server process's CPU per page (from ``/proc/<pid>/stat``), one page's size as JSON
and gzipped at levels 1 and 5 (with the time each level takes here), and the in-process
cost of ``pull.changes`` and of ``Page.to_json`` per page.

``--compare OTHER`` runs OTHER's copy of this bench (another checkout, e.g. the server as it
was) and this one in turn, ``--rounds`` times, and prints their medians side by side: on a
shared machine only figures taken in the same minutes compare.

    .venv/bin/python bench/pull_page.py [--db /tmp/srvdb/county.sqlite] [--passes 5]
    .venv/bin/python bench/pull_page.py --postgresql   # the same records, copied there
    .venv/bin/python bench/pull_page.py --compare /tmp/before [--rounds 3]
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

VILLAGE = "330523101009"
PAGE = 2000
KEY_FILE = "county-server.key"
PASSPHRASE = "benchmark passphrase 2026"


@dataclass
class Pass:
    seconds: float
    server_cpu: float
    pages: int
    records: int


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pull_all(request: Callable[..., bytes], pid: int) -> tuple[Pass, bytes]:
    """Every page from the start, as a first pull takes them; the first page's bytes."""
    cursor, pages, records, first = 0, 0, 0, b""
    cpu_before, started = process_cpu(pid), time.perf_counter()
    while True:
        body = request("GET", "/changes", since=cursor, limit=PAGE)
        page = orjson.loads(body)
        first = first or body
        pages += 1
        records += len(page["changes"])
        cursor = page["cursor"]
        if not page["more"]:
            break
    seconds = time.perf_counter() - started
    return Pass(seconds, process_cpu(pid) - cpu_before, pages, records), first


def gzip_figures(body: bytes, repeats: int = 7) -> dict[int, tuple[int, float]]:
    """Compressed size and median milliseconds of one page at gzip levels 1 and 5."""
    figures = {}
    for level in (1, 5):
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            packed = gzip.compress(body, compresslevel=level)
            times.append(time.perf_counter() - started)
        figures[level] = (len(packed), 1e3 * statistics.median(times))
    return figures


def in_process(db_url: str, key_file: Path, repeats: int = 5) -> tuple[float, float]:
    """Median milliseconds of ``pull.changes`` (first page) and of its ``to_json``."""
    from county_server.clock import utc_now
    from county_server.db import Database
    from county_server.services import pull
    from county_server.services.access import Actor
    from county_server.services.sealing import Sealer, load_key

    db = Database(db_url)
    sealer = Sealer(load_key(key_file))
    actor = Actor(
        device_id="bench", user_id=0, user_name="bench", role="director", scope_code=VILLAGE
    )
    changes, dumps = [], []
    for _ in range(repeats):
        with db.transaction() as session:
            started = time.perf_counter()
            page = pull.changes(session, sealer, actor, since=0, limit=PAGE, now=utc_now())
            changes.append(time.perf_counter() - started)
        started = time.perf_counter()
        page.to_json()
        dumps.append(time.perf_counter() - started)
    db.dispose()
    return 1e3 * statistics.median(changes), 1e3 * statistics.median(dumps)


# What a pull reads, copied from the seeded SQLite file into PostgreSQL (in this order).
SEEDED_TABLES = ("meta", "townships", "villages", "users", "devices", "records", "seq_counter")


def seed_postgresql(source_url: str, url: str) -> None:
    """The pull's tables of ``source_url`` into ``url`` (a schema ``county-server init``
    made, whose own rows are replaced: the same key opens both)."""
    from sqlalchemy import create_engine, delete, insert, select, text

    from county_server.models import Base

    tables = [Base.metadata.tables[name] for name in SEEDED_TABLES]
    source, target = create_engine(source_url), create_engine(url)
    with source.connect() as reading, target.begin() as writing:
        for table in reversed(tables):
            writing.execute(delete(table))
        for table in tables:
            rows = [dict(row._mapping) for row in reading.execute(select(table))]
            for start in range(0, len(rows), 1000):
                writing.execute(insert(table), rows[start : start + 1000])
        writing.execute(
            text("SELECT setval(pg_get_serial_sequence('users', 'id'), max(id)) FROM users")
        )
    source.dispose()
    target.dispose()


def run(source: Path, passes: int, work: Path, postgresql: bool) -> dict[str, Any]:
    from tests.serverproc import postgresql_url

    server_dir = work / "server"
    server_dir.mkdir(parents=True)
    shutil.copy2(source, server_dir / "county.sqlite")
    shutil.copy2(source.parent / KEY_FILE, server_dir / KEY_FILE)
    sqlite_url = f"sqlite:///{server_dir / 'county.sqlite'}"
    if not postgresql:
        return measured(sqlite_url, server_dir, passes, work)
    with postgresql_url() as url:
        from tests.serverproc import ServerProcess

        ServerProcess(db_url=url, workdir=server_dir).init()
        seed_postgresql(sqlite_url, url)
        return measured(url, server_dir, passes, work)


def measured(db_url: str, server_dir: Path, passes: int, work: Path) -> dict[str, Any]:
    from desktop.services.datadir import DataDir
    from desktop.sync.engine import client_for
    from desktop.sync.state import SyncState
    from tests.serverproc import ServerProcess
    from tests.store_template import enrol

    server = ServerProcess(db_url=db_url, workdir=server_dir)
    server.start()
    try:
        assert server.process is not None
        code = server.add_user("bench director", "director", VILLAGE)
        store, _ = enrol(
            DataDir(work / "laptop"), server_url=server.base_url, code=code, passphrase=PASSPHRASE
        )
        client = client_for(SyncState(store), retries=0)
        pull_all(client._request, server.process.pid)  # warm up: imports, caches
        runs = []
        for _ in range(passes):
            done, first = pull_all(client._request, server.process.pid)
            runs.append(done)
        client.close()
    finally:
        server.stop()
    median = sorted(runs, key=lambda one: one.seconds)[len(runs) // 2]
    changes_ms, to_json_ms = in_process(db_url, server_dir / KEY_FILE)
    return {
        "passes": [round(one.seconds, 3) for one in runs],
        "median_s": round(median.seconds, 3),
        "pages": median.pages,
        "records": median.records,
        "server_cpu_ms_per_page": round(
            1e3 * statistics.median(one.server_cpu / one.pages for one in runs), 1
        ),
        "page_json_bytes": len(first),
        "bytes_per_record": round(len(first) / PAGE),
        "gzip": {
            f"level_{level}": {"bytes": size, "ms": round(ms, 1)}
            for level, (size, ms) in gzip_figures(first).items()
        },
        "in_process_changes_ms": round(changes_ms, 1),
        "in_process_to_json_ms": round(to_json_ms, 1),
    }


COMPARED = (
    "median_s",
    "server_cpu_ms_per_page",
    "page_json_bytes",
    "in_process_changes_ms",
    "in_process_to_json_ms",
)


def measured_by(bench: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One run of a checkout's copy of this bench, in a process of its own."""
    command = [sys.executable, str(bench), "--db", str(args.db), "--passes", str(args.passes)]
    if args.postgresql:
        command.append("--postgresql")
    done = subprocess.run(command, capture_output=True, check=True, cwd=bench.parents[1])
    figures: dict[str, Any] = orjson.loads(done.stdout)
    return figures


def compare(other: Path, args: argparse.Namespace) -> None:
    """This checkout beside ``other``, run in turn; the median of each figure."""
    this = Path(__file__).resolve()
    theirs = other.resolve() / "bench" / this.name
    if theirs != this:
        shutil.copy2(this, theirs)
    runs: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
    for _ in range(args.rounds):
        runs["before"].append(measured_by(theirs, args))
        runs["after"].append(measured_by(this, args))
    print(f"{'':26}{'before':>12}{'after':>12}{'after/before':>14}")
    for name in COMPARED:
        before = statistics.median(run[name] for run in runs["before"])
        after = statistics.median(run[name] for run in runs["after"])
        print(f"{name:26}{before:>12.1f}{after:>12.1f}{after / before:>14.2f}")
    for side, done in runs.items():
        print(side, orjson.dumps(done[-1]["gzip"]).decode())


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/srvdb/county.sqlite"))
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--compare", type=Path, help="another checkout, run in turn with this")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgresql", action="store_true", help="served from PostgreSQL")
    args = parser.parse_args()
    if args.compare is not None:
        compare(args.compare, args)
        return
    with tempfile.TemporaryDirectory(prefix="pull-page-") as folder:
        figures = run(args.db, args.passes, Path(folder), args.postgresql)
    print(orjson.dumps(figures, option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
