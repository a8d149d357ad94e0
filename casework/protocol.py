"""The sync wire protocol (``/api/v1``), shared by the county server and the desktop client.

JSON over HTTPS. A device authenticates with ``Authorization: Bearer <device_id>.<secret>``
from its one-time enrolment. Push sends outbox ops (an upsert or delete of a record, or the
move of a child's file to another village: ``casework/moves.py``); the server answers each
op. Pull reads
changes after a cursor (the server's global change sequence), oldest first, in pages;
with ``mine_upto`` (the highest seq of the push answers the device holds) it leaves out
the versions that device wrote and was answered with up to there (no echo).

The server's history has an identity, its epoch (new when the database is restored from a
backup). Push and pull name the epoch and cursor the device last synced at; another epoch,
or a cursor beyond the server's last change, is refused with ``history_changed`` (409) and
a :class:`HistoryChanged` body, and the device then offers back every record it holds
(ops with ``shared_seq``) and pulls again from the start.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

API_PREFIX = "/api/v1"
MAX_PUSH_OPS = 500
MAX_PULL_LIMIT = 2000
DEFAULT_PULL_LIMIT = 500
MAX_SEQ = 2**62  # beyond any real seq, within every database's BIGINT

Uuid = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
]
Code = Annotated[str, StringConstraints(pattern=r"^\d{6,12}$")]
Kind = Literal[
    "child", "family_member", "visit", "entrustment", "mandatory_report", "referral",
    "assessment", "supervision_note",
]  # fmt: skip
Role = Literal["director", "supervisor", "county"]
ScopeLevel = Literal["village", "township", "county"]
OpStatus = Literal["applied", "merged", "conflict", "rejected"]


class _Wire(BaseModel):
    # Built at first use: a laptop's `childdesk sync` needs a few of these models, and
    # builds them while its key is derived (``desktop/cli.py``), not at import.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Reason(_Wire):
    """Why an op or a request was refused, in both languages, with a stable code."""

    code: str
    zh: str
    en: str
    fields: dict[str, str] = Field(default_factory=dict)  # field -> English message


# -- enrolment -------------------------------------------------------------------------


def normalize_enrolment_code(code: str) -> str:
    """An enrolment code as the server reads it: people type it, so case, spaces and dashes
    don't matter (the server keys codes by this; a device keys its retries by it too)."""
    return re.sub(r"[\s\-]", "", code).upper()


class EnrollRequest(_Wire):
    code: Annotated[str, StringConstraints(min_length=8, max_length=64)]
    device_name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    # A secret the device makes for this enrolment and sends again when it retries: if the
    # first answer was lost after the server used the code, the same request is answered
    # again (same device, new credential) instead of being refused as a used code.
    request_id: Annotated[str, StringConstraints(min_length=16, max_length=128)] | None = None


class Village(_Wire):
    code: str
    name: str
    township_code: str


class Township(_Wire):
    code: str
    name: str


class Scope(_Wire):
    level: ScopeLevel
    code: str  # village code, township code, or the county code


class VisitPolicySettings(_Wire):
    """The county's visit policy (``casework.visits_policy.VisitPolicy``): months between
    visits; ``revision`` 0 and no ``set_on`` is the seed's own policy, never set."""

    key_child_months: int = 1
    default_months: int = 3
    by_category: dict[str, int] = Field(default_factory=dict)
    by_risk_level: dict[str, int] = Field(default_factory=dict)
    revision: int = 0  # counts each `county-server set-visit-policy`
    set_on: str | None = None  # the county's day it was set, YYYY-MM-DD


class EnrollResponse(_Wire):
    device_id: str
    credential: str  # shown once; the server keeps only its hash
    user_name: str
    role: Role
    scope: Scope
    townships: list[Township]
    villages: list[Village]
    recovery_public_key: str | None
    policy: VisitPolicySettings
    # The rest of the county's settings (``CountySettings``) as enrolment sees them, so a
    # new laptop's first sync need not ask ``GET /county`` again; a server without them
    # leaves them empty, and that first sync asks.
    users: list[DirectoryUser] = []
    county_version: str = ""


class DirectoryUser(_Wire):
    """A user of the county's directory: the display name people read (走访人, 修改人)."""

    id: int
    name: str
    role: Role
    scope_code: str


class CountySettings(_Wire):
    """What the county sets for every laptop (``GET /county``): the directory (townships,
    villages, users' display names) and the visit policy. ``version`` changes whenever any
    of it does; each pull page names it, so a laptop fetches this only when it changed."""

    version: str
    townships: list[Township]
    villages: list[Village]
    users: list[DirectoryUser]
    you: DirectoryUser  # the user this device is enrolled as
    policy: VisitPolicySettings


class LaptopSeen(_Wire):
    """An enrolled laptop and when the county last heard from it (any request: a sync)."""

    device_id: str
    device_name: str  # the computer's name as enrolled
    user_name: str  # its user's display name
    role: Role
    place_code: str  # the user's scope: a village (a director's), a township or the county
    village_code: str | None  # a director's laptop: its village
    last_seen_at: datetime | None  # None: never since enrolment


class Laptops(_Wire):
    """``GET /laptops``: the enrolled laptops in the asking device's scope (a director's its
    village's, a supervisor's its township's, the county's every one), oldest sign first."""

    laptops: list[LaptopSeen]


class DeviceInfo(_Wire):
    device_id: str
    user_name: str
    role: Role
    scope: Scope


# -- push ------------------------------------------------------------------------------


class Op(_Wire):
    op_id: Uuid
    record_id: Uuid
    kind: Kind
    village_code: Code
    base_rev: Annotated[int, Field(ge=0)]
    # "move": a child's file, with every record that hangs on it, to ``to_village``
    # (casework/moves.py); it sends no fields.
    op: Literal["upsert", "delete", "move"]
    # Changed fields only; a new record (base_rev 0) sends every field.
    fields: dict[str, Any] = Field(default_factory=dict)
    to_village: Code | None = None  # with "move" only: the village the child goes to
    made_at: datetime | None = None  # device clock: for display and audit only
    # Set on a record offered back after the server's history changed: ``base_rev`` counts
    # in a history the server shares only up to this seq, so the server merges against the
    # last version at or below both (none: nothing is taken as common).
    shared_seq: Annotated[int, Field(ge=0, le=MAX_SEQ)] | None = None

    @model_validator(mode="after")
    def _move_names_its_village(self) -> Op:
        if (self.op == "move") != (self.to_village is not None):
            raise ValueError("to_village goes with op 'move', and only with it")
        if self.op == "move" and (self.fields or self.shared_seq is not None):
            raise ValueError("a move sends no fields and is never offered back")
        return self


Epoch = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class PushRequest(_Wire):
    ops: Annotated[list[Op], Field(max_length=MAX_PUSH_OPS)]
    epoch: Epoch | None = None  # the server history the device last synced with
    cursor: Annotated[int, Field(ge=0, le=MAX_SEQ)] | None = None  # the device's pull cursor in it


class ServerRecord(_Wire):
    """A record as the server holds it now: every field, its revision and its author.

    In a pull (``GET /changes``) a personal field whose value is null is left out of
    ``fields``: absent means null (about 25 of a child's 40 fields, nearly half a page's
    bytes). The clear fields (``casework.records.CLEAR_FIELDS``) always come, null or not;
    a push answer and ``GET /records/{id}`` give every field.
    """

    id: str
    kind: Kind
    village_code: str
    rev: int
    seq: int
    deleted: bool
    fields: dict[str, Any]
    updated_by: str
    updated_at: datetime


class FieldConflictWire(_Wire):
    field: str
    base: Any = None
    mine: Any = None
    theirs: Any = None
    theirs_by: str
    theirs_at: datetime


class OpResult(_Wire):
    op_id: str
    status: OpStatus
    record: ServerRecord | None = None
    conflicts: list[FieldConflictWire] = Field(default_factory=list)
    reason: Reason | None = None


class PushResponse(_Wire):
    results: list[OpResult]


# -- pull ------------------------------------------------------------------------------


class Change(_Wire):
    """One record's latest state after the cursor, or its departure from the scope."""

    seq: int
    record_id: str
    in_scope: bool
    record: ServerRecord | None = None  # None when the record left the device's scope


class PullResponse(_Wire):
    changes: list[Change]
    cursor: int  # pass as ``since`` next time
    more: bool
    epoch: str = ""  # the server's history the cursor counts in; pass as ``epoch`` next time
    county_version: str = ""  # CountySettings.version now: fetch /county when it differs


class HistoryEntry(_Wire):
    rev: int
    seq: int
    deleted: bool
    fields: dict[str, Any]
    by: str
    at: datetime
    op_id: str | None
    outcome: str  # "applied", "merged", or "lost" (the losing side of a conflict)


class HistoryResponse(_Wire):
    record_id: str
    versions: list[HistoryEntry]


class HistoryChanged(_Wire):
    """Why a push or pull was refused ``history_changed``: the server's history is not the
    one the device synced with (restored from a backup, or started afresh)."""

    epoch: str  # the server's history now
    last_seq: int  # its last change
    shared_seq: int  # the device's history is the server's too up to this seq


class ErrorBody(_Wire):
    error: Reason
    history: HistoryChanged | None = None  # with ``history_changed`` only
