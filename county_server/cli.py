"""``county-server``: the county's sync server admin command (built in the sync issue)."""

from __future__ import annotations

import sys


def main() -> int:
    print("county-server: not built yet (see the sync issue)", file=sys.stderr)
    return 2
