"""SQLite transactions wait in the server process's line (county_server/db.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from county_server import db


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    made = db.make_engine(f"sqlite:///{tmp_path / 'line.sqlite'}")
    with made.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
    yield made
    made.dispose()


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM t")).scalar_one())


def test_many_writers_at_once_all_get_through_in_turn(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the line, SQLite's busy timeout (cut to 0.2 s here) refuses most of these:
    # each holds the write lock for 20 ms and twenty want it at once.
    def short_busy(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=200")  # type: ignore[attr-defined]

    from sqlalchemy import event

    event.listen(engine, "connect", short_busy)
    engine.dispose()
    errors: list[BaseException] = []
    inside = 0
    most_inside = 0
    guard = threading.Lock()

    def writer() -> None:
        nonlocal inside, most_inside
        try:
            for _ in range(3):
                with engine.begin() as connection:
                    with guard:
                        inside += 1
                        most_inside = max(most_inside, inside)
                    connection.exec_driver_sql("INSERT INTO t VALUES (1)")
                    time.sleep(0.02)
                    with guard:
                        inside -= 1
        except BaseException as error:  # collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=writer) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert most_inside == 1
    assert _count(engine) == 60


def test_the_line_moves_after_a_rollback_an_error_and_a_close(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.begin()
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        connection.rollback()
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (2)")
        raise RuntimeError("a request that failed half way")
    connection = engine.connect()
    connection.begin()
    connection.exec_driver_sql("INSERT INTO t VALUES (3)")
    connection.close()  # never committed
    done = threading.Event()

    def next_writer() -> None:
        with engine.begin() as later:
            later.exec_driver_sql("INSERT INTO t VALUES (4)")
        done.set()

    thread = threading.Thread(target=next_writer)
    thread.start()
    assert done.wait(5), "a transaction ended without its commit kept the line waiting"
    thread.join()
    assert _count(engine) == 1


def test_a_failed_begin_leaves_the_line(engine: Engine, tmp_path: Path) -> None:
    # Another process (here: a plain sqlite3 connection) holds SQLite's write lock past
    # the busy timeout: the server's BEGIN fails, and the next one still gets its turn.
    import sqlite3

    def short_busy(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=100")  # type: ignore[attr-defined]

    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    event.listen(engine, "connect", short_busy)
    engine.dispose()
    other = sqlite3.connect(tmp_path / "line.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(OperationalError), engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
    other.execute("ROLLBACK")
    other.close()
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (2)")
    assert _count(engine) == 1
