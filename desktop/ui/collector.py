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
entry script holds the collector off until the window is built. The children's list,
once read, is frozen too (the largest thing a read makes); the lock collects everything.
After a sync, the memory its threads freed is handed back to the system (glibc).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from PySide6.QtCore import QTimer

YOUNG_THRESHOLD = 5_000  # CPython's default is 700 allocations
MIDDLE_THRESHOLD = 20
OLD_THRESHOLD = 100

T = TypeVar("T")


def hold_during_start() -> None:
    """First thing at start-up, before the window's imports; :func:`tune_for_window` ends it."""
    gc.disable()


_tuned = False  # the window's own start tuned the collector (not a test's window)


def tune_for_window() -> None:
    """Once, after the window is built and before the case file is opened."""
    global _tuned
    _tuned = True
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)
    gc.enable()


def keep_out_of_collections(read: Callable[[], T]) -> T:
    """``read()`` (the children's list, on its worker) with the collector held, and what it
    made kept out of collections before the collector resumes.

    The 100,000-odd objects a read makes (summaries, decrypted records) live until the
    next read, and a middle collection that walked them held the interpreter lock for
    50-80 ms, a stall the window felt during a sync (bench/ui.py). Held during the read,
    no young collection walks them as they are made either (30 ms of the list's first
    paint after unlock for 10,000 children). Frozen, no collection walks them; dropped,
    they are freed by reference counting as before. Cyclic garbage frozen with them waits
    for the lock (:func:`collect_everything`). Only in a window whose start tuned the
    collector; elsewhere just ``read()``."""
    if not _tuned:
        return read()
    enabled = gc.isenabled()
    gc.disable()
    try:
        result = read()
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    return result


# Objects let go of per turn of the event loop (about 2 ms for 1,000 child summaries).
RELEASE_SLICE = 1_000
_retired: list[list[Any]] = []


def retire(items: list[Any]) -> None:
    """Let go of ``items`` (a replaced list of the window's; the caller holds no other
    reference) a slice at a time, between events. The children list's 10,000 summaries
    freed at once took 20-50 ms of the window's thread when a reload replaced them (a
    sync's longest stall, bench/ui.py); in slices no turn of the event loop waits long."""
    if len(items) <= RELEASE_SLICE:
        return  # freed as the caller drops it
    _retired.append(items)
    if len(_retired) == 1:
        QTimer.singleShot(0, _release_a_slice)


def _release_a_slice() -> None:
    if not _retired:
        return
    items = _retired[-1]
    del items[-RELEASE_SLICE:]
    if not items:
        _retired.pop()
    if _retired:
        QTimer.singleShot(0, _release_a_slice)


def collect_everything() -> None:
    """The window locks: a full collection of every object, the frozen ones too, so no
    decrypted record caught in a reference cycle outlives the lock; then what is left (the
    window itself) is frozen again."""
    if not _tuned:
        gc.collect()
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@cache
def _glibc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        return libc if libc is not None and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def give_back_free_memory() -> None:
    """After a sync, before the pages read again: glibc keeps what the sync's threads freed
    in their own arenas, where the next reads (on another thread) cannot use it; handing
    it back to the system took about 12 MiB off the window's peak (bench/ui.py), in a few
    milliseconds. Elsewhere than glibc (Windows, macOS) there is nothing to do."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
