"""Field encryption (AES-256-GCM) and the keyed blind index for ID numbers.

Shared by the desktop store and the county server's encryption at rest. Each personal
field is sealed on its own; the associated data binds the ciphertext to
its record id, kind and field name, so a ciphertext moved to another field or record
fails authentication instead of decrypting into the wrong place (DESIGN §7).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12
DATA_KEY_BYTES = 32


class TamperedError(Exception):
    """A ciphertext failed authentication: flipped, truncated or moved."""

    def __init__(self, where: str) -> None:
        super().__init__(f"ciphertext failed authentication: {where}")
        self.where = where


def new_data_key() -> bytes:
    return os.urandom(DATA_KEY_BYTES)


def _subkey(data_key: bytes, purpose: bytes) -> bytes:
    # Separate keys per purpose, so the blind index never reuses the encryption key.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(data_key)


def associated_data(record_id: str, kind: str, field: str) -> bytes:
    return f"childdesk/v1\x1f{record_id}\x1f{kind}\x1f{field}".encode()


class FieldCodec(Protocol):
    """Seals and opens one field value; the store holds one per unlocked session."""

    def seal(self, plaintext: bytes, aad: bytes) -> bytes: ...

    def open(self, sealed: bytes, aad: bytes) -> bytes: ...

    def blind_index(self, value: str) -> str: ...


class FieldCipher:
    """AES-256-GCM with a fresh random nonce per value."""

    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != DATA_KEY_BYTES:
            raise ValueError("the data key must be 32 bytes")
        self._aead = AESGCM(_subkey(data_key, b"childdesk field encryption"))
        # Keyed once: each index copies the keyed state (a third less time than keying
        # again per value; one is taken for every child and parent a pull writes).
        self._index_mac = hmac.new(_subkey(data_key, b"childdesk blind index"), None, "sha256")

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return FORMAT_VERSION + nonce + self._aead.encrypt(nonce, plaintext, aad)

    def open(self, sealed: bytes, aad: bytes) -> bytes:
        if len(sealed) < 1 + NONCE_BYTES + 16 or sealed[:1] != FORMAT_VERSION:
            raise TamperedError(aad.decode(errors="replace").replace("\x1f", "/"))
        nonce = sealed[1 : 1 + NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, sealed[1 + NONCE_BYTES :], aad)
        except InvalidTag:
            raise TamperedError(aad.decode(errors="replace").replace("\x1f", "/")) from None

    def blind_index(self, value: str) -> str:
        mac = self._index_mac.copy()
        mac.update(value.encode())
        return mac.hexdigest()


class PlainCodec:
    """No encryption at all. Only ``bench/store.py`` uses it, to measure what sealing costs."""

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        return plaintext

    def open(self, sealed: bytes, aad: bytes) -> bytes:
        return sealed

    def blind_index(self, value: str) -> str:
        return hashlib.sha256(value.encode()).hexdigest()
