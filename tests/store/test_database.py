"""Opening databases: creation, pragmas, refusals that leave the file untouched, upgrades."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from vpr_desktop.domain.errors import CorruptDatabaseError
from vpr_desktop.domain.errors import DatabaseLockedError
from vpr_desktop.domain.errors import NetworkPathError
from vpr_desktop.domain.errors import NewerSchemaError
from vpr_desktop.domain.errors import NotADatabaseError
from vpr_desktop.store import migrate
from vpr_desktop.store.backup import integrity_ok
from vpr_desktop.store.database import open_database


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stamp(path: Path, revision: str) -> None:
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()


def test_new_database_is_at_head_on_both_backends(db) -> None:
    assert db.schema_revision == migrate.head_revision() == migrate.known_revisions()[-1]
    with db.engine.connect() as conn:
        stamped = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert stamped == db.schema_revision
        tables = conn.execute(
            text(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'"
                if db.kind == "postgresql"
                else "SELECT count(*) FROM sqlite_master WHERE type='table'"
            )
        ).scalar()
    assert tables >= 40


def test_sqlite_connection_settings(sqlite_db) -> None:
    assert sqlite_db.journal_mode == "wal"
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_future_revision_refused_and_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_database(path).close()
    stamp(path, "0099_from_the_future")
    before = digest(path)
    with pytest.raises(NewerSchemaError) as info:
        open_database(path)
    assert "0099_from_the_future" in info.value.message
    assert migrate.head_revision() in info.value.message
    assert digest(path) == before
    assert not (tmp_path / "future.db.lock").exists() or digest(path) == before


def test_text_file_named_db_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("minutes of the safety committee\n")
    with pytest.raises(NotADatabaseError) as info:
        open_database(path)
    assert "not a VPR Desktop database" in info.value.message
    assert path.read_text() == "minutes of the safety committee\n"


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE songs (id integer primary key)")
    con.commit()
    con.close()
    with pytest.raises(NotADatabaseError, match="not one VPR Desktop created"):
        open_database(path)


def test_corrupt_database_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    db = open_database(path)
    with db.engine.begin() as conn:
        for i in range(300):
            conn.execute(
                text("INSERT INTO site (code, name, active, version) VALUES (:c, :n, 1, 1)"),
                {"c": f"S{i}", "n": "x" * 200},
            )
    db.close()
    stamp(path, migrate.head_revision())  # checkpoint into the main file
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, len(data) - page, page):  # scribble over B-tree pages
        data[offset : offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises((CorruptDatabaseError, NotADatabaseError)):
        open_database(path)
    assert digest(path) == before


def damaged_in_a_data_page(path: Path) -> None:
    """A current WAL database whose ``site`` rows' pages have bytes flipped, while its schema
    (page 1) and ``alembic_version`` stay readable: only a page check finds the damage."""
    db = open_database(path)
    with db.engine.begin() as conn:
        for i in range(300):
            conn.execute(
                text("INSERT INTO site (code, name, active, version) VALUES (:c, :n, 1, 1)"),
                {"c": f"S{i}", "n": "x" * 200},
            )
    db.close()  # the last connection checkpoints the WAL into the file and removes it
    data = bytearray(path.read_bytes())
    assert data[18] == data[19] == 2  # still a WAL database
    page = 4096
    pages = {data.find(b"x" * 200, start) // page for start in range(0, len(data), page)}
    for number in sorted(pages - {-1, 0})[:3]:  # the B-tree page header of a few site pages
        data[number * page : number * page + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))


def test_deferred_check_refuses_the_first_write_with_the_same_words(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    damaged_in_a_data_page(path)
    before = digest(path)
    with pytest.raises(CorruptDatabaseError) as immediate:
        open_database(path)  # the command line's way: the check before anything else
    assert "failed its integrity check" in immediate.value.message

    db = open_database(path, defer_check=True)  # the window's way: header and schema only
    try:
        assert not db.integrity_checked
        with db.engine.connect() as conn:  # reading what is readable goes ahead
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                migrate.head_revision()
            )
        with pytest.raises(CorruptDatabaseError) as refused, db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
        assert str(refused.value) == str(immediate.value)
        with pytest.raises(CorruptDatabaseError) as again:
            db.check_integrity()  # the window's background job: the same refusal
        assert str(again.value) == str(immediate.value)
        with db.engine.connect() as conn:  # a write the gate cannot see: SQLite refuses it
            raw = conn.connection.driver_connection
            assert raw is not None
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                raw.execute(
                    "INSERT INTO site (code, name, active, version) VALUES ('Z', 'z', 1, 1)"
                )
        assert not db.integrity_checked
    finally:
        db.close()
    assert digest(path) == before


def test_deferred_check_lets_writes_through_once_it_passes(tmp_path: Path) -> None:
    path = tmp_path / "healthy.db"
    open_database(path).close()
    db = open_database(path, defer_check=True)
    try:
        assert not db.integrity_checked
        with db.engine.begin() as conn:  # the first write runs the check, then goes ahead
            conn.execute(
                text("INSERT INTO site (code, name, active, version) VALUES ('NG', 'N', 1, 1)")
            )
        assert db.integrity_checked
        with db.engine.begin() as conn:  # connections opened before the check write too
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("INSERT INTO site (code, name, active, version) VALUES ('SG', 'S', 1, 1)")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM site")).scalar() == 2
    finally:
        db.close()


def test_check_is_not_deferred_when_opening_would_write(tmp_path: Path) -> None:
    """A rollback-journal file becomes WAL on open (a header write), and an older schema is
    upgraded: both are checked first, as before."""
    path = tmp_path / "journal.db"
    open_database(path).close()
    stamp(path, migrate.head_revision())  # journal_mode=DELETE
    db = open_database(path, defer_check=True)
    assert db.integrity_checked
    db.close()
    older = tmp_path / "older.db"
    _older_database(older)
    db = open_database(older, defer_check=True, backup_dir=tmp_path / "backups")
    assert db.integrity_checked and db.upgraded_from == "0001"
    db.close()


@pytest.mark.parametrize(
    ("statement", "writes"),
    [
        ("SELECT 1", False),
        ("BEGIN", False),
        ("  select * from site", False),
        ('PRAGMA main.table_info("site")', False),
        ("WITH t AS (SELECT 1) SELECT * FROM t", False),
        ("WITH t AS (SELECT 1) INSERT INTO site SELECT * FROM t", True),
        ("INSERT INTO site VALUES (1)", True),
        ("PRAGMA journal_mode=WAL", True),
        ("PRAGMA wal_checkpoint(TRUNCATE)", True),
        ("CREATE INDEX ix ON site (code)", True),
        ("", True),
    ],
)
def test_which_statements_wait_for_the_check(statement: str, writes: bool) -> None:
    from vpr_desktop.store.sqlite_checks import may_write

    assert may_write(statement) is writes


def _older_database(path: Path) -> None:
    """A database as the previous release (schema 0001) left it, with data in it."""
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate.upgrade(conn, "0001")
        conn.execute(
            text("INSERT INTO site (code, name, active, version) VALUES ('NG', 'Northgate', 1, 1)")
        )
    engine.dispose()


def test_upgrade_takes_a_verified_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _older_database(path)
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert db.upgraded_from == "0001"
        assert db.schema_revision == migrate.head_revision()
        backup = db.backup_before_upgrade
        assert backup is not None and backup.exists()
        assert f"pre-upgrade-0001-to-{migrate.head_revision()}" in backup.name
        ok, detail = integrity_ok(backup)
        assert ok, detail
        con = sqlite3.connect(backup)
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert con.execute("SELECT name FROM site").fetchall() == [("Northgate",)]
        con.close()
    finally:
        db.close()


def test_failed_migration_leaves_old_revision_and_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    _older_database(path)
    real_upgrade = migrate.upgrade

    def failing_upgrade(connection, target="head"):  # type: ignore[no-untyped-def]
        real_upgrade(connection, target)
        raise RuntimeError("power cut half way")

    monkeypatch.setattr(migrate, "upgrade", failing_upgrade)
    with pytest.raises(RuntimeError):
        open_database(path, backup_dir=tmp_path / "backups")
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    triggers = con.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall()
    assert triggers == []
    assert con.execute("SELECT name FROM site").fetchall() == [("Northgate",)]
    con.close()
    assert list((tmp_path / "backups").glob("*.db"))  # the backup taken first is kept


def test_second_process_is_refused_with_holder_named(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    db = open_database(path)
    try:
        script = textwrap.dedent(f"""
            from vpr_desktop.store.database import open_database
            from vpr_desktop.domain.errors import DatabaseLockedError
            try:
                open_database({str(path)!r})
            except DatabaseLockedError as exc:
                print("REFUSED:", exc.message)
            ro = open_database({str(path)!r}, mode="auto")
            print("READONLY:", ro.read_only, ro.read_only_reason)
            ro.close()
        """)
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        import getpass

        assert "REFUSED: The database" in result.stdout
        assert getpass.getuser() in result.stdout  # names the holder
        assert "READONLY: True" in result.stdout
    finally:
        db.close()
    # Once released, a new process may write.
    again = open_database(path)
    again.close()


def test_lock_released_when_holder_process_dies(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    open_database(path).close()
    script = (
        f"import os; from vpr_desktop.store.database import open_database; "
        f"open_database({str(path)!r}); os._exit(9)"
    )
    subprocess.run([sys.executable, "-c", script], timeout=60, check=False)
    db = open_database(path)  # stale lock file left behind does not block
    db.close()


def test_in_process_second_open_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.db"
    first = open_database(path)
    try:
        with pytest.raises(DatabaseLockedError):
            open_database(path)
    finally:
        first.close()


def test_network_path_refused_read_write(tmp_path: Path) -> None:
    path = tmp_path / "on-share.db"
    open_database(path).close()
    from vpr_desktop.store import database as store_db

    fake = lambda p: f"{p} is on a network file system (cifs)"  # noqa: E731
    with pytest.raises(NetworkPathError) as info:
        store_db.open_sqlite(path, mode="rw", check_network=fake)
    assert "PostgreSQL" in info.value.next_step
    assert "shared drives" in info.value.message
    ro = store_db.open_sqlite(path, mode="auto", check_network=fake)
    try:
        assert ro.read_only and "network" in ro.read_only_reason
    finally:
        ro.close()


def _insert(conn: Any, table: str, **values: Any) -> int:
    """Insert a row giving every NOT NULL column without a default a plausible value."""
    for _cid, name, kind, notnull, default, pk in conn.exec_driver_sql(
        f"PRAGMA table_info({table})"
    ).fetchall():
        if name in values or not notnull or default is not None or pk:
            continue
        kind = str(kind).upper()
        values[name] = (
            1
            if "INT" in kind or "BOOL" in kind or "FLOAT" in kind
            else "2026-01-01"
            if "DATE" in kind
            else f"{table}-{name}"[:20]
        )
    names = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    return int(
        conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values).lastrowid
    )


def test_upgrade_keeps_child_rows_of_rebuilt_tables(tmp_path: Path) -> None:
    """0003 rebuilds ``evidence`` and ``rating`` on SQLite; with foreign keys on, the drop
    refused (or cascaded away a rating's evidence links). Keys are off while migrating."""
    from sqlalchemy import create_engine

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate.upgrade(conn, "0002")
        standard = _insert(conn, "standard")
        domain = _insert(conn, "standard_domain", standard_id=standard)
        indicator = _insert(conn, "indicator", domain_id=domain)
        cycle = _insert(conn, "assessment_cycle", standard_id=standard)
        rating = _insert(conn, "rating", cycle_id=cycle, indicator_id=indicator)
        evidence = _insert(conn, "evidence")
        _insert(conn, "rating_evidence", rating_id=rating, evidence_id=evidence)
    engine.dispose()
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        assert db.upgraded_from == "0002"
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql(
                "SELECT rating_id, evidence_id FROM rating_evidence"
            ).fetchall() == [(rating, evidence)]
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        db.close()
