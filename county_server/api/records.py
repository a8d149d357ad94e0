"""One record, and its history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from casework.protocol import ErrorBody, HistoryResponse, ServerRecord
from county_server.api.deps import CurrentDevice, SessionDep, StateDep
from county_server.api.routing import SessionEndingRoute
from county_server.services import history

router = APIRouter(tags=["records"], route_class=SessionEndingRoute)

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "no such record in your scope"}
}


@router.get(
    "/records/{record_id}",
    response_model=ServerRecord,
    responses={401: {"model": ErrorBody}, **_NOT_FOUND},
)
def get_record(
    record_id: str, state: StateDep, session: SessionDep, device: CurrentDevice
) -> ServerRecord:
    return history.read_record(session, state.sealer, device, record_id, now=state.clock())


@router.get(
    "/records/{record_id}/history",
    response_model=HistoryResponse,
    responses={401: {"model": ErrorBody}, **_NOT_FOUND},
)
def get_history(
    record_id: str, state: StateDep, session: SessionDep, device: CurrentDevice
) -> HistoryResponse:
    return history.read_history(session, state.sealer, device, record_id, now=state.clock())
