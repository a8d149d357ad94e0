"""The county's directory (townships, villages), its users, and the recovery public key."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.protocol import Township as TownshipWire
from casework.protocol import Village as VillageWire
from county_server.config import COUNTY_CODE
from county_server.models import Meta, Township, User, Village
from county_server.services import county_version
from county_server.services.audit import ADMIN, record_audit

RECOVERY_PUBLIC_KEY = "recovery_public_key"
ROLES = ("director", "supervisor", "county")
_CODE = re.compile(r"^\d{6,12}$")


class DirectoryError(ValueError):
    """An administration request that can't be carried out, said plainly."""


def _check_code(code: str, what: str) -> None:
    if not _CODE.match(code):
        raise DirectoryError(f"a {what} code is 6 to 12 digits, not {code!r}")


def _check_name(name: str, what: str) -> str:
    name = name.strip()
    if not name or len(name) > 100:
        raise DirectoryError(f"a {what} name is 1 to 100 characters")
    return name


def townships(session: Session) -> list[TownshipWire]:
    rows = session.scalars(select(Township).order_by(Township.code)).all()
    return [TownshipWire(code=row.code, name=row.name) for row in rows]


def villages(session: Session) -> list[VillageWire]:
    rows = session.scalars(select(Village).order_by(Village.code)).all()
    return [
        VillageWire(code=row.code, name=row.name, township_code=row.township_code) for row in rows
    ]


def add_township(session: Session, *, code: str, name: str) -> None:
    _check_code(code, "township")
    name = _check_name(name, "township")
    if session.get(Township, code) is not None:
        raise DirectoryError(f"township {code} exists already")
    session.add(Township(code=code, name=name))
    county_version.changed(session)


def add_village(session: Session, *, code: str, name: str, township_code: str) -> None:
    _check_code(code, "village")
    name = _check_name(name, "village")
    if session.get(Township, township_code) is None:
        raise DirectoryError(f"no township {township_code}; add it first")
    if session.get(Village, code) is not None:
        raise DirectoryError(f"village {code} exists already")
    session.add(Village(code=code, name=name, township_code=township_code))
    county_version.changed(session)


def add_user(session: Session, *, name: str, role: str, scope_code: str, now: datetime) -> User:
    """A new user; the scope must fit the role (village, township, or the county)."""
    name = _check_name(name, "user")
    if role not in ROLES:
        raise DirectoryError(f"a role is one of {', '.join(ROLES)}, not {role!r}")
    if role == "director" and session.get(Village, scope_code) is None:
        raise DirectoryError(f"a director's scope is a village code; no village {scope_code}")
    if role == "supervisor" and session.get(Township, scope_code) is None:
        raise DirectoryError(f"a supervisor's scope is a township code; no township {scope_code}")
    if role == "county" and scope_code != COUNTY_CODE:
        raise DirectoryError(f"a county user's scope is the county code {COUNTY_CODE}")
    user = User(name=name, role=role, scope_code=scope_code, created_at=now)
    session.add(user)
    session.flush()
    county_version.changed(session)
    record_audit(
        session, at=now, actor=ADMIN, device_id=None, action="add_user",
        detail={"user_id": user.id, "role": role, "scope": scope_code},
    )  # fmt: skip
    return user


def rename_user(session: Session, *, user_id: int, name: str, now: datetime) -> User:
    """A user's display name changed (what laptops show as 走访人 and 修改人 from now on)."""
    name = _check_name(name, "user")
    user = session.get(User, user_id)
    if user is None:
        raise DirectoryError(f"no user {user_id}")
    user.name = name
    county_version.changed(session)
    record_audit(
        session, at=now, actor=ADMIN, device_id=None, action="rename_user",
        detail={"user_id": user_id},
    )  # fmt: skip
    return user


def check_recovery_public_key(pem: str) -> str:
    """The PEM text if it is an X25519 public key (SubjectPublicKeyInfo), else an error."""
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except ValueError:
        raise DirectoryError("not a PEM public key") from None
    if not isinstance(key, X25519PublicKey):
        raise DirectoryError("the county recovery key must be an X25519 public key")
    return pem.strip() + "\n"


def set_recovery_public_key(session: Session, pem: str) -> None:
    value = check_recovery_public_key(pem)
    row = session.get(Meta, RECOVERY_PUBLIC_KEY)
    if row is None:
        session.add(Meta(key=RECOVERY_PUBLIC_KEY, value=value))
    else:
        row.value = value


def read_recovery_public_key_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise DirectoryError(f"cannot read the recovery public key {path}: {error}") from None
    return check_recovery_public_key(text)


def recovery_public_key(session: Session, configured: str | None) -> str | None:
    """The key enrolment sends: the configured PEM file's first, else the stored one."""
    if configured is not None:
        return configured
    row = session.get(Meta, RECOVERY_PUBLIC_KEY)
    return None if row is None else row.value
