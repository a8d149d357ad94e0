"""Alembic environment for the county server: always run in code, on a given connection."""

from __future__ import annotations

from alembic import context

from county_server.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
