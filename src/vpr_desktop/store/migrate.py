"""Schema versions: which revision a database is at, which this app knows, and upgrading.

A database's revision is read from Alembic's ``alembic_version`` table. A revision this app does
not know was written by a newer VPR Desktop (revisions are only ever added), so it is refused.
"""

from __future__ import annotations

import re
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


_REVISION_LINE = re.compile(
    r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*["']?([\w]+)["']?""", re.M
)


@cache
def _chain() -> tuple[str, ...]:
    """The revisions, oldest first, read from the migration scripts' own ``revision`` and
    ``down_revision`` lines.

    Opening a database only needs to know the head and whether a revision is ours; Alembic's
    script directory costs about 90 ms and 11 MB to import and load, so it is loaded only to
    upgrade or downgrade. ``tests/store/test_migrate.py`` checks this equals Alembic's walk.
    """
    parent: dict[str, str | None] = {}
    folder = files("vpr_desktop.store") / "migrations" / "versions"
    for entry in folder.iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("_"):
            continue
        found = dict(_REVISION_LINE.findall(entry.read_text(encoding="utf-8")))
        if "revision" in found:
            down = found.get("down_revision")
            parent[found["revision"]] = None if down in (None, "None") else down
    children: dict[str | None, str] = {down: rev for rev, down in parent.items()}
    chain: list[str] = []
    current = children.get(None)
    while current is not None:
        chain.append(current)
        current = children.get(current)
    if len(chain) != len(parent):  # a branch or a gap: let Alembic say what is wrong
        return tuple(s.revision for s in reversed(list(_script().walk_revisions())))
    return tuple(chain)


def head_revision() -> str:
    return _chain()[-1]


def known_revisions() -> list[str]:
    """Oldest first."""
    return list(_chain())


def is_known(revision: str) -> bool:
    return revision in known_revisions()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Upgrade inside the caller's transaction (SQLite DDL is transactional with our engine)."""
    from alembic import command
    from sqlalchemy import text

    if connection.dialect.name == "postgresql":
        # Building an index on a large trust's tables may take longer than the per-statement
        # cap a working session has (postgres_open.STATEMENT_TIMEOUT_S); this transaction only.
        connection.execute(text("SET LOCAL statement_timeout = 0"))
    command.upgrade(_config(connection), target)


def downgrade(connection: Connection, target: str) -> None:
    from alembic import command

    command.downgrade(_config(connection), target)
