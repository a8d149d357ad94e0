"""Push and pull."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from casework.protocol import (
    DEFAULT_PULL_LIMIT,
    MAX_PULL_LIMIT,
    MAX_PUSH_OPS,
    ErrorBody,
    PullResponse,
    PushResponse,
)
from county_server.api.deps import CurrentDevice, SessionDep, StateDep
from county_server.errors import ErrorCode, ServiceError
from county_server.services import pull, push

router = APIRouter(tags=["sync"])

MAX_SEQ = 2**62  # beyond any real cursor, within every database's BIGINT

# The body is checked op by op (a malformed op is rejected, the rest go on), so FastAPI
# receives it untyped; the documented schema is still ``PushRequest``.
PUSH_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
    }
}


@router.post(
    "/push",
    response_model=PushResponse,
    openapi_extra=PUSH_BODY_DOC,
    responses={
        401: {"model": ErrorBody},
        413: {"model": ErrorBody, "description": f"more than {MAX_PUSH_OPS} ops"},
        422: {"model": ErrorBody},
    },
)
def push_ops(
    payload: Annotated[Any, Body(include_in_schema=False)],
    state: StateDep,
    session: SessionDep,
    device: CurrentDevice,
) -> PushResponse:
    """Apply outbox ops; each is answered applied, merged, conflict or rejected."""
    if (
        not isinstance(payload, dict)
        or set(payload) != {"ops"}
        or not isinstance(payload["ops"], list)
    ):
        raise ServiceError(
            ErrorCode.INVALID_REQUEST, fields={"body": 'expected {"ops": [op, ...]}'}
        )
    ops: list[object] = payload["ops"]
    if len(ops) > MAX_PUSH_OPS:
        raise ServiceError(ErrorCode.TOO_MANY_OPS)
    return push.push(session, state.sealer, device, ops, now=state.clock())


@router.get("/changes", response_model=PullResponse, responses={401: {"model": ErrorBody}})
def pull_changes(
    state: StateDep,
    session: SessionDep,
    device: CurrentDevice,
    since: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_SEQ)] = DEFAULT_PULL_LIMIT,
) -> PullResponse:
    """Changes in the device's scope after ``since``, oldest first; at most 2000 a page."""
    return pull.changes(
        session,
        state.sealer,
        device,
        since=since,
        limit=min(limit, MAX_PULL_LIMIT),
        now=state.clock(),
    )
