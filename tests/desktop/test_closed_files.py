"""Closed files (退出/结案, issue 17 item 5: "closed files go to an archive list") leave the
statistics, the supervision counts, `childdesk list` and the ledger's category sheets;
the monthly figures count a closure in its month and never after."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from casework.closure import closing
from desktop.models.store import CaseStore
from desktop.services.ledger import CLOSED_SHEET, SUMMARY_SHEET, export_ledger
from desktop.services.month_figures import month_figures
from desktop.sync.state import SyncState
from desktop.usecases.statistics import load_statistics
from desktop.usecases.supervision import supervision_overview
from tests.desktop.conftest import VILLAGE
from tests.desktop.test_cli import run

TODAY = date(2026, 11, 28)


def _left_behind(store: CaseStore, name: str, **extra: Any) -> str:
    child = store.create(
        "child",
        {"name": name, "gender": "female", "birth_date": "2016-05-01",
         "opened_on": "2025-01-05", **extra},
    )  # fmt: skip
    for relation in ("father", "mother"):
        store.create(
            "family_member",
            {"child_id": child, "relation": relation,
             "situations": [{"kind": "migrant_work", "since": "2019-01-01"}]},
        )  # fmt: skip
    return child


def _closed(store: CaseStore, name: str, day: date) -> str:
    fields = closing("parents_returned", day, "父母均已返乡照料")
    return _left_behind(store, name, **fields)


def test_a_file_closed_in_october_counts_there_and_never_after(store: CaseStore) -> None:
    # Issue 17 item 5 (退出/结案): the closing month counts it, later months do not.
    _left_behind(store, "安安")
    _closed(store, "贝贝", date(2026, 10, 12))
    september = month_figures(store, date(2026, 9, 1))
    october = month_figures(store, date(2026, 10, 1))
    november = month_figures(store, date(2026, 11, 1))
    assert (september.totals.children, september.totals.in_scope) == (2, 2)
    assert september.totals.closed_cases == 0
    assert october.totals.closed_cases == 1 and october.totals.in_scope == 1
    (line,) = october.closed_cases
    assert (line.child_name, line.day, line.what) == ("贝贝", date(2026, 10, 12), "结案：父母返乡")
    assert line.state == "父母均已返乡照料"
    assert november.totals.children == 1 and november.totals.closed_cases == 0
    assert [c.name for c in november.children] == ["安安"]


def test_statistics_and_supervision_leave_closed_files_out(store: CaseStore) -> None:
    # Issue 17 item 5: a closed file is in the archive, not in the counts.
    _left_behind(store, "安安")
    _closed(store, "贝贝", date(2026, 10, 12))
    statistics = load_statistics(store, today=TODAY, months=2)
    assert statistics.children == 1
    assert dict(statistics.by_category)["left_behind"] == 1
    assert [v.children for v in statistics.by_village] == [1]
    SyncState(store).put({"role": "director", "scope_level": "village", "scope_code": VILLAGE})
    overview = supervision_overview(store, today=TODAY)
    assert [(v.children, v.missing_entrustments) for v in overview.villages] == [(1, 1)]


def test_the_ledger_puts_closed_files_on_their_own_sheet(store: CaseStore, tmp_path: Path) -> None:
    # Issue 17 item 5; "statistics and the ledger summary count each child ... once".
    _left_behind(store, "安安")
    _closed(store, "贝贝", date(2026, 10, 12))
    path = tmp_path / "台账.xlsx"
    assert export_ledger(store, path, today=TODAY) == 2
    workbook = load_workbook(path, read_only=True)
    left = [r[0] for r in workbook["农村留守儿童"].iter_rows(min_row=2, values_only=True)]
    closed = [r[0] for r in workbook[CLOSED_SHEET].iter_rows(min_row=2, values_only=True)]
    summary = list(workbook[SUMMARY_SHEET].iter_rows(values_only=True))
    workbook.close()
    assert left == ["安安"] and closed == ["贝贝"]
    row = dict(zip(summary[0], summary[1], strict=True))
    assert row["农村留守儿童"] == 1 and row["儿童人数"] == 1 and row["已结案（退出）"] == 1


def test_childdesk_list_shows_closed_files_only_with_closed(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    assert run(folder, "init", "--village", VILLAGE, "--user", "director1").returncode == 0
    ids = []
    for name in ("安安", "贝贝"):
        added = run(folder, "add", "child", "--set", f"name={name}", "--set", "gender=female",
                    "--set", "birth_date=2016-05-01")  # fmt: skip
        assert added.returncode == 0, added.stderr
        ids.append(added.stdout.strip())
    edited = run(folder, "edit", ids[1][:8], "--set", "file_closed_on=2026-10-12",
                 "--set", "closure_reason=moved_out")  # fmt: skip
    assert edited.returncode == 0, edited.stderr
    listed = json.loads(run(folder, "list", "--json").stdout)
    archived = json.loads(run(folder, "list", "--json", "--closed").stdout)
    assert [c["id"] for c in listed] == [ids[0]]
    assert [c["id"] for c in archived] == [ids[1]]
