"""Encryption at rest: the server's data key and the sealing of personal fields.

The key file holds 32 random bytes (base64), readable by the server's user only. The
personal fields of a record version are sealed together as one message with
``casework.sealing.FieldCipher`` under the associated data ``record id / kind /
personal``, exactly as on the desktop, so a ciphertext copied into another record or kind
fails to open; one decryption per record keeps a pull of thousands of records fast.
Versions written by the first release sealed each field on its own (a JSON object of
ciphertexts) and still open. Whole blobs (stored push answers) are sealed under their
own label the same way.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy.orm import Session

from casework.records import CLEAR_FIELDS, SCHEMAS
from casework.sealing import FieldCipher, TamperedError, associated_data, new_data_key
from county_server.models import Meta

KEY_CHECK = "key_check"
_KEY_CHECK_PLAINTEXT = b"county-server data key"


class ServerKeyError(Exception):
    """The server's data key is missing, unreadable, or not this database's key."""


def create_key_file(path: Path) -> bool:
    """Write a new random key to ``path`` (mode 0600) unless a file is there already."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(base64.b64encode(new_data_key()).decode("ascii") + "\n")
    return True


def load_key(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise ServerKeyError(
            f"no server key file at {path}; run `county-server init` first"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ServerKeyError(f"cannot read the server key file {path}: {error}") from None
    try:
        key = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise ServerKeyError(f"the server key file {path} is not base64") from None
    if len(key) != 32:
        raise ServerKeyError(f"the server key file {path} does not hold a 32-byte key")
    return key


# The "field" named in the associated data of a record's sealed personal fields.
PERSONAL_FIELDS = "personal"


def _dumps(value: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:  # what orjson refuses (integers beyond 64 bits) the standard module takes
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


_FIELD_ORDER = {kind: tuple(schema.model_fields) for kind, schema in SCHEMAS.items()}


class Sealer:
    """Seals and opens record fields and blobs with the server's data key."""

    def __init__(self, key: bytes) -> None:
        self._cipher = FieldCipher(key)

    # -- record fields ---------------------------------------------------------------

    def seal_fields(self, record_id: str, kind: str, fields: dict[str, Any]) -> tuple[str, str]:
        """(clear JSON, sealed base64) for ``fields``: everything not known clear is sealed."""
        clear_names = CLEAR_FIELDS.get(kind, frozenset())
        clear = {name: value for name, value in fields.items() if name in clear_names}
        personal = {name: value for name, value in fields.items() if name not in clear_names}
        ciphertext = self._cipher.seal(
            _dumps(personal), associated_data(record_id, kind, PERSONAL_FIELDS)
        )
        return _dumps(clear).decode(), base64.b64encode(ciphertext).decode("ascii")

    def open_fields(self, record_id: str, kind: str, clear: str, sealed: str) -> dict[str, Any]:
        """The version's fields, in the schema's order, as it was written."""
        fields: dict[str, Any] = orjson.loads(clear)
        fields.update(self._open_personal(record_id, kind, sealed))
        order = _FIELD_ORDER.get(kind, ())
        in_order = {name: fields[name] for name in order if name in fields}
        if len(in_order) != len(fields):
            in_order.update((name, value) for name, value in fields.items() if name not in order)
        return in_order

    def open_fields_for_pull(
        self, record_id: str, kind: str, clear: str, sealed: str
    ) -> dict[str, Any]:
        """The version's fields as a pull sends them: in no order (the device takes them by
        name), and a personal field whose value is null left out (absent means null:
        about 25 of a child's 40 fields, nearly half of a page's bytes)."""
        fields: dict[str, Any] = orjson.loads(clear)
        # A plain loop: a comprehension's dict, then the update, cost a third more,
        # and this runs for each of a first pull's 30,000 records.
        for name, value in self._open_personal(record_id, kind, sealed).items():
            if value is not None:
                fields[name] = value
        return fields

    def _open_personal(self, record_id: str, kind: str, sealed: str) -> dict[str, Any]:
        if sealed.startswith("{"):
            return self._open_per_field(record_id, kind, sealed)
        plaintext = self._cipher.open(
            binascii.a2b_base64(sealed, strict_mode=True),
            associated_data(record_id, kind, PERSONAL_FIELDS),
        )
        personal: dict[str, Any] = orjson.loads(plaintext)
        return personal

    def _open_per_field(self, record_id: str, kind: str, sealed: str) -> dict[str, Any]:
        """Versions of the first release: each personal field sealed on its own."""
        fields: dict[str, Any] = {}
        for name, encoded in json.loads(sealed).items():
            plaintext = self._cipher.open(
                base64.b64decode(encoded), associated_data(record_id, kind, name)
            )
            fields[name] = json.loads(plaintext)
        return fields

    # -- blobs -----------------------------------------------------------------------

    def seal_blob(self, owner: str, label: str, data: bytes) -> str:
        ciphertext = self._cipher.seal(data, associated_data(owner, "blob", label))
        return base64.b64encode(ciphertext).decode("ascii")

    def open_blob(self, owner: str, label: str, sealed: str) -> bytes:
        return self._cipher.open(base64.b64decode(sealed), associated_data(owner, "blob", label))

    # -- the key check ---------------------------------------------------------------

    def verify_key(self, session: Session) -> None:
        """Refuse a key other than this database's; the first use remembers the key."""
        row = session.get(Meta, KEY_CHECK)
        if row is None:
            session.add(
                Meta(key=KEY_CHECK, value=self.seal_blob("meta", KEY_CHECK, _KEY_CHECK_PLAINTEXT))
            )
            return
        try:
            self.open_blob("meta", KEY_CHECK, row.value)
        except (TamperedError, ValueError):
            raise ServerKeyError(
                "the server key file does not match this database (wrong or replaced key file)"
            ) from None
