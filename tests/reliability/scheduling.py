"""The longest tests start first, so that the two workers end together.

``make reliability`` (quick and full profiles) passes ``--maxschedchunk 1``: xdist hands
the first two tests to one worker and the next two to the other, then one test at a time
to whichever is free. The three SIGKILL tests take most of its time, so the order is
``[longest, a short one, second, third, the rest]``: the longest alone on one worker,
the other two one after the other on the other worker, and the short tests fill in
behind. The server-kill test is the longest in both (over an hour for its 1,000 kills;
about 3 s a kill, so the 329 s of the three in the quick profile's last CI run, beside
217 s and 162 s). (xdist's ``--dist loadgroup`` would say this with markers, but under
pytest 9 it no longer groups anything.)

``make test`` (smoke profile) passes ``--dist worksteal``: each worker starts on its half
of the collection and a worker that runs out takes half of the other's queue. The
battery's slowest modules go first, so that what is left to share at the end is short
tests, not a kill loop started by one worker as the other finishes.
"""

from __future__ import annotations

import pytest

from tests.reliability.profile import profile

SERVER_KILLS = "test_server_killed_mid_batch_converges"
CLIENT_KILLS = "test_client_killed_mid_sync_converges"
CLI_KILLS = "test_sigkill_loses_no_acknowledged_change"
KILL_TESTS = (SERVER_KILLS, CLIENT_KILLS, CLI_KILLS)  # longest first
# The smoke profile's modules with the longest single tests, longest first (measured on a
# busy machine: 545 s and 169 s, 265 s, 227 s, 184 s in all, 149 s, 313 s at 1,000 children).
SLOW_MODULES = (
    "tests/reliability/test_sync_faults.py",
    "tests/reliability/test_kill_loop.py",
    "tests/reliability/test_passphrases.py",
    "tests/reliability/test_server_restore.py",
    "tests/reliability/test_sync_leaks.py",
    "tests/reliability/test_no_plaintext.py",
)


def _kill_tests_first(items: list[pytest.Item], longest_first: tuple[str, ...]) -> None:
    kills = sorted(
        (item for item in items if item.name in longest_first),
        key=lambda item: longest_first.index(item.name),
    )
    rest = [item for item in items if item.name not in longest_first]
    if len(kills) != len(longest_first) or not rest:
        return  # a selection without all of them: nothing to balance
    items[:] = [kills[0], rest[0], *kills[1:], *rest[1:]]


def _slow_modules_first(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return SLOW_MODULES.index(path) if path in SLOW_MODULES else len(SLOW_MODULES)

    items.sort(key=rank)  # stable: each module's tests, and all the others, keep their order


@pytest.hookimpl(trylast=True)  # after ``-m`` and ``-k`` have deselected
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if profile() == "smoke":
        _slow_modules_first(items)
    else:
        _kill_tests_first(items, KILL_TESTS)
