"""The county server's admin steps in-process, on a running server's own database.

The same services ``county-server add-user`` and friends call (their CLI has its own
tests); a fraction of a second each instead of a Python start-up per command, which the
battery's set-ups would otherwise spend most of their time on.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from county_server.clock import utc_now
from county_server.db import Database
from county_server.services import directory, enrolment


class Admin:
    def __init__(self, db_url: str) -> None:
        self._db = Database(db_url)

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self._db.transaction() as session:
            yield session

    def add_township(self, code: str, name: str) -> None:
        with self._session() as session:
            directory.add_township(session, code=code, name=name)

    def add_village(self, code: str, name: str, township: str) -> None:
        with self._session() as session:
            directory.add_village(session, code=code, name=name, township_code=township)

    def add_user(self, role: str, scope: str, *, hours: int = 72) -> str:
        """A new user; returns its one-time code (already expired if ``hours`` < 0)."""
        with self._session() as session:
            user = directory.add_user(
                session, name=f"{role}{uuid.uuid4().hex[:6]}", role=role, scope_code=scope,
                now=utc_now(),
            )  # fmt: skip
            return enrolment.issue_code(session, user_id=user.id, now=utc_now(), hours=hours).code

    def revoke(self, device_id: str) -> None:
        with self._session() as session:
            assert enrolment.revoke_device(session, device_id, now=utc_now())

    def close(self) -> None:
        self._db.dispose()
