"""Opening a shared PostgreSQL database (psycopg 3): time limits, a foreign database refused,
the schema upgraded in one transaction. Back-ups are pg_dump's job, not ours."""

from __future__ import annotations

from collections.abc import Callable

from vpr_desktop.domain.errors import DatabaseRefused
from vpr_desktop.domain.errors import NotADatabaseError
from vpr_desktop.store import migrate
from vpr_desktop.store.database import Database
from vpr_desktop.store.database import refuse_if_newer

CONNECT_TIMEOUT_S = 10
# Per statement: no screen, import or pack issues one statement that needs minutes
# (imports write in batches, packs aggregate in SQL), so five minutes separates "slow" from
# "the server or network has gone". Schema upgrades lift it (store.migrate.upgrade).
STATEMENT_TIMEOUT_S = 300
# Waiting for another session's lock (a row being saved, the audit chain's turn):
# a save that cannot start within this is told "busy, save again", never left hanging.
LOCK_TIMEOUT_S = 30


def open_postgresql(
    url: str,
    *,
    upgrade: bool = True,
    progress: Callable[[str], None] | None = None,
    password: str | None = None,
) -> Database:
    """Open a shared PostgreSQL database (psycopg 3). Back-ups are pg_dump's job, not ours.

    ``password`` goes to psycopg as a connection argument, held only by the engine in memory,
    so it is never part of a URL that is shown, logged or remembered.
    """
    from sqlalchemy import create_engine
    from sqlalchemy import inspect
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    say = progress or (lambda _m: None)
    # A server that is down or firewalled must not leave the window "Opening…" for the minutes
    # the operating system's TCP timeout takes: ten seconds, unless the URL says otherwise.
    connect_args: dict[str, object] = (
        {} if "connect_timeout" in url else {"connect_timeout": CONNECT_TIMEOUT_S}
    )
    if "options=" not in url:
        connect_args["options"] = (
            f"-c statement_timeout={STATEMENT_TIMEOUT_S * 1000} "
            f"-c lock_timeout={LOCK_TIMEOUT_S * 1000}"
        )
    if password is not None:
        connect_args["password"] = password
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    safe = engine.url.render_as_string(hide_password=True)
    location = f"{engine.url.host or 'localhost'}/{engine.url.database}"
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            elif tables - {"alembic_version"}:
                raise NotADatabaseError(
                    f"The PostgreSQL database {location} holds tables VPR Desktop did not create.",
                    "Ask your database administrator for an empty database for VPR Desktop.",
                )
    except OperationalError as exc:
        engine.dispose()
        from vpr_desktop.store.pg_errors import Target
        from vpr_desktop.store.pg_errors import explain

        target = Target(
            host=engine.url.host or "localhost",
            port=engine.url.port or 5432,
            database=engine.url.database or "",
            user=engine.url.username or "",
        )
        raise explain(str(exc.orig), target) from exc
    try:
        refuse_if_newer(revision, f"The PostgreSQL database {location}")
        head = migrate.head_revision()
        upgraded_from = None
        if revision != head:
            if not upgrade:
                raise DatabaseRefused(
                    f"{location} is at schema {revision}; this app needs {head}.",
                    f"Run: vpr-desktop db upgrade --db {safe}",
                )
            say("Upgrading the database…")
            with engine.begin() as conn:
                migrate.upgrade(conn)
            upgraded_from = revision
    except BaseException:
        engine.dispose()
        raise
    return Database(
        engine=engine,
        kind="postgresql",
        location=location,
        read_only=False,
        schema_revision=head,
        upgraded_from=upgraded_from,
        created=revision is None,
    )
