"""The command line as a user (or a scheduled task) runs it: real processes, real files."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.test_database import stamp
from vpr_desktop.store.migrate import head_revision

HEAD = head_revision()


def vpr(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vpr_desktop", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def table_rows(path: Path, table: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        con.close()


def test_version_and_usage_errors() -> None:
    result = vpr("--version")
    assert result.returncode == 0 and "VPR Desktop 0.1.0" in result.stdout
    result = vpr("frobnicate")
    assert result.returncode == 2 and "invalid choice" in result.stderr
    result = vpr("db", "check")
    assert result.returncode == 2 and "--db" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_then_check_and_version(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = vpr("demo", "--db", str(db), "--size", "small", "--anchor", "2026-06-30")
    assert result.returncode == 0, result.stderr
    assert "incidents" in result.stdout
    check = vpr("db", "check", "--db", str(db))
    assert check.returncode == 0, check.stderr
    lines = check.stdout.splitlines()
    assert lines[0] == f"schema {HEAD}" and lines[-1] == "ok"
    assert re.fullmatch(r"audit trail: [\d,]+ events, hash chain intact", lines[1])
    version = vpr("db", "version", "--db", str(db))
    assert version.returncode == 0
    assert version.stdout.splitlines() == [
        f"VPR Desktop 0.1.0 (schema {HEAD})",
        f"database schema {HEAD} (current)",
    ]
    again = vpr("demo", "--db", str(db))
    assert again.returncode == 3 and "already holds data" in again.stderr


def test_future_schema_exit_4_names_both_versions_and_leaves_file(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    assert vpr("db", "upgrade", "--db", str(db)).returncode == 4  # no such file: refused
    from vpr_desktop.store.database import open_database

    open_database(db).close()
    stamp(db, "0042")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for command in (["db", "check"], ["db", "upgrade"], ["db", "version"], ["backup"]):
        extra = ["--out", str(tmp_path / "b.db")] if command == ["backup"] else []
        result = vpr(*command, "--db", str(db), *extra)
        assert result.returncode == 4, (command, result.stdout, result.stderr)
        assert "0042" in result.stderr and HEAD in result.stderr
        assert "Traceback" not in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_text_file_renamed_db_exit_4(tmp_path: Path) -> None:
    fake = tmp_path / "agenda.db"
    fake.write_text("Item 1: apologies\n")
    result = vpr("db", "check", "--db", str(fake))
    assert result.returncode == 4
    assert "is not a VPR Desktop database" in result.stderr
    assert "Traceback" not in result.stderr


def test_backup_and_restore_round_trip(tmp_path: Path, demo_copy: Path) -> None:
    backup = tmp_path / "backup.db"
    result = vpr("backup", "--db", str(demo_copy), "--out", str(backup))
    assert result.returncode == 0, result.stderr
    assert "integrity check ok" in result.stdout
    incidents = table_rows(demo_copy, "incident")
    assert len(incidents) > 1000 and table_rows(backup, "incident") == incidents
    assert vpr("backup", "--db", str(demo_copy), "--out", str(backup)).returncode == 3

    con = sqlite3.connect(demo_copy)  # damage the data after the backup
    con.execute("DELETE FROM incident_type")
    con.execute("UPDATE incident SET description = 'changed'")
    con.commit()
    con.close()
    result = vpr("restore", str(backup), "--db", str(demo_copy))
    assert result.returncode == 0, result.stderr
    assert "kept at" in result.stdout  # the replaced database was itself backed up
    assert table_rows(demo_copy, "incident") == incidents
    assert vpr("db", "check", "--db", str(demo_copy)).stdout.splitlines()[-1] == "ok"


def test_restore_refuses_a_bad_backup(tmp_path: Path, demo_copy: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"PK\x03\x04 not a database")
    before = hashlib.sha256(demo_copy.read_bytes()).hexdigest()
    result = vpr("restore", str(bad), "--db", str(demo_copy))
    assert result.returncode == 4 and "not a VPR Desktop database" in result.stderr
    assert hashlib.sha256(demo_copy.read_bytes()).hexdigest() == before


def test_restore_refuses_a_backup_changed_since_it_was_taken(
    tmp_path: Path, demo_copy: Path
) -> None:
    """One byte changed in a row's text: SQLite's integrity check still passes, but the
    SHA-256 recorded beside the backup when it was taken does not (issue 19, acceptance 4)."""
    from vpr_desktop.store.backup import integrity_ok

    backup = tmp_path / "backup.db"
    assert vpr("backup", "--db", str(demo_copy), "--out", str(backup)).returncode == 0
    recorded = (tmp_path / "backup.db.sha256").read_text().split()
    assert recorded == [hashlib.sha256(backup.read_bytes()).hexdigest(), "backup.db"]
    data = bytearray(backup.read_bytes())
    at = data.find(b"Demo trust generated")
    assert at > 0
    data[at] ^= 0x01  # "Demo" -> "Eemo": a flipped bit in a page of row data
    backup.write_bytes(bytes(data))
    assert integrity_ok(backup)[0]  # what the integrity check alone would have let through
    before = hashlib.sha256(demo_copy.read_bytes()).hexdigest()
    result = vpr("restore", str(backup), "--db", str(demo_copy))
    assert result.returncode == 4, result.stderr
    assert "differs from the one recorded beside it" in result.stderr
    assert "Traceback" not in result.stderr
    assert hashlib.sha256(demo_copy.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("command", [["db", "check"], ["db", "version"]])
def test_postgresql_check(pg_url: str, command: list[str]) -> None:
    from tests.conftest import _reset_pg

    _reset_pg(pg_url)
    from vpr_desktop.store.database import open_database

    open_database(pg_url).close()
    result = vpr(*command, "--db", pg_url)
    assert result.returncode == 0, result.stderr
    assert HEAD in result.stdout


def test_window_invocations_skip_the_parser_and_others_do_not() -> None:
    from vpr_desktop.__main__ import _window_arguments

    assert _window_arguments([]) == (None, False)
    assert _window_arguments(["--demo"]) == (None, True)
    assert _window_arguments(["--db", "C:/vpr.db"]) == ("C:/vpr.db", False)
    assert _window_arguments(["--db=x.db"]) == ("x.db", False)
    for args in (["--db", "--demo"], ["--db", "a", "--demo"], ["db", "check"], ["--version"]):
        assert _window_arguments(args) is None
    result = vpr("--db", "a.db", "--demo")
    assert result.returncode == 2 and "not both" in result.stderr
