"""``vpr-desktop import locations FILE --db PATH`` as a real process: exit codes 0 and 3."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.services.admin.test_location_import import GOOD
from tests.services.admin.test_location_import import write


def vpr(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vpr_desktop", *args], capture_output=True, text=True, timeout=120
    )


def located(db: Path) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT s.code, l.code, l.setting_type FROM location l "
            "JOIN site s ON s.id = l.site_id ORDER BY l.code"
        ).fetchall()
    finally:
        con.close()


def test_cli_locations_import(sqlite_db: object, tmp_path: Path) -> None:
    path = tmp_path / "test.db"
    sqlite_db.close()  # type: ignore[attr-defined]
    bad = [list(r) for r in GOOD]
    bad[3 - 2][5] = "Intensive care"
    bad_file = write(tmp_path / "bad.csv", bad)
    report = tmp_path / "report.csv"
    r = vpr("import", "locations", str(bad_file), "--db", str(path), "--report", str(report))
    assert r.returncode == 3, r.stderr
    assert "setting type 'Intensive care' (1 row)" in r.stderr and report.exists()
    assert located(path) == []

    good = write(tmp_path / "good.csv", GOOD)
    r = vpr("import", "locations", str(good), "--db", str(path), "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "would import 6 locations" in r.stdout and located(path) == []
    r = vpr("import", "locations", str(good), "--db", str(path))
    assert r.returncode == 0, r.stderr
    assert "imported 6 locations" in r.stdout and "2 new sites" in r.stdout
    assert ("NG", "NG-ED", "emergency_department") in located(path)
    assert len(located(path)) == 6
    r = vpr("import", "locations", str(good), "--db", str(path))
    assert r.returncode == 0, r.stderr
    assert "6 unchanged" in r.stdout and len(located(path)) == 6
