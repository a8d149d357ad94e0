"""The case store's refusals, each naming the record it concerns."""

from __future__ import annotations

from desktop.models.damage import Damage


class StoreError(Exception):
    """Base of the store's refusals; each carries the record it concerns."""

    def __init__(self, record_id: str, detail: str = "") -> None:
        super().__init__(f"{record_id}: {detail}" if detail else record_id)
        self.record_id = record_id


class RecordNotFoundError(StoreError):
    pass


class DuplicateIdNumberError(StoreError):
    """Another child already holds this ID number; ``record_id`` is that child."""


class LockedRecordError(StoreError):
    """A filed mandatory report: only its follow-up may change."""


class MissingChildError(StoreError):
    """The record points at a child that is not in the store."""


class CorruptRecordError(StoreError):
    """A record cannot be trusted: its sealed value failed authentication (tampered,
    truncated, swapped, or its clear fields edited), or its row is not what was written."""

    def __init__(
        self, record_id: str, where: str, damage: Damage = Damage.FAILED_AUTHENTICATION
    ) -> None:
        super().__init__(record_id, where)
        self.where = where
        self.damage = damage


__all__ = [
    "CorruptRecordError",
    "DuplicateIdNumberError",
    "LockedRecordError",
    "MissingChildError",
    "RecordNotFoundError",
    "StoreError",
]
