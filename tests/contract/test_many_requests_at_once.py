"""More requests at once than the server has threads: every one is answered.

A request's authentication runs on the server's thread pool, its endpoint on it again,
and FastAPI checks a reading endpoint's answer against its model on it once more. A
transaction (SQLite's write lock, or a pooled PostgreSQL connection) held across any of
those waits for a thread let a crowd of requests fill every thread with work waiting for
what the requests waiting for a thread held: each laptop then waited until its read
timeout (the many-devices bench: 200 laptops' first syncs, each a pull and GET /county).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from desktop.sync.client import CountyClient
from desktop.sync.engine import client_for
from tests.contract.conftest import VILLAGE_A, County

# Above anyio's 40 worker threads and SQLAlchemy's 15 pooled connections.
AT_ONCE = 200


def test_more_requests_at_once_than_threads_are_all_answered(county: County) -> None:
    device = county.enrol("director_a", "director", VILLAGE_A)
    device.sync()
    clients = [client_for(device.state, retries=0, timeout=(5.0, 20.0)) for _ in range(AT_ONCE)]
    try:
        with ThreadPoolExecutor(max_workers=AT_ONCE) as crowd:
            answers = list(crowd.map(_pull_then_county, clients))
    finally:
        for client in clients:
            client.close()
    assert len(answers) == AT_ONCE
    assert all(not more and villages for more, villages in answers)


def _pull_then_county(client: CountyClient) -> tuple[bool, int]:
    """A first sync's requests: a page, then the county's settings."""
    page = client.pull(0, 10)
    return page.more, len(client.county().villages)
