"""The audit log: who read or changed which records, and when. Never field values."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from county_server.models import AuditEntry

ADMIN = "admin"  # the actor name of the administration command


def record_audit(
    session: Session,
    *,
    at: datetime,
    actor: str,
    device_id: str | None,
    action: str,
    record_ids: Iterable[str] = (),
    detail: Mapping[str, object] | None = None,
) -> None:
    """Write one audit entry in the session's transaction (the caller commits).

    A plain INSERT rather than an ORM object: no unit of work to run at commit.
    """
    session.execute(
        insert(AuditEntry).values(
            at=at,
            device_id=device_id,
            actor=actor,
            action=action,
            record_ids=json.dumps(list(record_ids)),
            detail=json.dumps(dict(detail or {}), sort_keys=True),
        )
    )
