"""The schema Alembic builds is exactly the one the models declare."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from county_server.db import SCHEMA_HEAD, Database, head_revision
from county_server.models import Base, SeqCounter


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
