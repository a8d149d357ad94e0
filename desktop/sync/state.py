"""The device's side of sync, in the local database: outbox batches, results, pulled pages.

Every step commits in one local transaction, so a sync killed at any point resumes: ops
left ``sending`` are sent again with the same op ids (the server answers a replay with its
stored result), and a pulled page is committed together with the cursor that follows it.

Nothing is sealed twice for one save: an op sends the fields it names as its record's
row holds them (opened, not sealed again); an answer that only confirms what was sent
moves the row's revision and state without resealing it; the highest seq of the answers
(``mine_upto``) lets the server leave this laptop's own changes out of its pulls, and a
pulled version the row already holds (same revision, nothing waiting) is skipped unopened.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from casework.merge import DELETED
from casework.protocol import Change, Op, OpResult, ServerRecord
from desktop.models.county_versions import CountyVersion, Settled
from desktop.models.db import in_chunks, resendable_writes
from desktop.models.store import CaseStore, CorruptRecordError
from desktop.models.tables import ConflictEntry, Meta, OutboxEntry, Rejection, SyncStatus
from desktop.sync import moves
from desktop.sync.pulled import PulledChange, ServerVersion

logger = logging.getLogger(__name__)

# Meta keys: the highest seq among the push answers written here (the server leaves this
# device's own versions up to it out of pulls), and the cursor below which that does not
# hold (a restored server's history, pulled again from 0: everything comes).
MINE_UPTO = "mine_upto"
MINE_FLOOR = "mine_floor"
# The restored server's records still to offer back (offer_back.py), and the county's
# settings version kept here (county.py).
OFFER_BACK_PLAN = "offer_back"
COUNTY_VERSION = "county_version"

# What a sync reads before it begins, in one look (SyncState.start).
_START_KEYS = ("cursor", "epoch", MINE_UPTO, MINE_FLOOR, OFFER_BACK_PLAN, "role", COUNTY_VERSION)
_READ_META = select(Meta.key, Meta.value).where(Meta.key.in_(bindparam("keys", expanding=True)))
_COUNT_OUTBOX = select(func.count()).select_from(OutboxEntry)
_META: Table = Meta.__table__  # type: ignore[assignment]
_PUT_META = sqlite_insert(_META)
_PUT_META = _PUT_META.on_conflict_do_update(
    index_elements=[_META.c.key], set_={"value": _PUT_META.excluded.value}
)

# A page's lookups, built once: the ids bound as one expanding parameter.
_ANY_OUTBOX = select(OutboxEntry.seq).limit(1)
_ANY_CONFLICT = select(ConflictEntry.id).limit(1)
_OUTBOX_OF = (
    select(OutboxEntry)
    .where(OutboxEntry.record_id.in_(bindparam("ids", expanding=True)))
    .order_by(OutboxEntry.seq)
)
_CONFLICTS_OF = select(ConflictEntry).where(
    ConflictEntry.record_id.in_(bindparam("ids", expanding=True))
)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _naive(moment: datetime) -> datetime:
    zone = moment.tzinfo
    if zone is UTC:  # every pulled time (msgspec gives UTC itself): no conversion to make
        return moment.replace(tzinfo=None)
    return moment.astimezone(UTC).replace(tzinfo=None) if zone else moment


def _kept(connection: Connection, keys: Sequence[str]) -> dict[str, str]:
    """The values kept in meta of those of ``keys`` that are kept, in one query."""
    return {key: value for key, value in connection.execute(_READ_META, {"keys": list(keys)})}


@dataclass(frozen=True)
class SyncStart:
    """What a sync needs to know before it begins, read in one look at the store: a sync
    with nothing to do is little more than this, its one request and one small commit."""

    kept: Mapping[str, str]  # of the meta keys in _START_KEYS, those kept
    waiting: int  # ops in the outbox

    @property
    def cursor(self) -> int:
        return int(self.kept.get("cursor") or 0)

    @property
    def epoch(self) -> str | None:
        return self.kept.get("epoch") or None

    @property
    def mine_upto(self) -> tuple[int, int]:
        """(seq up to which this laptop holds its own changes' answers, the cursor from
        which that may be told to the server)."""
        return int(self.kept.get(MINE_UPTO) or 0), int(self.kept.get(MINE_FLOOR) or 0)

    @property
    def offering_back(self) -> bool:
        return OFFER_BACK_PLAN in self.kept

    @property
    def role(self) -> str | None:
        return self.kept.get("role")

    @property
    def county_version(self) -> str | None:
        return self.kept.get(COUNTY_VERSION)


@dataclass(frozen=True)
class ConflictView:
    id: int
    record_id: str
    kind: str
    field: str
    base: Any
    mine: Any
    theirs: Any
    theirs_by: str
    theirs_at: datetime


@dataclass(frozen=True)
class RejectionView:
    record_id: str
    op_id: str
    code: str
    reason_zh: str
    reason_en: str
    at: datetime


@dataclass(frozen=True)
class ResultCounts:
    applied: int = 0
    merged: int = 0
    conflicts: int = 0
    rejected: int = 0


class SyncState:
    """Reads and writes the sync bookkeeping of one unlocked store."""

    def __init__(self, store: CaseStore) -> None:
        self._store = store
        self._codec = store.codec
        self._county = store.county
        self._engine = store.engine
        # What left this laptop's reach in this sync (sync/moves.py), for its summary.
        self.departures = moves.Departures()

    @property
    def store(self) -> CaseStore:
        return self._store

    @property
    def engine(self) -> Engine:
        return self._engine

    # -- settings kept in meta -----------------------------------------------------------

    def get(self, key: str, default: str | None = None) -> str | None:
        with self._engine.connect() as connection:
            return _kept(connection, (key,)).get(key, default)

    def start(self) -> SyncStart:
        """The cursor, epoch, outbox size and the rest a sync begins with, in one look
        (Core: the ORM's per-read cost was most of a sync with nothing to do)."""
        with self._engine.connect() as connection:
            kept = _kept(connection, _START_KEYS)
            waiting = int(connection.execute(_COUNT_OUTBOX).scalar() or 0)
        return SyncStart(kept, waiting)

    def put(self, values: dict[str, str]) -> None:
        """Keep these values in meta, in one transaction (one upsert: Core, as the ORM's
        read-then-write per key was most of keeping the county's settings)."""
        if values:
            with self._engine.begin() as connection:
                connection.execute(_PUT_META, [{"key": k, "value": v} for k, v in values.items()])

    def save_credential(self, credential: str) -> None:
        sealed = self._codec.seal_values("credential", credential)
        self.put({"credential": base64.b64encode(sealed).decode("ascii")})

    def credential(self) -> str | None:
        stored = self.get("credential")
        if stored is None:
            return None
        value = self._codec.open_values(
            "credential", base64.b64decode(stored), record_id="credential"
        )
        return str(value)

    def cursor(self) -> int:
        return int(self.get("cursor", "0") or 0)

    def epoch(self) -> str | None:
        """The server history the cursor counts in (None before the first pull)."""
        return self.get("epoch") or None

    @staticmethod
    def note_answers(session: Session, servers: Iterable[ServerRecord]) -> None:
        """Raise ``mine_upto`` to the answers' highest seq, in the answers' transaction.

        Batches go one at a time and their answers are written in order, so every version
        this device wrote at or below that seq has been written here from its answer.
        """
        highest = max((server.seq for server in servers), default=0)
        known = session.get(Meta, MINE_UPTO)
        if highest and (known is None or int(known.value or 0) < highest):
            session.merge(Meta(key=MINE_UPTO, value=str(highest)))

    # -- push ----------------------------------------------------------------------------

    def take_batch(self, limit: int, *, besides: Collection[str] = ()) -> list[Op]:
        """The oldest waiting ops, one per record, marked ``sending``.

        One per record, because a later op on the same record must be rebased on the
        revision the earlier one produces, or the server would see it conflict with itself.
        Records in ``besides`` (those of a batch still on its way) are left out for the
        same reason: their next op waits for the answer to the one sent.
        """
        waiting = [
            OutboxEntry.state.in_((SyncStatus.PENDING, SyncStatus.SENDING)),
            OutboxEntry.op != moves.MOVE,  # a move goes last of its file (sync/moves.py)
        ]
        if besides:
            waiting.append(OutboxEntry.record_id.not_in(list(besides)))
        first_per_record = (
            select(func.min(OutboxEntry.seq)).where(*waiting).group_by(OutboxEntry.record_id)
        )
        with Session(self._engine) as session, session.begin():
            entries = list(
                session.scalars(
                    select(OutboxEntry)
                    .where(OutboxEntry.seq.in_(first_per_record))
                    .order_by(OutboxEntry.seq)
                    .limit(limit)
                ).all()
            )
            entries += moves.sendable_moves(session, limit - len(entries), besides=besides)
            if not entries:
                return []
            rows = self._county.sending_rows(session, [entry.record_id for entry in entries])
            ops: list[Op] = []
            for entry in entries:
                row = rows[entry.record_id]
                if entry.op == moves.MOVE:
                    ops.append(self._move_op(entry, row.village_code))
                    continue
                try:
                    values = self._codec.op_values(entry, self._opened(row, entry))
                except CorruptRecordError:
                    # What waits is in the damaged row: it stays waiting (``check`` names
                    # it); the county's version repairs it at the next pull.
                    logger.error("record %s is damaged; its op stays waiting", row.id)
                    continue
                ops.append(
                    Op(
                        op_id=entry.op_id,
                        record_id=entry.record_id,
                        kind=entry.kind,
                        village_code=row.village_code,
                        base_rev=entry.base_rev,
                        op=entry.op,
                        fields=values,
                        made_at=entry.created_at.replace(tzinfo=UTC),
                    )
                )
            if not ops:
                return []
            record_ids = [op.record_id for op in ops]
            # Not matched against the entries just loaded (the ORM's default): none is
            # read again, and that evaluation was a fifth of taking a batch.
            session.execute(
                update(OutboxEntry)
                .where(OutboxEntry.op_id.in_([op.op_id for op in ops]))
                .values(state=SyncStatus.SENDING)
                .execution_options(synchronize_session=False)
            )
            self._county.set_state(
                session, record_ids, SyncStatus.SENDING, only_from=SyncStatus.PENDING
            )
        return ops

    def _move_op(self, entry: OutboxEntry, village_code: str) -> Op:
        return Op(
            op_id=entry.op_id,
            record_id=entry.record_id,
            kind=entry.kind,
            village_code=village_code,
            base_rev=entry.base_rev,
            op="move",
            to_village=moves.target_of(self._store, entry),
            made_at=entry.created_at.replace(tzinfo=UTC),
        )

    def _opened(self, row: Any, entry: OutboxEntry) -> dict[str, Any]:
        """The row's fields, when the entry's values are the row's (else none needed)."""
        if entry.sealed_values or entry.op == "delete":
            return {}
        return self._codec.open_fields(row)

    def waiting_count(self) -> int:
        with Session(self._engine) as session:
            count = session.scalar(select(func.count()).select_from(OutboxEntry))
            return int(count or 0)

    def apply_results(self, ops: Sequence[Op], results: Sequence[OpResult]) -> ResultCounts:
        counts = {"applied": 0, "merged": 0, "conflict": 0, "rejected": 0}
        accepted: list[ServerRecord] = []
        confirmed: dict[str, Op] = {}
        with Session(self._engine) as session, session.begin():
            session.execute(
                delete(OutboxEntry).where(OutboxEntry.op_id.in_([op.op_id for op in ops]))
            )
            for op, result in zip(ops, results, strict=True):
                counts[result.status] += 1
                if result.status == "rejected":
                    self.note_rejection(session, op, result)
                    continue
                assert result.record is not None
                if op.op == "move" and not moves.within_reach(
                    session, self._store, result.record.village_code
                ):
                    # Moved out of this laptop's reach: the file leaves it now.
                    for record_id in moves.family_ids(session, op.record_id):
                        self._forget(session, record_id)
                    self.note_answers(session, [result.record])
                    continue
                if result.status == "conflict":
                    self.queue_conflicts(session, op, result)
                elif result.status == "applied" and _as_sent(op, result.record):
                    confirmed[op.record_id] = op
                accepted.append(result.record)
            self.write_server_records(session, accepted, confirmed=confirmed)
            self.note_answers(session, accepted)
        return ResultCounts(
            counts["applied"], counts["merged"], counts["conflict"], counts["rejected"]
        )

    def note_rejection(self, session: Session, op: Op, result: OpResult) -> None:
        reason = result.reason
        session.add(
            Rejection(
                record_id=op.record_id,
                op_id=op.op_id,
                code=reason.code if reason else "rejected",
                reason_zh=reason.zh if reason else "",
                reason_en=reason.en if reason else "",
                created_at=_now(),
            )
        )
        # The typed words stay in the local record; only its state says it was refused.
        self._county.set_state(session, [op.record_id], SyncStatus.REJECTED)
        logger.warning("op %s rejected: %s", op.op_id, reason.code if reason else "?")

    def queue_conflicts(self, session: Session, op: Op, result: OpResult) -> None:
        for conflict in result.conflicts:
            values = {"base": conflict.base, "mine": conflict.mine, "theirs": conflict.theirs}
            if conflict.field == DELETED and op.op == "upsert":
                # Edited here, deleted there: what was typed here stays with the conflict.
                values["kept"] = op.fields
            session.add(
                ConflictEntry(
                    record_id=op.record_id,
                    kind=op.kind,
                    field=conflict.field,
                    sealed_values=self._codec.seal_values(
                        f"conflict\x1f{op.record_id}\x1f{conflict.field}", values
                    ),
                    theirs_by=conflict.theirs_by[:64],
                    theirs_at=_naive(conflict.theirs_at),
                    created_at=_now(),
                )
            )

    # -- pull ----------------------------------------------------------------------------

    def apply_page(
        self,
        changes: Iterable[PulledChange | Change],
        cursor: int,
        *,
        finished_at: datetime | None = None,
        epoch: str = "",
    ) -> int:
        """Write one pulled page and the cursor after it, together.

        ``finished_at`` (on the last page) is kept as the time of the last sync in the same
        transaction; an empty page at the same cursor writes nothing else, so a sync with
        nothing to do costs one small commit. ``epoch`` (the server history the cursor
        counts in) is kept with the cursor when it is new here.
        """
        written = 0
        arrived: list[ServerVersion] = []
        with (
            resendable_writes(self._engine) as connection,
            Session(bind=connection) as session,
            session.begin(),
        ):
            for change in changes:
                if not change.in_scope or change.record is None:
                    # keep the page's order
                    written += self.write_server_records(session, arrived, skip_held=True)
                    arrived = []
                    self._forget(session, change.record_id)
                    written += 1
                else:
                    arrived.append(change.record)
            written += self.write_server_records(session, arrived, skip_held=True)
            self._keep_position(session, written, cursor, epoch, finished_at)
        return written

    @staticmethod
    def _keep_position(
        session: Session, written: int, cursor: int, epoch: str, finished_at: datetime | None
    ) -> None:
        """The cursor after a page (when it moved or the page wrote), its epoch (when new
        here) and the time the sync finished: read in one query, written in one."""
        connection = session.connection()
        known = _kept(connection, ("cursor", "epoch"))
        changed: list[dict[str, str]] = []
        if written or str(cursor) != known.get("cursor", "0"):
            changed.append({"key": "cursor", "value": str(cursor)})
        if epoch and known.get("epoch") != epoch:
            changed.append({"key": "epoch", "value": epoch})
        if finished_at is not None:
            changed.append({"key": "last_sync_at", "value": finished_at.isoformat()})
        if changed:
            connection.execute(_PUT_META, changed)

    def _forget(self, session: Session, record_id: str) -> None:
        """A record that left this device's scope: it must not stay on this laptop."""
        moves.note_departure(session, record_id, self.departures)
        session.execute(delete(OutboxEntry).where(OutboxEntry.record_id == record_id))
        session.execute(delete(ConflictEntry).where(ConflictEntry.record_id == record_id))
        session.execute(delete(Rejection).where(Rejection.record_id == record_id))
        self._county.forget(session, record_id)

    def write_server_records(
        self,
        session: Session,
        servers: Sequence[ServerVersion],
        *,
        skip_held: bool = False,
        confirmed: Mapping[str, Op] | None = None,
    ) -> int:
        """Take the server's versions, keeping local changes that have not gone up yet;
        how many rows were written (by the store: ``CaseStore.county``).

        A page at a time: what waits in the outbox, the open conflicts and the rows here
        are read with one query each, and the store writes the rows with one executemany
        per kind of write. With ``skip_held`` (a pull), a version the row already holds
        (same revision, synced) is left alone unopened. A record in ``confirmed`` (an
        answer that the server took exactly what was sent) keeps its sealed cell: only its
        revision, state and author move.
        """
        latest = {server.id: server for server in servers}  # a record twice: the last wins
        if not latest:
            return 0
        ids = list(latest)
        waiting: dict[str, list[OutboxEntry]] = {}
        conflicts: dict[str, list[ConflictEntry]] = {}
        # An empty outbox or conflict list (a first pull's every page) is not searched
        # for the page's 2,000 ids: one row's look costs less than binding them.
        outbox = session.execute(_ANY_OUTBOX).first() is not None
        open_conflicts = session.execute(_ANY_CONFLICT).first() is not None
        for chunk in in_chunks(ids) if outbox or open_conflicts else ():
            if outbox:
                for entry in session.scalars(_OUTBOX_OF, {"ids": list(chunk)}):
                    waiting.setdefault(entry.record_id, []).append(entry)
            if open_conflicts:
                for conflict in session.scalars(_CONFLICTS_OF, {"ids": list(chunk)}):
                    conflicts.setdefault(conflict.record_id, []).append(conflict)
        here = self._county.held(session, ids)
        current = self._current_fields(session, waiting)
        versions: list[CountyVersion] = []
        settled: list[Settled] = []
        for record_id, server in latest.items():
            held = here.get(record_id)
            quiet = held is not None and record_id not in waiting and record_id not in conflicts
            if quiet and skip_held and held == (server.rev, SyncStatus.SYNCED):
                continue  # its own echo, or a version pulled before: nothing to open or seal
            if quiet and confirmed and record_id in confirmed:
                settled.append(
                    Settled(
                        record_id,
                        server.rev,
                        server.village_code,
                        _naive(server.updated_at),
                        server.updated_by,
                    )
                )
                continue
            versions.append(
                self._local_version(
                    server,
                    waiting.get(record_id, []),
                    conflicts.get(record_id, []),
                    current.get(record_id, {}),
                )
            )
        return self._county.write(session, versions, here) + self._county.settle(session, settled)

    def _current_fields(
        self, session: Session, waiting: dict[str, list[OutboxEntry]]
    ) -> dict[str, dict[str, Any]]:
        """The local fields of records whose waiting ops send the row's values.

        A damaged row's own values are gone: its waiting ops are dropped (logged), and
        the server's version repairs the row.
        """
        wanted = [
            record_id
            for record_id, entries in waiting.items()
            if any(not entry.sealed_values and entry.op == "upsert" for entry in entries)
        ]
        if not wanted:
            return {}
        found, damaged = self._county.current_fields(session, wanted)
        for record_id in damaged:
            logger.error("record %s is damaged; its unsent changes are lost", record_id)
            for entry in waiting.pop(record_id):
                session.delete(entry)
        return found

    def _local_version(
        self,
        server: ServerVersion,
        waiting: Sequence[OutboxEntry],
        conflicts: Sequence[ConflictEntry],
        current: Mapping[str, Any],
    ) -> CountyVersion:
        """The local record for a server version: its fields with what still waits on top."""
        # Copied only when something goes on top (a first pull: nothing, 30,000 times).
        fields = dict(server.fields) if waiting or conflicts else server.fields
        deleted = server.deleted
        for conflict in conflicts:
            if conflict.field == DELETED:
                values = self._open_conflict(conflict)
                fields.update(values.get("kept") or {})
                deleted = False  # shown, with what was typed here, until the user decides
        for entry in waiting:
            if entry.op == moves.MOVE:
                continue  # changes no field (the county moves the file)
            fields.update(self._codec.op_values(entry, current))
            if entry.op == "delete":
                deleted = True
            if entry.state == SyncStatus.PENDING:
                # Rebase: the local state now stands on the server's revision.
                entry.base_rev = server.rev
        state = (
            SyncStatus.CONFLICT
            if conflicts
            else (SyncStatus.PENDING if waiting else SyncStatus.SYNCED)
        )
        return CountyVersion(
            server.id,
            server.kind,
            server.village_code,
            server.rev,
            _naive(server.updated_at),
            server.updated_by,
            fields,
            deleted,
            state,
        )

    # -- conflicts and rejections --------------------------------------------------------

    def conflicts(self, record_id: str | None = None) -> list[ConflictView]:
        query = select(ConflictEntry).order_by(ConflictEntry.id)
        if record_id is not None:
            query = query.where(ConflictEntry.record_id == record_id)
        views = []
        with Session(self._engine) as session:
            for entry in session.scalars(query):
                values = self._open_conflict(entry)
                views.append(
                    ConflictView(
                        id=entry.id,
                        record_id=entry.record_id,
                        kind=entry.kind,
                        field=entry.field,
                        base=values["base"],
                        mine=values["mine"],
                        theirs=values["theirs"],
                        theirs_by=entry.theirs_by,
                        theirs_at=entry.theirs_at,
                    )
                )
        return views

    def _open_conflict(self, entry: ConflictEntry) -> dict[str, Any]:
        values: dict[str, Any] = self._codec.open_values(
            f"conflict\x1f{entry.record_id}\x1f{entry.field}",
            entry.sealed_values,
            record_id=entry.record_id,
        )
        return values

    def drop_conflict(self, conflict_id: int) -> None:
        """The conflict is decided: forget it and settle the record's sync state."""
        with Session(self._engine) as session, session.begin():
            entry = session.get(ConflictEntry, conflict_id)
            if entry is None:
                return
            record_id = entry.record_id
            session.delete(entry)
            session.flush()
            left = session.scalar(
                select(func.count())
                .select_from(ConflictEntry)
                .where(ConflictEntry.record_id == record_id)
            )
            waiting = session.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(OutboxEntry.record_id == record_id)
            )
            state = (
                SyncStatus.CONFLICT
                if left
                else (SyncStatus.PENDING if waiting else SyncStatus.SYNCED)
            )
            self._county.set_state(session, [record_id], state)

    def mark_deleted_locally(self, record_id: str) -> None:
        """Accept the county's delete: the record becomes a tombstone here too, no op."""
        self._county.accept_deletion(record_id)

    def rejections(self) -> list[RejectionView]:
        with Session(self._engine) as session:
            return [
                RejectionView(r.record_id, r.op_id, r.code, r.reason_zh, r.reason_en, r.created_at)
                for r in session.scalars(select(Rejection).order_by(Rejection.id))
            ]


def _as_sent(op: Op, server: ServerVersion) -> bool:
    """The server took the op exactly: the row here, which the op was read from, already
    holds the server's fields (a create's every field; an edit's changed ones on the base
    this row had), so only its revision moves."""
    if op.op != "upsert" or op.shared_seq is not None or server.deleted:
        return False
    if op.base_rev == 0:
        given = {name: value for name, value in server.fields.items() if value is not None}
        sent = {name: value for name, value in op.fields.items() if value is not None}
        return given == sent
    return all(server.fields.get(name) == value for name, value in op.fields.items())
