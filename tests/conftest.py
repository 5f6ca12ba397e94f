"""Shared fixtures: Qt offscreen, a private data folder, databases on SQLite AND PostgreSQL.

PostgreSQL comes from ``VPR_TEST_PG_URL`` (default: the local server with trust auth). Each test
session creates its own throw-away database on that server. When ``CI`` is set and PostgreSQL
cannot be reached the run fails: database tests never silently skip in CI.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("VPR_DESKTOP_HEADLESS_DIALOGS", "1")
_DATA_DIR = tempfile.mkdtemp(prefix="vpr-test-data-")
os.environ["VPR_DESKTOP_DATA_DIR"] = _DATA_DIR

try:  # PySide6 6.12.0 on Python 3.11 aborts after thousands of Qt calls (see the module)
    from vpr_desktop.views.qt_workarounds import guard_singletons

    guard_singletons()
except ImportError:  # pragma: no cover - views not importable (no Qt): non-GUI tests still run
    pass

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEMO_ANCHOR = dt.date(2026, 6, 30)


def _pg_base_url() -> str:
    return os.environ.get("VPR_TEST_PG_URL", DEFAULT_PG_URL)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL database for this test session (dropped at the end)."""
    from sqlalchemy import create_engine
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    base = make_url(_pg_base_url())
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"vpr_test_{secrets.token_hex(4)}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            # Group roles and logins are cluster-wide: this session's own (see pg_role_prefix).
            conn.execute(text(f"ALTER DATABASE \"{name}\" SET vpr.role_prefix = '{name}_'"))
    except Exception as exc:
        admin.dispose()
        message = f"PostgreSQL is not reachable at {base.render_as_string(True)}: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set: database tests must run on PostgreSQL)")
        pytest.skip(message)
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            roles = conn.execute(
                text("SELECT rolname FROM pg_roles WHERE starts_with(rolname, :p)"),
                {"p": f"{name}_"},
            ).scalars()
            for role in list(roles):
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_role_prefix(pg_url: str) -> str:
    """The ``vpr.role_prefix`` of the session's database: group roles (0005) and every login
    a test creates start with it, so parallel test runs never share a role and the session's
    end drops them all."""
    from sqlalchemy.engine import make_url

    return f"{make_url(pg_url).database}_"


def _reset_pg(url: str) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy import text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database target on each backend: a file path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    url = request.getfixturevalue("pg_url")
    _reset_pg(url)
    return url


@pytest.fixture(scope="session")
def pg_migrated_url(pg_url: str) -> str:
    """The session's PostgreSQL database, migrated to head once. Tests that need an empty
    schema (migrations) use ``db_target``; the rest get it emptied by ``_empty_pg``."""
    from vpr_desktop.store.database import open_database

    _reset_pg(pg_url)
    open_database(pg_url).close()
    return pg_url


def _empty_pg(url: str) -> None:
    """Every table emptied and its ids restarted: as a new database, without running the
    migrations again (0.7 s per test). TRUNCATE is not DELETE, so the audit table's
    append-only triggers do not fire; the schema itself is untouched."""
    from sqlalchemy import create_engine
    from sqlalchemy import text

    from vpr_desktop.store import migrate

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '10s'"))
            at = None
            if conn.execute(text("SELECT to_regclass('public.alembic_version')")).scalar():
                at = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if at != migrate.head_revision():  # a migration test left another schema here
            from vpr_desktop.store.database import open_database

            _reset_pg(url)
            open_database(url).close()
            return
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '10s'"))
            tables = (
                conn.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                        "AND tablename <> 'alembic_version'"
                    )
                )
                .scalars()
                .all()
            )
            if tables:
                names = ", ".join(f'"{t}"' for t in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """A new, empty database at the current schema on each backend."""
    from vpr_desktop.store.database import open_database

    if request.param == "sqlite":
        target = str(tmp_path / "test.db")
    else:
        target = request.getfixturevalue("pg_migrated_url")
        _empty_pg(target)
    database = open_database(target, backup_dir=tmp_path / "backups")
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[object]:
    from vpr_desktop.store.database import open_database

    database = open_database(tmp_path / "test.db", backup_dir=tmp_path / "backups")
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo trust built once per session by the generator the app ships."""
    from vpr_desktop.services.demo.database import create_demo_database

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    # The creator is this OS login (the default), as for a real user running ``demo``.
    db = create_demo_database(path, size="small", seed=1, anchor=DEMO_ANCHOR)
    db.close()
    return path


@pytest.fixture
def demo_copy(demo_db_file: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database (closed file, so a plain copy is safe)."""
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_db_file, target)
    return target


@pytest.fixture
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of the test's own (what the app keeps beside the database: the kept
    first page, backups), so nothing one test leaves there is read by another."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("VPR_DESKTOP_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def lead_on_demo(demo_copy: Path) -> Iterator[object]:
    """Services over a private copy of the demo trust, as the person who made it."""
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    services = build_services(open_database(demo_copy))
    yield services
    services.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_DATA_DIR, ignore_errors=True)
