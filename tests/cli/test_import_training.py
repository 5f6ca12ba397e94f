"""``vpr-desktop import training|staff FILE --db PATH`` as a real process: exit codes."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.services.training.test_training_import import good_rows
from tests.services.training.test_training_import import write
from tests.services.training.training_fixtures import build_ward


def vpr(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vpr_desktop", *args], capture_output=True, text=True, timeout=120
    )


ESR_SAMPLE = Path(__file__).parents[1] / "data" / "esr_competence_sample.csv"


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


def test_cli_leaves_out_unknown_competences_unless_strict(
    sqlite_db: object, tmp_path: Path
) -> None:
    """Issue 17, acceptance 3: a competence export holding non-VPR competences imports by
    default (exit 0) naming what it left out; ``--strict-courses`` rejects it (exit 3)."""
    build_ward(sqlite_db)
    path = tmp_path / "test.db"
    sqlite_db.close()  # type: ignore[attr-defined]
    rows = good_rows(10)
    rows[4][4] = "NHS|CSTF|Information Governance|1 Year|"
    rows[7][4] = "NHS|CSTF|Information Governance|1 Year|"
    mixed = write(tmp_path / "mixed.csv", rows)
    r = vpr("import", "training", str(mixed), "--db", str(path), "--strict-courses")
    assert r.returncode == 3 and count(path) == 0
    assert "competence 'NHS|CSTF|Information Governance|1 Year|' (2 rows)" in r.stderr
    r = vpr("import", "training", str(mixed), "--db", str(path), "--strict-courses", "--verbose")
    assert r.returncode == 3 and "row 6" in r.stderr and "row 9" in r.stderr
    assert "is not a course in the catalogue" in r.stderr and count(path) == 0
    r = vpr("import", "training", str(mixed), "--db", str(path))
    assert r.returncode == 0, r.stderr
    assert (
        "Left out 1 competence no course lists: 'NHS|CSTF|Information Governance|1 Year|' (2 rows)."
    ) in r.stdout
    assert count(path) == 8
    r = vpr("import", "training", str(mixed), "--db", str(path), "--skip-unknown-courses")
    assert r.returncode == 0, r.stderr  # the old flag still works: it is the default now
    r = vpr("import", "training", str(mixed), "--db", str(path), "--profile", "Nope")
    assert (
        r.returncode != 0 and "no saved column mapping or value mapping called 'Nope'" in r.stderr
    )
    r = vpr("import", "risks", str(mixed), "--db", str(path), "--profile", "Nope")
    assert r.returncode != 0  # --profile is for every import now: no such value mapping
    assert "There is no saved value mapping called 'Nope' for risks imports." in r.stderr
    r = vpr("import", "staff", str(mixed), "--db", str(path), "--strict-courses")
    assert r.returncode == 2 and "--strict-courses is for training imports" in r.stderr


def test_an_esr_competence_export_imports_as_it_comes(demo_copy: Path) -> None:
    """The ESR-shaped sample (tests/data) on the demo trust: staff first, then competences.
    Health and safety and the trust's local breakaway course are no VPR course: left out and
    named by default; --strict-courses names each once with its rows and rejects the file."""
    db = str(demo_copy)
    before = count(demo_copy)
    r = vpr("import", "staff", str(ESR_SAMPLE), "--db", db)
    assert r.returncode == 0, r.stderr
    strict = vpr("import", "training", str(ESR_SAMPLE), "--db", db, "--strict-courses")
    assert strict.returncode == 3 and count(demo_copy) == before
    lines = [x.strip() for x in strict.stderr.splitlines()]
    assert lines[1:4] == [
        "2 competences are not known:",
        "competence 'NHS|CSTF|Health, Safety and Welfare|3 Years|' (25 rows)",
        "competence '123|LOCAL|De-escalation and Breakaway|' (19 rows)",
    ]
    r = vpr("import", "training", str(ESR_SAMPLE), "--db", db)
    assert r.returncode == 0, r.stderr
    assert (
        "Left out 2 competences no course lists: "
        "'NHS|CSTF|Health, Safety and Welfare|3 Years|' (25 rows), "
        "'123|LOCAL|De-escalation and Breakaway|' (19 rows)."
    ) in r.stdout
    assert "imported 36 new records" in r.stdout and count(demo_copy) == before + 36
