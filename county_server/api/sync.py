"""Push and pull."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response
from pydantic import ValidationError

from casework.protocol import (
    DEFAULT_PULL_LIMIT,
    MAX_PULL_LIMIT,
    MAX_PUSH_OPS,
    MAX_SEQ,
    ErrorBody,
    PullResponse,
    PushRequest,
    PushResponse,
)
from county_server.api.deps import CurrentDevice, SessionDep, StateDep
from county_server.api.routing import SessionEndingRoute
from county_server.errors import ErrorCode, ServiceError
from county_server.services import epochs, pull, push

router = APIRouter(tags=["sync"], route_class=SessionEndingRoute)

HISTORY_CHANGED_DOC = {
    "model": ErrorBody,
    "description": "history_changed: another epoch, or a cursor beyond the last change",
}


def _where_from(payload: dict[str, Any]) -> dict[str, Any]:
    """The epoch and cursor a push names (either may be absent), checked as the schema says."""
    named = {name: payload[name] for name in ("epoch", "cursor") if name in payload}
    try:
        request = PushRequest.model_validate({"ops": [], **named}, strict=True)
    except ValidationError as error:
        where = ".".join(str(part) for part in error.errors()[0]["loc"])
        raise ServiceError(ErrorCode.INVALID_REQUEST, fields={where: "invalid"}) from None
    return {"epoch": request.epoch, "cursor": request.cursor}


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
        409: HISTORY_CHANGED_DOC,
        413: {"model": ErrorBody, "description": f"more than {MAX_PUSH_OPS} ops"},
        422: {"model": ErrorBody},
    },
)
def push_ops(
    payload: Annotated[Any, Body(include_in_schema=False)],
    state: StateDep,
    session: SessionDep,
    device: CurrentDevice,
) -> Response:
    """Apply outbox ops; each is answered applied, merged, conflict or rejected."""
    if (
        not isinstance(payload, dict)
        or "ops" not in payload
        or not set(payload) <= {"ops", "epoch", "cursor"}
        or not isinstance(payload["ops"], list)
    ):
        raise ServiceError(
            ErrorCode.INVALID_REQUEST, fields={"body": 'expected {"ops": [op, ...]}'}
        )
    ops: list[object] = payload["ops"]
    if len(ops) > MAX_PUSH_OPS:
        raise ServiceError(ErrorCode.TOO_MANY_OPS)
    # Ops based on a history this server no longer has would merge against the wrong base.
    epochs.check(session, **_where_from(payload))
    answer = push.push(session, state.sealer, device, ops, now=state.clock())
    # Serialized once, here: FastAPI would check the answer it was just built as against
    # ``response_model`` (on another hop to the thread pool) before the same dump.
    return Response(answer.model_dump_json(), media_type="application/json")


@router.get(
    "/changes",
    response_model=PullResponse,
    responses={401: {"model": ErrorBody}, 409: HISTORY_CHANGED_DOC},
)
def pull_changes(
    state: StateDep,
    session: SessionDep,
    device: CurrentDevice,
    since: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_SEQ)] = DEFAULT_PULL_LIMIT,
    epoch: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    mine_upto: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
) -> Response:
    """Changes in the device's scope after ``since``, oldest first; at most 2000 a page.

    ``epoch`` (the one the last page named) makes a restored server refuse the cursor.
    ``mine_upto``: the device holds its own changes' push answers up to this seq, so the
    versions it wrote up to there are left out (no echo)."""
    page = pull.changes(
        session,
        state.sealer,
        device,
        since=since,
        limit=min(limit, MAX_PULL_LIMIT),
        now=state.clock(),
        epoch=epoch,
        mine_upto=mine_upto,
    )
    # Serialized once, straight to JSON from the page's plain values (``pull.Page``):
    # FastAPI's check against ``PullResponse`` and its dict-then-JSON path would only
    # repeat what made them. The schema stays documented by ``response_model``.
    return Response(page.to_json(), media_type="application/json")
