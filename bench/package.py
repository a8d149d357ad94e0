"""The packaged app (``make package``): folder size, start-up time beside the unpackaged app,
and its self-test.

    .venv/bin/python bench/package.py [--runs 5] [--dist dist/childdesk]

Start-up is the time from starting the process to its first window being shown (the
app's hidden ``--startup-probe`` prints the monotonic clock then and quits), offscreen, on
an empty data folder (the first-run window, which builds the whole window first) and on a
folder holding a case file (the unlock screen of every other day, shown before the main
window's modules are imported: desktop/ui/startup.py); the median of ``--runs`` runs
after one warm-up run each. The ratio is packaged / unpackaged.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 130.0


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CHILDDESK_LANG"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def first_window_seconds(command: list[str], case_file: Path | None) -> float:
    """``case_file``: a data folder holding one (the unlock screen); None: an empty one."""
    with tempfile.TemporaryDirectory(prefix="childdesk-bench-") as empty:
        started = time.monotonic()
        done = subprocess.run(
            [*command, "--data-dir", str(case_file or empty), "--startup-probe"],
            capture_output=True,
            text=True,
            timeout=300,
            env=_env(),
            cwd=ROOT,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith("first-window ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{command[0]} did not show a window:\n{done.stdout}{done.stderr}")
    return float(lines[-1].split()[1]) - started


def median_start(
    command: list[str], runs: int, case_file: Path | None
) -> tuple[float, list[float]]:
    first_window_seconds(command, case_file)  # warm-up: disk cache, font cache, .pyc files
    times = [first_window_seconds(command, case_file) for _ in range(runs)]
    return statistics.median(times), times


def folder_with_a_case_file(root: Path) -> Path:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from desktop.services.datadir import DataDir, init_store

    folder = DataDir(root / "data")
    init_store(folder, village_code="330523101001", passphrase="benchmark passphrase")
    return folder.root


def self_test(executable: Path) -> tuple[int, str, float]:
    started = time.monotonic()
    done = subprocess.run(
        [str(executable), "--self-test"], capture_output=True, text=True, timeout=300, env=_env()
    )
    last = (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]
    return done.returncode, last, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "childdesk")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    name = "childdesk.exe" if sys.platform == "win32" else "childdesk"
    executable = args.dist / name
    if not executable.exists():
        print(f"{executable} is missing: run `make package` first", file=sys.stderr)
        return 2

    size = folder_bytes(args.dist)
    verdict = "within" if size / 1e6 <= TARGET_MB else "OVER"
    print(
        f"package folder   {args.dist}: {size / 1e6:.1f} MB = {size / 2**20:.1f} MiB "
        f"({verdict} the {TARGET_MB:.0f} MB target)"
    )

    with tempfile.TemporaryDirectory(prefix="childdesk-bench-") as work:
        case_file = folder_with_a_case_file(Path(work))
        for title, folder in (("first run", None), ("unlock screen", case_file)):
            packaged, packaged_runs = median_start([str(executable)], args.runs, folder)
            unpackaged, unpackaged_runs = median_start(
                [sys.executable, "-m", "desktop.app"], args.runs, folder
            )
            print(f"first window, {title}")
            print(f"                 packaged   {packaged:.2f} s (median of {args.runs}: "
                  f"{', '.join(f'{t:.2f}' for t in packaged_runs)})")  # fmt: skip
            print(f"                 unpackaged {unpackaged:.2f} s (median of {args.runs}: "
                  f"{', '.join(f'{t:.2f}' for t in unpackaged_runs)})")  # fmt: skip
            print(f"                 ratio packaged/unpackaged {packaged / unpackaged:.2f}")

    code, last, seconds = self_test(executable)
    print(f"self-test        exit {code} in {seconds:.1f} s: {last}")
    return 0 if code == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
