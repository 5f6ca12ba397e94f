"""The migrations build the schema the models describe, and every downgrade script works
(SQLite and PostgreSQL).

An empty database is upgraded to head with ``store.migrate`` and compared with
``Base.metadata`` by Alembic's autogenerate, configured as ``store/migrations/env.py`` configures
it: ``compare_type=True``, ``render_as_batch`` on SQLite, no ``include_object`` filter and no
server-default comparison. Triggers (0002's append-only audit trail) are invisible to
autogenerate, and ``alembic_version`` is skipped by it. A model change without a migration (or a
migration that does not do what the model says) shows up here as a non-empty diff.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import inspect

from vpr_desktop.domain.models import Base
from vpr_desktop.store import migrate
from vpr_desktop.store.database import is_url


def _engine(target: str) -> sa.Engine:
    """A plain engine on ``db_target`` (as test_migration_0004 builds databases); on SQLite
    with foreign keys on, as the app's read-write engine has them."""
    if is_url(target):
        return create_engine(target)
    engine = create_engine(f"sqlite:///{target}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_con: Any, _record: object) -> None:
        dbapi_con.execute("PRAGMA foreign_keys=ON")

    return engine


def _schema_diff(conn: sa.Connection) -> list[Any]:
    context = MigrationContext.configure(
        conn,
        opts={
            "target_metadata": Base.metadata,
            "render_as_batch": conn.dialect.name == "sqlite",
            "compare_type": True,
        },
    )
    return compare_metadata(context, Base.metadata)


# ------------------------------------------------------------------------ readable diffs


def _name(obj: Any) -> str:
    if isinstance(obj, sa.Table):
        return f"table {obj.name}"
    if isinstance(obj, sa.Column):
        table = getattr(obj, "table", None)
        where = f"{table.name}." if table is not None else ""
        return f"column {where}{obj.name} {obj.type!r} nullable={obj.nullable}"
    if isinstance(obj, sa.Index):
        cols = ", ".join(str(c.name) for c in obj.columns) or "<expressions>"
        unique = "unique " if obj.unique else ""
        return f"{unique}index {obj.name} on {obj.table.name}({cols})"  # type: ignore[union-attr]
    if isinstance(obj, sa.ForeignKeyConstraint):
        cols = ", ".join(obj.column_keys)
        refs = ", ".join(e.target_fullname for e in obj.elements)
        return f"foreign key {obj.name} on {obj.table.name}({cols}) -> {refs}"
    if isinstance(obj, sa.Constraint):
        cols = ", ".join(c.name for c in obj.columns)  # type: ignore[attr-defined]
        return f"{type(obj).__name__} {obj.name} on {obj.table.name}({cols})"
    return repr(obj)


def _describe(diff: Any) -> list[str]:
    """One line per difference; "add" means in the models but not in the database."""
    if isinstance(diff, list):  # column modifications come grouped per column
        return [line for item in diff for line in _describe(item)]
    op, *args = diff
    if op.startswith("modify_"):
        _schema, table, column, _existing, db_value, model_value = args
        return [f"{op}: {table}.{column}: database {db_value!r}, models {model_value!r}"]
    # (schema and table-name strings are left out: each object names its own table)
    return [f"{op}: " + "; ".join(_name(a) for a in args if not isinstance(a, str | None))]


def _report(diffs: list[Any], dialect: str) -> str:
    lines = [line for d in diffs for line in _describe(d)]
    return (
        f"{dialect}: the migrated schema differs from the models in {len(lines)} way(s) "
        "(add_* = in the models only, remove_* = in the database only):\n  " + "\n  ".join(lines)
    )


# ------------------------------------------------------------------------ schema snapshot


def _snapshot(conn: sa.Connection) -> dict[str, Any]:
    """What a downgrade must restore: tables, columns, keys, indexes, triggers."""
    names = inspect(conn)
    tables: dict[str, Any] = {}
    for table in sorted(names.get_table_names()):
        tables[table] = {
            "columns": sorted(
                (
                    c["name"],
                    str(c["type"]),
                    c["nullable"],
                    None if c.get("default") is None else str(c["default"]),
                )
                for c in names.get_columns(table)
            ),
            "pk": names.get_pk_constraint(table)["constrained_columns"],
            "fks": sorted(
                (
                    tuple(f["constrained_columns"]),
                    f["referred_table"],
                    tuple(f["referred_columns"]),
                    (f.get("options") or {}).get("ondelete"),
                )
                for f in names.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in names.get_indexes(table)
            ),
            "unique": sorted(
                (u["name"], tuple(u["column_names"])) for u in names.get_unique_constraints(table)
            ),
        }
    if conn.dialect.name == "sqlite":
        triggers = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).scalars()
    else:
        triggers = conn.exec_driver_sql(
            "SELECT DISTINCT trigger_name FROM information_schema.triggers "
            "WHERE trigger_schema = current_schema()"
        ).scalars()
    return {"tables": tables, "triggers": sorted(triggers)}


def _revision(conn: sa.Connection) -> str | None:
    return conn.scalar(sa.text("SELECT version_num FROM alembic_version"))


# ------------------------------------------------------------------------------- tests


def test_migrated_schema_matches_the_models(db_target: str) -> None:
    engine = _engine(db_target)
    try:
        with engine.begin() as conn:
            migrate.upgrade(conn)
        with engine.connect() as conn:
            assert _revision(conn) == migrate.head_revision()
            diffs = _schema_diff(conn)
            assert not diffs, _report(diffs, conn.dialect.name)
    finally:
        engine.dispose()


def test_downgrade_to_0001_and_upgrade_again(db_target: str) -> None:
    engine = _engine(db_target)
    try:
        with engine.begin() as conn:
            migrate.upgrade(conn, "0001")
        with engine.connect() as conn:
            at_0001 = _snapshot(conn)
        assert at_0001["tables"] and not at_0001["triggers"]

        with engine.begin() as conn:
            migrate.upgrade(conn)
        with engine.connect() as conn:
            assert _revision(conn) == migrate.head_revision()
            assert _snapshot(conn)["triggers"]  # 0002's append-only triggers

        with engine.begin() as conn:
            migrate.downgrade(conn, "0001")
        with engine.connect() as conn:
            assert _revision(conn) == "0001"
            assert _snapshot(conn) == at_0001  # every downgrade undid all of its upgrade

        with engine.begin() as conn:
            migrate.upgrade(conn)
        with engine.connect() as conn:
            assert _revision(conn) == migrate.head_revision()
            diffs = _schema_diff(conn)
            assert not diffs, _report(diffs, conn.dialect.name)
    finally:
        engine.dispose()
