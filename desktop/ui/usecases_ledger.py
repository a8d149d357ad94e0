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

from casework.ledger import ImportProgress, RowError, is_blank
from casework.messages import Message
from desktop.models.store import CaseStore

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


def _refused(errors: list[RowError]) -> tuple[RefusedRow, ...]:
    from desktop.services.ledger import SheetRowError

    return tuple(
        RefusedRow(
            error.row_number,
            error.sheet if isinstance(error, SheetRowError) else "",
            tuple((p.header, p.message) for p in error.problems),
        )
        for error in errors
    )


def import_ledger_file(
    store: CaseStore,
    *,
    path: Path,
    skip_invalid: bool,
    progress: ImportProgress | None = None,
) -> ImportOutcome:
    """Check every row, then write the good ones in one transaction.

    With a bad row and ``skip_invalid`` false nothing is written and the outcome lists
    every bad row; a file that cannot be read at all raises ``LedgerError``.
    ``progress``: as ``desktop.services.ledger.import_ledger``'s.
    """
    from desktop.services.ledger import LedgerRowsError, import_ledger, read_rows

    try:
        result = import_ledger(store, path, skip_invalid=skip_invalid, progress=progress)
    except LedgerRowsError as error:
        # Refused as a whole: count the rows once more, to say whether any was fine.
        checked = sum(1 for _n, values in read_rows(path)[1] if not is_blank(values))
        return ImportOutcome(path, False, checked, 0, 0, _refused(error.rows))
    return ImportOutcome(
        path,
        written=result.imported > 0,
        checked=result.imported + len(result.skipped),
        added=result.imported,
        members=result.members,
        refused=_refused(result.skipped),
        ignored_columns=tuple(result.ignored_columns),
        child_ids=tuple(result.child_ids),
    )


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
