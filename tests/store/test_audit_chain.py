"""The audit trail's hash chain (revision 0008), on SQLite AND PostgreSQL (issue 19, acceptance 3).

``db check`` says the chain is intact on a database used normally, and names the first broken
event after the kinds of tampering the append-only protection alone did not show: on SQLite an
``INSERT OR REPLACE`` (now refused by a trigger too) and dropped triggers; on PostgreSQL a
direct ``UPDATE`` by the owner with the trigger switched off.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from vpr_desktop.cli.main import run
from vpr_desktop.domain.audit_chain import audit_hash
from vpr_desktop.services.container import build_services
from vpr_desktop.store import audit_chain
from vpr_desktop.store.database import open_database

TRIGGER = audit_chain.PG_TRIGGER


def check(target: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["db", "check", "--db", target], out, err)
    return code, out.getvalue() + err.getvalue()


def used(db: Any) -> int:
    """A few ordinary writes (each audited); returns how many audit rows there are."""
    services = build_services(db)  # the first sign-in: an administrator account, audited
    services.users().add("sam.jones", "Sam Jones", [services.actor.roles.__iter__().__next__()])
    services.users().deactivate("sam.jones")
    with db.engine.connect() as conn:
        return int(conn.scalar(text("SELECT count(*) FROM audit_event")) or 0)


def test_the_same_row_hashes_the_same_whatever_its_time_zone() -> None:
    import datetime as dt

    row = {"at": dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC), "username": "a", "action": "x"}
    local = dict(row, at=row["at"].astimezone(dt.timezone(dt.timedelta(hours=1))))
    naive = dict(row, at=row["at"].replace(tzinfo=None))
    assert audit_hash("p", row) == audit_hash("p", local) == audit_hash("p", naive)
    assert audit_hash("p", row) != audit_hash("q", row) != audit_hash("p", dict(row, username="b"))


def test_sqlite_chain_intact_then_replace_refused_then_tampering_named(tmp_path: Path) -> None:
    path = tmp_path / "trust.db"
    db = open_database(path, create=True)
    try:
        events = used(db)
    finally:
        db.close()
    code, said = check(str(path))
    assert code == 0 and f"audit trail: {events:,} events, hash chain intact" in said

    con = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute(
                "INSERT OR REPLACE INTO audit_event (id, at, username, action, entity)"
                " VALUES (2, '2026-01-01 00:00:00', 'mallory', 'delete', 'x')"
            )
        # the owner of the file drops the new trigger and replaces the second event
        con.execute("DROP TRIGGER trg_audit_event_no_replace")
        con.execute(
            "INSERT OR REPLACE INTO audit_event (id, at, username, action, entity, prev_hash,"
            " row_hash) SELECT id, at, 'mallory', action, entity, prev_hash, row_hash"
            " FROM audit_event WHERE id = 2"
        )
        con.commit()
    finally:
        con.close()
    code, said = check(str(path))
    assert code == 4
    assert "audit trail broken at event 2: its content was changed" in said


def test_sqlite_dropped_triggers_are_named(tmp_path: Path) -> None:
    path = tmp_path / "trust.db"
    db = open_database(path, create=True)
    try:
        used(db)
    finally:
        db.close()
    con = sqlite3.connect(path)
    try:
        con.execute("DROP TRIGGER trg_audit_event_no_update")
        con.commit()
    finally:
        con.close()
    code, said = check(str(path))
    assert code == 4
    assert "append-only triggers are missing: trg_audit_event_no_update" in said


def test_postgresql_owner_update_with_the_trigger_off_is_found(pg_migrated_url: str) -> None:
    from tests.conftest import _empty_pg

    _empty_pg(pg_migrated_url)
    db = open_database(pg_migrated_url)
    try:
        events = used(db)
        code, said = check(pg_migrated_url)
        assert code == 0 and f"audit trail: {events:,} events, hash chain intact" in said
        with db.engine.begin() as conn:
            conn.execute(text("GRANT UPDATE ON audit_event TO CURRENT_USER"))
            conn.execute(
                text("ALTER TABLE audit_event DISABLE TRIGGER trg_audit_event_append_only")
            )
            first = conn.scalar(text("SELECT min(id) FROM audit_event"))
            conn.execute(
                text("UPDATE audit_event SET username = 'mallory' WHERE id = :i"), {"i": first}
            )
        code, said = check(pg_migrated_url)
        assert code == 4 and "switched off" not in said  # the first broken row is reported
        assert f"audit trail broken at event {first}: its content was changed" in said
        with db.engine.begin() as conn:
            conn.execute(text(f"ALTER TABLE audit_event ENABLE TRIGGER {TRIGGER}"))
            conn.execute(text("REVOKE UPDATE ON audit_event FROM CURRENT_USER"))
    finally:
        db.close()


def test_two_connections_appending_at_once_keep_one_chain(pg_migrated_url: str) -> None:
    """Two PCs saving at the same moment: the advisory lock makes them take turns."""
    import threading

    from tests.conftest import _empty_pg

    _empty_pg(pg_migrated_url)
    dbs = [open_database(pg_migrated_url) for _ in range(2)]
    try:
        build_services(dbs[0])

        def write(db: Any, who: str) -> None:
            for n in range(15):
                with db.engine.begin() as conn:
                    audit_chain.append(
                        conn,
                        [{"at": None, "username": who, "action": "export", "entity": f"e{n}"}],
                    )

        threads = [threading.Thread(target=write, args=(d, f"u{i}")) for i, d in enumerate(dbs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with dbs[0].engine.connect() as conn:
            result = audit_chain.verify(conn)
        assert result.problem is None and result.rows >= 30
    finally:
        for d in dbs:
            d.close()
