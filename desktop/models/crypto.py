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

__all__ = [
    "DATA_KEY_BYTES",
    "FieldCipher",
    "FieldCodec",
    "PlainCodec",
    "TamperedError",
    "associated_data",
    "new_data_key",
]
