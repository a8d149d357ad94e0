"""Kill the real CLI with SIGKILL at random points of imports, edits and new visits.

Each round starts ``childdesk`` doing one change (an ``edit`` setting a unique marker, an
``import`` of a small ledger, or an ``add`` of a visit) and kills it after a random delay,
unless it has already exited. A change is *acknowledged* when exit status 0 was seen
before any kill was sent. Every 25 rounds and at the end: ``childdesk check`` passes, every
acknowledged change is there, an import is there whole or not at all, and nothing is there
twice.

The CLI spends most of its life starting up (imports, then about 0.2 s of key derivation)
before the short write. A delay drawn from 0–1.5 s after the start would almost never
reach the write, so the kill delay is drawn from a 1.5 s window that ends just after the
duration of that command (a few rounds draw from the whole run): kills land in start-up,
key derivation, the write, the commit and the exit. The duration is measured under the
current load by letting one run of each command finish after every check.

Whether a killed run got past its commit is read from the audit table's row count (in
the clear), before and after the round: all of an import's rows or none, one per edit.

``CHILDDESK_KILLS`` sets how many kills of a running process are wanted (16 in the smoke
profile of ``make test``, 200 in the quick one, 1,000 in the full one);
``CHILDDESK_KILL_LANES`` how many data folders are exercised side by side (default 2).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from desktop.models.store import CaseStore
from desktop.services.datadir import DataDir, open_store
from tests.fakes import FakeChild, FakePeople, write_ledger
from tests.reliability.profile import count
from tests.reliability.results import record

PASSPHRASE = "kill-loop passphrase"
VILLAGE = "330523101001"
KILLS = count(200, 1000, smoke=16, override="CHILDDESK_KILLS")
LANES = max(1, int(os.environ.get("CHILDDESK_KILL_LANES", "2")))
VERIFY_EVERY = 25
WINDOW = 1.5  # seconds of kill window
BASE_CHILDREN = 8
BATCH = 3  # children per imported ledger
OPS = ("edit", "import", "add")
MAX_ROUNDS_PER_KILL = 3  # give up if kills are this rare (the CLI got much faster)
# Two Argon2id derivations at once in one process hang (cryptography 50, OpenSSL's
# argon2 thread pool), so the lanes unlock their stores in this process one at a time.
_UNLOCK = threading.Lock()


def _open(data_dir: Path) -> CaseStore:
    with _UNLOCK:
        return open_store(DataDir(data_dir), passphrase=PASSPHRASE)


@dataclass
class Counts:
    rounds: int = 0
    killed_before_commit: int = 0
    killed_after_commit: int = 0
    calibration: int = 0  # left to finish, to measure how long the command takes
    completed: int = 0  # exited 0 before the kill was due: acknowledged, no kill sent
    finished_at_kill: int = 0  # exited 0 just as the kill was due (no signal reached it)
    by_op: Counter[str] = field(default_factory=Counter)

    @property
    def kills(self) -> int:
        return self.killed_before_commit + self.killed_after_commit


class Shared:
    """The kill count all lanes work towards, and every lane's counters."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.kills = 0
        self.lanes: list[Counts] = []

    def add_kill(self) -> None:
        with self.lock:
            self.kills += 1

    def done(self) -> bool:
        with self.lock:
            return self.kills >= KILLS


class Lane:
    """One data folder and the changes made to it, acknowledged or not."""

    def __init__(self, root: Path, number: int, shared: Shared) -> None:
        self.root = root
        self.data_dir = root / "data"
        self.shared = shared
        self.random = random.Random(1000 + number)
        self.people = FakePeople(seed=2000 + number)
        self.counts = Counts()
        self.env = {
            **os.environ,
            "CHILDDESK_PASSPHRASE": PASSPHRASE,
            "CHILDDESK_NEW_PASSPHRASE": PASSPHRASE,
            # Compiled bytecode cached outside the repository: a shorter start-up means
            # more rounds per minute (PYTHONDONTWRITEBYTECODE would recompile every time).
            "PYTHONPYCACHEPREFIX": str(root.parent / "pycache"),
        }
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.durations: dict[str, list[float]] = {op: [] for op in OPS}
        self.child_ids: list[str] = []
        # edits: child id -> markers issued in order; the acknowledged ones
        self.markers: dict[str, list[str]] = {}
        self.acked_markers: dict[str, str] = {}
        # imports: batch number -> its children; which were acknowledged
        self.batches: dict[int, list[FakeChild]] = {}
        self.acked_batches: set[int] = set()
        # visits: visitor marker -> acknowledged?
        self.visits: dict[str, bool] = {}
        self.failures: list[str] = []
        self.sequence = 0

    # -- running the CLI ---------------------------------------------------------------

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "desktop", "--data-dir", str(self.data_dir), *args]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*args), env=self.env, capture_output=True, text=True, timeout=300
        )

    def audit_rows(self) -> int:
        # The audit table is in the clear (ids, field names): one row per record written.
        connection = sqlite3.connect(self.data_dir / "childdesk.sqlite", timeout=30)
        try:
            return int(connection.execute("select count(*) from audit").fetchone()[0])
        finally:
            connection.close()

    def setup(self) -> None:
        result = self.run("init", "--village", VILLAGE, "--user", "director1")
        assert result.returncode == 0, result.stderr
        base = self.people.children(BASE_CHILDREN)
        ledger = write_ledger(self.root / "base.xlsx", base)
        result = self.run("import", str(ledger))
        assert result.returncode == 0, result.stderr
        store = _open(self.data_dir)
        self.child_ids = [c.id for c in store.records("child")]
        assert len(self.child_ids) == BASE_CHILDREN
        self.batches[-1] = base
        self.acked_batches.add(-1)
        self.calibrate()

    def calibrate(self) -> None:
        """One run of each command left to finish: how long it takes under today's load."""
        for op in OPS:
            self.round(op, kill_after=None)

    # -- one round ---------------------------------------------------------------------

    def prepare(self, op: str) -> tuple[list[str], str, int]:
        """The command line of one change, its key, and how many audit rows it writes."""
        self.sequence += 1
        number = self.sequence
        if op == "edit":
            child_id = self.random.choice(self.child_ids)
            marker = f"marker-{number}"
            self.markers.setdefault(child_id, []).append(marker)
            return (
                self.command("edit", child_id, "--set", f"notes={marker}"),
                f"{child_id}={marker}",
                1,
            )
        if op == "import":
            batch = self.people.children(BATCH)
            self.batches[number] = batch
            ledger = write_ledger(self.root / f"batch-{number}.xlsx", batch)
            return self.command("import", str(ledger)), str(number), BATCH * 3
        visitor = f"kv-{number}"
        self.visits[visitor] = False
        child_id = self.random.choice(self.child_ids)
        return (
            self.command(
                "add",
                "visit",
                "--set",
                f"child_id={child_id}",
                "--set",
                f"visit_date={date.today().isoformat()}",
                "--set",
                f"visitor={visitor}",
            ),
            visitor,
            1,
        )

    def kill_delay(self, op: str) -> float:
        # Only runs left to finish count: those that beat their kill are the quick ones.
        usual = statistics.median(self.durations[op][-3:])
        if self.random.random() < 0.1:  # now and then anywhere in the run
            return self.random.uniform(0, usual)
        end = usual + 0.2
        return self.random.uniform(max(0.0, end - WINDOW), end)

    def acknowledge(self, op: str, key: str) -> None:
        if op == "edit":
            child_id, marker = key.split("=")
            self.acked_markers[child_id] = marker
        elif op == "import":
            self.acked_batches.add(int(key))
        else:
            self.visits[key] = True

    def round(self, op: str, kill_after: float | None) -> None:
        argv, key, writes = self.prepare(op)
        before = self.audit_rows()
        started = time.monotonic()
        process = subprocess.Popen(
            argv, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        killed = False
        try:
            process.wait(timeout=300 if kill_after is None else kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            killed = True
        _, stderr = process.communicate(timeout=300)
        elapsed = time.monotonic() - started
        delta = self.audit_rows() - before
        self.counts.rounds += 1
        self.counts.by_op[op] += 1
        if delta not in (0, writes):
            self.failures.append(f"{op} {key}: {delta} audit rows, expected 0 or {writes}")
        if process.returncode == -signal.SIGKILL:
            self.shared.add_kill()
            if delta:
                self.counts.killed_after_commit += 1
            else:
                self.counts.killed_before_commit += 1
            return
        if process.returncode != 0:
            self.failures.append(f"{op} {key} failed by itself: {stderr[-500:]}")
            return
        # Exit status 0 seen, no kill delivered: acknowledged.
        if kill_after is None:
            self.counts.calibration += 1
            self.durations[op].append(elapsed)
        elif killed:  # it exited between the last wait and the kill (no signal reached it)
            self.counts.finished_at_kill += 1
        else:
            self.counts.completed += 1
        self.acknowledge(op, key)
        if delta != writes:
            self.failures.append(f"{op} {key} acknowledged but wrote {delta} rows")

    # -- checking ----------------------------------------------------------------------

    def verify(self) -> None:
        result = self.run("check")
        assert result.returncode == 0, f"check failed: {result.stdout}{result.stderr}"
        store = _open(self.data_dir)
        children = store.records("child")
        by_id_number = Counter(str(c.fields["id_number"]) for c in children)
        twice = [n for n, count in by_id_number.items() if count > 1]
        assert not twice, f"children filed twice: {twice}"
        members = Counter(
            (m.child_id, m.fields["relation"]) for m in store.records("family_member")
        )
        assert all(count == 1 for count in members.values()), "a family member twice"
        for child in children:
            assert members[(child.id, "father")] == 1 and members[(child.id, "mother")] == 1
        for number, batch in self.batches.items():
            present = [by_id_number[c.id_number] for c in batch]
            if number in self.acked_batches:
                assert present == [1] * len(batch), f"acknowledged import {number}: {present}"
            else:
                assert present in ([0] * len(batch), [1] * len(batch)), (
                    f"import {number} half written: {present}"
                )
        notes = {c.id: c.fields.get("notes") for c in children}
        for child_id, issued in self.markers.items():
            value = notes[child_id]
            acked = self.acked_markers.get(child_id)
            if value is None:
                assert acked is None, f"{child_id}: acknowledged {acked} lost"
                continue
            assert value in issued, f"{child_id}: {value} was never set on it"
            if acked is not None:
                assert issued.index(value) >= issued.index(acked), (
                    f"{child_id}: acknowledged {acked} went back to {value}"
                )
        visitors = Counter(str(v.fields["visitor"]) for v in store.records("visit"))
        assert all(count == 1 for count in visitors.values()), "a visit twice"
        for visitor, visit_acked in self.visits.items():
            if visit_acked:
                assert visitors[visitor] == 1, f"acknowledged visit {visitor} lost"

    def loop(self) -> None:
        try:
            self.setup()
            since_verify = 0
            while not self.shared.done():
                if self.counts.rounds > MAX_ROUNDS_PER_KILL * KILLS:
                    break
                op = self.random.choice(("edit", "edit", "import", "add"))
                self.round(op, kill_after=self.kill_delay(op))
                since_verify += 1
                if since_verify == VERIFY_EVERY:
                    self.verify()
                    self.calibrate()
                    since_verify = 0
            self.verify()
        except BaseException as error:  # reported by the test on the main thread
            self.failures.append(f"{type(error).__name__}: {error}")


@pytest.mark.slow
def test_sigkill_loses_no_acknowledged_change(tmp_path: Path) -> None:
    shared = Shared()
    lanes = [Lane(tmp_path / f"lane{n}", n, shared) for n in range(LANES)]
    for lane in lanes:
        lane.root.mkdir()
    started = time.monotonic()
    threads = [threading.Thread(target=lane.loop, name=f"lane{n}") for n, lane in enumerate(lanes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Counts()
    for lane in lanes:
        total.rounds += lane.counts.rounds
        total.killed_before_commit += lane.counts.killed_before_commit
        total.killed_after_commit += lane.counts.killed_after_commit
        total.completed += lane.counts.completed
        total.calibration += lane.counts.calibration
        total.finished_at_kill += lane.counts.finished_at_kill
        total.by_op.update(lane.counts.by_op)
    durations = {
        op: statistics.median([d for lane in lanes for d in lane.durations[op]]) for op in OPS
    }
    print(
        f"\nkill loop: {total.rounds} rounds in {time.monotonic() - started:.0f} s on "
        f"{LANES} lanes ({dict(total.by_op)}); usual run "
        + ", ".join(f"{op} {d:.2f} s" for op, d in durations.items())
        + f"\n  killed mid-run: {total.kills} "
        f"({total.killed_before_commit} before the commit, "
        f"{total.killed_after_commit} after the commit, before the exit was seen)"
        f"\n  completed before the kill was due: {total.completed}"
        f"\n  exited 0 just as the kill was due (acknowledged): {total.finished_at_kill}"
        f"\n  left to finish to time the commands (acknowledged): {total.calibration}"
    )
    failures = [f"lane{n}: {f}" for n, lane in enumerate(lanes) for f in lane.failures]
    record(
        "kills",
        total.kills,
        lost=sum("lost" in f or "half written" in f for f in failures),
        duplicated=sum("twice" in f for f in failures),
    )
    assert not failures, "\n".join(failures)
    assert total.kills >= KILLS, f"only {total.kills} kills of a running process"
