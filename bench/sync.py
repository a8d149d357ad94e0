"""Sync throughput against real county server processes on loopback.

    .venv/bin/python bench/sync.py [--children 10000] [--visits 30000] [--devices 200]
                                   [--backend sqlite|postgresql|both] [--quick]
                                   [--repeats 3] [--profile | --no-profile]

For each back end a real ``county-server`` process is started (``tests/serverproc.py``)
on a fresh database, and real desktop stores (Argon2id key slots, AES-GCM fields, SQLite
with ``synchronous=FULL``) talk to it through ``desktop.sync``:

1. initial pull: a seeding device (director of one village) creates the children and
   visits locally and pushes them through the API in batches of 500 (push of creates,
   reported for information); then a freshly enrolled device of the same village pulls
   everything with ``run_sync`` (pull only): records/s end to end, server decryption and
   local sealing included (target >= 15,000/s). The seeding sync itself must pull nothing
   back and seal nothing again (no echo, issue 20): both counted. Beside it a raw
   baseline: the same number of rows, the server's own rows copied, plainly INSERTed
   (SQLAlchemy Core, 500 a transaction) into a side table of the same server database,
   through the server's own engine settings; and the ratio.
2. push of edits: the notes field of 5,000 children edited on a device that holds the
   records, then ``run_sync``; its push phase is timed (the progress callback marks its
   end): ops/s (target >= 5,000/s). Baseline: 5,000 raw UPDATEs of the side table in
   transactions of the push batch size; ratio. Beside them the push's floor
   (``push_floor.py``): a push batch's writes alone, through the server's own write
   path, in a copy of its records made by its own migrations and engine; and the per-op
   opening, validation and sealing every accepted edit needs. Their sum is a ceiling no
   push can pass, printed with the push's ratio to it.
3. a sync with nothing to do: ~30 runs of ``run_sync`` on an up-to-date device, store
   unlocked once, client reused: median and p95 (target <= 10 ms); with the bare HTTP
   round trip of ``GET /changes`` beside it.
4. many devices at once: one village each, users and codes made in-process by the
   server's own admin services (``directory.add_user`` + ``enrolment.issue_code``, what
   ``county-server add-user`` runs), their records pushed through the API by a county
   device; the devices are spread over ``--fleet-processes`` worker processes
   (``fleet.py``: each laptop is a machine of its own, not a thread under one shared
   GIL), every one enrolled and unlocked before the clock starts; then all of them run
   ``run_sync`` at once (every worker told the same moment), twice: (a) first sync, pull
   of their village; (b) after 2 local edits each, push + pull. Every device must complete
   (first syncs: p95 <= 3 s); p50 / p95 / max seconds per device, the part of it spent in
   HTTP calls, the CPU the devices' processes and the server used in the round, and the
   server's own view from its access log (per-request time from arrival to last byte,
   thread-pool and database waits included).
5. a new laptop's first pull as a whole ``childdesk sync`` process beside Kinto's client
   pulling the same records into a local SQLite file (issue 21; ``first_pull.py``,
   ``kinto_side.py``: Kinto installed from PyPI into a venv of its own): medians of
   ``--repeats`` alternating runs and their ratio (target <= 1x), with the per-record cost
   of validating and sealing. Both processes run as installed programs do, with their
   modules' bytecode compiled (into a cache in the work folder, before the timed runs).

The load average is printed at the start and the end: on a shared machine quote the
ratios to the raw baselines, which other load inflates alike.

Measurements 1 and 2 alternate with their baselines ``--repeats`` times (medians), and
``run_sync``'s time is split into HTTP calls (``client.push`` / ``client.pull``: server,
transfer, parsing) and local work. With ``--profile``, or when a target is missed (unless
``--no-profile``), the phase is run once more under cProfile in this process (the client
side) while the server process is sampled with py-spy (``$PYSPY``, PATH, or beside this
Python); the breakdowns are printed after the table. ``--profiled-server`` instead runs
the server itself under cProfile in every thread (slower; for finding server hot spots).

The full size takes about 40 minutes for both back ends on 2 cores (seeding 40,000
records through the API is most of it); ``--quick`` runs 2,000 + 6,000 records, 1,000
edits and 50 devices in about 10.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

PASSPHRASE = "benchmark passphrase 2026"
COUNTY_CODE = "330523"
MAIN_TOWNSHIP, MAIN_VILLAGE = "330523101", "330523101001"
TARGET_PULL = 15_000.0  # records/s (issue 20)
TARGET_PUSH = 5_000.0  # ops/s (issue 20)
TARGET_NOOP = 0.010  # s, median and p95 (issue 20)
TARGET_MANY_P95 = 3.0  # s, 200 devices' first syncs at once (issue 20)
SEED_BATCH = 500  # ops per push while seeding (the protocol's maximum)
RAW_BATCH = 500  # rows per transaction of the raw INSERT baseline
NOOP_RUNS = 30
# The many devices' processes: each laptop is a machine of its own, so not all in one
# Python process (its GIL, not the server, would be measured), nor 200 interpreters.
FLEET_PROCESSES = 10
RAW_TABLE = "bench_raw_records"

QUICK = {"children": 2_000, "visits": 6_000, "edits": 1_000, "devices": 50}


# -- small helpers --------------------------------------------------------------------


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _median(values: Sequence[float]) -> float:
    return statistics.median(values)


def _load() -> str:
    """The 1, 5 and 15 minute load averages (other work on the machine shows here)."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _say(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


@dataclass
class Row:
    backend: str
    what: str
    figure: str
    target: str = ""
    verdict: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    missed: set[str] = field(default_factory=set)

    def add(
        self, backend: str, what: str, figure: str, target: str = "", verdict: str = ""
    ) -> None:
        self.rows.append(Row(backend, what, figure, target, verdict))

    def table(self, backend: str | None = None) -> str:
        rows = [r for r in self.rows if backend is None or r.backend == backend]
        head = Row("backend", "measure", "figure", "target", "")
        widths = [
            max(len(getattr(r, name)) for r in [head, *rows])
            for name in ("backend", "what", "figure", "target", "verdict")
        ]
        lines = []
        for i, r in enumerate([head, *rows]):
            cells = (r.backend, r.what, r.figure, r.target, r.verdict)
            lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
            if i == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)


# -- devices --------------------------------------------------------------------------


@dataclass
class Device:
    name: str
    store: Any  # CaseStore
    client: Any  # CountyClient

    def close(self) -> None:
        self.client.close()
        self.store.engine.dispose()


def enrol_device(server: Any, root: Path, name: str, code: str) -> Device:
    from desktop.services.datadir import DataDir
    from desktop.services.enrolment import enroll
    from desktop.sync.engine import client_for
    from desktop.sync.state import SyncState

    folder = DataDir(root / f"device-{name}")
    store, _ = enroll(
        folder, server_url=server.base_url, code=code, passphrase=PASSPHRASE, device_name=name
    )
    return Device(name, store, client_for(SyncState(store)))


@dataclass
class SyncTiming:
    summary: Any
    total: float
    push: float  # from the start to the last push batch written locally
    pull: float  # the rest: every pull page and the final bookkeeping
    push_http: float  # of push: inside client.push (request, server, response parsing)
    pull_http: float  # of pull: inside client.pull
    push_server_cpu: float  # CPU seconds the server process used during the push phase


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system, all threads) a process has used so far; 0 if unknown.

    Beside wall time it shows the server's own cost, which other load on a noisy machine
    does not inflate."""
    if pid is None:
        return 0.0
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    # After the command name (which may hold spaces), utime and stime are fields 14-15.
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_sync(device: Device, *, server_pid: int | None = None, **options: Any) -> SyncTiming:
    """``run_sync`` with its phases timed: the progress callback marks the end of the
    push phase; the client's push/pull calls are wrapped to time the HTTP round trips;
    with ``server_pid``, the server's CPU time during the push phase is read too."""
    from desktop.sync.engine import run_sync

    marks: dict[str, float] = {}
    cpu_marks: dict[str, float] = {}
    http = {"push": 0.0, "pull": 0.0}
    client = device.client
    real_push, real_pull = client.push, client.pull

    def progress(phase: str, _done: int, _total: int) -> None:
        marks[phase] = time.perf_counter()
        cpu_marks[phase] = process_cpu(server_pid)

    def push(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return real_push(*args, **kwargs)
        finally:
            http["push"] += time.perf_counter() - began

    def pull(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return real_pull(*args, **kwargs)
        finally:
            http["pull"] += time.perf_counter() - began

    client.push, client.pull = push, pull
    try:
        cpu_started = process_cpu(server_pid)
        started = time.perf_counter()
        summary = run_sync(device.store, client, progress=progress, **options)
        ended = time.perf_counter()
    finally:
        del client.push, client.pull
    push_end = marks.get("push", started)
    return SyncTiming(
        summary,
        ended - started,
        push_end - started,
        ended - push_end,
        http["push"],
        http["pull"],
        cpu_marks.get("push", cpu_started) - cpu_started,
    )


@dataclass
class Round:
    """Many devices syncing at once: their timings, failures, and the server's view."""

    syncs: list[Any]  # fleet.LaptopSync: each laptop's time, HTTP part, counts
    errors: list[str]
    wall: float
    requests: list[tuple[float, str, str, int, float]]  # end (s), method, path, status, ms
    client_cpu: float  # CPU seconds of this process (every device's local work) in the round
    server_cpu: float  # CPU seconds of the server process in the round


_ACCESS_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) .*county_server\.access: "
    r"(\w+) (\S+) (\d{3}) ([\d.]+)ms"
)


def server_requests(log_path: Path, offset: int) -> list[tuple[float, str, str, int, float]]:
    """The server's access-log lines written after ``offset``: when each answer ended (s,
    server clock), method, path, status, and the server-side duration in ms (from the
    request's arrival in the app to its last byte: thread-pool and DB waits included)."""
    with log_path.open("rb") as handle:
        handle.seek(offset)
        text = handle.read().decode("utf-8", errors="replace")
    out = []
    for line in text.splitlines():
        match = _ACCESS_LINE.match(line)
        if match:
            stamp, millis, method, path, status, ms = match.groups()
            end = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").timestamp() + int(millis) / 1000
            out.append((end, method, path, int(status), float(ms)))
    return out


# -- the raw baselines ----------------------------------------------------------------


class RawBaseline:
    """Plain INSERTs and UPDATEs of rows like the server's, into a side table of its DB."""

    def __init__(self, db_url: str) -> None:
        from sqlalchemy import (
            BigInteger,
            Boolean,
            Column,
            DateTime,
            Integer,
            MetaData,
            String,
            Table,
            Text,
        )

        from county_server.config import normalize_db_url
        from county_server.db import make_engine

        # The server's own engine factory: the same pragmas (WAL, synchronous=FULL,
        # BEGIN IMMEDIATE) on SQLite, the same driver on PostgreSQL.
        self.engine = make_engine(normalize_db_url(db_url))
        self.metadata = MetaData()
        self.table = Table(
            RAW_TABLE,
            self.metadata,
            Column("id", String(36), primary_key=True),
            Column("kind", String(32)),
            Column("village_code", String(12)),
            Column("township_code", String(12)),
            Column("child_id", String(36), nullable=True),
            Column("rev", Integer),
            Column("seq", BigInteger),
            Column("deleted", Boolean),
            Column("clear", Text),
            Column("sealed", Text),
            Column("updated_by", String(100)),
            Column("updated_at", DateTime),
            Column("device_id", String(36), nullable=True),
        )
        self.rows: list[dict[str, Any]] = []

    def load_server_rows(self) -> int:
        """The server's current records, as they are stored (sealed): the rows to copy."""
        from sqlalchemy import select

        from county_server.models import Record

        columns = [column.name for column in self.table.c]
        with self.engine.connect() as connection:
            result = connection.execute(select(*[Record.__table__.c[c] for c in columns]))
            self.rows = [dict(row._mapping) for row in result]
        for row in self.rows:
            if row["updated_at"] is not None and row["updated_at"].tzinfo is not None:
                row["updated_at"] = row["updated_at"].replace(tzinfo=None)
        return len(self.rows)

    def _recreate(self) -> None:
        self.metadata.drop_all(self.engine)
        self.metadata.create_all(self.engine)

    def insert_all(self, count: int) -> float:
        """Seconds to INSERT ``count`` of the copied rows, RAW_BATCH a transaction."""
        from sqlalchemy import insert

        self._recreate()
        rows = (self.rows * (count // max(1, len(self.rows)) + 1))[:count]
        rows = [{**row, "id": str(uuid.uuid4())} for row in rows]
        started = time.perf_counter()
        for start in range(0, len(rows), RAW_BATCH):
            with self.engine.begin() as connection:
                connection.execute(insert(self.table), rows[start : start + RAW_BATCH])
        return time.perf_counter() - started

    def update_some(self, count: int, batch: int) -> float:
        """Seconds to UPDATE ``count`` rows (a longer sealed text, rev + 1), ``batch`` a
        transaction, one statement per row (executemany)."""
        from sqlalchemy import bindparam, select, update

        with self.engine.connect() as connection:
            ids = list(connection.scalars(select(self.table.c.id).limit(count)))
            sealed = {
                rid: text
                for rid, text in connection.execute(
                    select(self.table.c.id, self.table.c.sealed).where(self.table.c.id.in_(ids))
                )
            }
        params = [
            {"rid": rid, "new_sealed": sealed[rid] + "x" * 120, "at": datetime.now(UTC)}
            for rid in ids
        ]
        for p in params:
            p["at"] = p["at"].replace(tzinfo=None)
        statement = (
            update(self.table)
            .where(self.table.c.id == bindparam("rid"))
            .values(
                sealed=bindparam("new_sealed"), updated_at=bindparam("at"), rev=self.table.c.rev + 1
            )
        )
        started = time.perf_counter()
        for start in range(0, len(params), batch):
            with self.engine.begin() as connection:
                connection.execute(statement, params[start : start + batch])
        return time.perf_counter() - started

    def drop(self) -> None:
        self.metadata.drop_all(self.engine)
        self.engine.dispose()


# -- profiling ------------------------------------------------------------------------

_PROFILE_GROUPS = (
    ("idle: waiting in epoll or on a lock", ("select.epoll", "_thread.lock", "_thread.RLock")),
    (
        "AES-GCM sealing/opening, HKDF, HMAC, base64",
        (
            "crypto.py",
            "sealing.py",
            "AESGCM",
            "aead",
            "hmac",
            "_hashlib",
            "base64",
            "binascii",
            "urandom",
            "encrypt",
            "decrypt",
        ),
    ),
    ("gzip / zlib", ("gzip", "zlib")),
    (
        "HTTP client (requests, urllib3, http.client, socket)",
        ("requests", "urllib3", "http/client", "socket", "ssl", "select", "selectors"),
    ),
    (
        "HTTP server (uvicorn, starlette, fastapi, anyio, asyncio)",
        ("uvicorn", "starlette", "fastapi", "anyio", "asyncio", "h11", "httptools"),
    ),
    ("validation (pydantic, casework rules)", ("pydantic", "casework")),
    ("SQL: SQLAlchemy ORM/Core", ("sqlalchemy",)),
    ("SQL: driver (sqlite3 / psycopg)", ("sqlite3", "psycopg")),
    ("JSON", ("json",)),
    ("sync engine / state (desktop/sync)", ("desktop/sync",)),
    ("desktop store (desktop/models)", ("desktop/models",)),
    ("server services (county_server)", ("county_server",)),
    ("threading / locks", ("threading", "lock")),
)


def _group(where: str) -> str:
    return next(
        (label for label, words in _PROFILE_GROUPS if any(w in where for w in words)), "other"
    )


def summarize_stats(stats: pstats.Stats, title: str, lines: int = 22) -> str:
    rows: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in rows.values()) or 1e-9
    groups: dict[str, float] = {}
    for (filename, _line, function), row in rows.items():
        label = _group(f"{filename} {function}")
        groups[label] = groups.get(label, 0.0) + row[2]
    summary = "\n".join(
        f"      {seconds:8.2f} s  {100 * seconds / total:5.1f} %  {key}"
        for key, seconds in sorted(groups.items(), key=lambda kv: -kv[1])
    )
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(lines)
    top = "\n".join(line for line in out.getvalue().splitlines() if line.strip())
    cumulative = io.StringIO()
    stats.stream = cumulative  # type: ignore[attr-defined]
    stats.sort_stats("cumulative").print_stats(r"county_server|desktop|casework", lines)
    cum = "\n".join(line for line in cumulative.getvalue().splitlines() if line.strip())
    return (
        f"--- {title}: {total:.2f} s own time under cProfile, by group ---\n{summary}\n"
        f"--- {title}: top functions by own time ---\n{top}\n"
        f"--- {title}: project functions by cumulative time ---\n{cum}\n"
    )


@contextmanager
def client_profile(report: Report, title: str) -> Iterator[None]:
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        report.profiles.append(summarize_stats(pstats.Stats(profiler), title))


def profiled_serve(out: Path, cli_args: list[str]) -> int:
    """``county-server`` with cProfile in every thread (the routes run in worker threads);
    the merged statistics go to ``out`` when the server stops (SIGTERM)."""
    import signal

    from county_server.cli import main

    profiles: list[cProfile.Profile] = []
    lock = threading.Lock()

    def start_profiling(*_args: Any) -> None:
        sys.setprofile(None)
        profiler = cProfile.Profile()
        with lock:
            profiles.append(profiler)
        profiler.enable()

    if cli_args and cli_args[-1:] != ["init"] and "serve" in cli_args:
        threading.setprofile(start_profiling)
        main_profiler = cProfile.Profile()
        profiles.append(main_profiler)
        main_profiler.enable()
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        code = main(cli_args)
    except KeyboardInterrupt:
        code = 0
    finally:
        if profiles:
            for profiler in profiles:
                profiler.disable()
            stats = pstats.Stats(profiles[0])
            for profiler in profiles[1:]:
                with contextlib.suppress(TypeError):  # a profiler that never ran
                    stats.add(profiler)
            stats.dump_stats(str(out))
    return code


def _pyspy() -> str | None:
    """py-spy from $PYSPY, PATH, or beside this Python (``pip install py-spy``)."""
    if os.environ.get("PYSPY"):
        return os.environ["PYSPY"]
    found = shutil.which("py-spy")
    if found:
        return found
    candidate = Path(sys.executable).with_name("py-spy")
    return str(candidate) if candidate.exists() else None


@contextmanager
def server_sampling(server: Any, report: Report, title: str, workdir: Path) -> Iterator[None]:
    """Sample the server process with py-spy while the block runs (if py-spy is here)."""
    pyspy = _pyspy()
    if pyspy is None or server.process is None:
        yield
        return
    out = workdir / f"pyspy-{uuid.uuid4().hex[:6]}.txt"
    sampler = subprocess.Popen(
        [
            pyspy,
            "record",
            "--pid",
            str(server.process.pid),
            "--format",
            "raw",
            "--output",
            str(out),
            "--rate",
            "200",
            "--threads",
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(0.5)
    try:
        yield
    finally:
        sampler.send_signal(2)  # SIGINT: py-spy writes what it has
        try:
            sampler.wait(timeout=30)
        except subprocess.TimeoutExpired:
            sampler.kill()
        if out.exists():
            report.profiles.append(summarize_pyspy(out, title))


def summarize_pyspy(path: Path, title: str, lines: int = 25) -> str:
    """Collapsed stacks -> share of samples by group (innermost frame) and by function."""
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    groups: dict[str, int] = {}
    total = 0
    idle = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        leaf = frames[-1]
        if any(
            w in leaf
            for w in (
                "select (",
                "epoll",
                "poll (",
                "_wait_for_tstate_lock",
                "wait (threading",
                "_worker (concurrent",
                "get (queue",
            )
        ):
            idle += count
            continue
        total += count
        own[leaf] = own.get(leaf, 0) + count
        groups[_group(leaf)] = groups.get(_group(leaf), 0) + count
        for frame in set(frames):
            if "county_server" in frame or "casework" in frame:
                inclusive[frame] = inclusive.get(frame, 0) + count
    if not total:
        return f"--- {title}: py-spy took no busy samples ---\n"
    by_group = "\n".join(
        f"      {n:7d}  {100 * n / total:5.1f} %  {g}"
        for g, n in sorted(groups.items(), key=lambda kv: -kv[1])
    )
    by_leaf = "\n".join(
        f"      {n:7d}  {100 * n / total:5.1f} %  {f}"
        for f, n in sorted(own.items(), key=lambda kv: -kv[1])[:lines]
    )
    by_inclusive = "\n".join(
        f"      {n:7d}  {100 * n / total:5.1f} %  {f}"
        for f, n in sorted(inclusive.items(), key=lambda kv: -kv[1])[:lines]
    )
    return (
        f"--- {title}: py-spy, {total} busy samples ({idle} idle left out), by group ---\n"
        f"{by_group}\n--- {title}: innermost frames ---\n{by_leaf}\n"
        f"--- {title}: server/casework functions, inclusive ---\n{by_inclusive}\n"
    )


# -- one back end ---------------------------------------------------------------------


@dataclass
class Options:
    children: int
    visits: int
    edits: int
    devices: int
    per_village_children: int
    repeats: int
    noop_runs: int
    profile: bool
    no_profile: bool
    profiled_server: bool
    skip: set[str]
    first_children: int = 0  # children of the first-pull village (0: as --children)
    fleet_processes: int = FLEET_PROCESSES  # processes the many devices are spread over


class BackendBench:
    def __init__(self, backend: str, options: Options, work: Path, report: Report) -> None:
        self.backend = backend
        self.o = options
        self.work = work
        self.report = report
        self.devices: list[Device] = []

    def add(self, what: str, figure: str, target: str = "", verdict: str = "") -> None:
        self.report.add(self.backend, what, figure, target, verdict)

    def run(self) -> None:
        from tests import serverproc
        from tests.serverproc import database_url, running_server

        original_cli = serverproc.cli_command
        profiled_stats = self.work / "server-profile.pstats"
        if self.o.profiled_server:
            # The same server, started through profiled_serve (cProfile in every thread).
            serverproc.cli_command = lambda: [
                sys.executable,
                str(Path(__file__).resolve()),
                "--profiled-serve",
                str(profiled_stats),
                "--",
            ]
        try:
            with (
                database_url(self.backend, self.work) as url,
                running_server(url, self.work / "server") as server,
            ):
                self.url = url
                self.server = server
                pid = server.process.pid if server.process else "?"
                _say(f"{self.backend}: server up at {server.base_url} (pid {pid})")
                try:
                    self._phases()
                finally:
                    for device in self.devices:
                        device.close()
        finally:
            serverproc.cli_command = original_cli
        if self.o.profiled_server and profiled_stats.exists():
            self.report.profiles.append(
                summarize_stats(
                    pstats.Stats(str(profiled_stats)),
                    f"{self.backend} server process, whole run (every thread)",
                    lines=30,
                )
            )

    def _phases(self) -> None:
        server = self.server
        server.add_township(MAIN_TOWNSHIP, "递铺街道")
        server.add_village(MAIN_VILLAGE, "古城村", MAIN_TOWNSHIP)
        holder: Device | None = None
        if "pull" not in self.o.skip or "push" not in self.o.skip or "noop" not in self.o.skip:
            holder = self._initial_pull()
        if holder is not None and "push" not in self.o.skip:
            self._push_edits(holder)
        if holder is not None and "noop" not in self.o.skip:
            self._noop(holder)
        if "many" not in self.o.skip and self.o.devices > 0:
            self._many_devices()
        if "first" not in self.o.skip:
            self._first_pull()

    # -- 5. issue 21: a new laptop's first pull as a whole process, beside Kinto -----------

    def _first_pull(self) -> None:
        import first_pull

        def enrol(name: str, village: str) -> tuple[Device, Path]:
            code = self.server.add_user(name, "director", village)
            root = self.work / "devices"
            return enrol_device(self.server, root, name, code), root / f"device-{name}"

        children = self.o.first_children or self.o.children
        figures = first_pull.run(
            server=self.server,
            work=self.work,
            children=children,
            repeats=self.o.repeats,
            passphrase=PASSPHRASE,
            enrol=enrol,
            say=_say,
        )
        records = 3 * children
        ours = first_pull.median(figures.ours)
        self.add(
            f"5 first pull, whole `childdesk sync` process, {children:,} children + parents "
            f"(median of {len(figures.ours)})",
            f"{children / ours:,.0f} children/s ({ours:.2f} s, {records / ours:,.0f} rec/s)",
        )
        self.add("  runs (s)", " ".join(f"{t:.2f}" for t in figures.ours))
        kinto = first_pull.median(figures.kinto) if figures.kinto else None
        if kinto is not None:
            ok = ours <= kinto
            if not ok:
                self.report.missed.add(f"{self.backend}:first")
            self.add(
                f"  Kinto client, same records into local SQLite ({figures.kinto_versions})",
                f"{children / kinto:,.0f} children/s ({kinto:.2f} s)",
            )
            self.add("  Kinto runs (s)", " ".join(f"{t:.2f}" for t in figures.kinto))
            self.add(
                "  ratio childdesk time / Kinto time",
                f"{ours / kinto:.2f}x",
                "<= 1.00x",
                _verdict(ok),
            )
            if figures.kinto_push:
                rate = figures.kinto_pushed / figures.kinto_push
                self.add(
                    f"  Kinto push of {figures.kinto_pushed:,} of them through its API, "
                    "batches of 500 (info; the rest written into its storage)",
                    f"{rate / 3:,.0f} children/s ({rate:,.0f} rec/s)",
                )
        else:
            self.add("  Kinto", f"not run: {figures.kinto_problem}")
        self._first_pull_start(figures, ours, kinto)
        self.add(
            "  per record, in-process: validate / seal",
            f"{figures.validate_us:.0f} us / {figures.seal_us:.0f} us",
        )

    def _first_pull_start(self, figures: Any, ours: float, kinto: float | None) -> None:
        """Where the whole process's time goes before the first request, beside Kinto's
        (``ours`` and ``kinto``: the whole processes' medians): what a start costs is not
        the sync's, and no pull can win it back."""
        self.add(
            "  start: bare interpreter / with childdesk sync's imports / with Kinto's",
            f"{figures.bare_start:.2f} s / {figures.our_imports:.2f} s / "
            + (f"{figures.kinto_imports:.2f} s" if figures.kinto_imports else "-"),
        )
        self.add(
            "  unlock: one Argon2id derivation, a new store's parameters (in-process)",
            f"{figures.unlock:.2f} s",
        )
        if kinto is not None:
            rest_ours, rest_kinto = ours - figures.our_imports, kinto - figures.kinto_imports
            self.add(
                "  the rest (whole process less its start): childdesk / Kinto",
                f"{rest_ours:.2f} s / {rest_kinto:.2f} s = {rest_ours / rest_kinto:.2f}x",
            )

    # -- 1. initial pull ---------------------------------------------------------------

    def _new_device(self, name: str) -> Device:
        code = self.server.add_user(name, "director", MAIN_VILLAGE)
        device = enrol_device(self.server, self.work / "devices", name, code)
        self.devices.append(device)
        return device

    def _initial_pull(self) -> Device:
        from sync_data import chunked, make_seed

        from desktop.models.store import NewRecord

        o = self.o
        total = o.children + o.visits
        started = time.perf_counter()
        seed = make_seed(o.children, o.visits)
        seeder = self._new_device("seeder")
        for batch in chunked(seed.children, 1000):
            seeder.store.create_many([NewRecord("child", f, rid) for rid, f in batch])
        for batch in chunked(seed.visits, 1000):
            seeder.store.create_many([NewRecord("visit", f, rid) for rid, f in batch])
        _say(f"seeding device holds {total} new records ({time.perf_counter() - started:.1f} s)")
        sealed_before = seeder.store.sealed_count
        timing = timed_sync(seeder, push_batch=SEED_BATCH)
        resealed = seeder.store.sealed_count - sealed_before
        s = timing.summary
        if s.pushed != total or s.rejected or s.conflicts:
            raise SystemExit(f"seeding push: {s.to_json()} (expected {total} applied)")
        _say(
            f"seeding sync: push {s.pushed} creates {timing.push:.1f} s, "
            f"pull back {s.pulled} {timing.pull:.1f} s"
        )
        self.add(
            f"seed push of {total:,} creates, batches of {SEED_BATCH} (info)",
            f"{total / timing.push:,.0f} ops/s ({timing.push:.1f} s)",
        )
        self.add(
            "  no echo: the same sync's records pulled back / re-sealed",
            f"{s.pulled:,} / {resealed:,} (pull phase {timing.pull:.2f} s)",
            "0 / 0",
            _verdict(s.pulled == 0 and resealed == 0),
        )
        seeder.close()
        self.devices.remove(seeder)

        raw = RawBaseline(self.url)
        raw.load_server_rows()
        pulls: list[float] = []
        pull_http: list[float] = []
        raws: list[float] = []
        holder: Device | None = None
        for run in range(self.o.repeats):
            device = self._new_device(f"puller{run}")
            timing = timed_sync(device)
            if timing.summary.pulled != total or timing.summary.pushed:
                raise SystemExit(f"initial pull: {timing.summary.to_json()}, expected {total}")
            pulls.append(timing.total)
            pull_http.append(timing.pull_http)
            raws.append(raw.insert_all(total))
            _say(
                f"initial pull run {run + 1}: {timing.total:.2f} s "
                f"({total / timing.total:,.0f} rec/s, {timing.pull_http:.2f} s in GET /changes); "
                f"raw INSERT {raws[-1]:.2f} s"
            )
            if holder is not None:
                holder.close()
                self.devices.remove(holder)
            holder = device
        pull_s, raw_s = _median(pulls), _median(raws)
        rate = total / pull_s
        ok = rate >= TARGET_PULL
        if not ok:
            self.report.missed.add(f"{self.backend}:pull")
        label = f"median of {len(pulls)}" if len(pulls) > 1 else "1 run"
        self.add(
            f"1 initial pull {o.children:,} children + {o.visits:,} visits ({label})",
            f"{rate:,.0f} rec/s ({pull_s:.2f} s)",
            f">= {TARGET_PULL:,.0f}/s",
            _verdict(ok),
        )
        self.add("  runs (s)", " ".join(f"{t:.2f}" for t in pulls))
        http_s = _median(pull_http)
        self.add(
            "  of which in GET /changes (server + HTTP + parsing)",
            f"{http_s:.2f} s ({100 * http_s / pull_s:.0f} %); local writes {pull_s - http_s:.2f} s",
        )
        self.add(
            f"  raw INSERT of {total:,} copied server rows, {RAW_BATCH}/txn",
            f"{total / raw_s:,.0f} rows/s ({raw_s:.2f} s)",
        )
        self.add("  ratio pull time / raw insert time", f"{pull_s / raw_s:.1f}x")
        self.raw = raw
        if self.o.profile or (not ok and not self.o.no_profile):
            self._profile_pull(total)
        assert holder is not None
        return holder

    def _profile_pull(self, total: int) -> None:
        _say("profiling an initial pull (client cProfile, server sampled)")
        device = self._new_device("puller-profiled")
        with (
            server_sampling(
                self.server, self.report, f"{self.backend} server during a pull", self.work
            ),
            client_profile(self.report, f"{self.backend} client during a pull of {total:,}"),
        ):
            timed_sync(device)
        device.close()
        self.devices.remove(device)

    # -- 2. push of edits --------------------------------------------------------------

    def _edit(self, device: Device, ids: Sequence[str], round_no: int) -> float:
        from sync_data import note_for

        started = time.perf_counter()
        for i, record_id in enumerate(ids):
            device.store.update(record_id, {"notes": note_for(round_no * 100_000 + i)})
        return time.perf_counter() - started

    def _push_edits(self, device: Device) -> None:
        from push_floor import PushFloor
        from sqlalchemy import select

        from desktop.models.tables import Record
        from tests.serverproc import database_url

        n = self.o.edits
        with device.store.engine.connect() as connection:
            ids = list(
                connection.scalars(
                    select(Record.id).where(Record.kind == "child").order_by(Record.id).limit(n)
                )
            )
        if len(ids) < n:
            raise SystemExit(f"the device holds only {len(ids)} children for {n} edits")
        # Beside the push, the least it is made of, in a copy of the server's records.
        with (
            database_url(self.backend, self.work / "floor") as floor_url,
            PushFloor.copied_from(self.url, floor_url) as floor,
        ):
            self._push_runs(device, ids, floor)

    def _push_runs(self, device: Device, ids: list[str], floor: Any) -> None:
        from push_floor import cpu_floor

        from desktop.sync.engine import PUSH_BATCH

        n = len(ids)
        pushes: list[float] = []
        push_http: list[float] = []
        server_cpu: list[float] = []
        server_pid = self.server.process.pid if self.server.process else None
        totals: list[float] = []
        raws: list[float] = []
        floors: list[float] = []
        server_ms: list[float] = []  # each POST /push as the server saw it (access log)
        for run in range(self.o.repeats):
            edit_s = self._edit(device, ids, run)
            log_offset = self.server.log_path.stat().st_size
            timing = timed_sync(device, server_pid=server_pid)
            time.sleep(0.2)  # the last answer's log line
            server_ms += [
                ms
                for _end, method, path, _status, ms in server_requests(
                    self.server.log_path, log_offset
                )
                if method == "POST" and path.endswith("/push")
            ]
            s = timing.summary
            if s.pushed != n or s.rejected or s.conflicts or s.merged:
                raise SystemExit(f"push of edits: {s.to_json()}, expected {n} applied")
            pushes.append(timing.push)
            push_http.append(timing.push_http)
            server_cpu.append(timing.push_server_cpu)
            totals.append(timing.total)
            raws.append(self.raw.update_some(n, PUSH_BATCH))
            floors.append(floor.run(n, PUSH_BATCH))
            _say(
                f"push run {run + 1}: {n} local edits {edit_s:.1f} s; push {timing.push:.2f} s "
                f"({n / timing.push:,.0f} ops/s, {timing.push_http:.2f} s in POST /push), "
                f"then pull {timing.pull:.2f} s; "
                f"raw UPDATE {raws[-1]:.2f} s; a push's writes alone {floors[-1]:.2f} s"
            )
        push_s, raw_s = _median(pushes), _median(raws)
        rate = n / push_s
        ok = rate >= TARGET_PUSH
        if not ok:
            self.report.missed.add(f"{self.backend}:push")
        label = f"median of {len(pushes)}" if len(pushes) > 1 else "1 run"
        self.add(
            f"2 push of {n:,} edits (notes), batches of {PUSH_BATCH} ({label})",
            f"{rate:,.0f} ops/s ({push_s:.2f} s)",
            f">= {TARGET_PUSH:,.0f}/s",
            _verdict(ok),
        )
        self.add("  runs, push phase (s)", " ".join(f"{t:.2f}" for t in pushes))
        http_s = _median(push_http)
        self.add(
            "  of which in POST /push (server + HTTP + parsing)",
            f"{http_s:.2f} s ({100 * http_s / push_s:.0f} %); local {push_s - http_s:.2f} s",
        )
        cpu_s = _median(server_cpu)
        if cpu_s > 0:
            # Not inflated by other processes' waiting, but the client working beside it on
            # the other core still slows it somewhat on this machine (shared caches).
            self.add(
                "  server process CPU during the push",
                f"{cpu_s:.2f} s = {1000 * cpu_s / n:.2f} ms/op (at most {n / cpu_s:,.0f} ops/s)",
            )
        if server_ms:
            # Batches go one at a time: the server's part of each round trip is the
            # critical path; the rest is the client's encoding, parsing and the network.
            batches = max(1, -(-n // PUSH_BATCH))
            trip = 1000 * http_s / batches
            self.add(
                f"  per batch of {PUSH_BATCH}: server-side POST /push median / client round trip",
                f"{_median(server_ms):.0f} ms / {trip:.0f} ms",
            )
        self.add(
            "  whole run_sync incl. pulling the edits back (s)",
            " ".join(f"{t:.2f}" for t in totals),
        )
        self.add(
            f"  raw UPDATE of {n:,} rows, {PUSH_BATCH}/txn",
            f"{n / raw_s:,.0f} rows/s ({raw_s:.2f} s)",
        )
        self.add("  ratio push time / raw update time", f"{push_s / raw_s:.1f}x")
        self._push_floor(n, push_s, _median(floors), cpu_floor(self.url, self.server.key_file))
        if self.o.profile or (not ok and not self.o.no_profile):
            _say("profiling a push of edits (client cProfile, server sampled)")
            self._edit(device, ids, 99)
            with (
                server_sampling(
                    self.server, self.report, f"{self.backend} server during a push", self.work
                ),
                client_profile(self.report, f"{self.backend} client during a push of {n:,}"),
            ):
                from desktop.sync.state import SyncState

                # The push phase only, exactly as run_sync does it.
                state = SyncState(device.store)
                while ops := state.take_batch(PUSH_BATCH):
                    state.apply_results(ops, device.client.push(ops).results)
            timed_sync(device)  # pull the edits back, so the device is up to date

    def _push_floor(self, n: int, push_s: float, floor_s: float, cpu: Any) -> None:
        """What a push is made of at the least (``push_floor.py``), and the ceiling that
        puts on it: even if everything else cost nothing."""
        from desktop.sync.engine import PUSH_BATCH

        db_us = 1e6 * floor_s / n
        self.add(
            f"  floor: a push's writes alone, {PUSH_BATCH}/txn (the server's write path, a copy)",
            f"{n / floor_s:,.0f} ops/s ({db_us:.0f} us/op)",
        )
        self.add(
            "  floor: open + validate + seal + seal the kept answer, per op",
            f"{cpu.open_us:.0f} + {cpu.validate_us:.0f} + {cpu.seal_us:.0f} "
            f"+ {cpu.seal_answer_us:.0f} = {cpu.total_us:.0f} us/op",
        )
        floor_us = db_us + cpu.total_us
        self.add(
            "  ceiling from the two floors (nothing else: no HTTP, parsing, merging)",
            f"{1e6 / floor_us:,.0f} ops/s ({floor_us:.0f} us/op); "
            f"push / floor {1e6 * push_s / n / floor_us:.1f}x",
        )

    # -- 3. nothing to do --------------------------------------------------------------

    def _noop(self, device: Device) -> None:
        from desktop.sync.state import SyncState

        timed_sync(device)  # up to date
        runs: list[float] = []
        for _ in range(self.o.noop_runs):
            timing = timed_sync(device)
            if timing.summary.pushed or timing.summary.pulled:
                raise SystemExit(f"no-op sync did something: {timing.summary.to_json()}")
            runs.append(timing.total)
        cursor = SyncState(device.store).cursor()
        gets: list[float] = []
        for _ in range(self.o.noop_runs):
            started = time.perf_counter()
            device.client.pull(cursor, 500)
            gets.append(time.perf_counter() - started)
        med, p95 = _median(runs), _p95(runs)
        ok = med <= TARGET_NOOP and p95 <= TARGET_NOOP
        if not ok:
            self.report.missed.add(f"{self.backend}:noop")
        self.add(
            f"3 sync with nothing to do, {len(runs)} runs: median / p95",
            f"{med * 1000:.1f} / {p95 * 1000:.1f} ms",
            f"<= {TARGET_NOOP * 1000:.0f} ms",
            _verdict(ok),
        )
        self.add(
            "  of which bare GET /changes (client.pull): median / p95",
            f"{_median(gets) * 1000:.1f} / {_p95(gets) * 1000:.1f} ms",
        )
        self.add("  min / max run_sync", f"{min(runs) * 1000:.1f} / {max(runs) * 1000:.1f} ms")
        if self.o.profile or (not ok and not self.o.no_profile):
            _say("profiling no-op syncs (client cProfile, server sampled)")
            with (
                server_sampling(
                    self.server, self.report, f"{self.backend} server during no-op syncs", self.work
                ),
                client_profile(
                    self.report, f"{self.backend} client during {len(runs)} no-op syncs"
                ),
            ):
                for _ in range(self.o.noop_runs):
                    timed_sync(device)

    # -- 4. many devices at once --------------------------------------------------------

    def _admin(self, count: int) -> tuple[list[tuple[str, str]], str]:
        """Townships, villages, one director each and a county user, with their codes,
        made by the server's admin services in one transaction (what the CLI runs)."""
        from county_server.clock import utc_now
        from county_server.config import Settings
        from county_server.db import Database
        from county_server.services import directory, enrolment

        settings = Settings.load(db_url=self.url)
        db = Database(settings.db_url)
        now = utc_now()
        villages: list[tuple[str, str]] = []
        try:
            with db.transaction() as session:
                for t in range((count + 49) // 50):
                    township = f"3305232{t:02d}"
                    directory.add_township(session, code=township, name=f"试验镇{t}")
                    for v in range(min(50, count - 50 * t)):
                        village = f"{township}{v + 1:03d}"
                        directory.add_village(
                            session, code=village, name=f"试验村{t}-{v}", township_code=township
                        )
                        user = directory.add_user(
                            session,
                            name=f"主任{t}-{v}",
                            role="director",
                            scope_code=village,
                            now=now,
                        )
                        issued = enrolment.issue_code(
                            session, user_id=user.id, now=now, hours=settings.enrolment_code_hours
                        )
                        villages.append((village, issued.code))
                county = directory.add_user(
                    session, name="县中心", role="county", scope_code=COUNTY_CODE, now=now
                )
                county_code = enrolment.issue_code(
                    session, user_id=county.id, now=now, hours=settings.enrolment_code_hours
                ).code
        finally:
            db.dispose()
        return villages, county_code

    def _seed_villages(self, villages: Sequence[str], county_code: str) -> int:
        """Each village's children and visits, pushed through the API by a county device."""
        from sync_data import chunked, make_children, make_visits

        from casework.protocol import Op
        from desktop.sync.client import CountyClient

        per = self.o.per_village_children
        children = make_children(per * len(villages), seed=7)
        visits = make_visits(children, 3 * per * len(villages), seed=8)
        village_of = {rid: villages[i // per] for i, (rid, _) in enumerate(children)}
        ops = [
            Op(
                op_id=str(uuid.uuid4()),
                record_id=rid,
                kind="child",
                village_code=village_of[rid],
                base_rev=0,
                op="upsert",
                fields=fields,
            )
            for rid, fields in children
        ] + [
            Op(
                op_id=str(uuid.uuid4()),
                record_id=rid,
                kind="visit",
                village_code=village_of[fields["child_id"]],
                base_rev=0,
                op="upsert",
                fields=fields,
            )
            for rid, fields in visits
        ]
        enrolling = CountyClient(self.server.base_url)
        credential = enrolling.enroll(county_code, "bench county seeder").credential
        enrolling.close()
        client = CountyClient(self.server.base_url, credential=credential)
        try:
            for batch in chunked(ops, SEED_BATCH):
                results = client.push(list(batch)).results
                bad = [r for r in results if r.status != "applied"]
                if bad:
                    raise SystemExit(f"seeding villages: {bad[0].model_dump_json()}")
        finally:
            client.close()
        return len(ops)

    def _round(self, fleet: Any) -> Round:
        """Every laptop of ``fleet`` syncs at once; the server's view from its access log."""
        log_offset = self.server.log_path.stat().st_size
        server_pid = self.server.process.pid if self.server.process else None
        server_before = process_cpu(server_pid)
        started = time.perf_counter()
        done = fleet.sync_all()
        wall = time.perf_counter() - started - 0.3  # the workers start 0.3 s after the word
        server_cpu = process_cpu(server_pid) - server_before
        time.sleep(0.2)  # the server's last log lines
        return Round(
            syncs=done.syncs,
            errors=done.errors,
            wall=wall,
            requests=server_requests(self.server.log_path, log_offset),
            client_cpu=done.cpu,
            server_cpu=server_cpu,
        )

    def _many_devices(self) -> None:
        from fleet import Fleet

        n = self.o.devices
        per = self.o.per_village_children
        started = time.perf_counter()
        villages, county_code = self._admin(n)
        admin_s = time.perf_counter() - started
        started = time.perf_counter()
        seeded = self._seed_villages([v for v, _ in villages], county_code)
        seed_s = time.perf_counter() - started
        _say(
            f"{n} users and codes in-process {admin_s:.1f} s; "
            f"{seeded} records pushed {seed_s:.1f} s"
        )
        started = time.perf_counter()
        fleet = Fleet(
            self.server.base_url,
            self.work / "fleet",
            PASSPHRASE,
            [(f"v{i:03d}", code) for i, (_village, code) in enumerate(villages)],
            self.o.fleet_processes,
        )
        try:
            enrol_s = time.perf_counter() - started
            _say(
                f"{n} devices enrolled and unlocked in {fleet.processes} processes "
                f"({enrol_s:.1f} s, Argon2id each)"
            )
            self.add(
                f"4 setup: {n} users+codes in-process / {seeded:,} records / {n} enrolments "
                f"in {fleet.processes} processes (info)",
                f"{admin_s:.1f} s / {seed_s:.1f} s / {enrol_s:.1f} s",
            )

            expected_pull = 4 * per
            first = self._round(fleet)
            wrong = sum(1 for t in first.syncs if t.pulled != expected_pull)
            self._many_rows(
                f"4a {n} devices at once, first sync (pull {expected_pull} each)", n, first, wrong
            )

            edits = 2
            fleet.edit_all(edits)
            second = self._round(fleet)
            wrong = sum(1 for t in second.syncs if t.pushed != edits or t.rejected or t.conflicts)
            self._many_rows(
                f"4b {n} devices at once, {edits} edits each (push+pull)", n, second, wrong
            )
        finally:
            fleet.close()

    def _many_rows(self, title: str, n: int, result: Round, wrong: int) -> None:
        times = [t.total for t in result.syncs]
        ok = not result.errors and len(times) == n and not wrong
        if not ok:
            self.report.missed.add(f"{self.backend}:many")
        self.add(
            title,
            f"{len(times)} completed, {len(result.errors)} failed, {wrong} wrong counts",
            f"all {n} complete",
            _verdict(ok),
        )
        if times:
            first_syncs = title.startswith("4a")
            within = _p95(times) <= TARGET_MANY_P95
            if first_syncs and not within:
                self.report.missed.add(f"{self.backend}:many")
            self.add(
                "  per-device run_sync seconds p50 / p95 / max",
                f"{_median(times):.2f} / {_p95(times):.2f} / {max(times):.2f} s",
                f"p95 <= {TARGET_MANY_P95:.0f} s" if first_syncs else "",
                _verdict(within) if first_syncs else "",
            )
            http = [t.http for t in result.syncs]
            self.add(
                "  of which in HTTP calls, p50 / p95 / max",
                f"{_median(http):.2f} / {_p95(http):.2f} / {max(http):.2f} s",
            )
        self.add("  wall time for all", f"{result.wall:.2f} s")
        self.add(
            "  CPU in the round: devices' processes / server process",
            f"{result.client_cpu:.2f} s / {result.server_cpu:.2f} s "
            f"({(result.client_cpu + result.server_cpu) / max(result.wall, 1e-9):.2f} cores)",
        )
        by_route: dict[str, list[float]] = {}
        bad = 0
        for _end, method, path, status, ms in result.requests:
            by_route.setdefault(f"{method} {path.removeprefix('/api/v1')}", []).append(ms / 1000)
            bad += status >= 400
        for route, durations in sorted(by_route.items()):
            self.add(
                f"  server-side {route}: {len(durations)} requests, p50 / p95 / max",
                f"{_median(durations):.2f} / {_p95(durations):.2f} / {max(durations):.2f} s",
            )
        if result.requests:
            first = min(end - ms / 1000 for end, *_rest, ms in result.requests)
            last = max(end for end, *_rest in result.requests)
            self.add(
                "  server busy from first request to last answer",
                f"{last - first:.2f} s ({bad} answers >= 400)",
            )
        if result.errors:
            kinds: dict[str, int] = {}
            for error in result.errors:
                kinds[error[:120]] = kinds.get(error[:120], 0) + 1
            for error, count in sorted(kinds.items(), key=lambda kv: -kv[1])[:5]:
                self.report.notes.append(f"{self.backend} {title}: {count} x {error}")


# -- main -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--profiled-serve"]:
        out, rest = Path(argv[1]), argv[3:] if argv[2:3] == ["--"] else argv[2:]
        return profiled_serve(out, rest)

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int)
    parser.add_argument("--visits", type=int)
    parser.add_argument("--edits", type=int, help="children edited for the push (default 5000)")
    parser.add_argument("--devices", type=int)
    parser.add_argument(
        "--per-village",
        type=int,
        default=5,
        help="children per village in the many-devices run (3 visits each)",
    )
    parser.add_argument(
        "--fleet-processes",
        type=int,
        default=FLEET_PROCESSES,
        help="worker processes the many devices are spread over (1: all in one)",
    )
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--quick", action="store_true", help=f"smaller profile: {QUICK} (explicit sizes still win)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs of measurements 1 and 2")
    parser.add_argument("--noop-runs", type=int, default=NOOP_RUNS)
    parser.add_argument(
        "--first-children",
        type=int,
        help="children (each with 2 parents) of the first-pull phase (default: --children)",
    )
    parser.add_argument("--skip", default="", help="comma list of pull,push,noop,many,first")
    parser.add_argument(
        "--profile", action="store_true", help="profile every phase, not only the missed ones"
    )
    parser.add_argument(
        "--no-profile",
        action="store_true",
        help="do not profile missed phases (e.g. a full-size run; profile a --quick run instead)",
    )
    parser.add_argument(
        "--profiled-server",
        action="store_true",
        help="run the server under cProfile in every thread (slows it down; "
        "for finding where server time goes, not for the figures)",
    )
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: temp)")
    args = parser.parse_args(argv)

    base = (
        QUICK
        if args.quick
        else {"children": 10_000, "visits": 30_000, "edits": 5_000, "devices": 200}
    )
    children = args.children if args.children is not None else base["children"]
    visits = args.visits if args.visits is not None else base["visits"]
    edits = args.edits if args.edits is not None else min(base["edits"], children)
    options = Options(
        children=children,
        visits=visits,
        edits=min(edits, children),
        devices=args.devices if args.devices is not None else base["devices"],
        per_village_children=args.per_village,
        repeats=max(1, args.repeats),
        noop_runs=args.noop_runs,
        profile=args.profile,
        no_profile=args.no_profile,
        profiled_server=args.profiled_server,
        skip={s.strip() for s in args.skip.split(",") if s.strip()},
        first_children=args.first_children or 0,
        fleet_processes=args.fleet_processes,
    )
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="childdesk-syncbench-"))
    work.mkdir(parents=True, exist_ok=True)

    import logging

    logging.basicConfig(level=logging.WARNING)
    print(
        f"childdesk sync benchmark: {children:,} children + {visits:,} visits, "
        f"{options.edits:,} edits, {options.devices} devices x {options.per_village_children} "
        f"children; back ends {', '.join(backends)}; repeats {options.repeats}"
    )
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, work folder {work}", flush=True)
    print(f"load average at the start: {_load()}", flush=True)
    report = Report()
    begun = time.perf_counter()
    failed: list[str] = []
    try:
        for backend in backends:
            started = time.perf_counter()
            try:
                BackendBench(backend, options, work / backend, report).run()
            except (Exception, SystemExit) as error:
                failed.append(f"{backend}: {type(error).__name__}: {error}")
                traceback.print_exc()
            _say(f"{backend} done in {time.perf_counter() - started:.0f} s")
            print("\n" + report.table(backend) + "\n", flush=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    print("=" * 100)
    print(f"RESULTS ({time.perf_counter() - begun:.0f} s in all; load average now {_load()})")
    print(report.table())
    for note in report.notes:
        print(f"note: {note}")
    if any(r.what.startswith("4a") for r in report.rows):
        print(
            f"note: in 4 the devices' local work (sealing, SQLite writes with fsync) runs in "
            f"{options.fleet_processes} processes on the cores the server uses too; the "
            "server-side rows are the server's own view of the same requests."
        )
    for problem in failed:
        print(f"NOT RUN TO THE END: {problem}")
    if report.profiles:
        print("\nPROFILES (client: cProfile in this process; server: py-spy samples or cProfile)")
        for profile in report.profiles:
            print(profile)
    misses = sum(1 for r in report.rows if r.verdict == "MISS")
    return 1 if failed or misses else 0


if __name__ == "__main__":
    sys.exit(main())
