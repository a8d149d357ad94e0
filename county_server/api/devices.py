"""Enrolment and the device's own identity."""

from __future__ import annotations

from fastapi import APIRouter

from casework.protocol import (
    CountySettings,
    DeviceInfo,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    Laptops,
)
from county_server.api.deps import (
    ClientAddress,
    CurrentDevice,
    SessionDep,
    StateDep,
    note_failure,
    refuse_if_blocked,
)
from county_server.api.routing import SessionEndingRoute
from county_server.errors import ErrorCode, ServiceError
from county_server.services import county_settings, directory, enrolment, laptops

router = APIRouter(tags=["devices"], route_class=SessionEndingRoute)


@router.post(
    "/enroll",
    response_model=EnrollResponse,
    responses={
        401: {"model": ErrorBody, "description": "unknown, used or expired code"},
        429: {"model": ErrorBody, "description": "too many failures from this address"},
    },
)
def enroll(
    request: EnrollRequest, state: StateDep, session: SessionDep, address: ClientAddress
) -> EnrollResponse:
    """Turn a one-time enrolment code into a device credential (shown once)."""
    refuse_if_blocked(state, address)
    try:
        return enrolment.enroll(
            session,
            request,
            now=state.clock(),
            recovery_public_key=directory.recovery_public_key(session, state.recovery_public_key),
        )
    except ServiceError as error:
        if error.code is ErrorCode.BAD_ENROLMENT_CODE:
            note_failure(state, address, "enrolment")
        raise


@router.get("/me", response_model=DeviceInfo, responses={401: {"model": ErrorBody}})
def me(device: CurrentDevice) -> DeviceInfo:
    """Who this device is, and its scope."""
    return device.info()


@router.get("/county", response_model=CountySettings, responses={401: {"model": ErrorBody}})
def county(device: CurrentDevice, session: SessionDep) -> CountySettings:
    """The county's directory (townships, villages, users' display names) and its visit
    policy; each pull page names their version, so a laptop asks only when it changed."""
    return county_settings.county_settings(session, user_id=device.user_id)


@router.get("/laptops", response_model=Laptops, responses={401: {"model": ErrorBody}})
def laptops_seen(device: CurrentDevice, session: SessionDep) -> Laptops:
    """When the county last heard from each enrolled laptop in this device's scope (its
    village, its township, or the whole county): the supervision page's last syncs."""
    return laptops.laptops_seen(session, device)
