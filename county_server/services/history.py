"""Reading one record, or its history, for a device that may see it.

A record out of the device's scope answers exactly like one that doesn't exist. Every
read is audited, found or not.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.orm import Session

from casework.protocol import HistoryResponse, ServerRecord
from county_server.errors import ErrorCode, ServiceError
from county_server.models import Record
from county_server.services.access import Actor
from county_server.services.audit import record_audit
from county_server.services.sealing import Sealer
from county_server.services.store import RecordStore

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _visible_row(session: Session, actor: Actor, record_id: str) -> Record | None:
    if not _UUID.match(record_id):
        return None
    row = session.get(Record, record_id)
    if row is None or not actor.can_read(row.village_code, row.township_code):
        return None
    return row


def _audit(
    session: Session, actor: Actor, action: str, record_id: str, *, found: bool, now: datetime
) -> None:
    record_audit(
        session,
        at=now,
        actor=actor.user_name,
        device_id=actor.device_id,
        action=action,
        record_ids=[record_id] if _UUID.match(record_id) else [],
        detail={"found": found},
    )
    session.commit()


def read_record(
    session: Session, sealer: Sealer, actor: Actor, record_id: str, *, now: datetime
) -> ServerRecord:
    row = _visible_row(session, actor, record_id)
    if row is None:
        _audit(session, actor, "read_record", record_id, found=False, now=now)
        raise ServiceError(ErrorCode.NOT_FOUND)
    record = RecordStore(session, sealer).open(row).to_wire()
    _audit(session, actor, "read_record", record_id, found=True, now=now)
    return record


def read_history(
    session: Session, sealer: Sealer, actor: Actor, record_id: str, *, now: datetime
) -> HistoryResponse:
    row = _visible_row(session, actor, record_id)
    if row is None:
        _audit(session, actor, "read_history", record_id, found=False, now=now)
        raise ServiceError(ErrorCode.NOT_FOUND)
    versions = RecordStore(session, sealer).versions(row.id)
    response = HistoryResponse(record_id=row.id, versions=[v.to_wire() for v in versions])
    _audit(session, actor, "read_history", record_id, found=True, now=now)
    return response
