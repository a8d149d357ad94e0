"""The schema Alembic builds is exactly the one the models declare."""

from __future__ import annotations

from datetime import timedelta

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from casework.protocol import EnrollRequest
from county_server.clock import utc_now
from county_server.db import SCHEMA_HEAD, Database, head_revision
from county_server.models import Base, SeqCounter
from county_server.services import directory, enrolment


def test_migrations_match_the_models_and_upgrade_is_idempotent(db_url: str) -> None:
    db = Database(db_url)
    try:
        assert db.current_revision() is None
        assert db.schema_revision() is None
        db.upgrade()
        db.upgrade()  # a second start changes nothing
        assert db.current_revision() == db.schema_revision() == head_revision() == SCHEMA_HEAD
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert compare_metadata(context, Base.metadata) == []
        with db.transaction() as session:
            assert session.scalars(select(SeqCounter.value)).all() == [0]
    finally:
        db.dispose()


def test_a_first_release_database_upgrades_and_keeps_its_codes(db_url: str) -> None:
    """0001 → head: an enrolment code issued before the upgrade still enrols."""
    db = Database(db_url)
    try:
        db.upgrade("0001")
        assert db.current_revision() == "0001"
        with db.transaction() as session:
            directory.add_township(session, code="330523101", name="递铺街道")
            directory.add_village(
                session, code="330523101001", name="古城村", township_code="330523101"
            )
            user = directory.add_user(
                session, name="李主任", role="director", scope_code="330523101001", now=utc_now()
            )
            # Written as 0001 knew the table (no request_hash column yet).
            session.execute(
                text(
                    "INSERT INTO enrolment_codes (code_hash, user_id, created_at, expires_at)"
                    " VALUES (:hash, :user, :now, :later)"
                ),
                {
                    "hash": enrolment.sha256_hex("ABCDEFGHJKLMNPQR"),
                    "user": user.id,
                    "now": utc_now().replace(tzinfo=None),
                    "later": (utc_now() + timedelta(hours=72)).replace(tzinfo=None),
                },
            )
        db.upgrade()
        assert db.current_revision() == SCHEMA_HEAD
        with db.transaction() as session:
            answer = enrolment.enroll(
                session,
                EnrollRequest(code="ABCD-EFGH-JKLM-NPQR", device_name="笔记本"),
                now=utc_now(),
                recovery_public_key=None,
            )
        assert answer.scope.code == "330523101001"
    finally:
        db.dispose()
