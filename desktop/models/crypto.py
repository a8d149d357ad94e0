"""The desktop store's field sealing: the shared cipher from ``casework.sealing``."""

from __future__ import annotations

from casework.sealing import (
    DATA_KEY_BYTES,
    FieldCipher,
    FieldCodec,
    PlainCodec,
    TamperedError,
    associated_data,
    new_data_key,
)


def record_associated_data(record_id: str, kind: str, clear: bytes) -> bytes:
    """What a record's sealed personal fields are bound to: its id, its kind and the exact
    bytes of its clear fields (risk level, visit date …), which lists and reminders read
    without the key but which no one can now edit in the file unnoticed.

    The clear fields come last, so no choice of them can imitate another id or kind.
    """
    return f"childdesk/v2\x1f{record_id}\x1f{kind}\x1fpersonal\x1f".encode() + clear


__all__ = [
    "DATA_KEY_BYTES",
    "FieldCipher",
    "FieldCodec",
    "PlainCodec",
    "TamperedError",
    "associated_data",
    "new_data_key",
    "record_associated_data",
]
