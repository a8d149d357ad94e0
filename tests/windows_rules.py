"""Windows' refusal to replace or remove an open file, simulated on Linux (issue 20.6).

On Windows a file opened without ``FILE_SHARE_DELETE`` (Python's ``open``, SQLite's own
handles on a database, its WAL and its shared memory) cannot be renamed, replaced,
overwritten by a rename or deleted while the handle is open: ``os.replace``,
``os.rename``, ``os.remove``, ``os.unlink`` and ``os.rmdir`` fail with PermissionError
(WinError 32). Linux allows all of these, so a program written on Linux can need an
open file moved and never notice.

:func:`windows_file_rules` patches those calls so that they raise the same
PermissionError when the file (or a file inside the directory) is open in this process
right now, as the process's open descriptors in ``/proc/self/fd`` say. Everything a
test runs inside it must therefore close a file before replacing or removing it, as it
must on a village laptop. ``refusals`` lists what was refused, for the test to show.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_PATCHED = ("replace", "rename", "remove", "unlink", "rmdir")


def open_paths() -> set[str]:
    """Every file this process holds open now (real paths)."""
    found: set[str] = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed while listing (the listing's own descriptor)
            continue
        if target.startswith("/"):
            found.add(target.removesuffix(" (deleted)"))
    return found


def _real(path: Any, dir_fd: int | None) -> str:
    name = os.fsdecode(path)
    if dir_fd is not None and not os.path.isabs(name):
        name = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), name)
    return os.path.realpath(name)


def _held(path: str, held: set[str]) -> str | None:
    """The open file that stops ``path`` being moved: itself, or one inside it."""
    if path in held:
        return path
    inside = path.rstrip("/") + "/"
    return next((name for name in sorted(held) if name.startswith(inside)), None)


@contextmanager
def windows_file_rules() -> Iterator[list[str]]:
    """Within: replacing, renaming or removing a file open in this process raises
    PermissionError, as on Windows. Yields the list of refusals (operation and path)."""
    refusals: list[str] = []

    def guarded(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            held = open_paths()
            dir_fds = (kwargs.get("src_dir_fd"), kwargs.get("dst_dir_fd"))
            if name in ("replace", "rename"):
                paths = [
                    _real(args[0], dir_fds[0] or kwargs.get("dir_fd")),
                    _real(args[1], dir_fds[1] or kwargs.get("dir_fd")),
                ]
            else:
                paths = [_real(args[0], kwargs.get("dir_fd"))]
            for path in paths:
                blocking = _held(path, held)
                if blocking is not None:
                    refusals.append(f"{name} {path} (open: {blocking})")
                    raise PermissionError(
                        13,
                        "The process cannot access the file because it is being used by "
                        "another process (simulated WinError 32)",
                        path,
                    )
            return original(*args, **kwargs)

        return call

    originals = {name: getattr(os, name) for name in _PATCHED}
    for name, original in originals.items():
        setattr(os, name, guarded(name, original))
    try:
        yield refusals
    finally:
        for name, original in originals.items():
            setattr(os, name, original)


def file_is_open(path: Path) -> bool:
    return os.path.realpath(path) in open_paths()


__all__ = ["file_is_open", "open_paths", "windows_file_rules"]
