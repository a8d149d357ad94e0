"""The sealing format of the case store: how a record's fields become its two cells.

A record is written as a clear JSON column (its clear fields: codes, dates, links) and a
sealed column: its personal fields together, one AES-GCM message whose associated data
names the record, its kind and the exact bytes of its clear fields. Outbox ops, conflicts
and the sync credential are sealed as JSON values under a label. Nothing here touches the
database: :class:`RecordCodec` turns values into cells and cells back into values.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any, Protocol

import orjson

from casework.records import CLEAR_FIELDS, SCHEMAS, SEALED_FIELDS
from casework.sealing import NONCE_BYTES
from desktop.models.crypto import (
    FieldCodec,
    TamperedError,
    associated_data,
    record_associated_data,
)
from desktop.models.damage import Damage
from desktop.models.errors import CorruptRecordError

INDEXED_KINDS = frozenset({"child", "family_member"})
# The "field" named in the associated data of a record's sealed personal fields (up to
# schema 0005, when that associated data did not yet cover the clear fields).
PERSONAL_FIELDS = "personal"
# A ciphertext's version byte, nonce and tag: anything shorter was cut short.
_SHORTEST_SEALED = 1 + NONCE_BYTES + 16
# An outbox entry's ``sealed_values`` when its values are its record's (one seal per save):
# the op sends the named fields as the row holds them. Entries of earlier releases carry
# their own sealed copy, still read.
VALUES_IN_RECORD = b""


class StoredRow(Protocol):
    """What decryption needs of a row: an ORM object or a plain result row."""

    id: str
    kind: str
    child_id: str | None
    clear: str
    sealed: bytes | str


class OutboxValues(Protocol):
    """What :meth:`RecordCodec.op_values` needs of an outbox entry."""

    op_id: str
    record_id: str
    fields: str
    sealed_values: bytes


def _document_data(label: str) -> bytes:
    """The associated data a document outside the database is sealed under: its label."""
    return f"childdesk/v1\x1fdocument\x1f{label}".encode()


class RecordCodec:
    """Seals and opens records and labelled values with one store's data key."""

    def __init__(self, codec: FieldCodec) -> None:
        self._codec = codec
        # Records sealed through this codec (the tests and benches count them).
        self.sealed_count = 0

    # -- records -------------------------------------------------------------------------

    def seal_fields(self, record_id: str, kind: str, wire: Mapping[str, Any]) -> tuple[str, bytes]:
        """The record's clear JSON column and its sealed column for these field values.

        The personal fields of a record are sealed together as one AES-GCM message whose
        associated data names the record, its kind and its clear fields: no part can be
        moved to another record or kind, no clear field edited in the file unnoticed, and
        a store of 30,000 records opens with one decryption each.
        """
        clear: dict[str, Any] = {}
        personal: dict[str, Any] = {}
        clear_names, sealed_names = CLEAR_FIELDS[kind], SEALED_FIELDS[kind]
        for name, value in wire.items():  # one pass: this runs for every record a pull writes
            if name in clear_names:
                clear[name] = value
            elif value is not None and name in sealed_names:
                personal[name] = value
        plaintext = orjson.dumps(personal, option=orjson.OPT_SORT_KEYS)
        clear_json = orjson.dumps(clear, option=orjson.OPT_SORT_KEYS)
        blob = self._codec.seal(plaintext, record_associated_data(record_id, kind, clear_json))
        self.sealed_count += 1
        return clear_json.decode(), blob

    def open_fields(self, row: StoredRow) -> dict[str, Any]:
        """Every field of a row, decrypted; :class:`CorruptRecordError` if it is damaged."""
        return self.open_cells(row.id, row.kind, row.child_id, row.clear, row.sealed)

    def open_cells(
        self,
        record_id: str,
        kind: str,
        child_id: str | None,
        clear: bytes | str,
        sealed: bytes | str | None,
    ) -> dict[str, Any]:
        """Every field of a record from its cells as read (the raw read path's form)."""
        if isinstance(clear, str):  # from the ORM: the file's bytes, losslessly decoded
            clear = clear.encode("utf-8", "surrogateescape")
        if isinstance(sealed, str) and sealed.startswith("{"):
            personal = self._open_per_field(record_id, kind, sealed)
        else:
            blob = ciphertext(record_id, kind, sealed)
            try:
                opened = self._codec.open(blob, record_associated_data(record_id, kind, clear))
            except TamperedError as error:
                damage = (
                    Damage.TRUNCATED
                    if len(blob) < _SHORTEST_SEALED
                    else Damage.FAILED_AUTHENTICATION
                )
                raise CorruptRecordError(record_id, kind, damage) from error
            try:
                # orjson: parsing is a good part of the cost of opening a large store.
                personal = orjson.loads(opened)
            except ValueError as error:
                raise CorruptRecordError(record_id, kind, Damage.UNREADABLE) from error
        try:
            # Every field of the kind is present; empty personal fields are not stored.
            fields: dict[str, Any] = {
                **_NO_PERSONAL_FIELDS[kind],
                **orjson.loads(clear),
                **personal,
            }
        except (ValueError, TypeError, KeyError) as error:
            raise CorruptRecordError(record_id, kind, Damage.UNREADABLE) from error
        if fields.get("child_id") != child_id:
            # The column lists and files select by, against the authenticated value.
            raise CorruptRecordError(record_id, kind, Damage.LINK_CHANGED)
        return fields

    def _open_per_field(self, record_id: str, kind: str, sealed: str) -> dict[str, Any]:
        """Stores written by the first releases sealed each field on its own."""
        values: dict[str, Any] = {}
        try:
            blobs = json.loads(sealed).items()
        except (ValueError, AttributeError) as error:
            raise CorruptRecordError(record_id, kind) from error
        for name, blob in blobs:
            try:
                plaintext = self._codec.open(
                    base64.b64decode(blob, validate=True),
                    associated_data(record_id, kind, name),
                )
                values[name] = json.loads(plaintext)
            except (TamperedError, ValueError) as error:
                raise CorruptRecordError(record_id, f"{kind}.{name}") from error
        return values

    def reseal_covering_clear(
        self, record_id: str, kind: str, clear: bytes | str, sealed: bytes | str | None
    ) -> bytes:
        """A record sealed before its clear fields were covered (up to schema 0005), sealed
        again as it is under its clear fields as they are in the file; raises
        :class:`CorruptRecordError` if it does not open."""
        if isinstance(clear, str):
            clear = clear.encode("utf-8", "surrogateescape")
        blob = ciphertext(record_id, kind, sealed)
        try:
            plaintext = self._codec.open(blob, associated_data(record_id, kind, PERSONAL_FIELDS))
        except TamperedError as error:
            raise CorruptRecordError(record_id, kind) from error
        return self._codec.seal(plaintext, record_associated_data(record_id, kind, clear))

    def id_index(self, kind: str, wire: Mapping[str, Any]) -> str | None:
        """The keyed blind index of a child's or family member's ID number (or None)."""
        id_number = wire.get("id_number")
        if kind not in INDEXED_KINDS or not id_number:
            return None
        return self._codec.blind_index(str(id_number))

    def blind_index(self, id_number: str) -> str:
        return self._codec.blind_index(id_number)

    # -- labelled values -----------------------------------------------------------------

    def seal_values(self, label: str, values: Any) -> bytes:
        """Seal any JSON value under ``label`` (an outbox op, a conflict, a credential)."""
        plaintext = json.dumps(values, ensure_ascii=False, sort_keys=True).encode()
        return self._codec.seal(plaintext, f"childdesk/v1\x1f{label}".encode())

    def open_values(self, label: str, sealed: bytes | str | None, *, record_id: str) -> Any:
        if not isinstance(sealed, bytes):
            raise CorruptRecordError(record_id, label, Damage.NOT_BYTES)
        try:
            plaintext = self._codec.open(sealed, f"childdesk/v1\x1f{label}".encode())
        except TamperedError as error:
            raise CorruptRecordError(record_id, label) from error
        return json.loads(plaintext)

    def seal_document(self, label: str, plaintext: bytes) -> bytes:
        """Seal bytes kept outside the database under ``label`` (the children list's copy
        beside the store: ``desktop/services/list_snapshot.py``)."""
        return self._codec.seal(plaintext, _document_data(label))

    def open_document(self, label: str, sealed: bytes) -> bytes:
        """What :meth:`seal_document` sealed; :class:`TamperedError` if it was not that."""
        return self._codec.open(sealed, _document_data(label))

    def op_values(self, entry: OutboxValues, current: Mapping[str, Any]) -> dict[str, Any]:
        """What an outbox op sends: the fields it names as the record holds them now
        (``current``, the record's opened fields), or an earlier release's sealed copy.

        The row's values are the op's: an edit while the entry waits changes the row and
        adds its fields to the entry, so nothing needs sealing twice for one save.
        """
        if entry.sealed_values:
            values: dict[str, Any] = self.open_values(
                f"outbox\x1f{entry.op_id}", entry.sealed_values, record_id=entry.record_id
            )
            return values
        return {name: current.get(name) for name in json.loads(entry.fields)}


def _unwritten(kind: str, name: str) -> Any:
    """A personal field a record does not hold: its schema's default in the wire form.
    Empty fields are not stored, and a record written before a field existed (a child
    before ``no_hukou`` or ``benefits``) lacks it: it reads as the schema would fill it
    (False, an empty list), not None, which a field that is never empty refuses."""
    field = SCHEMAS[kind].model_fields[name]
    if field.is_required():
        return None
    default = field.get_default(call_default_factory=True)
    return list(default) if isinstance(default, tuple) else default


# Per kind, every personal field unwritten: copied as the start of each opened record.
_NO_PERSONAL_FIELDS: dict[str, dict[str, Any]] = {
    kind: {name: _unwritten(kind, name) for name in sorted(names)}
    for kind, names in SEALED_FIELDS.items()
}


def ciphertext(record_id: str, kind: str, sealed: bytes | str | None) -> bytes:
    """The ciphertext in a sealed cell: its bytes, or the base64 text that stood for them
    up to schema 0003 (authenticated all the same). Other text was never written here."""
    if isinstance(sealed, bytes):
        return sealed
    if isinstance(sealed, str):
        try:
            return binascii.a2b_base64(sealed, strict_mode=True)
        except ValueError:  # binascii.Error, and text that is not ASCII
            pass
    raise CorruptRecordError(record_id, kind, Damage.NOT_BYTES)


__all__ = [
    "INDEXED_KINDS",
    "PERSONAL_FIELDS",
    "VALUES_IN_RECORD",
    "OutboxValues",
    "RecordCodec",
    "StoredRow",
    "ciphertext",
]
