"""``vpr-desktop import risks FILE --db PATH [--dry-run]`` as a user runs it: a real process.

Acceptance 3 from the command line: a register with three bad rows (unknown location,
consequence 7, empty title) exits 3, names the three rows on stderr and leaves the database's
register unchanged; the corrected file exits 0 and imports every row.
"""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

HEADER = [
    "Risk ID",
    "Title",
    "Location",
    "Activity / hazard",
    "Staff groups exposed",
    "Current likelihood",
    "Current consequence",
    "Target likelihood",
    "Target consequence",
    "Next review date",
    "Status",
    "Controls in place",
]
# Demo trust codes: FMH-MH01 Rowan Ward, NGH-ED01 Emergency Department; ESR staff groups.
GOOD = [
    [
        "",
        "Restraint on Rowan Ward",
        "FMH-MH01",
        "Restrictive intervention",
        "Nursing and Midwifery Registered; ACS",
        "4",
        "4",
        "3",
        "3",
        "30/09/2026",
        "Open",
        "Training: RRN-certified training",
    ],
    [
        "",
        "Waiting room aggression",
        "NGH-ED01",
        "ED waiting areas",
        "ADMIN",
        "Likely",
        "Moderate",
        "2",
        "3",
        "31-Oct-2026",
        "Open",
        "CCTV covering waiting area",
    ],
    [
        "",
        "Car park disputes at night",
        "Emergency Department",
        "Car parks",
        "EST",
        "3",
        "2",
        "",
        "",
        "2026-12-01",
        "Live",
        "",
    ],
    [
        "",
        "Reception threats",
        "NGH-ED01",
        "Reception",
        "Administrative and Clerical",
        "2",
        "3",
        "1",
        "3",
        "",
        "Open",
        "Environmental: Screens at reception",
    ],
]
BAD = [list(r) for r in GOOD]
BAD[0][2] = "Ward 99"  # row 4 of the file: unknown location
BAD[1][6] = "7"  # row 5: consequence 7
BAD[2][1] = ""  # row 6: empty title


def vpr(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vpr_desktop", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def write(path: Path, rows: list[list[str]]) -> Path:
    """As Excel saves 'CSV' on a UK PC: Windows-1252, a title row and a blank row first."""
    with path.open("w", encoding="cp1252", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Violence risk register – exported £"])
        writer.writerow([])
        writer.writerows([HEADER, *rows])
        writer.writerow([""] * len(HEADER))
    return path


def counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (
                "risk_assessment",
                "risk_control",
                "risk_staff_group",
                "risk_review",
                "import_batch",
            )
        }
    finally:
        con.close()


def test_three_bad_rows_exit_3_then_the_corrected_file_imports(
    tmp_path: Path, demo_copy: Path
) -> None:
    before = counts(demo_copy)
    bad = vpr(
        "import",
        "risks",
        str(write(tmp_path / "register.csv", BAD)),
        "--db",
        str(demo_copy),
        "--report",
        str(tmp_path / "problems.csv"),
    )
    assert bad.returncode == 3, bad.stderr
    assert "Traceback" not in bad.stderr
    assert "3 problem(s) in 3 row(s); nothing was imported" in bad.stderr
    lines = [line.strip() for line in bad.stderr.splitlines() if line.strip().startswith("row")]
    assert "location name 'Ward 99' (1 row)" in bad.stderr  # unknown values: named once
    assert lines == [
        "row 5, Current consequence: '7': must be from 1 to 5 (1 Negligible, 2 Minor, "
        "3 Moderate, 4 Major, 5 Catastrophic)",
        "row 6, Title: is empty; Title is required",
    ]
    after = counts(demo_copy)
    for table in ("risk_assessment", "risk_control", "risk_staff_group", "risk_review"):
        assert after[table] == before[table], table  # nothing written
    assert after["import_batch"] == before["import_batch"] + 1  # the rejection is logged
    con = sqlite3.connect(demo_copy)
    assert con.execute(
        "SELECT outcome, rows_total, rows_rejected FROM import_batch ORDER BY id DESC LIMIT 1"
    ).fetchone() == ("rejected", 4, 3)
    con.close()
    report = list(csv.reader((tmp_path / "problems.csv").read_text("utf-8-sig").splitlines()))
    assert [r[:2] for r in report] == [
        ["Row", "Column"],
        ["4", "Location"],
        ["5", "Current consequence"],
        ["6", "Title"],
    ]

    good_file = write(tmp_path / "register-fixed.csv", GOOD)
    dry = vpr("import", "risks", str(good_file), "--db", str(demo_copy), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "dry run, 4 rows checked, no problems; would import 4 risks" in dry.stdout
    assert counts(demo_copy)["risk_assessment"] == before["risk_assessment"]

    good = vpr("import", "risks", str(good_file), "--db", str(demo_copy))
    assert good.returncode == 0, good.stderr
    assert "imported 4 risks, 3 controls, 5 staff group links" in good.stdout
    final = counts(demo_copy)
    assert final["risk_assessment"] == before["risk_assessment"] + 4
    assert final["risk_control"] == before["risk_control"] + 3
    con = sqlite3.connect(demo_copy)
    try:
        rows = con.execute(
            "SELECT reference, title, current_score, status FROM "
            "risk_assessment WHERE import_batch_id IS NOT NULL "
            "ORDER BY reference"
        ).fetchall()
    finally:
        con.close()
    assert [r[1:] for r in rows] == [
        ("Restraint on Rowan Ward", 16, "open"),
        ("Waiting room aggression", 12, "open"),
        ("Car park disputes at night", 6, "open"),
        ("Reception threats", 6, "open"),
    ]
    assert rows[0][0] == "RA-00121"  # after the demo's RA-00120

    again = vpr("import", "risks", str(good_file), "--db", str(demo_copy))
    assert again.returncode == 3 and "already imported" in again.stderr


def test_import_usage_and_missing_file(tmp_path: Path, demo_copy: Path) -> None:
    missing = vpr("import", "risks", str(tmp_path / "nope.csv"), "--db", str(demo_copy))
    assert missing.returncode == 3 and "There is no file" in missing.stderr
    no_db = vpr("import", "risks", str(tmp_path / "nope.csv"))
    assert no_db.returncode == 2 and "--db" in no_db.stderr
    wrong = vpr("import", "weather", "x.csv", "--db", str(demo_copy))
    assert wrong.returncode == 2
    staff = vpr("import", "staff", str(tmp_path / "x.csv"), "--db", str(demo_copy))
    assert staff.returncode == 3 and "There is no file" in staff.stderr  # staff import exists
    macro = tmp_path / "register.xlsm"
    macro.write_bytes(b"PK\x03\x04")
    refused = vpr("import", "risks", str(macro), "--db", str(demo_copy))
    assert refused.returncode == 3 and "macro-enabled" in refused.stderr
