"""How hard the reliability battery pushes: ``RELIABILITY_PROFILE=quick`` (in ``make test``,
the default) or ``full`` (``make reliability``).

Every count in the battery comes from :func:`count`, so the two profiles differ only here
and in the environment variables that override single counts.
"""

from __future__ import annotations

import os

PROFILE_ENV = "RELIABILITY_PROFILE"
PROFILES = ("quick", "full")


def profile() -> str:
    name = os.environ.get(PROFILE_ENV, "quick").strip().lower() or "quick"
    if name not in PROFILES:
        raise ValueError(f"{PROFILE_ENV} must be one of {PROFILES}, not {name!r}")
    return name


def count(quick: int, full: int, *, override: str | None = None) -> int:
    """``quick`` or ``full`` by profile; the environment variable ``override`` wins if set."""
    if override and os.environ.get(override, "").strip():
        return int(os.environ[override])
    return full if profile() == "full" else quick
