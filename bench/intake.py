"""A village ledger in the county's layout, 10,000 children, as .xlsx and as .xls:
read + find the table + map + check to the preview, then the import into a fresh
encrypted store; and the crafted sheet (one cell at column XFD on 20,000 rows).

Each figure is a median of ``--runs``, with the peak of Python allocations (tracemalloc)
and the process's peak resident size. Targets (issue 15): preview ≤ 5 s, import ≤ 15 s,
crafted file < 300 MB.

    .venv/bin/python bench/intake.py [--children 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.services.datadir import DataDir, init_store
from desktop.services.ledger_intake import apply_import, plan_import, read_ledger
from tests.county_ledgers import make_children, write_flat_xls, write_flat_xlsx

PASSPHRASE = "bench-zhulin-4821-qingtian"


def _measure(work: Callable[[], Any], *, traced: bool = False) -> tuple[float, float, Any]:
    """Seconds, Python peak (MiB, only when ``traced``: tracing slows the work ~2×)."""
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else 0.0
    if traced:
        tracemalloc.stop()
    return elapsed, peak, result


def _crafted(path: Path, *, with_names: bool = False) -> Path:
    """One cell at column XFD on 20,000 rows (``with_names``: and a name in column A,
    which a dense reader would make a 20,000 × 16,384 grid)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    for n in range(20_000):
        sheet.append([f"童{n}" if with_names else None, *([None] * 16382), "x"])
    book.save(path)
    return path


def _resident_peak_of_reading(path: Path) -> tuple[float, float]:
    """Seconds and peak resident MiB of reading ``path`` in a fresh process (calamine's
    memory is outside Python's allocator, so tracemalloc alone would not see it)."""
    script = (
        "import sys, time; sys.path.insert(0, sys.argv[2]);"
        "from tests.memory import peak_resident_mib as _peak_mib;"
        "from desktop.services.ledger_intake import read_ledger;"
        "from casework.ledger import LedgerError;"
        "t = time.perf_counter()\n"
        "try: read_ledger(sys.argv[1])\n"
        "except LedgerError: pass\n"
        "print(time.perf_counter() - t, _peak_mib())"
    )
    root = str(Path(__file__).resolve().parents[1])
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), root], capture_output=True, text=True, check=True
    )
    seconds, peak = done.stdout.split()
    return float(seconds), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-intake-"))
    kids = make_children(args.children)
    files = {
        ".xlsx": write_flat_xlsx(work / "台账.xlsx", kids),
        ".xls": write_flat_xls(work / "台账.xls", kids),
    }
    print(f"{args.children:,} children, county layout; medians of {args.runs}")
    for suffix, path in files.items():
        previews: list[float] = []
        imports: list[float] = []
        peaks: list[float] = []
        for run in range(args.runs):
            store = init_store(
                DataDir(work / f"s{suffix}{run}"),
                village_code="330523101001",
                passphrase=PASSPHRASE,
                user="bench",
            )
            seconds, _peak, plan = _measure(lambda s=store, f=path: plan_import(s, read_ledger(f)))
            previews.append(seconds)
            if run == 0:
                peaks.append(_measure(lambda f=path: read_ledger(f), traced=True)[1])
            seconds, _peak, result = _measure(lambda s=store, p=plan: apply_import(s, p))
            imports.append(seconds)
            assert result.created == args.children, result
        size = path.stat().st_size / 2**20
        read_seconds, resident = _resident_peak_of_reading(path)
        print(
            f"  {suffix:5} ({size:.1f} MB): preview {statistics.median(previews):.2f} s "
            f"(target ≤ 5; of it reading {read_seconds:.2f} s), import "
            f"{statistics.median(imports):.2f} s (target ≤ 15), reading's Python peak "
            f"{statistics.median(peaks):.0f} MiB, a fresh process reading it {resident:.0f} MiB"
        )
    for label, with_names in (("XFD", False), ("A and XFD", True)):
        crafted = _crafted(work / f"crafted-{with_names}.xlsx", with_names=with_names)
        seconds, peak, _ledger = _measure(lambda c=crafted: _try_read(c), traced=True)
        _seconds, resident = _resident_peak_of_reading(crafted)
        print(
            f"  crafted {label} × 20,000 rows ({crafted.stat().st_size / 1024:.0f} KB): "
            f"{seconds:.2f} s, Python peak {peak:.0f} MiB, a fresh process's peak resident "
            f"size {resident:.0f} MiB (target < 300)"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  process peak resident size over the whole run: {rss:.0f} MiB")


def _try_read(path: Path) -> object:
    from casework.ledger import LedgerError

    try:
        return read_ledger(path)
    except LedgerError as error:
        return error.message.zh


if __name__ == "__main__":
    main()
