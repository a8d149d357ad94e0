"""The app's version: from the packaged build's VERSION file, or the installed metadata.

``build.spec`` writes VERSION (read from pyproject.toml) into the bundle, because a frozen
app carries no package metadata.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

VERSION_FILE = "VERSION"


def app_version() -> str:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return (Path(bundle) / VERSION_FILE).read_text(encoding="utf-8").strip()
    try:
        return version("childdesk")
    except PackageNotFoundError:
        return "unknown"
