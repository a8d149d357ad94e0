"""Times are stored as UTC and read back aware, on both back ends, whatever order they are
written in: the column's conversion remembers its last value (a push writes one time into
many rows), and must never hand one time's conversion to another."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select

from county_server.db import Database
from county_server.models import AuditEntry

BEIJING = timezone(timedelta(hours=8))


def test_each_row_keeps_its_own_time_through_an_executemany(db_url: str) -> None:
    first = datetime(2026, 12, 4, 9, 30, 1, 250000, tzinfo=UTC)
    same_instant_elsewhere = first.astimezone(BEIJING)  # equal, but another object
    later = first + timedelta(seconds=1)
    written = [first, first, same_instant_elsewhere, later, first, later, later]
    db = Database(db_url)
    try:
        db.upgrade()
        with db.transaction() as session:
            session.execute(
                insert(AuditEntry),
                [
                    {"at": at, "actor": "t", "action": "test", "record_ids": "[]", "detail": str(n)}
                    for n, at in enumerate(written)
                ],
            )
        with db.transaction() as session:
            read = session.execute(
                select(AuditEntry.detail, AuditEntry.at).order_by(AuditEntry.id)
            ).all()
    finally:
        db.dispose()
    assert [(int(detail), at) for detail, at in read] == list(enumerate(written))
    assert all(at.tzinfo is UTC for _, at in read)


def test_a_naive_time_is_refused_even_after_an_aware_one(db_url: str) -> None:
    aware = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
    db = Database(db_url)
    try:
        db.upgrade()
        rows = [
            {"at": at, "actor": "t", "action": "test", "record_ids": "[]", "detail": ""}
            for at in (aware, aware.replace(tzinfo=None))
        ]
        with pytest.raises(Exception, match="naive datetime"), db.transaction() as session:
            session.execute(insert(AuditEntry), rows)
    finally:
        db.dispose()
