"""The server's database and log files are owner-only (issue 16): 0600, never 0644.

A real ``county-server init`` and ``serve`` under the usual umask 022 make the SQLite file,
its ``-wal`` and ``-shm`` and the log file; none of them may be readable by the group or
others. An existing world-readable database is tightened when opened, and a log rotated
by its size starts its new file owner-only too.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from county_server.db import Database
from county_server.logging_setup import PrivateRotatingFileHandler
from tests.serverproc import running_server, sqlite_url

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """022, as on a stock server: files would be 0644 unless the code says otherwise."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def test_a_served_database_and_its_log_are_owner_only(tmp_path: Path, usual_umask: None) -> None:
    url = sqlite_url(tmp_path / "db")
    database = tmp_path / "db" / "county.sqlite"
    log_file = tmp_path / "logs" / "county-server.log"
    env = {"COUNTY_SERVER_LOG_FILE": str(log_file)}
    with running_server(url, tmp_path / "server", env=env) as server:
        answer = httpx.get(f"{server.api_url}/me", timeout=10)  # a request: a log line
        assert answer.status_code == 401
        files = [
            database,
            database.with_name("county.sqlite-wal"),
            database.with_name("county.sqlite-shm"),
        ]
        for path in [*files, log_file]:
            assert path.exists(), path
            assert _mode(path) == 0o600, f"{path.name} is {oct(_mode(path))}"


def test_an_existing_readable_database_is_tightened_on_open(tmp_path: Path) -> None:
    path = tmp_path / "county.sqlite"
    Database(f"sqlite:///{path}").dispose()
    path.chmod(0o644)
    wal = path.with_name("county.sqlite-wal")
    wal.write_bytes(b"")
    wal.chmod(0o664)
    db = Database(f"sqlite:///{path}")
    try:
        assert (_mode(path), _mode(wal)) == (0o600, 0o600)
    finally:
        db.dispose()


def test_a_rotated_log_starts_owner_only(tmp_path: Path, usual_umask: None) -> None:
    log_file = tmp_path / "county-server.log"
    log_file.write_text("old\n", encoding="utf-8")
    log_file.chmod(0o644)  # left by an older version: made owner-only when opened
    handler = PrivateRotatingFileHandler(log_file, maxBytes=200, backupCount=2, encoding="utf-8")
    log = logging.getLogger("test_file_modes")
    log.propagate = False
    log.addHandler(handler)
    try:
        for number in range(20):
            log.warning("line %d of a log that rotates by its size", number)
    finally:
        log.removeHandler(handler)
        handler.close()
    rotated = sorted(tmp_path.glob("county-server.log*"))
    assert len(rotated) == 3, rotated
    assert {path.name: _mode(path) for path in rotated} == dict.fromkeys(
        (path.name for path in rotated), 0o600
    )
