"""Alembic environment for the local store: always run in code, on a given connection."""

from __future__ import annotations

from alembic import context

from desktop.models.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
