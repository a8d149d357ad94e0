"""A fresh store per test without an Argon2id derivation per test.

``init_store`` derives a 64 MiB Argon2id key (~0.2–0.4 s of CPU, over a second on a busy
machine) and judges the passphrase; most tests only need an empty, unlocked store. The
first call in a process for a passphrase makes a real store with ``init_store`` and
unwraps its data key once; each test then gets a copy of that folder with new device and
store ids, its own village and user, opened with the data key through the same ``store_with_key`` an
unlock ends in. Tests about keys and passphrases call ``init_store`` / ``open_store``
themselves. The copy still holds the passphrase slot, so ``open_store(folder,
passphrase=...)`` works on it as on any store.

Enrolled devices too (:func:`enrol`): ``enrolment.enroll`` runs as it is, against the real
county server, but the store it would create with ``init_store`` is such a copy, with the
county's recovery slot added for the template's data key. Copies of one template share
its data key: nothing between laptops depends on their keys (the county seals with its own).
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path
from unittest import mock

from sqlalchemy import update
from sqlalchemy.orm import Session

from desktop.models import vault
from desktop.models.crypto import FieldCipher
from desktop.models.db import open_engine
from desktop.models.keyslots import KdfParams
from desktop.models.store import CaseStore
from desktop.models.tables import Meta
from desktop.services import enrolment
from desktop.services.datadir import STORE_ID_KEY, DataDir, init_store, store_with_key, unlock_key

# passphrase → the template folder and its data key (one for every village: a store's
# village is a row of its clear ``meta``, bound into no key slot)
_TEMPLATES: dict[str, tuple[DataDir, bytes]] = {}
_TEMPLATE_VILLAGE = "330523101001"


def _template(passphrase: str) -> tuple[DataDir, bytes]:
    if passphrase not in _TEMPLATES:
        base = Path(tempfile.mkdtemp(prefix="childdesk-template-"))
        folder = DataDir(base / "data")
        made = init_store(folder, village_code=_TEMPLATE_VILLAGE, passphrase=passphrase, user="-")
        made.close()
        engine, data_key = unlock_key(folder, passphrase=passphrase)
        engine.dispose()  # the file is whole on disk (no WAL left) before it is copied
        _TEMPLATES[passphrase] = (folder, data_key)
    return _TEMPLATES[passphrase]


def _copy(folder: DataDir, village_code: str, passphrase: str, user: str) -> bytes:
    """The template copied into ``folder``, made this store's; its data key."""
    template, data_key = _template(passphrase)
    shutil.copytree(template.root, folder.root, dirs_exist_ok=True)
    engine = open_engine(folder.database)
    try:
        with Session(engine) as session, session.begin():
            for name in ("device_id", STORE_ID_KEY):
                session.execute(
                    update(Meta).where(Meta.key == name).values(value=str(uuid.uuid4()))
                )
            for name, value in (("user", user), ("village_code", village_code)):
                session.execute(update(Meta).where(Meta.key == name).values(value=value))
    finally:
        engine.dispose()
    return data_key


def fresh_store(folder: DataDir, *, village_code: str, passphrase: str, user: str) -> CaseStore:
    """An empty store in ``folder`` as ``init_store`` would leave it, unlocked."""
    data_key = _copy(folder, village_code, passphrase, user)
    return store_with_key(folder, open_engine(folder.database), FieldCipher(data_key))


def template_init_store(
    folder: DataDir,
    *,
    village_code: str,
    passphrase: str,
    user: str | None = None,
    recovery_public_pem: bytes | None = None,
    kdf: KdfParams | None = None,
    village_name: str | None = None,
) -> CaseStore:
    """``init_store``'s store without its derivation (its signature, for ``enroll``)."""
    data_key = _copy(folder, village_code, passphrase, user or "director1")
    store = store_with_key(folder, open_engine(folder.database), FieldCipher(data_key))
    if recovery_public_pem is not None:
        vault.add_recovery_slot(store.engine, data_key, recovery_public_pem)
    return store


def enrol(
    folder: DataDir, *, server_url: str, code: str, passphrase: str
) -> tuple[CaseStore, enrolment.Enrolment]:
    """``enrolment.enroll`` as it is, its new store copied from the template."""
    with mock.patch.object(enrolment, "init_store", template_init_store):
        return enrolment.enroll(folder, server_url=server_url, code=code, passphrase=passphrase)
