"""The identity of the server's history (its epoch), so a device can tell a restored server.

1. ``init`` gives a database an epoch (a random id); the database keeps its lineage, every
   epoch it has had with the seq its history forked at, oldest first (``[[epoch, 0]]``).
2. ``county-server new-epoch``, run after the database is restored from a backup, starts
   a new epoch forking at the last seq the backup holds: the old epoch's history is this
   one's only up to there (whatever came after it was lost with the restore).
3. A push or pull names the epoch and cursor the device last synced at. Another epoch,
   or a cursor beyond the last change (a restore nobody marked), is refused with
   ``history_changed`` (409, never applied in part) and says up to which seq the device's
   history is the server's too: the fork of the epoch after the device's in the lineage,
   the last seq for a cursor beyond it, 0 for an epoch the lineage doesn't know.
4. The device then offers back every record it holds with that ``shared_seq``
   (:func:`rebase`): each is merged against the record's last version that both histories
   share, so what only the device still knows is applied again, a record the server lacks
   is created from the device's copy (a deleted one as a tombstone), and nothing is taken
   as common that isn't (a field both sides changed since is a conflict, never lost).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from casework.lifecycle import without_personal_fields
from casework.protocol import HistoryChanged, Op
from casework.records import RecordValidationError, to_wire, validate
from county_server.errors import ErrorCode, ServiceError
from county_server.models import Meta, RecordVersion, SeqCounter
from county_server.services.store import LOST, RecordRow, RecordStore

logger = logging.getLogger(__name__)

LINEAGE = "epochs"  # meta key: JSON [[epoch, fork seq], ...], the current one last


def _last_seq(session: Session) -> int:
    return int(session.scalar(select(SeqCounter.value).where(SeqCounter.id == 1)) or 0)


def lineage(session: Session) -> list[tuple[str, int]]:
    row = session.get(Meta, LINEAGE)
    return parse_lineage(None if row is None else row.value)


def parse_lineage(kept: str | None) -> list[tuple[str, int]]:
    """The lineage as ``meta`` keeps it (JSON), or none."""
    if kept is None:
        return []
    return [(str(epoch), int(fork)) for epoch, fork in json.loads(kept)]


def _write(session: Session, epochs: list[tuple[str, int]]) -> None:
    session.merge(Meta(key=LINEAGE, value=json.dumps([list(entry) for entry in epochs])))


def ensure(session: Session) -> str:
    """The current epoch; a database without one (new, or from before epochs) gets one."""
    epochs = lineage(session)
    if epochs:
        return epochs[-1][0]
    epoch = uuid.uuid4().hex
    _write(session, [(epoch, _last_seq(session))])
    return epoch


def start_new(session: Session) -> tuple[str, int]:
    """A new epoch forking at the last change this database holds: (epoch, fork seq)."""
    epochs = lineage(session)
    fork = _last_seq(session)
    epoch = uuid.uuid4().hex
    _write(session, [*epochs, (epoch, fork)])
    logger.warning("new server epoch %s, forked at seq %d", epoch, fork)
    return epoch, fork


def current(session: Session) -> str:
    epochs = lineage(session)
    return epochs[-1][0] if epochs else ""


def shared_seq(epochs: list[tuple[str, int]], epoch: str | None, last_seq: int) -> int:
    """Up to which seq a device's history in ``epoch`` is this server's history too."""
    names = [name for name, _ in epochs]
    if epoch is None or epoch not in names:
        return 0  # a history this database never had: nothing is known to be common
    at = names.index(epoch)
    if at == len(names) - 1:
        return last_seq  # this epoch, but the device saw more than there is: a lost tail
    return min(epochs[at + 1][1], last_seq)


def check(session: Session, *, epoch: str | None, cursor: int | None) -> str:
    """Refuse a device whose history is not this server's; else the current epoch."""
    return check_against(lineage(session), _last_seq(session), epoch=epoch, cursor=cursor)


def check_against(
    epochs: list[tuple[str, int]], last: int, *, epoch: str | None, cursor: int | None
) -> str:
    """:func:`check` with the lineage and the last seq already read."""
    now = epochs[-1][0] if epochs else ""
    moved = epoch is not None and epoch != now
    if not moved and (cursor is None or cursor <= last):
        return now
    history = HistoryChanged(epoch=now, last_seq=last, shared_seq=shared_seq(epochs, epoch, last))
    # Not the device's values (query values stay out of the log): only which check.
    logger.warning(
        "history_changed: %s; server at epoch %s, seq %d",
        "another epoch" if moved else "a cursor beyond the last change", now, last,
    )  # fmt: skip
    raise ServiceError(ErrorCode.HISTORY_CHANGED, history=history)


def rebase(store: RecordStore, op: Op, row: RecordRow | None) -> Op:
    """A record offered back, as an ordinary op on this server's history.

    Its ``base_rev`` becomes the record's last version at or below the device's revision
    that both histories share, and fields the device holds as they were there are no
    change of its own. A record made again since the fork (by another device's offer, at
    the revision it had) is the base when the device knew no later revision; if it knew
    the same or an earlier one, its copy adds nothing. A record the server lacks keeps
    the device's revision: push makes it again at that revision.
    """
    assert op.shared_seq is not None
    if row is None:
        return op.model_copy(update={"shared_seq": None})
    base_rev = _shared_rev(store.session, op, row)
    if base_rev == 0:
        base_rev = _first_rev(store.session, op.record_id)
        if op.base_rev <= base_rev:
            return _no_change(op, row)
    base = store.open(row) if base_rev == row.rev else store.version_at(row.id, base_rev)
    if base is None:
        return op.model_copy(update={"base_rev": 0, "shared_seq": None})
    if op.op == "delete" and base.deleted:
        return _no_change(op, row)
    mine = {name: value for name, value in op.fields.items() if base.fields.get(name) != value}
    return op.model_copy(update={"base_rev": base_rev, "fields": mine, "shared_seq": None})


def _shared_rev(session: Session, op: Op, row: RecordRow) -> int:
    assert op.shared_seq is not None
    if row.seq <= op.shared_seq and row.rev <= op.base_rev:
        return row.rev  # unchanged since the fork: the current version is common
    found = session.scalar(
        select(func.max(RecordVersion.rev)).where(
            RecordVersion.record_id == op.record_id,
            RecordVersion.rev <= op.base_rev,
            RecordVersion.seq <= op.shared_seq,
            RecordVersion.outcome != LOST,
        )
    )
    return int(found or 0)


def _first_rev(session: Session, record_id: str) -> int:
    found = session.scalar(
        select(func.min(RecordVersion.rev)).where(
            RecordVersion.record_id == record_id, RecordVersion.outcome != LOST
        )
    )
    return int(found or 0)


def _no_change(op: Op, row: RecordRow) -> Op:
    """An op that changes nothing: the server's version is answered as it stands."""
    return op.model_copy(
        update={
            "base_rev": row.rev,
            "op": "delete" if row.deleted else "upsert",  # an empty upsert would restore
            "fields": {},
            "shared_seq": None,
        }
    )


def tombstone_fields(kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """What a tombstone offered back keeps: its clear fields if the record they came with
    is valid, else nothing (a device's copy of a tombstone may hold only those)."""
    try:
        return without_personal_fields(kind, to_wire(validate(kind, fields)))
    except RecordValidationError:
        return {}
