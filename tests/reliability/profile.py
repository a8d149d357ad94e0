"""How hard the reliability battery pushes: ``RELIABILITY_PROFILE=smoke``, ``quick`` or ``full``.

- ``smoke`` (the default; ``make test``): every test of the battery runs, each at a few
  rounds, kills or examples. A broken resume, a lost write or a 5xx still fails it, with
  fewer random draws.
- ``quick`` (``make reliability PROFILE=quick``, which CI runs after ``make test``): the
  counts ``make test`` ran before the smoke size existed (200 kills, 100 sync faults of
  each kind, 300 property examples, ...).
- ``full`` (``make reliability``): the long night's run (1,000 kills, ...).

Every count in the battery comes from :func:`count`, so the profiles differ only here and
in the environment variables that override single counts. A test whose module calls
:func:`count` is *sized*: ``pytest -m sized`` selects just the tests the profile changes,
so CI's quick stage does not repeat the battery's fixed-size tests (``make test`` ran them).
"""

from __future__ import annotations

import os

import pytest

PROFILE_ENV = "RELIABILITY_PROFILE"
PROFILES = ("smoke", "quick", "full")
SIZED = "sized"


def profile() -> str:
    name = os.environ.get(PROFILE_ENV, "smoke").strip().lower() or "smoke"
    if name not in PROFILES:
        raise ValueError(f"{PROFILE_ENV} must be one of {PROFILES}, not {name!r}")
    return name


def count(quick: int, full: int, *, smoke: int, override: str | None = None) -> int:
    """``smoke``, ``quick`` or ``full`` by profile; the environment variable ``override``
    wins if set."""
    if override and os.environ.get(override, "").strip():
        return int(os.environ[override])
    return {"smoke": smoke, "quick": quick, "full": full}[profile()]


# -- pytest plugin (tests/conftest.py loads it) --------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{SIZED}: a reliability test whose size RELIABILITY_PROFILE sets"
    )


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and getattr(module, "count", None) is count:
            item.add_marker(SIZED)
