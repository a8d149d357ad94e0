"""Issue 21 for ``bench/sync.py``: a new laptop's first pull as a whole ``childdesk sync``
process, beside Kinto's client pulling the same records, in the same run.

A village of its own gets ``children`` children, each with a father and a mother (from
``tests.fakes``), created on a seeding laptop and pushed. Then, ``repeats`` times and in
turn: a laptop is enrolled in-process (not timed) and ``python -m desktop sync`` runs as a
process of its own (unlock with Argon2id, imports, pull, sealing, SQLite writes: the
whole of it, timed from outside); and Kinto's client pulls the same records into a new
SQLite file (``kinto_side.py``; one Kinto, given the records once, serves both back
ends). Both run with their bytecode compiled first (``installed_env``). Medians and their
ratio. Beside them, what the pulled records cost per record
in-process: validating and sealing one.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VILLAGE = "330523101009"  # a village of its own, beside the bench's main one
KINTO_API_SAMPLE = 1_000  # records given to Kinto through its API (its push figure)


@dataclass
class FirstPullFigures:
    ours: list[float]
    kinto: list[float]
    kinto_push: float | None
    kinto_pushed: int
    kinto_versions: str
    kinto_problem: str | None
    seal_us: float
    validate_us: float
    # Where a whole process's time starts (medians, seconds): the bare interpreter, the
    # interpreter with what each client imports before its first request, and unlocking.
    bare_start: float = 0.0
    our_imports: float = 0.0
    kinto_imports: float = 0.0
    unlock: float = 0.0


def family_records(children: int) -> tuple[list[Any], list[dict[str, Any]]]:
    """Our NewRecords (children first) and the same records as Kinto data."""
    import uuid

    from desktop.models.store import NewRecord
    from tests.fakes import make_children

    ours: list[Any] = []
    members: list[Any] = []
    for n, child in enumerate(make_children(children, seed=21)):
        child_id = str(uuid.UUID(int=n + 1, version=4))
        ours.append(NewRecord("child", child.child_fields(), child_id))
        members.extend(NewRecord("family_member", f) for f in child.member_fields(child_id))
    ours.extend(members)
    kinto = [{"id": r.id, "kind": r.kind, **r.fields} for r in ours]
    return ours, kinto


def per_record_costs(store: Any, records: list[Any]) -> tuple[float, float]:
    """Microseconds per record to validate it and to seal it (in this process)."""
    from casework.records import to_wire, validate

    sample = records[: min(len(records), 3000)]
    started = time.perf_counter()
    wires = [to_wire(validate(r.kind, r.fields)) for r in sample]
    validated = time.perf_counter() - started
    started = time.perf_counter()
    for record, wire in zip(sample, wires, strict=True):
        store.codec.seal_fields(record.id, record.kind, wire)
    sealed = time.perf_counter() - started
    return 1e6 * validated / len(sample), 1e6 * sealed / len(sample)


# What ``childdesk sync`` imports before its first request (``cli.cmd_sync``: the unlock's
# modules, the store's, then ``_load_sync_modules``), and what Kinto's client does.
OUR_IMPORTS = (
    "import desktop.cli, desktop.services.datadir, desktop.models.store; "
    "from desktop.cli import _load_sync_modules; _load_sync_modules()"
)
KINTO_IMPORTS = "import json, sqlite3; from kinto_http import Client"


def started_in(python: str, code: str, env: dict[str, str]) -> float:
    """Seconds for a new interpreter to run ``code`` and exit."""
    started = time.perf_counter()
    subprocess.run([python, "-c", code], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def start_up(env: dict[str, str], kinto_python: str | None, runs: int = 5) -> list[float]:
    """Medians of [bare interpreter, ours with our imports, Kinto's with its imports],
    each kind run in turn ``runs`` times (0.0 where Kinto is not here)."""
    kinds = [(sys.executable, "pass"), (sys.executable, OUR_IMPORTS)]
    if kinto_python:
        kinds.append((kinto_python, KINTO_IMPORTS))
    times: list[list[float]] = [[] for _ in kinds]
    for _ in range(runs):
        for spent, (python, code) in zip(times, kinds, strict=True):
            spent.append(started_in(python, code, env))
    medians = [statistics.median(spent) for spent in times]
    return medians + [0.0] * (3 - len(medians))


def unlock_seconds(runs: int = 5) -> float:
    """Median time of one passphrase derivation as an unlock runs it, with a new store's
    key-slot parameters (DESIGN §7's floor: 64 MiB, 3 passes)."""
    from desktop.models.keyslots import KdfParams, derive_passphrase_key

    params = KdfParams()
    spent = []
    for _ in range(runs):
        salt = os.urandom(16)
        started = time.perf_counter()
        derive_passphrase_key("benchmark passphrase", salt, params)
        spent.append(time.perf_counter() - started)
    return statistics.median(spent)


def installed_env(work: Path) -> dict[str, str]:
    """The environment both whole processes run in: as installed programs run, with their
    modules' bytecode compiled. A ``PYTHONDONTWRITEBYTECODE`` left in the bench's own
    environment would have every run compile the app from source, which an installed app
    never does; the bytecode goes to a cache in the bench's work folder, not the repo."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def warm_up(env: dict[str, str]) -> None:
    """Compile what ``childdesk sync`` imports into ``env``'s bytecode cache (untimed)."""
    subprocess.run(
        [sys.executable, "-c", "import desktop.cli, desktop.sync.engine, requests"],
        env=env,
        check=True,
        capture_output=True,
    )


def whole_process_sync(
    data_dir: Path, passphrase: str, env: dict[str, str] | None = None
) -> tuple[float, dict[str, Any]]:
    """``python -m desktop sync`` on an enrolled folder: wall seconds and its summary."""
    env = {**(env or os.environ), "CHILDDESK_PASSPHRASE": passphrase, "CHILDDESK_LANG": "en"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), "sync"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"childdesk sync failed: {done.stderr.strip()[-2000:]}")
    return elapsed, json.loads(done.stdout)


def run(
    *,
    server: Any,
    work: Path,
    children: int,
    repeats: int,
    passphrase: str,
    enrol: Callable[[str, str], tuple[Any, Path]],
    say: Callable[[str], None],
) -> FirstPullFigures:
    """Seed the village, then alternate our whole-process first pull with Kinto's."""

    from desktop.sync.engine import run_sync

    server.add_village(VILLAGE, "演示桥村", VILLAGE[:9])
    records, kinto_records = family_records(children)
    seeder, _ = enrol("seeder21", VILLAGE)
    seeder.store.create_many(records)
    summary = run_sync(seeder.store, seeder.client)
    if summary.pushed != len(records) or summary.rejected:
        raise SystemExit(f"first-pull seeding: {summary.to_json()}")
    validate_us, seal_us = per_record_costs(seeder.store, records)
    seeder.close()
    say(f"first pull: village of {children:,} children, {len(records):,} records pushed")

    kinto = _kinto_once(work.parent)
    kinto.ready(kinto_records, say)
    figures = FirstPullFigures(
        [], [], kinto.push_seconds, kinto.pushed, kinto.versions, kinto.problem, seal_us,
        validate_us,
    )  # fmt: skip
    return _alternate(records, kinto.url, kinto.work, repeats, passphrase, enrol, say, figures)


class KintoOnce:
    """One Kinto for the whole bench run: installed, started and given the records once
    (its push is slow), then pulled from beside each back end's own runs."""

    def __init__(self, work: Path) -> None:
        self.work = work / "kinto"
        self.stack = contextlib.ExitStack()
        self.url = ""
        self.problem: str | None = None
        self.versions = ""
        self.push_seconds: float | None = None
        self.pushed = 0
        self._started = False

    def ready(self, records: list[dict[str, Any]], say: Callable[[str], None]) -> None:
        import kinto_side

        if self._started:
            return
        self._started = True
        try:
            self.versions = kinto_side.ensure_installed()
            # Kinto has no SQLite storage: beside either county server it keeps its
            # records in a PostgreSQL database of its own on the same machine.
            storage = self.stack.enter_context(kinto_side.fresh_database())
            self.url = self.stack.enter_context(kinto_side.running(storage, self.work))
            sample = records[:KINTO_API_SAMPLE]
            self.push_seconds = kinto_side.push(self.url, sample, self.work)
            self.pushed = len(sample)
            kinto_side.seed(storage, records[KINTO_API_SAMPLE:])
            say(
                f"kinto: {len(sample):,} records pushed through its API in "
                f"{self.push_seconds:.1f} s, {len(records) - len(sample):,} more into its storage"
            )
        except Exception as error:  # the bench goes on with our figures and says why
            last = str(error).strip().splitlines()[-1:] or [""]
            self.problem = f"{type(error).__name__}: {last[0][:200]}"
            self.url = ""

    def close(self) -> None:
        self.stack.close()


_KINTO: list[KintoOnce] = []


def _kinto_once(work: Path) -> KintoOnce:
    if not _KINTO:
        _KINTO.append(KintoOnce(work))
        atexit.register(_KINTO[0].close)
    return _KINTO[0]


def _alternate(
    records: list[Any],
    kinto_url: str,
    work: Path,
    repeats: int,
    passphrase: str,
    enrol: Callable[[str, str], tuple[Any, Path]],
    say: Callable[[str], None],
    figures: FirstPullFigures,
) -> FirstPullFigures:
    import kinto_side

    ours, kinto = figures.ours, figures.kinto
    env = installed_env(work)
    warm_up(env)
    if kinto_url:
        kinto_side.warm_up(env)
    for attempt in range(repeats):
        device, folder = enrol(f"first21-{attempt}", VILLAGE)
        device.close()
        elapsed, result = whole_process_sync(folder, passphrase, env)
        if result["pulled"] != len(records):
            raise SystemExit(f"first pull: {result}, expected {len(records)}")
        ours.append(elapsed)
        line = f"first pull run {attempt + 1}: childdesk sync {elapsed:.2f} s"
        if kinto_url:
            seconds, count = kinto_side.first_pull(
                kinto_url, work / f"client-{attempt}.sqlite", work, env
            )
            if count != len(records):
                raise SystemExit(f"kinto pulled {count}, expected {len(records)}")
            kinto.append(seconds)
            line += f", kinto client {seconds:.2f} s"
        say(line)
    kinto_python = str(kinto_side.python()) if kinto_url else None
    figures.bare_start, figures.our_imports, figures.kinto_imports = start_up(env, kinto_python)
    figures.unlock = unlock_seconds()
    return figures


def median(values: list[float]) -> float:
    return statistics.median(values)
