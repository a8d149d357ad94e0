"""A process's own peak resident size, for memory figures measured in a child process."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_resident_mib() -> float:
    """This process's peak resident size in MiB.

    Linux's ``VmHWM`` belongs to this program's memory alone; ``ru_maxrss`` is carried
    across ``exec`` from the parent (a benchmark that built 10,000 children first would
    lend its peak to the child it starts), so it is only the fallback.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
