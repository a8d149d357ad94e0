"""What the county sets for every laptop: its directory and its visit policy.

The contract:

1. The directory (townships, villages, users' display names) and the visit policy are
   sent together as ``CountySettings`` by ``GET /county``. Their ``version`` is a random
   token kept in ``meta``, replaced by every change (a township, village or user added, a
   user renamed, a policy set), so a server restored from a backup never names a version
   a laptop already holds for other contents.
2. Every pull page names the version (``PullResponse.county_version``): a laptop fetches
   the settings only when it differs from the one it holds (one read of ``meta`` a page).
3. The visit policy (DESIGN §1: the county sets it) is stored in ``meta`` as JSON with a
   revision and the county's day it was set; without one the seed's policy holds
   (``casework.visits_policy.DEFAULT_POLICY``: key children monthly, others quarterly).
   A policy is checked by ``casework.visits_policy.VisitPolicy`` before it is stored.
4. Nothing here is personal data of a child; user names are the directory's display names.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.messages import CaseworkError
from casework.protocol import CountySettings, DirectoryUser, Role, VisitPolicySettings
from casework.visits_policy import VisitPolicy
from county_server.models import Meta, User
from county_server.services import county_version, directory

POLICY_KEY = "visit_policy"


class PolicyError(ValueError):
    """A visit policy that cannot be stored, said plainly (both languages)."""


def _meta(session: Session, key: str) -> str | None:
    row = session.get(Meta, key)
    return None if row is None else row.value


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def visit_policy(session: Session) -> VisitPolicySettings:
    stored = _meta(session, POLICY_KEY)
    if not stored:
        return VisitPolicySettings()
    return VisitPolicySettings.model_validate_json(stored)


def as_policy(settings: VisitPolicySettings) -> VisitPolicy:
    """The casework policy; CaseworkError for intervals or names it refuses."""
    return VisitPolicy(
        key_child_months=settings.key_child_months,
        default_months=settings.default_months,
        by_category=settings.by_category,
        by_risk_level=settings.by_risk_level,
    )


def set_visit_policy(
    session: Session, wanted: dict[str, Any], *, today: date
) -> VisitPolicySettings:
    """Store ``wanted`` (key_child_months, default_months, by_category, by_risk_level) as
    the county's policy, a revision after the one in force, set on ``today``."""
    try:
        checked = as_policy(
            VisitPolicySettings.model_validate(
                {name: wanted[name] for name in POLICY_FIELDS if name in wanted}
            )
        )
    except CaseworkError as error:
        raise PolicyError(f"{error.message.zh} / {error.message.en}") from None
    except ValueError as error:  # pydantic: not numbers, not a mapping
        raise PolicyError(f"走访要求格式不对 / not a visit policy: {_first_error(error)}") from None
    settings = VisitPolicySettings(
        key_child_months=checked.key_child_months,
        default_months=checked.default_months,
        by_category=dict(checked.by_category),
        by_risk_level=dict(checked.by_risk_level),
        revision=visit_policy(session).revision + 1,
        set_on=today.isoformat(),
    )
    _put(session, POLICY_KEY, settings.model_dump_json())
    county_version.changed(session)
    return settings


POLICY_FIELDS = ("key_child_months", "default_months", "by_category", "by_risk_level")


def _first_error(error: ValueError) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        first = errors()[0]
        return f"{'.'.join(str(p) for p in first.get('loc', ()))}: {first.get('msg')}"
    return str(error)


def users(session: Session) -> list[DirectoryUser]:
    return [_user(row) for row in session.scalars(select(User).order_by(User.id))]


def _user(row: User) -> DirectoryUser:
    role: Role = row.role  # type: ignore[assignment]  # checked on write (directory.ROLES)
    return DirectoryUser(id=row.id, name=row.name, role=role, scope_code=row.scope_code)


def county_settings(session: Session, *, user_id: int) -> CountySettings:
    """Everything a laptop receives, for the device of ``user_id``."""
    you = session.get(User, user_id)
    assert you is not None  # an authenticated device's user exists (foreign key)
    return CountySettings(
        version=county_version.version(session),
        townships=directory.townships(session),
        villages=directory.villages(session),
        users=users(session),
        you=_user(you),
        policy=visit_policy(session),
    )


def policy_json(settings: VisitPolicySettings) -> str:
    return json.dumps(settings.model_dump(), ensure_ascii=False, indent=2)
