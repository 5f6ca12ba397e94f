"""Alembic environment: always run with a live connection handed in by ``store.migrate``.

Batch mode on SQLite, so column and constraint changes become SQLite's copy-and-move rebuilds
(the metadata naming convention lets batch mode find constraints by name).
"""

from __future__ import annotations

from alembic import context

from vpr_desktop.domain.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
