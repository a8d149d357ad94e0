"""The full profile's three SIGKILL tests start first, two on one worker, one on the other.

They take most of ``make reliability``'s time (the server-kill test over an hour for its
1,000 kills). In collection order the server-kill test started after most of the rest had run
and the profile took about half as long again. ``make reliability`` passes
``--maxschedchunk 1``, so xdist hands the first two tests to one worker and the next two
to the other, then one test at a time to whichever is free: the order below puts the
server-kill test and one short test on one worker, the two client-kill tests on the
other, and the short tests fill in behind. (xdist's ``--dist loadgroup`` would say this
with markers, but under pytest 9 it no longer groups anything.)
"""

from __future__ import annotations

import pytest

from tests.reliability.profile import profile

SERVER_KILLS = "test_server_killed_mid_batch_converges"
CLIENT_KILLS = (
    "test_client_killed_mid_sync_converges",
    "test_sigkill_loses_no_acknowledged_change",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Only the full profile: `make test` distributes in large chunks, where this order
    # would bunch the kill tests on one worker.
    if profile() != "full":
        return
    server = [item for item in items if item.name == SERVER_KILLS]
    client = [item for item in items if item.name in CLIENT_KILLS]
    rest = [item for item in items if item not in server and item not in client]
    if not server or len(client) != len(CLIENT_KILLS) or not rest:
        return  # a selection without all of them: nothing to balance
    items[:] = [*server, rest[0], *client, *rest[1:]]
