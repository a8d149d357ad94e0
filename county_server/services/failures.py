"""Failed enrolments and authentications, counted per client address (issue 16).

The contract:

1. Only failures count: a wrong, used or expired enrolment code, and a missing, unknown,
   malformed or revoked device credential. A success neither counts nor is slowed.
2. An address with ``limit`` failures within the last ``window`` seconds is blocked: its
   enrolments and authenticated requests are answered 429 with ``Retry-After`` (the
   seconds until its oldest counted failure leaves the window) before anything is checked,
   so guessing stops there. A refused request is not a failure, so a blocked address is
   free again once the window has passed.
3. The counts live in this process's memory: several ``serve`` processes each count on
   their own (an address may fail ``limit`` times per process), and a restart forgets.
   At most ``MAX_ADDRESSES`` addresses are remembered; past that the earliest go first.
4. ``limit`` 0 switches counting off.

Behind a reverse proxy the address is the one the proxy reports in ``X-Forwarded-For``
(uvicorn trusts it from 127.0.0.1); without it every client would share the proxy's.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

MAX_ADDRESSES = 100_000


@dataclass(frozen=True)
class Failure:
    """What :meth:`FailureLimiter.failed` counted: failures within the window, and whether
    this one blocked the address."""

    count: int
    blocked: bool


class FailureLimiter:
    """Sliding-window failure counts per address; thread-safe (routes run in a pool)."""

    def __init__(
        self, *, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}

    def retry_after(self, address: str) -> int | None:
        """Whole seconds until ``address`` may try again; None if it is not blocked."""
        if self.limit <= 0:
            return None
        with self._lock:
            recent = self._recent(address, self._clock())
            if recent is None or len(recent) < self.limit:
                return None
            return max(1, math.ceil(recent[0] + self.window - self._clock()))

    def failed(self, address: str) -> Failure:
        """Count one failure of ``address``."""
        if self.limit <= 0:
            return Failure(count=0, blocked=False)
        with self._lock:
            now = self._clock()
            recent = self._recent(address, now)
            if recent is None:
                self._make_room(now)
                recent = self._failures[address] = deque()
            recent.append(now)
            return Failure(count=len(recent), blocked=len(recent) == self.limit)

    def _recent(self, address: str, now: float) -> deque[float] | None:
        """The address's failures still in the window (older ones dropped); None if none."""
        recent = self._failures.get(address)
        if recent is None:
            return None
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if not recent:
            del self._failures[address]
            return None
        return recent

    def _make_room(self, now: float) -> None:
        if len(self._failures) < MAX_ADDRESSES:
            return
        for address in list(self._failures):
            self._recent(address, now)
        while len(self._failures) >= MAX_ADDRESSES:  # the earliest to start failing
            del self._failures[next(iter(self._failures))]
