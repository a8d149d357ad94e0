"""Python's garbage collector, tuned for a window that holds a whole case file in memory.

A full collection walks every object the collector tracks and holds the interpreter lock
while it does, so the UI thread waits. With 10,000 children decrypted, a sync set off six
of them, each 100-250 ms: the window froze that long each time (measured with gc
callbacks beside bench/ui.py's heartbeat). So what exists once the window is built
(modules, classes, Qt wrappers) is frozen out of collections for good, and the youngest
generation is collected less often, which makes full collections rare; cyclic garbage
still dies young, in the first two generations.

Start-up itself (imports, building the window) makes about 200,000 objects that live as long
as the program; collecting while they are made only walks them again and again (two full
and twenty middle collections, about a sixth of the imports' time). The packaged program's
entry script holds the collector off until the window is built.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 5_000  # CPython's default is 700 allocations
MIDDLE_THRESHOLD = 20
OLD_THRESHOLD = 100


def hold_during_start() -> None:
    """First thing at start-up, before the window's imports; :func:`tune_for_window` ends it."""
    gc.disable()


def tune_for_window() -> None:
    """Once, after the window is built and before the case file is opened."""
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)
    gc.enable()
