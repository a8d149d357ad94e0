"""Why the children list is not a RowsTableModel (desktop/ui/table_models/children.py).

    .venv/bin/python bench/children_model.py [--children 10000] [--runs 5]

In one process, side by side (offscreen Qt):

- the cost of turning N children into :class:`Row` values (every column's text and sort
  key), what RowsTableModel needs before it shows anything, once per load;
- one paint's questions to the model, 30 rows × 7 columns × the 9 roles a view asks of
  every cell, 20 times: through :class:`ChildFilterProxy` (over ChildTableModel) and
  through a RowsTableModel holding the same rows.

Medians over the runs; on a shared machine read the ratio, not the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractItemModel, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from casework.visits_policy import VisitDue  # noqa: E402
from desktop.models.tables import SyncStatus  # noqa: E402
from desktop.services.casefile import ChildSummary  # noqa: E402
from desktop.ui.table_models.children import ChildFilterProxy, ChildTableModel, Column  # noqa: E402
from desktop.ui.table_models.rows import Row, RowsTableModel  # noqa: E402

PAINTED_ROWS, PAINTED_COLUMNS, PAINTS = 30, 7, 20
ROLES = [
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
        Qt.ItemDataRole.ToolTipRole,
    )
]


def children(count: int) -> list[ChildSummary]:
    first = ChildSummary(
        id="0",
        name="王小明",
        gender="male",
        birth_date="2015-03-08",
        id_number_masked="330523********1235",
        village_code="330523101001",
        categories=("left_behind",),
        in_difficulty=False,
        risk_level="low",
        key_child=False,
        last_visit=None,
        next_visit=VisitDue(date(2026, 1, 1), "overdue", 30),
        sync_state=SyncStatus.PENDING,
    )
    return [replace(first, id=str(i), name=f"王小明{i}") for i in range(count)]


def as_rows(summaries: list[ChildSummary]) -> list[Row]:
    model = ChildTableModel()
    model.set_children(summaries)
    return [
        Row(
            texts=tuple(model._display(s, c) for c in Column),
            payload=s,
            sort_keys=tuple(model._sort_key(s, c) for c in Column),
        )
        for s in summaries
    ]


def paint(model: QAbstractItemModel) -> Callable[[], None]:
    cells = [model.index(r, c) for r in range(PAINTED_ROWS) for c in range(PAINTED_COLUMNS)]

    def run() -> None:
        for _ in range(PAINTS):
            for index in cells:
                for role in ROLES:
                    model.data(index, role)

    return run


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    summaries = children(args.children)
    source = ChildTableModel()
    source.set_children(summaries)
    proxy = ChildFilterProxy()
    proxy.setSourceModel(source)
    rows = RowsTableModel(lambda: [c.name for c in Column])
    rows.set_rows(as_rows(summaries))
    built = median_ms(lambda: as_rows(summaries), args.runs)
    ours, theirs = median_ms(paint(proxy), args.runs), median_ms(paint(rows), args.runs)
    print(f"{args.children} children as Rows (every text and sort key): {built:.0f} ms a load")
    print(
        f"a paint's questions ×{PAINTS}: ChildFilterProxy {ours:.1f} ms, "
        f"RowsTableModel {theirs:.1f} ms ({theirs / ours:.1f}×)"
    )
    del app


if __name__ == "__main__":
    main()
