"""One-time enrolment codes, devices, and authenticating a device's credential.

A code is 16 characters from an alphabet without look-alikes (no I, O, 0, 1), shown in
groups of four; it is typed by people, so case, spaces and dashes don't matter. The server
keeps only its SHA-256. Enrolment turns a valid code into a device with a credential
``<device_id>.<secret>`` (32 random bytes, urlsafe); again only the secret's SHA-256 is
kept. An unknown, used or expired code gets one and the same answer, except to the very
request that used it, sent again after its answer was lost (see :func:`enroll`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from casework.protocol import (
    EnrollRequest,
    EnrollResponse,
    Role,
    normalize_enrolment_code,
)
from county_server.errors import ErrorCode, ServiceError
from county_server.models import Device, EnrolmentCode, User
from county_server.services import county_settings, county_version, directory
from county_server.services.access import Actor
from county_server.services.audit import record_audit

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
LAST_SEEN_GRANULARITY = timedelta(minutes=1)  # how fresh "last seen" in list-devices is
_ROLES: frozenset[str] = frozenset({"director", "supervisor", "county"})


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _check_device_name(name: str) -> None:
    """A name people can read: no control characters, valid Unicode."""
    try:
        name.encode("utf-8")
    except UnicodeError:
        valid = False
    else:
        valid = name.isprintable() and bool(name.strip())
    if not valid:
        raise ServiceError(
            ErrorCode.INVALID_REQUEST,
            fields={"device_name": "must be printable text"},
        )


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: datetime


def issue_code(session: Session, *, user_id: int, now: datetime, hours: int) -> IssuedCode:
    """A fresh one-time code for ``user_id``, valid ``hours`` from ``now`` (caller commits)."""
    code = new_code()
    expires_at = now + timedelta(hours=hours)
    session.add(
        EnrolmentCode(
            code_hash=sha256_hex(normalize_enrolment_code(code)),
            user_id=user_id,
            created_at=now,
            expires_at=expires_at,
        )
    )
    return IssuedCode(code=code, expires_at=expires_at)


def enroll(
    session: Session,
    request: EnrollRequest,
    *,
    now: datetime,
    recovery_public_key: str | None,
) -> EnrollResponse:
    """Turn a valid code into a device, and commit; anything else is the same 401.

    A used code is answered again only to the request that used it (same request id,
    until the code would have expired): its answer was lost on the way, so the same device
    gets a new secret, and the one it never received stops working.
    """
    _check_device_name(request.device_name)
    row = session.get(
        EnrolmentCode, sha256_hex(normalize_enrolment_code(request.code)), with_for_update=True
    )
    if row is None or row.expires_at <= now:
        raise ServiceError(ErrorCode.BAD_ENROLMENT_CODE)
    user = session.get(User, row.user_id)
    if user is None or user.role not in _ROLES:  # pragma: no cover - foreign key holds
        raise ServiceError(ErrorCode.BAD_ENROLMENT_CODE)
    secret = secrets.token_urlsafe(32)
    if row.used_at is not None:
        device = _device_of_same_request(session, row, request)
        device.secret_hash = sha256_hex(secret)
        action = "enroll-again"
    else:
        device = Device(
            id=str(uuid.uuid4()),
            user_id=user.id,
            name=request.device_name,
            secret_hash=sha256_hex(secret),
            enrolled_at=now,
            last_seen_at=now,
        )
        session.add(device)
        row.used_at = now
        row.device_id = device.id
        row.request_hash = sha256_hex(request.request_id) if request.request_id else None
        action = "enroll"
    actor = _actor(device.id, user)
    record_audit(
        session, at=now, actor=user.name, device_id=device.id, action=action,
        detail={"user_id": user.id},
    )  # fmt: skip
    response = EnrollResponse(
        device_id=device.id,
        credential=f"{device.id}.{secret}",
        user_name=user.name,
        role=actor.role,
        scope=actor.info().scope,
        townships=directory.townships(session),
        villages=directory.villages(session),
        recovery_public_key=recovery_public_key,
        policy=county_settings.visit_policy(session),
        users=county_settings.users(session),
        county_version=county_version.version(session),
    )
    session.commit()
    return response


def _device_of_same_request(session: Session, row: EnrolmentCode, request: EnrollRequest) -> Device:
    """The device a used code made, if this is the request that used it; else the 401."""
    same = (
        request.request_id is not None
        and row.request_hash is not None
        and row.device_id is not None
        and hmac.compare_digest(row.request_hash, sha256_hex(request.request_id))
    )
    device = session.get(Device, row.device_id, with_for_update=True) if same else None
    if device is None or device.revoked_at is not None:
        raise ServiceError(ErrorCode.BAD_ENROLMENT_CODE)
    return device


def _actor(device_id: str, user: User) -> Actor:
    role: Role = user.role  # type: ignore[assignment]  # checked against _ROLES on write
    return Actor(
        device_id=device_id,
        user_id=user.id,
        user_name=user.name,
        role=role,
        scope_code=user.scope_code,
    )


_DEVICE_AND_USER = (
    select(Device, User)
    .join(User, User.id == Device.user_id)
    .where(Device.id == bindparam("device_id"))
)


def authenticate(session: Session, credential: str, *, now: datetime) -> Actor:
    """The device behind ``credential``; unknown, malformed and revoked are one 401."""
    device_id, _, secret = credential.partition(".")
    if not _UUID.match(device_id) or not secret:
        raise ServiceError(ErrorCode.UNAUTHORIZED)
    # The device and its user in one query (each request's first round trip).
    found = session.execute(_DEVICE_AND_USER, {"device_id": device_id}).first()
    if found is None:
        raise ServiceError(ErrorCode.UNAUTHORIZED)
    device, user = found
    if (
        not hmac.compare_digest(device.secret_hash, sha256_hex(secret))
        or device.revoked_at is not None
        or user.role not in _ROLES
    ):
        raise ServiceError(ErrorCode.UNAUTHORIZED)
    last_seen = device.last_seen_at
    if last_seen is None or not timedelta(0) <= now - last_seen < LAST_SEEN_GRANULARITY:
        # A write per request would make every sync, even one with nothing to do, commit.
        device.last_seen_at = now
    return _actor(device.id, user)


@dataclass(frozen=True)
class DeviceSummary:
    id: str
    name: str
    user_id: int
    user_name: str
    role: str
    scope_code: str
    enrolled_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


def list_devices(session: Session) -> list[DeviceSummary]:
    rows = session.execute(
        select(Device, User).join(User, User.id == Device.user_id).order_by(Device.enrolled_at)
    ).all()
    return [
        DeviceSummary(
            id=device.id,
            name=device.name,
            user_id=user.id,
            user_name=user.name,
            role=user.role,
            scope_code=user.scope_code,
            enrolled_at=device.enrolled_at,
            last_seen_at=device.last_seen_at,
            revoked_at=device.revoked_at,
        )
        for device, user in rows
    ]


def revoke_device(session: Session, device_id: str, *, now: datetime) -> bool:
    """Revoke a device (refused at its next request); False if there is no such device."""
    device = session.get(Device, device_id)
    if device is None:
        return False
    if device.revoked_at is None:
        device.revoked_at = now
        record_audit(session, at=now, actor="admin", device_id=device_id, action="revoke_device")
    return True
