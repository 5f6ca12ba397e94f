"""The command line with unlucky or hostile input (issue 19): plain words, documented exit
codes, no password in the log, nothing created that was not asked for."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from vpr_desktop.cli.main import run

SECRET = "Sup3r-SECRET-pw"


def _flush_logs() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_an_unexpected_error_with_a_password_url_never_logs_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from vpr_desktop.store import database
    from vpr_desktop.store.logs import configure_logging

    url = f"postgresql+psycopg://vpr_lead:{SECRET}@127.0.0.1:5432/vpr"

    def broken(target: object, **_kw: object) -> None:
        raise RuntimeError(f"driver fell over while opening {target}")

    monkeypatch.setattr(database, "open_database", broken)
    code = run(["user", "list", "--db", url])
    captured = capsys.readouterr()
    assert code == 1
    assert "unexpected error" in captured.err
    _flush_logs()
    log_text = configure_logging().read_text(encoding="utf-8")
    assert "driver fell over while opening" in log_text
    assert SECRET not in log_text
    assert SECRET not in captured.err + captured.out
    assert "vpr_lead:***@127.0.0.1" in log_text


# ------------------------------------------------------------------ PostgreSQL URLs


@pytest.mark.parametrize(
    "target",
    [
        "postgresql+psycopg://u@h/db",
        "postgresql+psycopg:/u@h/db",  # what Path() makes of a URL: one slash lost
        "postgresql://h/db",
        "POSTGRESQL+PSYCOPG://h/db",
        "mysql://h/db",
        "sqlite:///x.db",
    ],
)
def test_every_database_address_is_recognised_as_a_url(target: str) -> None:
    from vpr_desktop.store.database import is_url

    assert is_url(target)
    assert is_url(str(Path(target)))


@pytest.mark.parametrize("target", ["vpr.db", "C:/Users/me/vpr.db", "C:\\vpr.db", "/tmp/v.db"])
def test_file_paths_are_not_urls(target: str) -> None:
    from vpr_desktop.store.database import is_url

    assert not is_url(target)


def test_demo_on_postgresql_fills_that_database_and_writes_no_local_file(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy import text

    from tests.conftest import _reset_pg

    _reset_pg(pg_url)
    monkeypatch.chdir(tmp_path)
    code = run(["demo", "--db", pg_url, "--anchor", "2026-06-30"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert list(tmp_path.iterdir()) == []  # no SQLite file named after the URL
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            people = conn.execute(text("SELECT count(*) FROM person")).scalar()
    finally:
        engine.dispose()
    assert people and people > 0
    assert f"written to {pg_url.split('@')[-1]}" in out.out or "PostgreSQL" in out.out
    # A second demo into the same (now filled) database is refused, nothing added.
    assert run(["demo", "--db", pg_url]) == 3
    _reset_pg(pg_url)


def test_restore_into_a_postgresql_url_is_refused_and_creates_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    backup = tmp_path / "b.db"
    backup.write_bytes(b"")
    code = run(["restore", str(backup), "--db", f"postgresql+psycopg://u:{SECRET}@h/db"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "pg_restore" in err or "psql" in err
    assert SECRET not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.db"]


def test_backup_of_postgresql_gives_the_pg_dump_command_without_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql+psycopg://vpr_lead:{SECRET}@db.trust.nhs.uk:5432/vpr"
    code = run(["backup", "--db", url, "--out", str(tmp_path / "b.dump")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "unexpected error" not in err
    assert (
        'pg_dump --format=custom --file="b.dump" "postgresql://vpr_lead@db.trust.nhs.uk:5432/vpr"'
        in err
    )
    assert SECRET not in err


def test_restore_of_a_missing_backup_is_refused_in_plain_words(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["restore", str(tmp_path / "missing.db"), "--db", str(demo_copy)])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "There is no backup file at" in err


# ------------------------------------------------------------------ what --db may point at


@pytest.mark.parametrize(
    "argv",
    [
        ["user", "list"],
        ["import", "locations", "IN"],
        ["backup", "--out", "OUT"],
        ["pack", "board", "--from", "2026-01-01", "--to", "2026-03-31", "--out", "DIR"],
        ["db", "upgrade"],
        ["db", "check"],
        ["db", "version"],
    ],
)
def test_a_zero_byte_database_is_refused_by_every_command(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    source = tmp_path / "locations.csv"
    source.write_text("Site Code,Location Code,Location Name,Setting\nS1,L1,Ward 1,community\n")
    args = [
        {"IN": str(source), "OUT": str(tmp_path / "b.db"), "DIR": str(tmp_path)}.get(a, a)
        for a in argv
    ]
    code = run([*args, "--db", str(empty)])
    err = capsys.readouterr().err
    assert code == 4, err
    assert f"{empty} is empty: it is not a VPR Desktop database." in err
    assert f"vpr-desktop db init {empty}" in err
    assert empty.stat().st_size == 0
    assert not (tmp_path / "b.db").exists()


def test_db_init_creates_a_new_database_and_refuses_an_existing_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.db"
    assert run(["db", "init", str(path)]) == 0
    assert "Created" in capsys.readouterr().out
    assert run(["user", "list", "--db", str(path)]) == 0
    assert run(["db", "init", "--db", str(path)]) == 3
    assert "already" in capsys.readouterr().err
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert run(["db", "init", str(empty)]) == 0  # an explicit init may fill an empty file


@pytest.mark.parametrize(
    "argv",
    [
        ["user", "list", "--db", "DIR"],
        ["db", "check", "--db", "DIR"],
        ["db", "version", "--db", "DIR"],
        ["backup", "--db", "DIR", "--out", "OUT"],
        ["restore", "DIR", "--db", "NEW"],
        ["backup", "--db", "DB", "--out", "DIR"],
    ],
)
def test_a_folder_given_as_database_or_backup_is_called_a_folder(
    argv: list[str], demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    names = {
        "DIR": str(folder),
        "OUT": str(tmp_path / "b.db"),
        "NEW": str(tmp_path / "new.db"),
        "DB": str(demo_copy),
    }
    code = run([names.get(a, a) for a in argv])
    err = capsys.readouterr().err
    assert code in (3, 4), err
    assert "unexpected error" not in err
    assert "is a folder" in err


def test_restore_over_a_folder_is_called_a_folder(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    code = run(["restore", str(demo_copy), "--db", str(folder)])
    err = capsys.readouterr().err
    assert code == 4, err
    assert "is a folder" in err
    assert list(folder.iterdir()) == []


def test_asking_for_something_that_does_not_exist_is_input_rejected_not_a_bug(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        ["assessment", "export", "999", "--out", str(tmp_path / "a.xlsx"), "--db", str(demo_copy)]
    )
    err = capsys.readouterr().err
    assert code == 3, err
    assert "There is no assessment cycle" in err


def test_db_init_on_an_empty_postgresql_database(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import _reset_pg

    _reset_pg(pg_url)
    try:
        assert run(["db", "init", pg_url]) == 0
        out = capsys.readouterr().out
        assert "Created a new VPR Desktop database at PostgreSQL" in out
        assert "is its administrator" in out
        assert run(["db", "init", "--db", pg_url]) == 3
        assert "already a VPR Desktop database" in capsys.readouterr().err
    finally:
        _reset_pg(pg_url)
