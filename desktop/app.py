"""``python -m desktop.app``: the director's window (``python -m desktop`` is the CLI).

Creates the application, loads the chosen language (Chinese unless ``CHILDDESK_LANG=en``),
finds the data folder (``--data-dir``, default the platform's user data folder), and shows
first run (no case file yet) or unlock, then the main window. The Qt part lives in
``desktop/ui/application.py``; this entry point answers ``--version`` and ``--self-test``
without building a window.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from desktop.ui.application import (
    build,
    build_application,
    build_controller,
    parse_args,
    run_window,
    staged_start,
)

__all__ = ["build", "build_application", "build_controller", "main", "parse_args", "staged_start"]


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv if argv is None else argv)
    options = parse_args(arguments[1:])
    if options.version:
        from desktop.version import app_version

        if sys.stdout is not None:  # None in a windowed Windows build
            print(f"childdesk {app_version()}")
        return 0
    if options.self_test:
        from desktop.selftest import run_self_test

        return run_self_test()
    return run_window(arguments, startup_probe=options.startup_probe)


if __name__ == "__main__":
    raise SystemExit(main())
