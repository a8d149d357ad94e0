"""A pulled page, parsed from the server's bytes with msgspec.

``GET /changes`` is documented by ``casework.protocol.PullResponse`` (pydantic), and the
server builds it from that. The laptop parses the answer here instead: a page of 2,000
records goes straight from JSON into these structs, with the same checks (every key
known and of its type, the kinds named, times with their zone), in about half the time
and with far fewer objects for the garbage collector to walk, which a first pull of
30,000 records felt (issue 21). ``tests/desktop/test_pulled.py`` keeps these structs and
the pydantic models field for field in step, and parses the same payloads both ways.

The sync reads a pulled record and a push answer's record alike (``ServerVersion``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

import msgspec

from casework.protocol import Kind


class ServerVersion(Protocol):
    """What the sync reads of a record as the server holds it (a pulled record, or one
    in a push answer)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def village_code(self) -> str: ...
    @property
    def rev(self) -> int: ...
    @property
    def deleted(self) -> bool: ...
    @property
    def fields(self) -> dict[str, Any]: ...
    @property
    def updated_by(self) -> str: ...
    @property
    def updated_at(self) -> datetime: ...


class PulledRecord(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """``casework.protocol.ServerRecord``: a field left out of ``fields`` is empty."""

    id: str
    kind: Kind
    village_code: str
    rev: int
    seq: int
    deleted: bool
    fields: dict[str, Any]
    updated_by: str
    updated_at: datetime


class PulledChange(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """``casework.protocol.Change``."""

    seq: int
    record_id: str
    in_scope: bool
    record: PulledRecord | None = None


class PulledPage(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """``casework.protocol.PullResponse``."""

    changes: list[PulledChange]
    cursor: int
    more: bool
    epoch: str = ""
    county_version: str = ""


_DECODER = msgspec.json.Decoder(PulledPage)


class PageError(ValueError):
    """The bytes are not a page of changes."""


def parse_page(body: bytes) -> PulledPage:
    """The page in ``body``, or :class:`PageError` (not JSON, or not the page's shape)."""
    try:
        return _DECODER.decode(body)
    except msgspec.DecodeError as error:  # ValidationError is a DecodeError
        raise PageError(str(error)) from None
