"""Many laptops syncing at once, spread over worker processes (``bench/sync.py`` phase 4).

Each laptop is a machine of its own: 200 of them in one Python process would measure
that process's lock (every device's sealing and SQLite writes queued on one GIL) more
than the county server. So the fleet is split over ``processes`` workers (this file run
as ``python bench/fleet.py --worker``), each enrolling and unlocking its share, then
running all of them at once from threads when told; the coordinator (:class:`Fleet`)
tells every worker the same moment to start and gathers each laptop's timing.

The workers still share the machine's cores with the server, as the devices did before.

One JSON object per line in both directions:

- to a worker: ``{"server", "root", "passphrase", "devices": [[name, code], ...]}`` once,
  then ``{"do": "sync", "at": <time.time()>}``, ``{"do": "edit", "count": n}`` or
  ``{"do": "quit"}``;
- from a worker: ``{"ready": n}``, then one answer per command (``{"results": [...]}``
  for a sync, ``{"done": n}`` for edits).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sync import process_cpu  # bench/sync.py, whose phase 4 this is

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class LaptopSync:
    """One laptop's sync in a round: its time, the part in HTTP calls, what it moved."""

    total: float
    http: float
    pulled: int
    pushed: int
    rejected: int
    conflicts: int


@dataclass(frozen=True)
class FleetRound:
    syncs: list[LaptopSync]
    errors: list[str]
    cpu: float  # CPU seconds all the workers used during the round


class Fleet:
    """The coordinator's side: ``processes`` workers sharing ``devices`` out."""

    def __init__(
        self,
        server_url: str,
        root: Path,
        passphrase: str,
        devices: Sequence[tuple[str, str]],
        processes: int,
    ) -> None:
        processes = max(1, min(processes, len(devices)))
        shares = [list(devices[i::processes]) for i in range(processes)]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "bench")])}
        self._workers = [
            subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in shares
        ]
        for worker, share in zip(self._workers, shares, strict=True):
            _send(worker, {"server": server_url, "root": str(root), "passphrase": passphrase,
                           "devices": share})  # fmt: skip
        for worker in self._workers:
            _answer(worker, "ready")  # every worker's laptops enrolled and unlocked

    @property
    def processes(self) -> int:
        return len(self._workers)

    def sync_all(self) -> FleetRound:
        """Every laptop's ``run_sync`` at once: each worker is told the same moment."""
        cpu_before = sum(process_cpu(w.pid) for w in self._workers)
        at = time.time() + 0.3
        for worker in self._workers:
            _send(worker, {"do": "sync", "at": at})
        syncs: list[LaptopSync] = []
        errors: list[str] = []
        for worker in self._workers:
            for result in _answer(worker, "results"):
                if "error" in result:
                    errors.append(result["error"])
                else:
                    syncs.append(LaptopSync(**result))
        cpu = sum(process_cpu(w.pid) for w in self._workers) - cpu_before
        return FleetRound(syncs, errors, cpu)

    def edit_all(self, count: int) -> None:
        """``count`` children's notes edited on every laptop (saved, waiting to go)."""
        for worker in self._workers:
            _send(worker, {"do": "edit", "count": count})
        for worker in self._workers:
            _answer(worker, "done")

    def close(self) -> None:
        for worker in self._workers:
            if worker.poll() is None:
                try:
                    _send(worker, {"do": "quit"})
                    worker.wait(timeout=60)
                except (OSError, subprocess.TimeoutExpired):
                    worker.kill()


def _send(worker: subprocess.Popen[str], message: dict[str, Any]) -> None:
    stdin: IO[str] | None = worker.stdin
    assert stdin is not None
    stdin.write(json.dumps(message) + "\n")
    stdin.flush()


def _answer(worker: subprocess.Popen[str], key: str) -> Any:
    stdout: IO[str] | None = worker.stdout
    assert stdout is not None
    line = stdout.readline()
    if not line:
        raise RuntimeError(f"fleet worker {worker.pid} ended (exit {worker.wait()})")
    return json.loads(line)[key]


# -- the worker -------------------------------------------------------------------------


def _worker() -> None:
    import sync as bench  # bench/sync.py: enrolment and the timed sync, as in one process

    spec = json.loads(sys.stdin.readline())
    root = Path(spec["root"])
    bench.PASSPHRASE = spec["passphrase"]
    server = _Server(spec["server"])
    laptops = [bench.enrol_device(server, root, name, code) for name, code in spec["devices"]]
    _reply({"ready": len(laptops)})
    with ThreadPoolExecutor(max_workers=max(1, len(laptops))) as pool:
        for line in sys.stdin:
            command = json.loads(line)
            if command["do"] == "sync":
                barrier = threading.Barrier(len(laptops))
                at = float(command["at"])
                futures = [pool.submit(_one_sync, bench, laptop, barrier, at) for laptop in laptops]
                _reply({"results": [f.result() for f in futures]})
            elif command["do"] == "edit":
                for laptop in laptops:
                    _edit(laptop, int(command["count"]))
                _reply({"done": len(laptops)})
            else:
                break
    for laptop in laptops:
        laptop.close()


@dataclass
class _Server:
    base_url: str


def _one_sync(bench: Any, laptop: Any, barrier: threading.Barrier, at: float) -> dict[str, Any]:
    barrier.wait(timeout=600)
    time.sleep(max(0.0, at - time.time()))
    try:
        timing = bench.timed_sync(laptop)
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"[:300]}
    summary = timing.summary
    return {
        "total": timing.total,
        "http": timing.push_http + timing.pull_http,
        "pulled": summary.pulled,
        "pushed": summary.pushed,
        "rejected": summary.rejected,
        "conflicts": summary.conflicts,
    }


def _edit(laptop: Any, count: int) -> None:
    from sqlalchemy import select

    from desktop.models.tables import Record

    with laptop.store.engine.connect() as connection:
        ids = list(
            connection.scalars(
                select(Record.id).where(Record.kind == "child").order_by(Record.id).limit(count)
            )
        )
    for j, record_id in enumerate(ids):
        laptop.store.update(record_id, {"notes": f"{laptop.name} 第{j}条补充"})


def _reply(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:
    _worker()
