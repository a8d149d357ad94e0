"""The layers of the code, as README's map draws them, hold: a forbidden import fails here.

- ``casework`` is pure rules: never desktop, the county server, Qt or SQLAlchemy (it runs on
  the server, in the CLI and under the window alike);
- the county server never imports the desktop app or Qt;
- Qt widgets only under ``desktop/ui/`` (the CLI, the services and the sync run without a
  screen);
- the use cases (``desktop/usecases``: what the window asks, Qt-free) never import the window,
  and the services below them import neither; the store and the sync import none of these;
- the window reaches the store, the services and the sync through the use cases: it takes
  types and errors from below them, and calls below them only where ``CALLS_ALLOWED`` says
  why (start-up before the store loads, pure rules such as the passphrase meter);
- no two modules import each other (``app``↔``selftest``, ``cli``↔``cli_reports``: what they
  share lives in a small module of its own).

Every ``import`` counts, the lazy ones inside functions too: they run as surely, only later.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("casework", "desktop", "county_server")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_names(path: Path) -> Iterator[str]:
    """Absolute module names ``path`` imports (``from a import b`` gives ``a`` and ``a.b``)."""
    package = _module_name(path).rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _graph() -> dict[str, frozenset[str]]:
    return {
        _module_name(path): frozenset(_imported_names(path))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


GRAPH = _graph()


def _reaches(names: frozenset[str], prefix: str) -> list[str]:
    return sorted(n for n in names if n == prefix or n.startswith(prefix + "."))


WINDOW, SERVICES, SYNC = "desktop.ui", "desktop.services", "desktop.sync"
USECASES = "desktop.usecases"
RULES: list[tuple[str, str, tuple[str, ...]]] = [
    ("casework is pure rules", "casework", ("desktop", "county_server", "PySide6", "sqlalchemy")),
    ("the server stands alone", "county_server", ("desktop", "PySide6")),
    ("services never reach the window", SERVICES, (WINDOW, USECASES)),
    ("the use cases never reach the window", USECASES, (WINDOW, "PySide6")),
    ("the store reaches no other layer", "desktop.models", (WINDOW, SERVICES, SYNC)),
    ("the sync reaches neither window nor services", SYNC, (WINDOW, SERVICES)),
]


@pytest.mark.parametrize(("rule", "layer", "forbidden"), RULES, ids=[r[0] for r in RULES])
def test_layer_imports_nothing_forbidden(rule: str, layer: str, forbidden: tuple[str, ...]) -> None:
    found = {
        module: hits
        for module, names in GRAPH.items()
        if module == layer or module.startswith(layer + ".")
        for hits in [[hit for prefix in forbidden for hit in _reaches(names, prefix)]]
        if hits
    }
    assert not found, f"{rule}: {found}"


def test_qt_widgets_only_under_desktop_ui() -> None:
    found = {
        module: _reaches(names, "PySide6.QtWidgets")
        for module, names in GRAPH.items()
        if not module.startswith("desktop.ui") and _reaches(names, "PySide6.QtWidgets")
    }
    assert not found, f"QtWidgets outside desktop/ui: {found}"


def test_no_two_modules_import_each_other() -> None:
    modules = set(GRAPH)
    pairs = sorted(
        (a, b)
        for a, names in GRAPH.items()
        for b in names & modules
        if a < b and a in GRAPH.get(b, frozenset()) and a != b
    )
    assert not pairs, f"modules importing each other: {pairs}"


def test_the_graph_sees_imports() -> None:
    # The walker itself: a module known to import the records' rules is seen doing so.
    assert "casework.records" in GRAPH["casework.ledger"]
    assert "PySide6.QtWidgets" in GRAPH["desktop.ui.main_window"]


# -- the window reaches the store, the sync and the rules through the use cases ------------

STORE_LAYERS = ("desktop.models", "desktop.services", "desktop.sync")
# What any window module may take from the layers below the use cases: types it is handed
# (the session's store, the records and rows a use case returns) and the errors it words.
TYPES_ANYWHERE = {
    # the session's store, passed to the use cases on a worker lane
    "desktop.models.store.CaseStore",
    # the records a use case returns, shown by forms and tables
    "desktop.models.store.RecordView",
    "desktop.models.store.AuditEntryView",
    "desktop.models.tables.SyncStatus",
    "desktop.services.casefile.ChildSummary",
    "desktop.services.sync_log.SyncLogEntry",
    "desktop.services.sync_log.WaitingRecord",
    "desktop.sync.engine.SyncSummary",
    "desktop.services.ledger_intake.ImportPlan",
    "desktop.services.ledger_intake.PlannedRow",
    "desktop.services.ledger_intake.NEW",
    "desktop.services.ledger_intake.REFUSED",
    "desktop.services.ledger_intake.UNCHANGED",
    "desktop.services.ledger_intake.UPDATE",
    # the data folder: a path with names, known before any store is open
    "desktop.services.folder.DataDir",
    "desktop.services.datadir.DataDir",
    # errors, told in words (errors.py) or answered by what they are
    "desktop.models.store.CorruptRecordError",
    "desktop.models.store.DuplicateIdNumberError",
    "desktop.models.store.LockedRecordError",
    "desktop.models.store.MissingChildError",
    "desktop.models.store.RecordNotFoundError",
    "desktop.services.backup.BackupError",
    "desktop.services.conflicts.NoConflictError",
    "desktop.services.datadir.DataDirError",
    "desktop.services.documents.pdf.DocumentError",
    "desktop.services.monthly_report.ReportError",
    "desktop.sync.client.SyncError",
}
_PASSPHRASE_RULES = "desktop.services.passphrase_policy"
# The few window modules that still call below the use cases, each for a reason.
CALLS_ALLOWED: dict[str, set[str]] = {
    # Start-up: where the data folder is, before any store or use case is imported.
    "desktop.ui.application": {"desktop.services.folder.default_data_dir"},
    # The unlock screen is painted before the store's modules load (bench/ui.py measures
    # it); it opens the store on the worker with one lazy import.
    "desktop.ui.dialogs.unlock": {"desktop.services.datadir.open_store"},
    # The session drops the store's read cache when it locks (nothing of it stays).
    "desktop.ui.session": {"desktop.services.read_cache"},
    # The passphrase meter: a pure rule called on every keystroke, no store behind it.
    "desktop.ui.widgets.passphrase": {
        f"{_PASSPHRASE_RULES}.{name}"
        for name in (
            "MAX_STRENGTH",
            "MIN_LENGTH",
            "Verdict",
            "Weakness",
            "assess",
            "example_passphrase",
        )
    },
    "desktop.ui.dialogs.first_run": {f"{_PASSPHRASE_RULES}.village_words"},
    # The status bar's sentence: how many days offline, a pure function of two times.
    "desktop.ui.sync_words": {
        "desktop.services.sync_log.OFFLINE_LONG_DAYS",
        "desktop.services.sync_log.offline_days",
    },
    # The children list's in-memory search over the names it shows (no store behind it).
    "desktop.ui.pages.children": {
        "desktop.services.search.ChildSearchIndex",
        "desktop.services.search.match_names",
    },
    # A developer's tool (make screenshots), not the window: it exports a ledger to show
    # the intake dialog.
    "desktop.ui.screenshots": {
        "desktop.services.ledger.export_ledger",
        "desktop.services.ledger_intake.plan_import",
        "desktop.services.ledger_intake.read_ledger",
    },
}


def _reached_below(path: Path) -> Iterator[str]:
    """The names ``path`` takes from the store, the services or the sync (``from a import b``
    gives ``a.b``; ``import a`` gives ``a``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        yield from (n for n in names if n.startswith(tuple(f"{p}." for p in STORE_LAYERS)))


def test_the_window_reaches_the_store_only_through_the_use_cases() -> None:
    found = {
        module: sorted(extra)
        for path in sorted((ROOT / "desktop" / "ui").rglob("*.py"))
        for module in [_module_name(path)]
        for extra in [set(_reached_below(path)) - TYPES_ANYWHERE - CALLS_ALLOWED.get(module, set())]
        if extra
    }
    assert not found, (
        "a window module calls the store, the services or the sync directly; add a function "
        f"to desktop/usecases/ and call that: {found}"
    )


def test_the_allow_list_is_still_needed() -> None:
    # An allowance nobody uses any more goes, so the list only ever shrinks.
    used = {
        _module_name(path): set(_reached_below(path))
        for path in (ROOT / "desktop" / "ui").rglob("*.py")
    }
    stale = {
        module: sorted(names - used.get(module, set()))
        for module, names in CALLS_ALLOWED.items()
        if names - used.get(module, set())
    }
    assert not stale, f"allowed but no longer used: {stale}"
