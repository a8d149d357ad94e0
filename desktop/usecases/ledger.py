"""台账与报表, Qt-free: export the ledger, save its blank template, import a ledger, and
make the township's monthly work report, each from a path the page has chosen.

The services do the work (``desktop/services/ledger.py``, ``monthly_report.py``); these
functions run on the database lane and hand back frozen results the page shows. An
import is whole or nothing unless the director chooses to skip the bad rows: a refused
import comes back as an :class:`ImportOutcome` with nothing written and every bad row
listed, not as an error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from casework.ledger import ImportProgress, RowError
from casework.messages import Message
from desktop.models.store import CaseStore

if TYPE_CHECKING:
    from desktop.services.ledger_intake import ImportPlan

# The services that read and write workbooks are imported by the functions that use
# them, on the database lane: openpyxl is not worth loading before the window shows.

PDF, XLSX = ".pdf", ".xlsx"


def with_suffix(path: str | os.PathLike[str], suffix: str) -> Path:
    """``path`` ending in ``suffix`` (added when the user typed a name without it)."""
    file = Path(path)
    return file if file.suffix.lower() == suffix else file.with_name(file.name + suffix)


@dataclass(frozen=True)
class LedgerExported:
    path: Path
    children: int
    revealed: bool  # full ID numbers: the file holds personal data


def export_ledger_file(
    store: CaseStore, *, path: Path, reveal_id_numbers: bool, today: date
) -> LedgerExported:
    """The ledger in the township's layout; ID numbers masked unless revealed."""
    from desktop.services.ledger import export_ledger

    file = with_suffix(path, XLSX)
    count = export_ledger(store, file, reveal_id_numbers=reveal_id_numbers, today=today)
    return LedgerExported(file, count, reveal_id_numbers)


def save_ledger_template(*, path: Path) -> Path:
    """The blank ledger: its headers and a sheet explaining each column."""
    from desktop.services.ledger import write_template

    file = with_suffix(path, XLSX)
    write_template(file)
    return file


@dataclass(frozen=True)
class RefusedRow:
    """One ledger row that was not imported: where it is and each reason, in both languages."""

    row_number: int
    sheet: str  # "" for a CSV file or a one-sheet workbook
    problems: tuple[tuple[str, Message], ...]  # (column header, what is wrong)

    def reason(self, *, english: bool = False) -> str:
        if english:
            return "; ".join(f"{header}: {message.en}" for header, message in self.problems)
        return "；".join(f"{header}：{message.zh}" for header, message in self.problems)


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did. ``written`` False: nothing at all was written."""

    path: Path
    written: bool
    checked: int  # rows read and checked (blank rows left out)
    added: int  # children
    members: int  # their family members (parents, entrusted guardian)
    refused: tuple[RefusedRow, ...]
    ignored_columns: tuple[str, ...] = ()
    child_ids: tuple[str, ...] = ()
    updated: int = 0


def _refused(errors: list[RowError]) -> tuple[RefusedRow, ...]:
    from desktop.services.ledger import SheetRowError

    return tuple(
        RefusedRow(
            error.row_number,
            error.sheet if isinstance(error, SheetRowError) else "",
            tuple((p.label(), p.message) for p in error.problems),
        )
        for error in errors
    )


def preview_ledger_file(
    store: CaseStore,
    *,
    path: Path,
    folder: Path,
    mapping: dict[str, dict[str, str]] | None = None,
    progress: ImportProgress | None = None,
) -> ImportPlan:
    """Read a ledger with the remembered (or given) mapping and plan its import."""
    from desktop.services.ledger_intake import plan_import, read_ledger
    from desktop.services.ledger_mappings import load_mappings

    ledger = read_ledger(path, load_mappings(folder))
    if mapping:
        ledger = ledger.with_mapping(mapping)
    return plan_import(store, ledger, progress=progress)


def import_planned(
    store: CaseStore,
    *,
    plan: ImportPlan,
    folder: Path,
    accepted: frozenset[str],
    progress: ImportProgress | None = None,
    opened_on: date | None = None,
) -> ImportOutcome:
    """Write the plan's new children (those without a 建档日期 opened on ``opened_on``)
    and the accepted updates; remember the mapping."""
    from desktop.services.ledger import row_errors
    from desktop.services.ledger_intake import apply_import
    from desktop.services.ledger_mappings import remember_mappings

    result = apply_import(
        store,
        plan,
        accept_updates=lambda row: row.key in accepted,
        progress=progress,
        opened_on=opened_on,
    )
    remember_mappings(folder, plan.ledger.mapping_json())
    notes = [m.header for t in plan.ledger.tables for m in t.mapping if m.target == "记入备注"]
    return ImportOutcome(
        plan.ledger.path,
        written=bool(result.created or result.updated),
        checked=len(plan.rows),
        added=result.created,
        members=result.members,
        refused=_refused(row_errors(plan)),
        ignored_columns=tuple(dict.fromkeys(notes)),
        child_ids=result.child_ids,
        updated=result.updated,
    )


def refused_outcome(plan: ImportPlan) -> ImportOutcome:
    """Nothing written: the plan's refused rows, for the page's list."""
    from desktop.services.ledger import row_errors

    return ImportOutcome(plan.ledger.path, False, len(plan.rows), 0, 0, _refused(row_errors(plan)))


@dataclass(frozen=True)
class ReportWritten:
    month: date  # its first day
    paths: tuple[Path, ...]


def report_paths(chosen: Path, suffixes: tuple[str, ...]) -> tuple[Path, ...]:
    """One file per format: the chosen name, and the others beside it with the same stem."""
    base = chosen.with_suffix("") if chosen.suffix.lower() in suffixes else chosen
    return tuple(base.with_name(base.name + suffix) for suffix in suffixes)


def make_monthly_report(
    store: CaseStore, *, month: date, path: Path, suffixes: tuple[str, ...]
) -> ReportWritten:
    """The township's monthly work report, computed once and written in each format."""
    from desktop.services.documents.monthly_report import write_monthly_report_pdf
    from desktop.services.monthly_report import monthly_report
    from desktop.services.monthly_report_xlsx import write_monthly_report_xlsx

    report = monthly_report(store, month.replace(day=1))
    paths = report_paths(path, suffixes)
    for file in paths:
        if file.suffix.lower() == PDF:
            write_monthly_report_pdf(report, file)
        else:
            write_monthly_report_xlsx(report, file)
    return ReportWritten(report.month, paths)
