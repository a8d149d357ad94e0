"""Who may write what: one table of role × record kind × operation × field (DESIGN §1, §7).

The county server checks every pushed op against it; the window offers only what it
allows; the access-matrix test runs from it. Scope (which villages a role reaches) is
decided elsewhere (``county_server/services/access.py``); this table says what a role may
do to a record it does reach.

Readings of the duties (DESIGN §1, seed annexes 2 and 3):

- a director keeps the village's case files: every kind but supervision notes, whole;
  a supervisor's note is read-only to the director, except that its task may be marked
  done (``status``, with a short ``reply`` and ``done_on``) by the director it was given to;
- a supervisor writes supervision notes; and, for the children of the township, the
  assessments and help plans (评估帮扶: "乡镇政府（街道办事处）…进行调查评估", seed §二(六)3)
  with the child's risk level that an assessment sets, and nothing else of the child;
- the county may write everything;
- moving a child's file to another village is no field write: ``casework/moves.py`` says
  who may ask for it (the director of the child's village, the county);
- a note's ``author`` is set by the server from the enrolled user who wrote it, never
  taken from a device (so nobody can sign a note with another person's name).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal, get_args

from casework.protocol import Role
from casework.records import SCHEMAS

Operation = Literal["create", "update", "delete"]
ROLES: tuple[Role, ...] = get_args(Role)
OPERATIONS: tuple[Operation, ...] = get_args(Operation)
KINDS = tuple(SCHEMAS)

# Set by the server, whatever a device sends.
SERVER_SET_FIELDS: dict[str, frozenset[str]] = {
    kind: frozenset({"author"}) if kind == "supervision_note" else frozenset() for kind in KINDS
}
# Kinds whose records hang on a child (``child_id``): what a child's delete reaches.
DEPENDENT_KINDS = tuple(kind for kind in KINDS if "child_id" in SCHEMAS[kind].model_fields)


@dataclass(frozen=True)
class Grant:
    """What one role may do to one kind: operations, and the fields an update may change
    (None: every field a device may write)."""

    operations: frozenset[Operation]
    update_fields: frozenset[str] | None = None


WHOLE = Grant(frozenset(OPERATIONS))
NOTHING = Grant(frozenset())
# What a director may change of a supervisor's note addressed to the village (issue 18).
DIRECTOR_NOTE_FIELDS = frozenset({"status", "reply", "done_on"})
_CASE_KINDS = tuple(kind for kind in KINDS if kind != "supervision_note")

TABLE: Mapping[str, Mapping[str, Grant]] = {
    "director": {
        **dict.fromkeys(_CASE_KINDS, WHOLE),
        # The task given to the village: marked done, with a short reply and the day.
        "supervision_note": Grant(frozenset({"update"}), DIRECTOR_NOTE_FIELDS),
    },
    "supervisor": {
        **dict.fromkeys(_CASE_KINDS, NOTHING),
        # Seed §二(六)3: the township assesses; its risk level becomes the child's.
        "assessment": Grant(frozenset({"create", "update"})),
        "child": Grant(frozenset({"update"}), frozenset({"risk_level"})),
        "supervision_note": WHOLE,
    },
    "county": dict.fromkeys(KINDS, WHOLE),
}


def grant(role: str, kind: str) -> Grant:
    """The grant of ``role`` on ``kind``; an unknown role or kind gets nothing."""
    return TABLE.get(role, {}).get(kind, NOTHING)


@cache  # the schemas and the table are fixed: asked twice for every pushed op
def device_fields(kind: str) -> frozenset[str]:
    """The fields a device may send at all for ``kind`` (the server sets the rest)."""
    schema = SCHEMAS.get(kind)
    if schema is None:
        return frozenset()
    return frozenset(schema.model_fields) - SERVER_SET_FIELDS[kind]


def may(role: str, kind: str, operation: Operation) -> bool:
    return operation in grant(role, kind).operations


@cache
def writable_fields(role: str, kind: str, operation: Operation) -> frozenset[str]:
    """The fields ``role`` may give (create) or change (update) on ``kind``."""
    found = grant(role, kind)
    if operation not in found.operations or operation == "delete":
        return frozenset()
    every = device_fields(kind)
    if operation == "update" and found.update_fields is not None:
        return every & found.update_fields
    return every


def forbidden_fields(
    role: str, kind: str, operation: Operation, changed: Mapping[str, object] | set[str]
) -> list[str]:
    """The fields of ``changed`` that ``role`` may not write, sorted. Server-set fields are
    not counted (the server overrides them), nor names the kind doesn't have (validation
    refuses those, in its own words)."""
    allowed = writable_fields(role, kind, operation)
    return sorted((set(changed) & device_fields(kind)) - allowed)


@dataclass(frozen=True)
class Cell:
    """One cell of the table: may ``role`` do ``operation`` on ``kind`` (to ``field``)?"""

    role: Role
    kind: str
    operation: Operation
    field: str | None  # None: the operation as a whole
    allowed: bool


def cells() -> Iterator[Cell]:
    """Every cell: each role × kind × operation, and for updates each field a device may
    send (so a test can try every one of them)."""
    for role in ROLES:
        for kind in KINDS:
            for operation in OPERATIONS:
                yield Cell(role, kind, operation, None, may(role, kind, operation))
                if operation != "update" or not may(role, kind, operation):
                    continue
                writable = writable_fields(role, kind, operation)
                for name in sorted(device_fields(kind)):
                    yield Cell(role, kind, operation, name, name in writable)
