"""``vpr-desktop import incidents FILE --db PATH [--dry-run] [--report FILE]`` as a user runs
it: a real process on a copy of the demo trust, with the Datix-style sample export in tests/data
(locations renamed to the demo trust's codes, as a trust's column map would make them)."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.services.incidents.test_incident_import import edited

SAMPLE = Path(__file__).parents[1] / "data" / "datix_raw_fields_sample.csv"


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
    lines = [x.strip() for x in bad.stderr.splitlines()]
    assert "1 location name and 1 sub-category are not known:" in lines
    assert "location name 'Ward 99' (1 row)" in lines and "sub-category 'Slip' (1 row)" in lines
    assert f"Every problem is listed row by row in {tmp_path / 'problems.csv'}." in lines
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


def test_unknown_values_are_named_once_with_their_counts(tmp_path: Path, demo_copy: Path) -> None:
    """Issue 17, acceptance 2: a dry run of an export full of unknown names lists each distinct
    value once with its row count, not a line per row; exit 3 and nothing written. The other
    problems stay row by row, and --verbose lists every row."""
    before = counts(demo_copy)
    path = edited(  # the sample as a trust exports it: its own location names
        tmp_path / "datix.csv",
        {
            ("5000", "inc_subcategory"): "Slip, trip or fall",
            ("5007", "inc_subcategory"): "Slip, trip or fall",
            ("5003", "inc_severity"): "Grave",
            ("5004", "inc_dincident"): "31/02/2026",
        },
    )
    dry = vpr("import", "incidents", str(path), "--db", str(demo_copy), "--dry-run")
    assert dry.returncode == 3, dry.stderr
    assert "Traceback" not in dry.stderr
    lines = [x.strip() for x in dry.stderr.splitlines()]
    start = lines.index("5 location names, 1 sub-category and 1 severity are not known:")
    assert lines[start + 1 : start + 8] == [
        "location name '111 Call Centre' (13 rows)",
        "location name 'Facilities - Security' (10 rows)",
        "location name 'Outpatients Reception' (10 rows)",
        "location name 'Community Mental Health West' (8 rows)",
        "location name 'Ward 7 Acute Admissions' (8 rows)",
        "sub-category 'Slip, trip or fall' (2 rows)",
        "severity 'Grave' (1 row)",
    ]
    assert (
        "For each location name: map it to a location (or create it, or leave its rows out) "
        "in the import window and save the choices, then use --profile NAME here."
    ) in lines
    assert "For each severity: use one of: death, low, moderate, no_harm, severe." in lines
    assert sum("'111 Call Centre'" in x for x in lines) == 1  # once, not a line per row
    row_lines = [x for x in lines if x.startswith("row ")]
    assert len(row_lines) == 1
    assert row_lines[0].startswith("row 6, inc_dincident: '31/02/2026': is not a real date")
    assert "Other problems, row by row:" in lines
    assert counts(demo_copy) == before  # a dry run writes nothing, not even a rejection

    verbose = vpr(
        "import", "incidents", str(path), "--db", str(demo_copy), "--dry-run", "--verbose"
    )
    assert verbose.returncode == 3
    rows = [x.strip() for x in verbose.stderr.splitlines() if x.strip().startswith("row ")]
    assert "53 problem(s) in 50 row(s)" in verbose.stderr
    assert len(rows) == 53  # 49 location names, 2 sub-categories, a severity and a date
    assert "row 2, inc_locactual: '111 Call Centre': is not a location code" in verbose.stderr
    assert "are not known" not in verbose.stderr
    assert counts(demo_copy) == before


def test_profile_saved_in_the_window_maps_the_values_on_the_command_line(tmp_path: Path) -> None:
    """Issue 17, acceptance 1 (command line): the choices saved as 'Datix monthly' (as the
    import window saves them) make the sample import with --profile; without it the file is
    refused with nothing written; an unknown profile name is refused, naming those saved."""
    from tests.services.incidents.test_incident_import_mapping import LEAD
    from tests.services.incidents.test_incident_import_mapping import choices
    from tests.services.incidents.test_incident_import_mapping import starter_setup
    from vpr_desktop.services.importing.value_profiles import save_value_profile
    from vpr_desktop.store.database import open_database

    path = tmp_path / "trust.db"
    db = open_database(path)
    try:
        starter_setup(db)
        headers = SAMPLE.read_text("utf-8").splitlines()[0].split(",")
        save_value_profile(db, LEAD, "incidents", "Datix monthly", choices(), headers)
    finally:
        db.close()

    refused = vpr("import", "incidents", str(SAMPLE), "--db", str(path))
    assert refused.returncode == 3, refused.stderr
    assert "4 location names are not known:" in refused.stderr
    assert counts(path) == (0, 1)  # only the rejection is on record

    missing = vpr("import", "incidents", str(SAMPLE), "--db", str(path), "--profile", "Other")
    assert missing.returncode == 3, missing.stderr
    assert "There is no saved value mapping called 'Other'" in missing.stderr
    assert "Use one of: 'Datix monthly'." in missing.stderr
    assert counts(path) == (0, 1)

    dry = vpr(
        "import",
        "incidents",
        str(SAMPLE),
        "--db",
        str(path),
        "--profile",
        "Datix monthly",
        "--dry-run",
    )
    assert dry.returncode == 0, dry.stderr
    assert "would import 50 new incidents" in dry.stdout and "2 new locations" in dry.stdout
    assert counts(path) == (0, 1)

    done = vpr("import", "incidents", str(SAMPLE), "--db", str(path), "--profile", "Datix monthly")
    assert done.returncode == 0, done.stderr
    assert "imported 50 new incidents" in done.stdout
    assert "10 row(s) were left out as chosen" in done.stdout
    assert counts(path) == (50, 2)
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT mapping_profile FROM import_batch ORDER BY id").fetchall() == [
            ("incidents v1",),
            ("incidents v1 + values 'Datix monthly'",),
        ]
    finally:
        con.close()

    wrong_kind = vpr("import", "risks", str(SAMPLE), "--db", str(path), "--profile", "x")
    assert wrong_kind.returncode == 3  # every import takes --profile: none saved for risks
    assert "There is no saved value mapping called 'x' for risks imports." in wrong_kind.stderr
