"""A disk that fills up during an import (issue 19, acceptance 6): the import is refused in
plain words, nothing of it is left in the database, and the app goes on working.

The full disk is real as far as SQLite knows: ``PRAGMA max_page_count`` caps the file at its
current size, so the first page the import needs fails with SQLITE_FULL ("database or disk is
full"), the same error a full disk gives.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from vpr_desktop.domain.errors import DiskFullError
from vpr_desktop.services.container import build_services
from vpr_desktop.services.training.esr_import import import_staff
from vpr_desktop.store.database import open_database

ESR_SAMPLE = Path(__file__).parents[2] / "data" / "esr_competence_sample.csv"
TABLES = ("person", "assignment", "import_batch", "audit_event")


def counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def test_a_full_disk_during_an_import_changes_nothing_and_says_so(demo_copy: Path) -> None:
    db = open_database(demo_copy)
    services = build_services(db)
    try:
        before = counts(demo_copy)
        pages = sqlite3.connect(demo_copy).execute("PRAGMA page_count").fetchone()[0]

        def cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        db.engine.dispose()
        event.listen(db.engine, "connect", cap)
        with pytest.raises(DiskFullError) as full:
            import_staff(db, services.actor, ESR_SAMPLE)
        assert full.value.message == "The disk is full, so the change was not saved."
        assert "Free some disk space" in full.value.next_step
        assert counts(demo_copy) == before

        # The disk has room again: the same services import the same file.
        event.remove(db.engine, "connect", cap)
        db.engine.dispose()
        result = import_staff(db, services.actor, ESR_SAMPLE)
        assert result.rows_imported > 0
        assert counts(demo_copy)["person"] > before["person"]
    finally:
        services.close()
