"""``vpr-desktop import training|staff FILE --db PATH`` as a real process: exit codes."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.services.training.test_training_import import good_rows, write
from tests.services.training.training_fixtures import build_ward


def vpr(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vpr_desktop", *args], capture_output=True, text=True, timeout=120
    )


def count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM training_record").fetchone()[0]
    finally:
        con.close()


def test_cli_training_import(sqlite_db: object, tmp_path: Path) -> None:
    build_ward(sqlite_db)
    path = tmp_path / "test.db"
    sqlite_db.close()  # type: ignore[attr-defined]
    rows = good_rows()
    bad = [list(r) for r in rows]
    bad[9 - 2][5] = "31/02/2024"
    bad_file = write(tmp_path / "bad.csv", bad)
    report = tmp_path / "report.csv"
    r = vpr("import", "training", str(bad_file), "--db", str(path), "--report", str(report))
    assert r.returncode == 3, r.stderr
    assert "31/02/2024" in r.stderr and report.exists()
    assert count(path) == 0
    good = write(tmp_path / "good.csv", rows)
    r = vpr("import", "training", str(good), "--db", str(path), "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "would import" in r.stdout and count(path) == 0
    r = vpr("import", "training", str(good), "--db", str(path))
    assert r.returncode == 0, r.stderr
    assert count(path) == 39
    staff = tmp_path / "staff.csv"
    with staff.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [["Assignment Number", "Employee Name", "Staff Group"], ["7000", "Smith, Jane", "NMR"]]
        )
    r = vpr("import", "staff", str(staff), "--db", str(path))
    assert r.returncode == 0, r.stderr


def test_cli_skip_unknown_courses_and_profile(sqlite_db: object, tmp_path: Path) -> None:
    build_ward(sqlite_db)
    path = tmp_path / "test.db"
    sqlite_db.close()  # type: ignore[attr-defined]
    rows = good_rows(10)
    rows[4][4] = "NHS|CSTF|Fire Safety and Evacuation|2 Years|"
    mixed = write(tmp_path / "mixed.csv", rows)
    r = vpr("import", "training", str(mixed), "--db", str(path))
    assert r.returncode == 3 and "row 6" in r.stderr
    r = vpr("import", "training", str(mixed), "--db", str(path), "--skip-unknown-courses")
    assert r.returncode == 0, r.stderr
    assert "1 row(s) left out" in r.stdout and count(path) == 9
    r = vpr("import", "training", str(mixed), "--db", str(path), "--profile", "Nope")
    assert r.returncode != 0 and "no saved column mapping called 'Nope'" in r.stderr
    r = vpr("import", "risks", str(mixed), "--db", str(path), "--skip-unknown-courses")
    assert r.returncode == 2 and "for staff and training imports" in r.stderr
