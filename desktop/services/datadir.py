"""A data folder on disk: creating the encrypted store, opening and unlocking it.

Layout: ``childdesk.sqlite`` (+ its WAL), ``backups/`` (copies made before upgrades),
``logs/``. The wrong-passphrase counter is kept inside the database (``vault.py``).

A passphrase being *set* (a new store, a change, a recovery) must pass
``passphrase_policy``; unlocking never asks it, so older stores open as before.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from casework.messages import Message
from desktop.models import vault
from desktop.models.crypto import FieldCipher, FieldCodec
from desktop.models.db import open_engine
from desktop.models.keyslots import KdfParams
from desktop.models.tables import KeySlot, Meta
from desktop.services import passphrase_policy

# The folder's layout lives in a module the unlock screen can import without SQLAlchemy;
# the rest of the program names it from here, beside what opens it.
from desktop.services.folder import DataDir as DataDir
from desktop.services.folder import default_data_dir as default_data_dir

if TYPE_CHECKING:
    # The store (the records' schemas, pydantic) loads once the key is derived: what
    # unlocking needs comes first, the CLI loads the rest meanwhile (cli_common.open_folder).
    from desktop.models.store import CaseStore

logger = logging.getLogger(__name__)


class DataDirError(Exception):
    """A refusal the user can act on; ``message`` says what and what to do."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


NOT_INITIALISED = Message(
    "数据文件夹 {path} 中还没有档案库，请先运行 childdesk init --village 村代码",
    "No case store in {path} yet; run childdesk init --village CODE first",
)
ALREADY_INITIALISED = Message(
    "数据文件夹 {path} 中已有档案库，不会覆盖", "{path} already holds a case store; not overwriting"
)
WRONG_PASSPHRASE = Message(
    "密码不正确，档案库未打开，数据没有任何改动。连续输错后需等待更长时间再试。",
    "Wrong passphrase: the store stays locked and nothing was changed. "
    "Repeated failures make the next attempt wait longer.",
)
BAD_VILLAGE = Message(
    "村（社区）代码应为 6 到 12 位数字：{code}", "A village code has 6 to 12 digits: {code}"
)
WRONG_RECOVERY_KEY = Message(
    "恢复密钥与本档案库不匹配，或本档案库没有县级恢复密钥槽",
    "The recovery key does not open this store, or the store has no county recovery slot",
)
MIN_PASSPHRASE_LENGTH = passphrase_policy.MIN_LENGTH
# A value no other store has, never changed (enrolment replaces ``device_id``): a restore
# tells this store's backups from another's by it (``services/backup.py``).
STORE_ID_KEY = "store_id"


def _meta(session: Session) -> dict[str, str]:
    return {m.key: m.value for m in session.scalars(select(Meta))}


def check_passphrase_strength(passphrase: str, *, context: tuple[str, ...] = ()) -> None:
    """Refuse a new passphrase the policy finds guessable, saying why and what would do."""
    verdict = passphrase_policy.assess(passphrase, context=context)
    if not verdict.acceptable:
        raise DataDirError(passphrase_policy.refusal(verdict))


def directory_village_name(meta: dict[str, str], code: str) -> str | None:
    """The village's name, from the county directory kept at enrolment (None offline)."""
    try:
        villages = json.loads(meta.get("directory") or "{}").get("villages", [])
        return next((str(v["name"]) for v in villages if v.get("code") == code), None)
    except (ValueError, TypeError, AttributeError, KeyError):
        return None


def passphrase_context(meta: dict[str, str]) -> tuple[str, ...]:
    """What the store's village gives away to someone guessing its passphrase."""
    code = meta.get("village_code", "")
    return passphrase_policy.village_words(code, directory_village_name(meta, code))


def init_store(
    folder: DataDir,
    *,
    village_code: str,
    passphrase: str,
    user: str | None = None,
    recovery_public_pem: bytes | None = None,
    kdf: KdfParams | None = None,
    village_name: str | None = None,
) -> CaseStore:
    """Create the encrypted store in an empty data folder (``village_name`` is only told
    to the passphrase policy, where known)."""
    from desktop.models.store import CaseStore

    if folder.exists():
        raise DataDirError(ALREADY_INITIALISED.format(path=folder.root))
    if not (village_code.isdigit() and 6 <= len(village_code) <= 12):
        raise DataDirError(BAD_VILLAGE.format(code=village_code))
    check_passphrase_strength(
        passphrase, context=passphrase_policy.village_words(village_code, village_name)
    )
    folder.root.mkdir(parents=True, exist_ok=True)
    os.chmod(folder.root, 0o700)
    engine = open_engine(folder.database)
    actor = user or getpass.getuser()
    with Session(engine) as session, session.begin():
        data_key = vault.create_slots(
            session, passphrase, recovery_public_pem=recovery_public_pem, params=kdf
        )
        for key, value in {
            "village_code": village_code,
            "user": actor,
            "device_id": str(uuid.uuid4()),
            STORE_ID_KEY: str(uuid.uuid4()),
            "created_at": datetime.now(UTC).isoformat(),
        }.items():
            session.add(Meta(key=key, value=value))
    logger.info("created a new case store")
    return CaseStore(engine, FieldCipher(data_key), actor=actor, village_code=village_code)


def _open_engine(folder: DataDir) -> Engine:
    if not folder.exists():
        raise DataDirError(NOT_INITIALISED.format(path=folder.root))
    return open_engine(folder.database)


def store_with_key(folder: DataDir, engine: Engine, codec: FieldCodec) -> CaseStore:
    from desktop.models.store import CaseStore

    with Session(engine) as session:
        meta = _meta(session)
    store = CaseStore(engine, codec, actor=meta["user"], village_code=meta["village_code"])
    try:
        store.maintenance.after_unlock()
    except BaseException:
        engine.dispose()  # nothing left holding the file (Windows: it could not be moved)
        raise
    return store


def unlock_key(
    folder: DataDir, *, passphrase: str, sleep: Callable[[float], None] | None = None
) -> tuple[Engine, bytes]:
    """Migrate (after a copy aside) and unwrap the data key, or raise :class:`DataDirError`."""
    engine = _open_engine(folder)
    try:
        if sleep is None:
            data_key = vault.unlock(engine, passphrase)
        else:
            data_key = vault.unlock(engine, passphrase, sleep=sleep)
    except BaseException as error:
        # Refused (or failed): nothing left holding the file, which a restore then
        # removes with its staging folder (Windows refuses that for an open file).
        engine.dispose()
        if isinstance(error, vault.WrongPassphraseError):
            raise DataDirError(WRONG_PASSPHRASE) from None
        raise
    return engine, data_key


def open_store(
    folder: DataDir, *, passphrase: str, sleep: Callable[[float], None] | None = None
) -> CaseStore:
    """Migrate (after a copy aside) and unlock the store, or raise :class:`DataDirError`."""
    engine, data_key = unlock_key(folder, passphrase=passphrase, sleep=sleep)
    return store_with_key(folder, engine, FieldCipher(data_key))


def recover_store(folder: DataDir, *, county_private_pem: bytes, new_passphrase: str) -> None:
    """Open with the county's recovery key and set a new passphrase."""
    engine = _open_engine(folder)
    try:
        _recover(engine, county_private_pem, new_passphrase)
    finally:
        engine.dispose()  # no handle left on the file (a restore may replace it next)


def _recover(engine: Engine, county_private_pem: bytes, new_passphrase: str) -> None:
    check_passphrase_strength(new_passphrase, context=_context(engine))
    try:
        data_key = vault.unlock_with_recovery(engine, county_private_pem)
    except (vault.WrongPassphraseError, vault.NoKeySlotError, ValueError):
        raise DataDirError(WRONG_RECOVERY_KEY) from None
    vault.set_passphrase(engine, data_key, new_passphrase)
    vault.UnlockThrottle(engine).reset()


def _context(engine: Engine) -> tuple[str, ...]:
    with Session(engine) as session:
        return passphrase_context(_meta(session))


def change_passphrase(folder: DataDir, *, old: str, new: str) -> None:
    engine = _open_engine(folder)
    try:
        check_passphrase_strength(new, context=_context(engine))
        try:
            data_key = vault.unlock(engine, old)
        except vault.WrongPassphraseError:
            raise DataDirError(WRONG_PASSPHRASE) from None
        vault.set_passphrase(engine, data_key, new)
    finally:
        engine.dispose()  # no handle left on the file (a restore may replace it next)


def has_recovery_slot(engine: Engine) -> bool:
    with Session(engine) as session:
        return (
            session.scalars(select(KeySlot).where(KeySlot.kind == "recovery")).first() is not None
        )


def unlock_failures(folder: DataDir) -> int:
    """Wrong passphrases typed in a row since the last unlock (0 without a store)."""
    if not folder.exists():
        return 0
    engine = _open_engine(folder)
    try:
        return vault.UnlockThrottle(engine).failures()
    finally:
        engine.dispose()
