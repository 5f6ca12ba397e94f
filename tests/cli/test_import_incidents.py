"""``vpr-desktop import incidents FILE --db PATH [--dry-run] [--report FILE]`` as a user runs
it: a real process on a copy of the demo trust, with the shared Datix-style sample export
(locations renamed to the demo trust's codes, as a trust's column map would make them)."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

SAMPLE = Path("/work/shared/samples/datix_raw_fields_sample.csv")


def vpr(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vpr_desktop", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def sample_for(db: Path, path: Path, changes: dict[tuple[str, str], str] | None = None) -> Path:
    con = sqlite3.connect(db)
    codes = [c for (c,) in con.execute("SELECT code FROM location ORDER BY id LIMIT 6")]
    con.close()
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        header, *body = list(csv.reader(fh))
    loc = header.index("inc_locactual")
    names = sorted({r[loc] for r in body})
    for r in body:
        r[loc] = codes[names.index(r[loc])]
    for (rid, column), value in (changes or {}).items():
        next(r for r in body if r[0] == rid)[header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *body])
    return path


def counts(db: Path) -> tuple[int, int]:
    con = sqlite3.connect(db)
    try:
        return (
            con.execute("SELECT count(*) FROM incident").fetchone()[0],
            con.execute("SELECT count(*) FROM import_batch").fetchone()[0],
        )
    finally:
        con.close()


def harm_of(db: Path, ref: str) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT harm FROM incident WHERE external_ref = ?", (ref,)).fetchone()[0]
    finally:
        con.close()


def test_bad_rows_exit_3_then_import_reimport_and_update(tmp_path: Path, demo_copy: Path) -> None:
    incidents, batches = counts(demo_copy)
    bad = vpr(
        "import",
        "incidents",
        str(
            sample_for(
                demo_copy,
                tmp_path / "bad.csv",
                {("5000", "inc_locactual"): "Ward 99", ("5001", "inc_subcategory"): "Slip"},
            )
        ),
        "--db",
        str(demo_copy),
        "--report",
        str(tmp_path / "problems.csv"),
    )
    assert bad.returncode == 3, bad.stderr
    assert "Traceback" not in bad.stderr
    assert "2 problem(s) in 2 row(s); nothing was imported" in bad.stderr
    lines = [x.strip() for x in bad.stderr.splitlines() if x.strip().startswith("row")]
    assert lines[0].startswith("row 2, inc_locactual: 'Ward 99': is not a location code")
    assert lines[1].startswith("row 3, inc_subcategory: 'Slip': is not in the category map")
    assert counts(demo_copy) == (incidents, batches + 1)  # only the rejection is recorded
    report = list(csv.reader((tmp_path / "problems.csv").read_text("utf-8-sig").splitlines()))
    assert [r[:2] for r in report] == [
        ["Row", "Column"],
        ["2", "inc_locactual"],
        ["3", "inc_subcategory"],
    ]

    good = sample_for(demo_copy, tmp_path / "datix.csv")
    dry = vpr("import", "incidents", str(good), "--db", str(demo_copy), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "dry run, 60 rows checked, no problems; would import 60 new incidents" in dry.stdout
    assert counts(demo_copy)[0] == incidents

    done = vpr("import", "incidents", str(good), "--db", str(demo_copy))
    assert done.returncode == 0, done.stderr
    assert "imported 60 new incidents, 0 updated, 0 unchanged" in done.stdout
    assert "not stored: inc_name, inc_dob" in done.stdout
    assert counts(demo_copy)[0] == incidents + 60

    again = vpr("import", "incidents", str(good), "--db", str(demo_copy))
    assert again.returncode == 0, again.stderr
    assert "0 new incidents, 0 updated, 60 unchanged" in again.stdout
    assert "already imported" in again.stdout and "nothing changed" in again.stdout
    assert counts(demo_copy)[0] == incidents + 60

    assert harm_of(demo_copy, "5001") == "moderate"
    changed = sample_for(demo_copy, tmp_path / "datix-later.csv", {("5001", "inc_severity"): "LOW"})
    update = vpr("import", "incidents", str(changed), "--db", str(demo_copy))
    assert update.returncode == 0, update.stderr
    assert "0 new incidents, 1 updated, 59 unchanged" in update.stdout
    assert counts(demo_copy)[0] == incidents + 60
    assert harm_of(demo_copy, "5001") == "low"
    con = sqlite3.connect(demo_copy)
    try:
        assert (
            con.execute(
                "SELECT count(*) FROM incident WHERE description LIKE '%Patient 1%'"
            ).fetchone()[0]
            == 0
        )
    finally:
        con.close()


def test_missing_file_and_usage(tmp_path: Path, demo_copy: Path) -> None:
    missing = vpr("import", "incidents", str(tmp_path / "nope.csv"), "--db", str(demo_copy))
    assert missing.returncode == 3 and "There is no file" in missing.stderr
    usage = vpr("import", "incidents", "--db", str(demo_copy))
    assert usage.returncode == 2
