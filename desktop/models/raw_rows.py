"""The raw read path: rows through the DB-API cursor, read whatever is in their cells.

Opening a store of 30,000 records reads every row; SQLAlchemy's per-row work would be a
good part of that, so :func:`fetch` reads plain tuples through the connection's own
cursor. Text that is not UTF-8 (a damaged file) makes sqlite3 raise: then, and only then,
the rows are read again losslessly, and :func:`has_undecodable_text` finds the rows that
held such text, for the reader to name as damaged.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine

from desktop.models.damage import Damage, DamagedRecord


def fetch(engine: Engine, sql: str, params: Sequence[Any]) -> tuple[list[Any], bool]:
    """The rows, through the DB-API cursor itself (plain tuples, no per-row work in
    SQLAlchemy); and whether they had to be read losslessly (text that is not UTF-8,
    kept as surrogates, which :func:`has_undecodable_text` finds)."""
    with engine.connect() as connection:
        dbapi = connection.connection.dbapi_connection
        assert isinstance(dbapi, sqlite3.Connection)
        cursor = dbapi.cursor()
        try:
            return cursor.execute(sql, params).fetchall(), False
        except sqlite3.OperationalError as error:
            if not undecodable(error):
                raise
        finally:
            cursor.close()
        # Only after a failure: a text factory in Python on every read would cost
        # a tenth of opening a large store.
        dbapi.text_factory = _lossless_text
        try:
            cursor = dbapi.cursor()
            try:
                return cursor.execute(sql, params).fetchall(), True
            finally:
                cursor.close()
        finally:
            dbapi.text_factory = str


def undecodable(error: Exception) -> bool:
    """Whether sqlite3 failed on text that is not UTF-8."""
    return "decode" in str(error).lower()


def _lossless_text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def has_undecodable_text(row: Sequence[object]) -> bool:
    for value in row:
        if isinstance(value, str):
            try:
                value.encode()
            except UnicodeEncodeError:
                return True
    return False


def damaged(record_id: str, kind: str, rev: object, damage: Damage) -> DamagedRecord:
    on_county = isinstance(rev, int) and rev > 0
    return DamagedRecord(str(record_id), str(kind), damage, on_county)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic collector off while tens of thousands of rows and views are made
    (none of them can be garbage yet; each pass would walk them all again)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


__all__ = ["collector_paused", "damaged", "fetch", "has_undecodable_text", "undecodable"]
