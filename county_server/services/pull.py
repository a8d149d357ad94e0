"""Pull: what changed in the device's scope after its cursor, oldest first, in pages.

Each in-scope record changed after ``since`` comes once, in its latest state (tombstones
included). A record that left the scope after ``since`` (moved to a village the device
can't see) comes as ``in_scope: false`` at the seq of its latest such move. The two
streams are merged by seq; ``cursor`` is the highest seq in the page (or ``since``), and
``more`` says whether anything lies beyond it. Sequences commit in order (see
``SeqAllocator``), so nothing below a cursor can appear later. A cursor from another epoch,
or beyond the last change, is refused first (``services/epochs.py``): after a restore it
would silently skip what the restored history holds.

No echo: ``mine_upto`` says the device holds the push answers for its own changes up to
that seq, so a record whose current version that device wrote (and was answered with) at
or below it is left out. The cursor still passes over what was left out: when nothing
else is left, it moves to the last of them, so the next pull does not read them again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from casework.protocol import Change, PullResponse
from county_server.models import Record, ScopeMove
from county_server.services import county_version, epochs
from county_server.services.access import Actor
from county_server.services.audit import record_audit
from county_server.services.sealing import Sealer
from county_server.services.store import RecordRow, RecordStore


def changes(
    session: Session,
    sealer: Sealer,
    actor: Actor,
    *,
    since: int,
    limit: int,
    now: datetime,
    epoch: str | None = None,
    mine_upto: int = 0,
) -> PullResponse:
    """One page of changes for ``actor`` after ``since``; audited, and committed."""
    current = epochs.check(session, epoch=epoch, cursor=since)
    store = RecordStore(session, sealer)
    after = [Record.seq > since, actor.in_scope(Record.village_code, Record.township_code)]
    echo = _echo(actor, mine_upto)
    wanted = after if echo is None else [*after, ~echo]
    rows = store.rows_where(*wanted, limit=limit + 1)
    entries: list[tuple[int, RecordRow | str]] = [(row.seq, row) for row in rows]
    if actor.scope_level != "county":
        last_move = func.max(ScopeMove.seq)
        departures = session.execute(
            select(ScopeMove.record_id, last_move)
            .join(Record, Record.id == ScopeMove.record_id)
            .where(
                ScopeMove.seq > since,
                actor.in_scope(ScopeMove.old_village_code, ScopeMove.old_township_code),
                actor.out_of_scope(Record.village_code, Record.township_code),
            )
            .group_by(ScopeMove.record_id)
            .order_by(last_move)
            .limit(limit + 1)
        ).all()
        entries.extend((seq, record_id) for record_id, seq in departures)
        entries.sort(key=lambda entry: entry[0])
    more = len(entries) > limit
    page = [
        Change.model_construct(seq=seq, record_id=item, in_scope=False, record=None)
        if isinstance(item, str)
        else Change.model_construct(
            seq=seq, record_id=item.id, in_scope=True, record=store.open(item).to_wire()
        )
        for seq, item in entries[:limit]
    ]
    cursor = page[-1].seq if page else since
    if echo is not None and not more:
        # Nothing else is left after the page: pass over the left-out echo too.
        skipped = session.scalar(select(func.max(Record.seq)).where(*after, echo))
        cursor = max(cursor, skipped or since)
    if page:  # an empty page reads no personal data: nothing to audit, nothing to commit
        record_audit(
            session,
            at=now,
            actor=actor.user_name,
            device_id=actor.device_id,
            action="pull",
            record_ids=[change.record_id for change in page if change.in_scope],
            detail={"since": since, "cursor": cursor, "changes": len(page), "more": more},
        )
    version = county_version.version(session)
    session.commit()
    return PullResponse(
        changes=page,
        cursor=cursor,
        more=more,
        epoch=current,
        county_version=version,
    )


def _echo(actor: Actor, mine_upto: int) -> ColumnElement[bool] | None:
    """Versions this device wrote and holds from their push answers (None: no such)."""
    if mine_upto <= 0:
        return None
    return (
        Record.device_id.is_not(None)
        & (Record.device_id == actor.device_id)
        & (Record.seq <= mine_upto)
    )
