"""Every endpoint's transaction ends as it returns (``county_server/api/routing.py``).

A transaction left open across FastAPI's check of the answer (on another thread of the
pool) hung the server under 200 laptops at once; the contract test
``tests/contract/test_many_requests_at_once.py`` shows the hang is gone through a real
server. Here: every route of the app carries the wrapper, and the wrapper ends a real
SQLite transaction whether the endpoint returns or raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from county_server.api.routing import ending_sessions, ends_sessions
from tests.county_server.conftest import World


def _api_routes(routes: Iterable[Any]) -> Iterator[APIRoute]:
    """The app's API routes, also those of included routers (kept whole by FastAPI)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _api_routes(included.routes)


def test_every_route_of_the_app_ends_its_transactions(world: World) -> None:
    routes = list(_api_routes(world.client.app.routes))  # type: ignore[attr-defined]
    assert len(routes) >= 8  # enrol, me, county, laptops, push, changes, record, history
    missing = [route.path for route in routes if not ends_sessions(route.endpoint)]
    assert missing == []


def _session(tmp_path: Path) -> Session:
    engine = create_engine(f"sqlite:///{tmp_path / 'scratch.db'}")
    return Session(engine)


def test_a_read_left_open_is_ended_when_the_endpoint_returns(tmp_path: Path) -> None:
    seen: list[bool] = []

    def endpoint(session: Session) -> int:
        value = session.execute(text("select 1")).scalar_one()
        seen.append(session.in_transaction())
        return int(value)

    with _session(tmp_path) as session:
        assert ending_sessions(endpoint)(session=session) == 1
        assert seen == [True]  # the endpoint itself left it open
        assert not session.in_transaction()


def test_an_endpoint_that_raises_has_its_transaction_ended_too(tmp_path: Path) -> None:
    def endpoint(session: Session) -> None:
        session.execute(text("insert into kept values (1)"))
        raise ValueError("refused")

    with _session(tmp_path) as session:
        session.execute(text("create table kept (n integer)"))
        session.commit()
        with pytest.raises(ValueError, match="refused"):
            ending_sessions(endpoint)(session=session)
        assert not session.in_transaction()
        # Rolled back, not committed: nothing the failed endpoint wrote stays.
        assert session.execute(text("select count(*) from kept")).scalar_one() == 0


def test_a_committed_endpoint_is_left_as_it_is_and_wrapped_once(tmp_path: Path) -> None:
    def endpoint(session: Session) -> None:
        session.execute(text("create table kept (n integer)"))
        session.execute(text("insert into kept values (1)"))
        session.commit()

    wrapped = ending_sessions(endpoint)
    assert ending_sessions(wrapped) is wrapped  # a router included in another: not twice
    with _session(tmp_path) as session:
        wrapped(session=session)
        assert session.execute(text("select n from kept")).scalar_one() == 1
