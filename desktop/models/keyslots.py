"""Key slots: the data key, wrapped for each way of unlocking it.

The data key itself never touches the disk. A passphrase slot wraps it under a key
derived with Argon2id; a recovery slot wraps it for the county's X25519 public key so a
forgotten passphrase loses nothing. Changing the passphrase rewrites one slot only, so
it costs the same whatever the size of the database.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# DESIGN §7 floor: at least 64 MiB and 3 passes. Slots weaker than this are refused.
MIN_MEMORY_KIB = 64 * 1024
MIN_ITERATIONS = 3


# Two Argon2id derivations at once in one process can hang (cryptography 50 with
# OpenSSL's Argon2 thread pool), so derivations in one process take turns.
_DERIVATION = threading.Lock()


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int = MIN_MEMORY_KIB
    iterations: int = MIN_ITERATIONS
    lanes: int = 4

    def to_json(self) -> str:
        return json.dumps(
            {"alg": "argon2id", "m": self.memory_kib, "t": self.iterations, "p": self.lanes}
        )

    @classmethod
    def from_json(cls, text: str) -> KdfParams:
        raw = json.loads(text)
        return cls(memory_kib=int(raw["m"]), iterations=int(raw["t"]), lanes=int(raw["p"]))


class WrongPassphraseError(Exception):
    """The passphrase did not open the passphrase slot."""


class WeakSlotError(Exception):
    """A slot's key derivation is below the required floor (a downgraded slot)."""


@dataclass(frozen=True)
class WrappedKey:
    """One slot as stored: ``kind`` is ``passphrase`` or ``recovery``."""

    kind: str
    salt: bytes
    params: str
    wrapped: bytes


def _slot_aad(kind: str, params: str) -> bytes:
    # The parameters are authenticated too, so they cannot be weakened on disk.
    return f"childdesk keyslot\x1f{kind}\x1f{params}".encode()


def derive_passphrase_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    if params.memory_kib < MIN_MEMORY_KIB or params.iterations < MIN_ITERATIONS:
        raise WeakSlotError("key derivation parameters below the floor")
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    with _DERIVATION:
        return kdf.derive(passphrase.encode("utf-8"))


def wrap_with_passphrase(
    data_key: bytes, passphrase: str, params: KdfParams | None = None
) -> WrappedKey:
    params = params or KdfParams()
    salt = os.urandom(16)
    params_text = params.to_json()
    kek = derive_passphrase_key(passphrase, salt, params)
    nonce = os.urandom(12)
    wrapped = nonce + AESGCM(kek).encrypt(nonce, data_key, _slot_aad("passphrase", params_text))
    return WrappedKey("passphrase", salt, params_text, wrapped)


def unwrap_with_passphrase(slot: WrappedKey, passphrase: str) -> bytes:
    kek = derive_passphrase_key(passphrase, slot.salt, KdfParams.from_json(slot.params))
    try:
        return AESGCM(kek).decrypt(
            slot.wrapped[:12], slot.wrapped[12:], _slot_aad("passphrase", slot.params)
        )
    except InvalidTag:
        raise WrongPassphraseError from None


def _recovery_kek(shared: bytes, ephemeral_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_public, info=b"childdesk recovery"
    ).derive(shared)


def load_recovery_public_key(pem: bytes) -> X25519PublicKey:
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, X25519PublicKey):
        raise ValueError("the county recovery key must be an X25519 public key")
    return key


def wrap_for_recovery(data_key: bytes, county_public_pem: bytes) -> WrappedKey:
    """Seal the data key so that only the county's private key opens it."""
    county_key = load_recovery_public_key(county_public_pem)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    kek = _recovery_kek(ephemeral.exchange(county_key), ephemeral_public)
    params = json.dumps({"alg": "x25519-hkdf-aesgcm"})
    nonce = os.urandom(12)
    wrapped = nonce + AESGCM(kek).encrypt(nonce, data_key, _slot_aad("recovery", params))
    return WrappedKey("recovery", ephemeral_public, params, wrapped)


def unwrap_with_recovery_key(slot: WrappedKey, county_private_pem: bytes) -> bytes:
    private = serialization.load_pem_private_key(county_private_pem, password=None)
    if not isinstance(private, X25519PrivateKey):
        raise ValueError("the county recovery key must be an X25519 private key")
    peer = X25519PublicKey.from_public_bytes(slot.salt)
    kek = _recovery_kek(private.exchange(peer), slot.salt)
    try:
        return AESGCM(kek).decrypt(
            slot.wrapped[:12], slot.wrapped[12:], _slot_aad("recovery", slot.params)
        )
    except InvalidTag:
        raise WrongPassphraseError from None


def generate_recovery_keypair() -> tuple[bytes, bytes]:
    """A county recovery key pair as (private PEM, public PEM)."""
    private = X25519PrivateKey.generate()
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem, public_pem
