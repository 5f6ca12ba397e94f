"""Schema versions: which revision a database is at, which this app knows, and upgrading.

A database's revision is read from Alembic's ``alembic_version`` table. A revision this app does
not know was written by a newer VPR Desktop (revisions are only ever added), so it is refused.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("vpr_desktop.store") / "migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None
    return head


def known_revisions() -> list[str]:
    """Oldest first."""
    return [s.revision for s in reversed(list(_script().walk_revisions()))]


def is_known(revision: str) -> bool:
    return revision in known_revisions()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Upgrade inside the caller's transaction (SQLite DDL is transactional with our engine)."""
    from alembic import command
    from sqlalchemy import text

    if connection.dialect.name == "postgresql":
        # Building an index on a large trust's tables may take longer than the per-statement
        # cap a working session has (store.database.STATEMENT_TIMEOUT_S); this transaction only.
        connection.execute(text("SET LOCAL statement_timeout = 0"))
    command.upgrade(_config(connection), target)


def downgrade(connection: Connection, target: str) -> None:
    from alembic import command

    command.downgrade(_config(connection), target)
