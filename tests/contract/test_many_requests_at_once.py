"""More requests at once than the server has threads: every one is answered.

A request's authentication runs on the server's thread pool, and its endpoint on it
again. Were the authentication's transaction (SQLite's write lock, or a pooled
PostgreSQL connection) held until the endpoint ran, a crowd of requests would fill every
thread with authentications waiting for what the requests waiting for a thread held:
each laptop then waits until its read timeout (the many-devices bench found this).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from desktop.sync.engine import client_for
from tests.contract.conftest import VILLAGE_A, County

# Above anyio's 40 worker threads and SQLAlchemy's 15 pooled connections.
AT_ONCE = 120


def test_more_requests_at_once_than_threads_are_all_answered(county: County) -> None:
    device = county.enrol("director_a", "director", VILLAGE_A)
    device.sync()
    clients = [client_for(device.state, retries=0, timeout=(5.0, 20.0)) for _ in range(AT_ONCE)]
    try:
        with ThreadPoolExecutor(max_workers=AT_ONCE) as crowd:
            pages = list(crowd.map(lambda client: client.pull(0, 10), clients))
    finally:
        for client in clients:
            client.close()
    assert len(pages) == AT_ONCE
    assert all(not page.more for page in pages)
