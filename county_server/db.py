"""The database: engine, sessions, and the schema upgrade (Alembic, run in code).

SQLite (embedded use) gets WAL, ``synchronous=FULL``, foreign keys and a busy timeout,
and every transaction starts with ``BEGIN IMMEDIATE``: each request writes (the device's
last contact, the audit log), so taking the write lock up front avoids the deadlock of
two readers upgrading at once, and savepoints work (pysqlite's own transaction handling
is switched off). The process's transactions wait for that lock in a line of their own
(``_WriterLine``) rather than in SQLite's sleep-and-retry. PostgreSQL is reached through
psycopg. Bound values never appear in logs or exception texts (``hide_parameters``).

An SQLite file is made owner-only (0600) before SQLite first opens it, and so are its
``-wal`` and ``-shm`` files (SQLite gives them the database file's mode); an existing
database whose files others could read is tightened on open.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration, so admin commands can check the schema without loading Alembic;
# tests/county_server/test_migrations.py holds it equal to Alembic's head.
SCHEMA_HEAD = "0002"
_UPGRADE_LOCK = 330523_0001  # PostgreSQL advisory lock: one process upgrades at a time
FILE_MODE = 0o600  # the database and its -wal/-shm: personal data, sealed or not
_SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")
SQLITE_BUSY_SECONDS = 30


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event below emit BEGIN, so savepoints behave.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


class _WriterLine:
    """The server's SQLite transactions, one at a time, waiting in this process's line.

    Every transaction takes SQLite's write lock (``BEGIN IMMEDIATE``), and SQLite makes a
    transaction that finds it taken sleep and try again, with growing sleeps: with 200
    laptops syncing at once the lock sat free between sleeps while requests waited for
    seconds, and some gave up after the busy timeout (503). Here a transaction first
    waits for the one before it in this process to end, and is woken the moment it does;
    SQLite's own wait stays for other processes (an admin command). A wait longer than
    the busy timeout goes on to ``BEGIN IMMEDIATE`` anyway, which then answers busy.
    """

    HELD = "childdesk_writer_line"

    def __init__(self, timeout: float) -> None:
        self._lock = threading.Lock()
        self._timeout = timeout

    def begin(self, connection: Connection) -> None:
        held = self._lock.acquire(timeout=self._timeout)
        connection.info[self.HELD] = held
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.end(connection)
            raise

    def end(self, connection: Connection) -> None:
        self.release(connection.info)

    def release(self, info: dict[Any, Any]) -> None:
        if info.pop(self.HELD, False):
            self._lock.release()

    def listen(self, engine: Engine) -> None:
        event.listen(engine, "begin", self.begin)
        event.listen(engine, "commit", self.end)
        event.listen(engine, "rollback", self.end)
        # A connection handed back, dropped or closed with its transaction still open
        # (an error on the way) must not keep the line waiting.
        event.listen(engine.pool, "reset", self._on_reset)
        event.listen(engine.pool, "invalidate", self._on_invalidate)
        event.listen(engine.pool, "close", self._on_close)

    def _on_reset(self, dbapi_connection: Any, connection_record: Any, reset_state: Any) -> None:
        self._on_close(dbapi_connection, connection_record)

    def _on_invalidate(
        self, dbapi_connection: Any, connection_record: Any, exception: BaseException | None
    ) -> None:
        self._on_close(dbapi_connection, connection_record)

    def _on_close(self, dbapi_connection: Any, connection_record: Any) -> None:
        if connection_record is not None:
            self.release(connection_record.info)


def _private_sqlite_file(path: Path) -> None:
    """Create ``path`` empty and owner-only if missing (an empty file is an empty SQLite
    database); take read access from others on an existing one and its companions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    for suffix in _SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        try:
            if companion.stat().st_mode & 0o077:
                companion.chmod(FILE_MODE)
        except FileNotFoundError:
            continue
        except OSError as error:  # not ours to change: say so, and go on
            logger.warning("cannot make %s owner-only: %s", companion.name, type(error).__name__)


def _sqlite_file(database: str | None) -> Path | None:
    """The file of an SQLite URL's database; None for memory and ``file:`` URIs."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_file(parsed.database)
        if path is not None:
            _private_sqlite_file(path)
        engine = create_engine(
            url,
            hide_parameters=True,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS},
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        _WriterLine(timeout=SQLITE_BUSY_SECONDS).listen(engine)
        return engine
    return create_engine(url, hide_parameters=True, pool_pre_ping=True)


# Alembic is imported where it is used: the admin commands start faster without it.


def _alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None
    return head


class Database:
    """One engine and its session factory; the app and the CLI each hold one."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits at the end of the block (or rolls back)."""
        with self._sessions() as session, session.begin():
            yield session

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def schema_revision(self) -> str | None:
        """The schema's revision, read straight from Alembic's table (None: no schema)."""
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            return version.scalar_one_or_none()

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to ``revision``; safe to run from several processes at once."""
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        with self.engine.begin() as connection:
            if self.is_postgresql:
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK}
                )
            before = MigrationContext.configure(connection).get_current_revision()
            command.upgrade(_alembic_config(connection), revision)
            after = MigrationContext.configure(connection).get_current_revision()
        if before != after:
            logger.info("database schema upgraded from %s to %s", before, after)

    def dispose(self) -> None:
        self.engine.dispose()
