"""Figures the battery's tests report, one JSON line each, for the closing table.

A test calls :func:`record` with what it did (``kills``, ``faults``, ``fuzz``, ``matrix``,
``tamper``, ``leaks``) and what it found wrong. Lines go to the file named by
``RELIABILITY_RESULTS`` (set by ``tests/reliability/report.py`` for each pytest run, and
shared with xdist workers through the environment); without it nothing is written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

RESULTS_ENV = "RELIABILITY_RESULTS"

# category -> what its count means, in the table's order
CATEGORIES = {
    "kills": "kills survived",
    "faults": "faults injected",
    "fuzz": "fuzz cases",
    "matrix": "matrix cells",
    "tamper": "tamper cases",
    "leaks": "leak scans",
    # Hardening (issue 16): each kind of attack found once, now a row of its own.
    "bad_values": "bad values refused",
    "redirects": "redirects refused",
    "restore": "server restores survived",
    "roles": "role matrix cells (per kind)",
    "passphrases": "weak passphrases refused",
    "damaged": "damaged cells detected",
    "crafted": "crafted files bounded",
}
PROBLEMS = ("lost", "duplicated", "server_errors", "unexpected_access", "missed")


def record(
    category: str,
    count: int,
    *,
    test: str = "",
    lost: int = 0,
    duplicated: int = 0,
    server_errors: int = 0,
    unexpected_access: int = 0,
    missed: int = 0,
) -> None:
    """Append one line of figures; call it before asserting, so failures are counted too."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    target = os.environ.get(RESULTS_ENV)
    if not target:
        return
    line = {
        "category": category,
        "count": count,
        "test": test or os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0],
        "lost": lost,
        "duplicated": duplicated,
        "server_errors": server_errors,
        "unexpected_access": unexpected_access,
        "missed": missed,  # tampering not detected, or personal data found by a leak scan
    }
    # One write of one short line in append mode: lines from parallel workers don't interleave.
    with Path(target).open("a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def read(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def table(lines: list[dict[str, object]], profile: str) -> str:
    """The battery's one table: a row per category, zeros expected in the problem columns."""
    header = ("", "count", "lost", "duplicated", "5xx", "unexpected access", "undetected/leaked")
    rows: list[tuple[str, ...]] = []
    for category, label in CATEGORIES.items():
        mine = [line for line in lines if line["category"] == category]
        if not mine:
            rows.append((label, "not run", *("-" for _ in PROBLEMS)))
            continue
        sums = [sum(int(str(line.get(key, 0))) for line in mine) for key in ("count", *PROBLEMS)]
        rows.append((label, *(str(value) for value in sums)))
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    rule = "-+-".join("-" * width for width in widths)
    out = [f"reliability battery ({profile} profile)", rule]
    for row in (header, *rows):
        numbers = zip(row[1:], widths[1:], strict=True)
        cells = [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in numbers)]
        out.append(" | ".join(cells))
        if row is header:
            out.append(rule)
    out.append(rule)
    return "\n".join(out)
