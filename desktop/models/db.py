"""Opening the local SQLite file: pragmas, and migrations applied after a copy aside."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Ids bound in one "IN (...)" query: well under SQLite's limit on bound parameters.
IDS_PER_QUERY = 500
_Item = TypeVar("_Item")


def in_chunks(items: Sequence[_Item], size: int = IDS_PER_QUERY) -> Iterator[Sequence[_Item]]:
    """Slices of ``items`` small enough to bind in one query."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


# The newest migration's revision (a test checks it against the scripts). Alembic and the
# scripts are read only when a database is behind it: importing and reading them took a
# sixth of the window's start-up.
SCHEMA_HEAD = "0005"


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL + FULL: a committed transaction survives a power cut or a killed process.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Temporary tables and sort spills stay in memory, never in a temp file.
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


@contextmanager
def resendable_writes(engine: Engine) -> Iterator[Connection]:
    """A connection whose commits do not wait for the disk (``synchronous=NORMAL``), for
    writes the county gives again should a power cut take them: a pulled page with its
    cursor, the time of the last sync.

    In WAL mode such a commit is still whole or absent after a power cut (never half
    written), and a killed program loses nothing; the next commit made in full (any
    save) takes it to the disk too. Nothing typed here is ever written this way. SQLite
    refuses the setting inside a transaction, hence a connection of its own, set before
    and reset after (a failure is rolled back first).
    """
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
        connection.commit()
        try:
            yield connection
        finally:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA synchronous=FULL")
            connection.commit()


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        hide_parameters=True,  # bound values never reach a log or an exception text
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine


def _alembic_config(connection: Any) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The head revision as the migration scripts say (slow: imports Alembic, reads them)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision as Alembic recorded it; None for an empty database."""
    with engine.connect() as connection:
        known = connection.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first()
        if known is None:
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def copy_aside(path: Path, label: str) -> Path:
    """A consistent copy of the database (WAL included) next to it, before an upgrade."""
    backups = path.parent / "backups"
    backups.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = backups / f"{path.stem}.{label}.{stamp}.sqlite"
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


def upgrade(engine: Engine, path: Path, *, revision: str = "head") -> None:
    """Bring the schema to ``revision``; an existing database is copied aside first."""
    current = current_revision(engine)
    target = SCHEMA_HEAD if revision == "head" else revision
    if current == target:
        return
    if current is not None:
        saved = copy_aside(path, f"before-{target}-from-{current}")
        logger.info("copied the database aside to %s before upgrading", saved.name)
    with engine.connect() as connection:
        # A migration may rebuild a table others refer to (SQLite retypes a column by
        # copying its table): references are switched off for the migration, which must
        # leave none broken, as SQLite's own procedure for altering a table says. The
        # pragma is a no-op inside a transaction, hence before it begins.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        from alembic import command

        try:
            with connection.begin():
                command.upgrade(_alembic_config(connection), revision)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration broke {len(broken)} references")
        finally:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
    logger.info("database schema upgraded from %s to %s", current, target)
    if current is not None and current < VACUUM_AFTER <= target:
        reclaim_free_pages(engine)


# Migration 0004 rebuilds ``records`` (SQLite retypes a column by copying its table) and
# turns every base64 text into bytes a quarter shorter: the old table's pages stay in the
# file, free, until a VACUUM. The copy aside made before the upgrade is kept as it is.
VACUUM_AFTER = "0004"


def reclaim_free_pages(engine: Engine) -> None:
    """Rewrite the file without its free pages (``VACUUM``, outside any transaction).

    SQLite rewrites the file in place through its own journal; no file is replaced or
    removed, so nothing here needs the engine's other connections closed first.
    """
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        freed = connection.exec_driver_sql("PRAGMA freelist_count").scalar() or 0
        connection.exec_driver_sql("VACUUM")
    logger.info("reclaimed %d free pages after the upgrade", freed)


def open_engine(path: Path) -> Engine:
    """Open (creating if needed) and migrate the database at ``path``."""
    engine = make_engine(path)
    try:
        upgrade(engine, path)
    except BaseException:
        engine.dispose()  # nothing left holding a file that is not what it should be
        raise
    return engine
