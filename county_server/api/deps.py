"""FastAPI dependencies, as ``Annotated`` aliases the routes declare (CONVENTIONS 14)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from county_server.clock import Clock
from county_server.config import Settings
from county_server.db import Database
from county_server.errors import ErrorCode, ServiceError
from county_server.services.access import Actor
from county_server.services.enrolment import authenticate
from county_server.services.failures import FailureLimiter
from county_server.services.sealing import Sealer

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerState:
    """What the routes need, made once by ``create_app``."""

    settings: Settings
    db: Database
    sealer: Sealer
    clock: Clock
    recovery_public_key: str | None  # from the configured PEM file, if any
    failures: FailureLimiter  # failed enrolments/authentications per client address


# The dependencies that do no blocking work are ``async``: FastAPI runs a plain ``def``
# dependency on its thread pool, and each such hop (two for a session: open and close)
# cost the server ~0.5 ms of CPU per request, a third of a sync with nothing to do. The
# session opens no connection until the route (on the pool) first queries; closing it
# hands the connection back to the pool.
async def get_state(request: Request) -> ServerState:
    return cast(ServerState, request.app.state.server)


StateDep = Annotated[ServerState, Depends(get_state)]


async def get_session(state: StateDep) -> AsyncIterator[Session]:
    with state.db.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


async def client_address(request: Request) -> str:
    """The client's address (behind a proxy on loopback: the one it forwards)."""
    return request.client.host if request.client else "unknown"


ClientAddress = Annotated[str, Depends(client_address)]


def refuse_if_blocked(state: ServerState, address: str) -> None:
    """429 for an address with too many recent failures (services/failures.py)."""
    wait = state.failures.retry_after(address)
    if wait is not None:
        raise ServiceError(ErrorCode.TOO_MANY_FAILURES, headers={"Retry-After": str(wait)})


def note_failure(state: ServerState, address: str, what: str) -> None:
    """Count and log a failed ``what`` (never the code or credential that was sent)."""
    failure = state.failures.failed(address)
    if state.failures.limit <= 0:  # not counted
        logger.warning("%s failed from %s", what, address)
        return
    logger.warning(
        "%s failed from %s (%d in the last %d s)",
        what, address, failure.count, state.failures.window,
    )  # fmt: skip
    if failure.blocked:
        logger.warning(
            "%s refused for up to %d s: %d failed enrolments or authentications",
            address, state.failures.window, failure.count,
        )  # fmt: skip


_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="device",
    description="`Authorization: Bearer <device_id>.<secret>` from enrolment",
)


def current_device(
    state: StateDep,
    session: SessionDep,
    address: ClientAddress,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The enrolled, unrevoked device making the request; its last contact is recorded.

    An address with too many failed attempts is refused first (429); each failure counts.
    """
    refuse_if_blocked(state, address)
    if credentials is None:
        note_failure(state, address, "authentication")
        raise ServiceError(ErrorCode.UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})
    try:
        actor = authenticate(session, credentials.credentials, now=state.clock())
    except ServiceError as error:
        note_failure(state, address, "authentication")
        error.headers.setdefault("WWW-Authenticate", "Bearer")
        raise
    # Committed here, whatever the request does next: the connection (and on SQLite the
    # write lock) goes back before the endpoint waits for a thread of the pool. Held
    # across that wait, 200 laptops at once filled every thread with requests waiting
    # for connections that requests waiting for a thread held (a deadlock until timeout).
    session.commit()
    return actor


CurrentDevice = Annotated[Actor, Depends(current_device)]
