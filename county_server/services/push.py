"""Push: apply a device's outbox ops, each answered on its own (DESIGN §6).

The batch is one transaction. Every check of an op comes before its first write, so a
refused op leaves nothing behind and the batch goes on; the records, stored answers and
operations named by the batch are read up front with one query each, and the writes go
to the database together when the batch commits. Per op, in order:

1. a replayed ``op_id`` from the same device gets its stored answer and changes nothing
   (from another device: ``duplicate_op``); refused ops are not stored, so a retry of
   one is judged afresh;
2. the role must be allowed the kind, and an upsert at ``base_rev`` 0 the creation, by
   ``casework.permissions.TABLE`` (``forbidden``); both the village the op claims and the
   record's current village must be in the device's scope, else ``not_found`` — the very
   answer a record that doesn't exist gets; then the table must allow the update or
   delete (``forbidden``), and an update only the fields the role may change
   (``forbidden_field``, judged on what the op would really change). Fields the server
   sets (a note's ``author``: the authenticated user) are never taken from the op;
3. an op offered back after a restore (``shared_seq``) is first based on the last version
   both histories share (``services/epochs.py``), and made again if the record is gone;
   no record: ``base_rev`` 0 creates it (validated whole, ``applied``, rev 1); otherwise
   the op is merged three-way against the version at ``base_rev`` from history with
   ``casework.merge.merge_with_tombstones`` (``base_rev`` = rev: ``applied``; older:
   ``merged``, or ``conflict`` where both sides changed a field: the server's value stays,
   the rest applies, the losing side goes to history as ``lost``); a ``base_rev`` newer
   than the record's is ``bad_base_rev``;
4. the resulting record is validated whole (``invalid``, with a message per field), a
   dependent record's child must be on file in the same village (``missing_child``), and
   a supervision note may name only its own village or that village's township
   (``wrong_place``);
5. every accepted change gets rev + 1 and a new global seq; moving a child to another
   village moves its dependent records with it, and each move is noted for pull;
   deleting a child deletes or closes its dependent records in the same batch
   (``casework.lifecycle``), and a deleted record's current version keeps no personal
   fields (history keeps the earlier versions);
6. a ``move`` op (a child's file to another village, ``services/moves.py``) is judged on
   its own: the role may move (``casework.moves``), the child in the device's reach and
   living (else ``move_forbidden``, the same answer as for no such child), the target
   another village of the directory (``move_unknown_village``, ``move_same_village``);
   the child and its records then move together. A change to a record that moved out of
   the device's reach is refused ``moved_away`` (for a device that could write it before;
   anyone else gets ``not_found``), an edit kept in the record's history as ``lost``;
7. an op that fails in a way no check foresaw (a value the rules can't take) is refused
   alone (``unprocessable``), what it wrote to the batch taken back, and the batch goes
   on: one bad value never costs the good ops of its batch a 500. Only a failure after
   some of the op's writes reached the database (a mid-op flush) ends the batch.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from casework.labels import label
from casework.lifecycle import after_child_deleted, without_personal_fields
from casework.merge import DELETED, FieldConflict, merge_with_tombstones
from casework.messages import Message
from casework.moves import (
    M_MOVED_AWAY_ALREADY,
    M_MOVED_AWAY_KEPT,
    M_MOVED_AWAY_NEW,
    may_move,
)
from casework.permissions import SERVER_SET_FIELDS, Operation
from casework.protocol import FieldConflictWire, Op, OpResult, PushResponse, Reason
from casework.records import (
    FILED_REPORT_EDITABLE,
    RecordValidationError,
    to_wire,
    validate,
)
from county_server.errors import ErrorCode, safe_text
from county_server.models import ScopeMove, Village
from county_server.services import epochs, moves
from county_server.services.access import Actor
from county_server.services.audit import record_audit
from county_server.services.sealing import Sealer
from county_server.services.store import (
    APPLIED,
    MERGED,
    OpNotUndone,
    RecordRow,
    RecordStore,
    SeqAllocator,
    StoredAnswer,
    StoredRecord,
    StoredVersion,
)

logger = logging.getLogger(__name__)

VILLAGE = "village_code"  # pseudo-field of a conflict over where a record belongs
VILLAGE_FIELD = "village_code"  # a supervision note's field naming the place it is about
_OP_RESULT = "op_result"
_RECORD_REV, _ANSWER = "record_rev", "answer"  # a stored answer: {record_rev, answer}


class Rejected(Exception):
    """An op refused; ``keep``, when given, is written after the refusal (outside the op's
    undo): a late edit of a record that moved away, kept in its history."""

    def __init__(self, reason: Reason, keep: Callable[[], None] | None = None) -> None:
        super().__init__(reason.code)
        self.reason = reason
        self.keep = keep


def _reject(code: ErrorCode, **kwargs: Any) -> Rejected:
    return Rejected(code.reason(**kwargs))


def invalid_reason(error: RecordValidationError) -> Reason:
    first = error.errors[0]
    name = label(first.field)
    message = Message(f"{name.zh}：{first.message.zh}", f"{name.en}: {first.message.en}")
    fields: dict[str, str] = {}
    for item in error.errors:
        fields.setdefault(item.field or "record", item.message.en)
    return ErrorCode.INVALID.reason(message=message, fields=fields)


def _forbidden_fields_reason(names: Sequence[str]) -> Reason:
    zh = "、".join(label(name).zh for name in names)
    en = ", ".join(label(name).en for name in names)
    words = ErrorCode.FORBIDDEN_FIELD.message
    return ErrorCode.FORBIDDEN_FIELD.reason(
        message=Message(words.zh.format(fields=zh), words.en.format(fields=en)),
        fields=dict.fromkeys(names, "your role may not change this field"),
    )


def _operation(op: Op) -> Operation:
    """What the op means to do: an upsert at base_rev 0 is meant as a creation."""
    if op.op == "delete":
        return "delete"
    return "create" if op.base_rev == 0 else "update"


def _malformed_reason(error: ValidationError) -> Reason:
    fields: dict[str, str] = {}
    for item in error.errors(include_url=False, include_input=False):
        where = ".".join(safe_text(str(part)) for part in item["loc"]) or "op"
        fields.setdefault(where, safe_text(str(item["msg"])))
    return ErrorCode.INVALID_OP.reason(fields=fields)


def _unencodable_reason() -> Reason:
    return ErrorCode.INVALID_OP.reason(
        fields={"op": "holds text that is not valid Unicode, or NaN/Infinity"}
    )


def _encodable(raw: object) -> bool:
    """JSON that can be stored and sent back: no lone surrogates, no NaN or Infinity."""
    # Fast and usual answer: orjson refuses lone surrogates and writes NaN and Infinity as
    # null, so a value that comes back equal holds neither. Anything else orjson can't
    # say yes to (an integer beyond 64 bits, say) gets the exact check.
    try:
        if orjson.loads(orjson.dumps(raw)) == raw:
            return True
    except orjson.JSONEncodeError:
        pass
    try:
        json.dumps(raw, ensure_ascii=False, allow_nan=False).encode()
    except (ValueError, UnicodeError):
        return False
    return True


def _named_records(raw_ops: Sequence[object]) -> list[str]:
    """Record ids a batch names: its ops' records and the children they point at."""
    named: list[str] = []
    for raw in raw_ops:
        if not isinstance(raw, Mapping):
            continue
        fields = raw.get("fields")
        for value in (
            raw.get("record_id"),
            fields.get("child_id") if isinstance(fields, Mapping) else None,
        ):
            if isinstance(value, str) and len(value) <= 64:
                named.append(value)
    return named


def _op_id_of(raw: object) -> str:
    if isinstance(raw, Mapping):
        value = raw.get("op_id")
        if isinstance(value, str) and len(value) <= 64 and _encodable(value):
            return value
    return ""


@dataclass
class _Tally:
    applied: int = 0
    merged: int = 0
    conflict: int = 0
    rejected: int = 0
    replayed: int = 0


class PushBatch:
    """One push request from one device, applied in one transaction."""

    def __init__(self, session: Session, sealer: Sealer, actor: Actor, *, now: datetime) -> None:
        self.session = session
        self.sealer = sealer
        self.actor = actor
        self.now = now
        self.store = RecordStore(session, sealer)
        self.seq = SeqAllocator(session)
        self.touched: list[str] = []
        self.moved: list[moves.Moved] = []  # children moved by this batch, for the audit
        self.tally = _Tally()
        self.all_encodable = False  # set by run: every op of the batch is storable JSON

    # -- the batch -------------------------------------------------------------------

    def run(self, raw_ops: Sequence[object]) -> PushResponse:
        self._read_ahead(raw_ops)
        # Checked once for the whole batch; only a batch that fails is checked op by op.
        self.all_encodable = _encodable(list(raw_ops))
        results = [self._one(raw) for raw in raw_ops]
        self.store.flush()
        self.seq.flush()
        record_audit(
            self.session,
            at=self.now,
            actor=self.actor.user_name,
            device_id=self.actor.device_id,
            action="push",
            record_ids=list(dict.fromkeys(self.touched)),
            detail={"ops": len(results), **vars(self.tally)},
        )
        for moved in self.moved:
            moves.audit_move(
                self.session, moved, at=self.now, actor=self.actor.user_name,
                device_id=self.actor.device_id,
            )  # fmt: skip
        self.session.commit()
        return PushResponse(results=results)

    def _read_ahead(self, raw_ops: Sequence[object]) -> None:
        """One query each for the stored answers and the records the batch names."""
        op_ids = [op_id for raw in raw_ops if (op_id := _op_id_of(raw))]
        self.stored_answers = self.store.op_results(op_ids)
        self.store.read_ahead(_named_records(raw_ops))

    def _one(self, raw: object) -> OpResult:
        if not self.all_encodable and not _encodable(raw):
            self.tally.rejected += 1
            return OpResult(op_id=_op_id_of(raw), status="rejected", reason=_unencodable_reason())
        try:
            op = Op.model_validate(raw)
        except ValidationError as error:
            self.tally.rejected += 1
            return OpResult(
                op_id=_op_id_of(raw), status="rejected", reason=_malformed_reason(error)
            )
        stored = self.stored_answers.get(op.op_id)
        if stored is not None:
            if stored.device_id != self.actor.device_id:
                self.tally.rejected += 1
                return self._rejected(op, ErrorCode.DUPLICATE_OP.reason())
            self.tally.replayed += 1
            return self._open_answer(op, stored)
        try:
            result, blob = self._accept_alone(op)
        except Rejected as rejection:
            self.tally.rejected += 1
            if rejection.keep is not None:
                self._keep(op, rejection.keep)
            return self._rejected(op, rejection.reason)
        # The same op twice in one batch is a replay of the first.
        self.stored_answers[op.op_id] = StoredAnswer(self.actor.device_id, blob, op.record_id)
        setattr(self.tally, result.status, getattr(self.tally, result.status) + 1)
        return result

    def _accept_alone(self, op: Op) -> tuple[OpResult, str]:
        """Apply one op and keep its answer; if it fails in a way no check foresaw (a value
        the rules can't take), it alone is refused and what it wrote is taken back."""
        seq, touched, moved = self.seq.value, len(self.touched), len(self.moved)
        try:
            with self.store.undone_on_failure():
                # Every refusal is raised before the op's first write: nothing to undo.
                result = self._apply(op)
                blob = self._seal_answer(result)
                self.store.save_answer(
                    op_id=op.op_id,
                    device_id=self.actor.device_id,
                    record_id=op.record_id,
                    result=blob,
                    at=self.now,
                )
        except (Rejected, OpNotUndone, SQLAlchemyError):
            raise  # a refusal, or the database's trouble: not this op's alone
        except Exception as error:
            # Where, not what: an exception's text may quote the record's personal values.
            frame = traceback.extract_tb(error.__traceback__)[-1]
            logger.error(
                "op %s failed unforeseen (%s at %s:%s); refused alone",
                op.op_id,
                type(error).__name__,
                frame.filename,
                frame.lineno,
            )
            self.seq.value = seq
            del self.touched[touched:]
            del self.moved[moved:]
            raise _reject(ErrorCode.UNPROCESSABLE) from None
        return result, blob

    def _seal_answer(self, result: OpResult) -> str:
        """The answer kept for a replay: the record only by its rev (history has it)."""
        assert result.record is not None  # every accepted op answers with the record
        kept = orjson.dumps(
            {
                _RECORD_REV: result.record.rev,
                _ANSWER: orjson.Fragment(result.model_dump_json(exclude={"record"})),
            }
        )
        return self.sealer.seal_blob(result.op_id, _OP_RESULT, kept)

    def _open_answer(self, op: Op, stored: StoredAnswer) -> OpResult:
        plaintext = self.sealer.open_blob(op.op_id, _OP_RESULT, stored.result)
        kept = orjson.loads(plaintext)
        if set(kept) != {_RECORD_REV, _ANSWER}:  # kept whole, by earlier versions
            return OpResult.model_validate_json(plaintext)
        # The record the op was answered for, whatever a replay of it names.
        record = self.store.version_record(stored.record_id, kept[_RECORD_REV])
        answer = OpResult.model_validate(kept[_ANSWER])
        return answer.model_copy(update={"record": record})

    def _keep(self, op: Op, keep: Callable[[], None]) -> None:
        """What a refusal keeps (a late edit, in its record's history), written alone: if
        it fails, it is taken back and the refusal stands."""
        seq, touched = self.seq.value, len(self.touched)
        try:
            with self.store.undone_on_failure():
                keep()
        except (OpNotUndone, SQLAlchemyError):
            raise
        except Exception as error:
            logger.error("op %s: the late edit was not kept (%s)", op.op_id, type(error).__name__)
            self.seq.value = seq
            del self.touched[touched:]

    @staticmethod
    def _rejected(op: Op, reason: Reason) -> OpResult:
        return OpResult(op_id=op.op_id, status="rejected", reason=reason)

    # -- one op ----------------------------------------------------------------------

    def _apply(self, op: Op) -> OpResult:
        if op.op == "move":
            return self._move(op)
        operation = _operation(op)
        # Judged before the record is looked up, so the answer says nothing of whether
        # a record exists out of scope.
        if not self.actor.may_write_kind(op.kind) or (
            operation == "create" and not self.actor.may(op.kind, "create")
        ):
            raise _reject(ErrorCode.FORBIDDEN)
        claimed = self.store.village(op.village_code)
        if claimed is None or not self.actor.can_write_in(claimed):
            raise _reject(ErrorCode.NOT_FOUND)
        row = self.store.row(op.record_id)
        if op.shared_seq is not None:  # offered back after a restore (services/epochs.py)
            op = epochs.rebase(self.store, op, row)
            if row is None:  # lost with the restore: made again, at the device's revision
                if not self.actor.may(op.kind, "create"):
                    raise _reject(ErrorCode.FORBIDDEN)
                return self._create(op, claimed, rev=op.base_rev)
        if row is None:
            if operation != "create":
                raise _reject(ErrorCode.NOT_FOUND)
            return self._create(op, claimed)
        if not self.actor.can_write_in(self.store.village(row.village_code)):
            raise self._out_of_reach(op, row)
        if row.kind != op.kind:
            raise _reject(ErrorCode.KIND_MISMATCH)
        if op.base_rev > row.rev:
            raise _reject(ErrorCode.BAD_BASE_REV)
        if operation != "create" and not self.actor.may(op.kind, operation):
            raise _reject(ErrorCode.FORBIDDEN)
        return self._change(op, row)

    # -- moving a child to another village (services/moves.py) ----------------------

    def _move(self, op: Op) -> OpResult:
        """A child's file and its records to ``op.to_village``, asked by the director of
        the child's village or the county. Who asks is judged before anything is looked
        up, and a child out of the device's reach is answered like one that doesn't
        exist (``move_forbidden`` both), unless it moved away from that reach."""
        if not may_move(self.actor.role):
            raise _reject(ErrorCode.MOVE_FORBIDDEN)
        if op.kind != "child":
            raise _reject(ErrorCode.MOVE_NOT_CHILD)
        claimed = self.store.village(op.village_code)
        if claimed is None or not self.actor.can_write_in(claimed):
            raise _reject(ErrorCode.MOVE_FORBIDDEN)
        row = self.store.row(op.record_id)
        if row is None or row.kind != "child":
            raise _reject(ErrorCode.MOVE_FORBIDDEN)
        if not self.actor.can_write_in(self.store.village(row.village_code)):
            if self._moved_from_reach(row.id):
                raise _reject(ErrorCode.MOVED_AWAY, message=M_MOVED_AWAY_ALREADY)
            raise _reject(ErrorCode.MOVE_FORBIDDEN)
        if row.deleted:
            raise _reject(ErrorCode.MOVE_FORBIDDEN)
        if op.base_rev > row.rev:
            raise _reject(ErrorCode.BAD_BASE_REV)
        assert op.to_village is not None  # Op's own check: a move names its village
        target = self.store.village(op.to_village)
        if target is None:
            words = ErrorCode.MOVE_UNKNOWN_VILLAGE.message
            raise _reject(ErrorCode.MOVE_UNKNOWN_VILLAGE, message=words.format(code=op.to_village))
        if target.code == row.village_code:
            words = ErrorCode.MOVE_SAME_VILLAGE.message
            raise _reject(ErrorCode.MOVE_SAME_VILLAGE, message=words.format(village=target.name))
        moved = moves.move_child(
            self.store, self.seq, row, target, by=self.actor.user_name, at=self.now,
            device_id=self.actor.device_id, op_id=op.op_id,
        )  # fmt: skip
        self.touched.extend(moved.record_ids)
        self.moved.append(moved)
        return OpResult(op_id=op.op_id, status="applied", record=moved.child.to_wire())

    def _moved_from_reach(self, record_id: str) -> bool:
        """Did the record leave a place this device writes in (moved to another village)?"""
        return self.store.moved_from(
            record_id,
            self.actor.in_scope(ScopeMove.old_village_code, ScopeMove.old_township_code),
        )

    def _out_of_reach(self, op: Op, row: RecordRow) -> Rejected:
        """A record out of the device's reach: like one that doesn't exist (``not_found``),
        unless it moved away from there. Then the change is refused in words
        (``moved_away``) and an edit is kept in the record's history as the losing side of
        a conflict is, so nothing typed on the old village's laptop is lost."""
        if not self._moved_from_reach(row.id):
            return _reject(ErrorCode.NOT_FOUND)
        if self.store.has_version_by_op(row.id, op.op_id):
            return _reject(ErrorCode.MOVED_AWAY)  # kept when first sent
        late = self._late_version(op, row)
        if late is None:
            return _reject(ErrorCode.MOVED_AWAY, message=M_MOVED_AWAY_NEW)

        def keep() -> None:
            fields, deleted = late
            self.store.save_lost(
                current=self.store.open(row), village_code=op.village_code, fields=fields,
                deleted=deleted, by=self.actor.user_name, at=self.now,
                device_id=self.actor.device_id, op_id=op.op_id,
            )  # fmt: skip
            self.touched.append(row.id)

        return Rejected(ErrorCode.MOVED_AWAY.reason(message=M_MOVED_AWAY_KEPT), keep=keep)

    def _late_version(self, op: Op, row: RecordRow) -> tuple[dict[str, Any], bool] | None:
        """The record as the late op would have left it (its base with the op's fields),
        if that is a valid record of the kind; None when there is nothing to keep."""
        if row.kind != op.kind or op.base_rev > row.rev or op.base_rev == 0:
            return None
        base = (
            self.store.open(row)
            if op.base_rev == row.rev
            else self.store.version_at(row.id, op.base_rev)
        )
        if base is None:
            return None
        if op.op == "delete":
            return dict(base.fields), True
        fields = {**base.fields, **self._from_device(op.kind, op.fields)}
        try:
            return to_wire(validate(op.kind, fields)), False
        except RecordValidationError:
            return None

    def _from_device(self, kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        """The op's fields without those the server sets (a note's author)."""
        server_set = SERVER_SET_FIELDS.get(kind, frozenset())
        return {name: value for name, value in fields.items() if name not in server_set}

    def _server_set(
        self, kind: str, fields: Mapping[str, Any], current: Mapping[str, Any]
    ) -> dict[str, Any]:
        """``fields`` with what the server sets: a note's author is the enrolled user who
        wrote it first (kept on later edits; a restored tombstone takes the restorer)."""
        if "author" not in SERVER_SET_FIELDS.get(kind, frozenset()):
            return dict(fields)
        return {**fields, "author": current.get("author") or self.actor.user_name}

    def _check_place(self, kind: str, fields: Mapping[str, Any], village: Village) -> None:
        if kind == "supervision_note" and not self.actor.may_name(
            fields.get("village_code"), village
        ):
            raise _reject(ErrorCode.WRONG_PLACE)

    def _validated(self, kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        try:
            return to_wire(validate(kind, fields))
        except RecordValidationError as error:
            raise Rejected(invalid_reason(error)) from None

    def _check_child(
        self, kind: str, fields: Mapping[str, Any], village: Village, *, creating: bool
    ) -> None:
        child_id = fields.get("child_id") if kind != "child" else None
        if child_id is None:
            return
        child = self.store.row(str(child_id))
        if (
            child is None
            or child.kind != "child"
            or child.village_code != village.code
            or (creating and child.deleted)
        ):
            if (
                child is not None
                and child.kind == "child"
                and not self.actor.can_write_in(self.store.village(child.village_code))
                and self._moved_from_reach(child.id)
            ):
                raise _reject(ErrorCode.MOVED_AWAY, message=M_MOVED_AWAY_NEW)
            raise _reject(ErrorCode.MISSING_CHILD)

    def _create(self, op: Op, village: Village, *, rev: int = 1) -> OpResult:
        given = self._server_set(op.kind, self._from_device(op.kind, op.fields), {})
        deleted = op.op == "delete"  # only a tombstone offered back after a restore
        if deleted:
            fields = epochs.tombstone_fields(op.kind, given)
        else:
            fields = self._validated(op.kind, given)
            self._check_child(op.kind, fields, village, creating=True)
            self._check_place(op.kind, fields, village)
        record = self.store.save(
            row=None,
            record_id=op.record_id,
            kind=op.kind,
            village=village,
            fields=fields,
            deleted=deleted,
            rev=rev,
            seq=self.seq.next(),
            by=self.actor.user_name,
            at=self.now,
            device_id=self.actor.device_id,
            op_id=op.op_id,
            outcome=APPLIED,
        )
        self.touched.append(op.record_id)
        return OpResult(op_id=op.op_id, status="applied", record=record.to_wire())

    def _change(self, op: Op, row: RecordRow) -> OpResult:
        theirs = self.store.open(row)
        at_base = op.base_rev == row.rev
        base = None if at_base else self.store.version_at(row.id, op.base_rev)
        if at_base:
            base_fields, base_deleted, base_village = (
                theirs.fields,
                theirs.deleted,
                row.village_code,
            )
        elif base is None:  # base_rev 0 against a record that exists: nothing in common
            base_fields, base_deleted, base_village = {}, False, op.village_code
        else:
            base_fields, base_deleted, base_village = base.fields, base.deleted, base.village_code
        deletes = op.op == "delete"
        if not deletes and base_deleted and theirs.deleted:
            # A restore: the tombstone kept no personal fields; the record comes back as
            # it was before its delete (from history), with the op's fields on top.
            theirs = replace(theirs, fields=self._last_living(row.id, theirs.fields))
            base_fields = theirs.fields
        mine = {} if deletes else self._from_device(op.kind, op.fields)
        self._check_locked(theirs, mine, deletes=deletes)
        # What the op would really change: a value new to both the server and its base.
        attempted = {
            name
            for name, value in mine.items()
            if value != theirs.fields.get(name) and value != base_fields.get(name)
        }
        forbidden = self.actor.forbidden_fields(op.kind, "update", attempted)
        if forbidden:
            raise Rejected(_forbidden_fields_reason(forbidden))

        merge = merge_with_tombstones(
            base=base_fields,
            base_deleted=base_deleted,
            theirs=theirs.fields,
            theirs_deleted=theirs.deleted,
            mine=mine,
            mine_deletes=deletes,
        )
        conflicts = list(merge.conflicts)
        # An upsert from a device that saw the tombstone restores the record.
        restoring = not deletes and base_deleted and theirs.deleted
        new_deleted = DELETED in merge.changed or (theirs.deleted and not restoring)

        new_village_code = self._resolve_village(
            base=base_village, theirs=row.village_code, mine=op.village_code, conflicts=conflicts
        )
        new_village = self.store.village(new_village_code)
        assert new_village is not None  # both candidates were checked in _apply

        field_changes = [name for name in merge.changed if name != DELETED]
        new_fields = (
            self._validated(op.kind, self._server_set(op.kind, merge.merged, theirs.fields))
            if field_changes
            else dict(theirs.fields)
        )
        field_conflicts = {c.field: c.mine for c in conflicts if c.field not in (DELETED, VILLAGE)}
        if field_conflicts:  # what "keep mine" would store must be a valid record too
            self._validated(op.kind, {**merge.merged, **field_conflicts})
        if not new_deleted:
            self._check_child(op.kind, new_fields, new_village, creating=False)
            if VILLAGE_FIELD in field_changes or new_village.code != row.village_code:
                self._check_place(op.kind, new_fields, new_village)
        else:  # history keeps what it held; the current version keeps no personal fields
            new_fields = without_personal_fields(op.kind, new_fields)

        wire_conflicts = self._wire_conflicts(row.id, op.base_rev, theirs, conflicts)
        moving = new_village.code != row.village_code
        changed = new_fields != theirs.fields or new_deleted != theirs.deleted or moving
        status = "conflict" if conflicts else ("applied" if at_base else "merged")
        current = theirs
        if changed:
            current = self.store.save(
                row=row,
                record_id=row.id,
                kind=op.kind,
                village=new_village,
                fields=new_fields,
                deleted=new_deleted,
                rev=row.rev + 1,
                seq=self.seq.next(),
                by=self.actor.user_name,
                at=self.now,
                device_id=self.actor.device_id,
                op_id=op.op_id,
                outcome=APPLIED if status == "applied" else MERGED,
            )
            self.touched.append(row.id)
            if moving:
                self.store.note_move(
                    row.id,
                    seq=current.seq,
                    old_village=theirs.village_code,
                    old_township=theirs.township_code,
                )
                if op.kind == "child":
                    followed = moves.move_dependents(
                        self.store, self.seq, row.id, new_village, by=self.actor.user_name,
                        at=self.now, device_id=self.actor.device_id, op_id=op.op_id,
                    )  # fmt: skip
                    self.touched.extend(followed)
            if op.kind == "child" and new_deleted and not theirs.deleted:
                self._close_dependents(row.id, op_id=op.op_id)
        if conflicts:
            self.store.save_lost(
                current=current,
                village_code=op.village_code,
                fields={**base_fields, **mine},
                deleted=deletes,
                by=self.actor.user_name,
                at=self.now,
                device_id=self.actor.device_id,
                op_id=op.op_id,
            )
        return OpResult(
            op_id=op.op_id, status=status, record=current.to_wire(), conflicts=wire_conflicts
        )

    def _check_locked(
        self, theirs: StoredRecord, mine: Mapping[str, Any], *, deletes: bool
    ) -> None:
        """A filed mandatory report takes follow-up changes only (DESIGN §3)."""
        if (
            theirs.kind != "mandatory_report"
            or theirs.deleted
            or theirs.fields.get("filed") is not True
        ):
            return
        attempted = {name for name, value in mine.items() if theirs.fields.get(name) != value}
        if deletes or attempted - FILED_REPORT_EDITABLE:
            raise _reject(ErrorCode.LOCKED)

    @staticmethod
    def _resolve_village(
        *, base: str, theirs: str, mine: str, conflicts: list[FieldConflict]
    ) -> str:
        """Three-way merge of where the record belongs, like any field."""
        if mine in (theirs, base):
            return theirs
        if theirs == base:
            return mine
        conflicts.append(FieldConflict(VILLAGE, base, mine, theirs))
        return theirs

    def _last_living(self, record_id: str, fallback: dict[str, Any]) -> dict[str, Any]:
        """The fields of the record's last version before it was deleted."""
        for version in reversed(self.store.versions(record_id, include_lost=False)):
            if not version.deleted:
                return {**version.fields, **fallback}
        return fallback

    def _close_dependents(self, child_id: str, *, op_id: str) -> None:
        """A deleted child's records are deleted or closed with it, here on the server,
        so every laptop converges on it by pulling, whether or not it sent the delete."""
        for dependent in self.store.dependents(child_id):
            if dependent.deleted:
                continue
            stored = self.store.open(dependent)
            after = after_child_deleted(dependent.kind, stored.fields)
            village = self.store.village(dependent.village_code)
            if after is None or village is None:
                continue
            self.store.save(
                row=dependent,
                record_id=dependent.id,
                kind=stored.kind,
                village=village,
                fields=after.fields,
                deleted=after.deleted,
                rev=dependent.rev + 1,
                seq=self.seq.next(),
                by=self.actor.user_name,
                at=self.now,
                device_id=self.actor.device_id,
                op_id=op_id,
                outcome=APPLIED,
                answered=False,  # not in the answer: the sender pulls it like any laptop
            )
            self.touched.append(dependent.id)

    def _wire_conflicts(
        self,
        record_id: str,
        base_rev: int,
        theirs: StoredRecord,
        conflicts: Sequence[FieldConflict],
    ) -> list[FieldConflictWire]:
        """Each conflict with who last changed the server's side of it, and when."""
        if not conflicts:
            return []
        versions = self.store.versions(record_id, from_rev=base_rev, include_lost=False)
        last: dict[str, tuple[str, datetime]] = {}
        previous: StoredVersion | None = None
        for version in versions:
            if version.rev == base_rev and previous is None:
                previous = version  # the device's base: where both sides started
                continue
            for conflict in conflicts:
                before = None if previous is None else _value(previous, conflict.field)
                if _value(version, conflict.field) != before:
                    last[conflict.field] = (version.by, version.at)
            previous = version
        wired = []
        for conflict in conflicts:
            by, at = last.get(conflict.field, (theirs.updated_by, theirs.updated_at))
            wired.append(
                FieldConflictWire(
                    field=conflict.field,
                    base=conflict.base,
                    mine=conflict.mine,
                    theirs=conflict.theirs,
                    theirs_by=by,
                    theirs_at=at,
                )
            )
        return wired


def _value(version: StoredVersion, field: str) -> Any:
    if field == DELETED:
        return version.deleted
    if field == VILLAGE:
        return version.village_code
    return version.fields.get(field)


def push(
    session: Session, sealer: Sealer, actor: Actor, raw_ops: Sequence[object], *, now: datetime
) -> PushResponse:
    """Apply a batch of raw (not yet validated) ops from ``actor``'s device, and commit."""
    batch = PushBatch(session, sealer, actor, now=now)
    response = batch.run(raw_ops)
    logger.info("push from device %s: %s", actor.device_id, json.dumps(vars(batch.tally)))
    return response
