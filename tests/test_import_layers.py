"""The layers of the code, as README's map draws them, hold: a forbidden import fails here.

- ``casework`` is pure rules: never desktop, the county server, Qt or SQLAlchemy (it runs on
  the server, in the CLI and under the window alike);
- the county server never imports the desktop app or Qt;
- Qt widgets only under ``desktop/ui/`` (the CLI, the services and the sync run without a
  screen);
- the use cases (``desktop/usecases``: what the window asks, Qt-free) never import the window,
  and the services below them import neither; the store and the sync import none of these;
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
