"""FastAPI dependencies, as ``Annotated`` aliases the routes declare (CONVENTIONS 14)."""

from __future__ import annotations

from collections.abc import Iterator
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
from county_server.services.sealing import Sealer


@dataclass(frozen=True)
class ServerState:
    """What the routes need, made once by ``create_app``."""

    settings: Settings
    db: Database
    sealer: Sealer
    clock: Clock
    recovery_public_key: str | None  # from the configured PEM file, if any


def get_state(request: Request) -> ServerState:
    return cast(ServerState, request.app.state.server)


StateDep = Annotated[ServerState, Depends(get_state)]


def get_session(state: StateDep) -> Iterator[Session]:
    with state.db.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="device",
    description="`Authorization: Bearer <device_id>.<secret>` from enrolment",
)


def current_device(
    state: StateDep,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The enrolled, unrevoked device making the request; its last contact is recorded."""
    if credentials is None:
        raise ServiceError(ErrorCode.UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})
    try:
        actor = authenticate(session, credentials.credentials, now=state.clock())
    except ServiceError as error:
        error.headers.setdefault("WWW-Authenticate", "Bearer")
        raise
    session.commit()
    return actor


CurrentDevice = Annotated[Actor, Depends(current_device)]
