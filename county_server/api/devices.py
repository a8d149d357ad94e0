"""Enrolment and the device's own identity."""

from __future__ import annotations

from fastapi import APIRouter

from casework.protocol import DeviceInfo, EnrollRequest, EnrollResponse, ErrorBody
from county_server.api.deps import CurrentDevice, SessionDep, StateDep
from county_server.services import directory, enrolment

router = APIRouter(tags=["devices"])


@router.post(
    "/enroll",
    response_model=EnrollResponse,
    responses={401: {"model": ErrorBody, "description": "unknown, used or expired code"}},
)
def enroll(request: EnrollRequest, state: StateDep, session: SessionDep) -> EnrollResponse:
    """Turn a one-time enrolment code into a device credential (shown once)."""
    return enrolment.enroll(
        session,
        request,
        now=state.clock(),
        recovery_public_key=directory.recovery_public_key(session, state.recovery_public_key),
    )


@router.get("/me", response_model=DeviceInfo, responses={401: {"model": ErrorBody}})
def me(device: CurrentDevice) -> DeviceInfo:
    """Who this device is, and its scope."""
    return device.info()
