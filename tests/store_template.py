"""A fresh store per test without an Argon2id derivation per test.

``init_store`` derives a 64 MiB Argon2id key (~0.2–0.4 s of CPU) and judges the passphrase;
most tests only need an empty, unlocked store. The first call in a process makes a real
store with ``init_store`` and unwraps its data key once; each test then gets a copy of
that folder with new device and store ids, opened with the data key through the same
``store_with_key`` an unlock ends in. Tests about keys and passphrases call
``init_store`` / ``open_store`` themselves. The copy still holds the passphrase slot, so
``open_store(folder, passphrase=...)`` works on it as on any store.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session

from desktop.models.crypto import FieldCipher
from desktop.models.db import open_engine
from desktop.models.store import CaseStore
from desktop.models.tables import Meta
from desktop.services.datadir import STORE_ID_KEY, DataDir, init_store, store_with_key, unlock_key

# (village, passphrase, user) → the template folder and its data key
_TEMPLATES: dict[tuple[str, str, str], tuple[DataDir, bytes]] = {}


def _template(village_code: str, passphrase: str, user: str) -> tuple[DataDir, bytes]:
    key = (village_code, passphrase, user)
    if key not in _TEMPLATES:
        base = Path(tempfile.mkdtemp(prefix="childdesk-template-"))
        folder = DataDir(base / "data")
        made = init_store(folder, village_code=village_code, passphrase=passphrase, user=user)
        made.engine.dispose()
        engine, data_key = unlock_key(folder, passphrase=passphrase)
        engine.dispose()  # the file is whole on disk (no WAL left) before it is copied
        _TEMPLATES[key] = (folder, data_key)
    return _TEMPLATES[key]


def fresh_store(folder: DataDir, *, village_code: str, passphrase: str, user: str) -> CaseStore:
    """An empty store in ``folder`` as ``init_store`` would leave it, unlocked."""
    template, data_key = _template(village_code, passphrase, user)
    shutil.copytree(template.root, folder.root)
    engine = open_engine(folder.database)
    with Session(engine) as session, session.begin():
        for name in ("device_id", STORE_ID_KEY):
            session.execute(update(Meta).where(Meta.key == name).values(value=str(uuid.uuid4())))
    return store_with_key(folder, engine, FieldCipher(data_key))
