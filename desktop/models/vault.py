"""Creating, unlocking and re-keying the store's key slots.

A wrong passphrase leaves the database untouched; repeated failures make the next
attempt wait longer (the count lives in a small file beside the database, so the delay
holds across restarts of the app or the CLI).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, delete, select
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
from desktop.models.tables import KeySlot

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


@dataclass(frozen=True)
class UnlockThrottle:
    """How many unlocks failed in a row and when the last one did."""

    path: Path

    def _read(self) -> tuple[int, float]:
        try:
            raw = json.loads(self.path.read_text())
            return int(raw["failures"]), float(raw["last"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0, 0.0

    def failures(self) -> int:
        return self._read()[0]

    def required_delay(self) -> float:
        """Seconds the next attempt must wait: none for the first tries, then doubling."""
        failures, _ = self._read()
        if failures < FREE_ATTEMPTS:
            return 0.0
        return min(MAX_DELAY_SECONDS, 2.0 ** (failures - FREE_ATTEMPTS))

    def remaining_wait(self, now: float | None = None) -> float:
        failures, last = self._read()
        if failures < FREE_ATTEMPTS:
            return 0.0
        current = time.time() if now is None else now
        return max(0.0, last + self.required_delay() - current)

    def record_failure(self) -> None:
        failures, _ = self._read()
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"failures": failures + 1, "last": time.time()}))
        os.replace(tmp, self.path)

    def reset(self) -> None:
        self.path.unlink(missing_ok=True)


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
    throttle: UnlockThrottle,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """The data key, or :class:`WrongPassphraseError` after waiting out any penalty."""
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
