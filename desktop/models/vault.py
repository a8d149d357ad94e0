"""Creating, unlocking and re-keying the store's key slots.

A wrong passphrase leaves the records and key slots untouched; repeated failures make
the next attempt wait longer. The count lives in the database's clear ``meta`` table
(written straight into the main file, not left in the WAL), so the delay holds across
restarts of the app or the CLI, and deleting the files beside the database (an older
release kept it in ``unlock-failures.json``) does not reset it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, select, text
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from desktop.models.crypto import new_data_key
from desktop.models.keyslots import (
    KdfParams,
    WrappedKey,
    WrongPassphraseError,
    unwrap_with_passphrase,
    unwrap_with_recovery_key,
    wrap_for_recovery,
    wrap_with_passphrase,
)
from desktop.models.tables import KeySlot, Meta

logger = logging.getLogger(__name__)

__all__ = [
    "NoKeySlotError",
    "UnlockThrottle",
    "WrongPassphraseError",
    "add_recovery_slot",
    "create_slots",
    "set_passphrase",
    "unlock",
    "unlock_with_recovery",
]

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300.0


class NoKeySlotError(Exception):
    """The store has no slot of the kind asked for."""


FAILURES_KEY = "unlock_failures"
FAILED_AT_KEY = "unlock_failed_at"


@dataclass(frozen=True)
class UnlockThrottle:
    """How many unlocks failed in a row and when the last one did, kept in ``meta``."""

    engine: Engine

    def _read(self) -> tuple[int, float]:
        with Session(self.engine) as session:
            rows = {
                m.key: m.value
                for m in session.scalars(
                    select(Meta).where(Meta.key.in_((FAILURES_KEY, FAILED_AT_KEY)))
                )
            }
        try:
            return int(rows.get(FAILURES_KEY, 0)), float(rows.get(FAILED_AT_KEY, 0.0))
        except ValueError:
            return FREE_ATTEMPTS + 8, time.time()  # a mangled count waits, never resets

    def failures(self) -> int:
        return self._read()[0]

    def required_delay(self) -> float:
        """Seconds the next attempt must wait: none for the first tries, then doubling."""
        failures, _ = self._read()
        return _delay(failures)

    def remaining_wait(self, now: float | None = None) -> float:
        failures, last = self._read()
        if failures < FREE_ATTEMPTS:
            return 0.0
        current = time.time() if now is None else now
        return max(0.0, last + _delay(failures) - current)

    def record_failure(self) -> None:
        """One more failure, counted in one statement (two processes cannot lose one)."""
        count = insert(Meta).values(key=FAILURES_KEY, value="1")
        count = count.on_conflict_do_update(
            index_elements=[Meta.key],
            set_={"value": text("CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)")},
        )
        stamp = insert(Meta).values(key=FAILED_AT_KEY, value=repr(time.time()))
        stamp = stamp.on_conflict_do_update(
            index_elements=[Meta.key], set_={"value": stamp.excluded.value}
        )
        with self.engine.begin() as connection:
            connection.execute(count)
            connection.execute(stamp)
        self._into_main_file()

    def _into_main_file(self) -> None:
        # Deleting the -wal file beside the database must not forget the failure.
        with self.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def reset(self) -> None:
        if self._read() == (0, 0.0):
            return  # an unlock after no failure writes nothing
        with Session(self.engine) as session, session.begin():
            session.execute(delete(Meta).where(Meta.key.in_((FAILURES_KEY, FAILED_AT_KEY))))


def _delay(failures: int) -> float:
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_DELAY_SECONDS, 2.0 ** min(failures - FREE_ATTEMPTS, 16))


def _to_wrapped(slot: KeySlot) -> WrappedKey:
    return WrappedKey(slot.kind, slot.salt, slot.params, slot.wrapped)


def _store_slot(session: Session, wrapped: WrappedKey) -> None:
    session.add(
        KeySlot(
            kind=wrapped.kind,
            salt=wrapped.salt,
            params=wrapped.params,
            wrapped=wrapped.wrapped,
            created_at=datetime.now(UTC).replace(tzinfo=None),
        )
    )


def create_slots(
    session: Session,
    passphrase: str,
    *,
    recovery_public_pem: bytes | None = None,
    params: KdfParams | None = None,
) -> bytes:
    """Make a new data key and store it wrapped; returns the key for this session only."""
    data_key = new_data_key()
    _store_slot(session, wrap_with_passphrase(data_key, passphrase, params))
    if recovery_public_pem is not None:
        _store_slot(session, wrap_for_recovery(data_key, recovery_public_pem))
    return data_key


def _slot(session: Session, kind: str) -> KeySlot:
    slot = session.scalars(select(KeySlot).where(KeySlot.kind == kind)).first()
    if slot is None:
        raise NoKeySlotError(kind)
    return slot


def unlock(
    engine: Engine,
    passphrase: str,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """The data key, or :class:`WrongPassphraseError` after waiting out any penalty."""
    throttle = UnlockThrottle(engine)
    wait = throttle.remaining_wait()
    if wait > 0:
        sleep(wait)
    with Session(engine) as session:
        slot = _to_wrapped(_slot(session, "passphrase"))
    try:
        data_key = unwrap_with_passphrase(slot, passphrase)
    except WrongPassphraseError:
        throttle.record_failure()
        logger.warning("unlock failed (%d in a row)", throttle.failures())
        raise
    throttle.reset()
    return data_key


def unlock_with_recovery(engine: Engine, county_private_pem: bytes) -> bytes:
    with Session(engine) as session:
        slot = _to_wrapped(_slot(session, "recovery"))
    return unwrap_with_recovery_key(slot, county_private_pem)


def set_passphrase(
    engine: Engine, data_key: bytes, new_passphrase: str, params: KdfParams | None = None
) -> None:
    """Re-wrap the data key under a new passphrase; no record is touched."""
    wrapped = wrap_with_passphrase(data_key, new_passphrase, params)
    with Session(engine) as session, session.begin():
        session.execute(delete(KeySlot).where(KeySlot.kind == "passphrase"))
        _store_slot(session, wrapped)
    logger.info("passphrase changed")


def add_recovery_slot(engine: Engine, data_key: bytes, county_public_pem: bytes) -> None:
    """Give an existing store the county's recovery slot (replacing an older one)."""
    wrapped = wrap_for_recovery(data_key, county_public_pem)
    with Session(engine) as session, session.begin():
        session.execute(delete(KeySlot).where(KeySlot.kind == "recovery"))
        _store_slot(session, wrapped)
