"""``vpr-desktop standard ...`` and ``vpr-desktop assessment ...`` as a user runs them.

Acceptance 1: ``standard show 2024`` lists the seven domains in the official order and marks
the starter wording as ours (1.10 after 1.9). Plus: a library version that is not higher exits
3 with a message; an assessment round trip through export and import, and a malformed
workbook exits 3 naming its rows with nothing written.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl

OFFICIAL = [
    "Leadership and accountability",
    "Governance and assurance",
    "Collaboration",
    "Data",
    "Workforce",
    "Interventions",
    "Evaluation",
]
ROOT = Path(__file__).resolve().parents[2]


def vpr(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vpr_desktop", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def new_db(tmp_path: Path) -> Path:
    from vpr_desktop.store.database import open_database

    path = tmp_path / "trust.db"
    open_database(path).close()
    return path


def test_acceptance_1_show_2024_lists_the_domains_in_order_marked_ours(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    shown = vpr("standard", "show", "2024", "--db", str(db))
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    headings = [line for line in out.splitlines() if line[:1].isdigit()]
    assert [h.split("  ")[1] for h in headings] == OFFICIAL
    assert [h.split("  ")[0] for h in headings] == [str(n) for n in range(1, 8)]
    assert "WORKING SUMMARY" in out and "not NHS England's text" in out
    assert "VPR Desktop working summary — replace with the published wording" in out
    codes = [line.split()[0] for line in out.splitlines() if line.startswith("  1.")]
    assert codes == [f"1.{n}" for n in range(1, 11)]  # 1.10 after 1.9
    assert all("[ours]" in line for line in out.splitlines() if line.startswith("  1."))
    assert vpr("standard", "show", "vpr-2024", "--db", str(db)).stdout == out

    listed = vpr("standard", "list", "--db", str(db))
    assert listed.returncode == 0
    assert "vpr-2024" in listed.stdout and "vpr-2020" in listed.stdout
    assert "working summary" in listed.stdout

    missing = vpr("standard", "show", "2031", "--db", str(db))
    assert missing.returncode != 0 and "no standard edition '2031'" in missing.stderr


def test_loading_the_same_library_version_exits_3_with_a_message(tmp_path: Path) -> None:
    db = new_db(tmp_path)
    same = vpr(
        "standard", "load", str(ROOT / "resources" / "standards" / "vpr-2024.toml"), "--db", str(db)
    )
    assert same.returncode == 3
    assert "already at library version 1" in same.stderr
    assert "nothing was changed" in same.stderr


def test_assessment_export_and_import_from_the_command_line(tmp_path: Path) -> None:
    from vpr_desktop.domain.enums import Rag
    from vpr_desktop.domain.enums import Role
    from vpr_desktop.domain.enums import WorkStatus
    from vpr_desktop.services.assessment.service import AssessmentService
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import open_database

    path = new_db(tmp_path)
    db = open_database(path)
    try:
        svc = AssessmentService(db, Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD})))
        cycle = svc.create_cycle("2024", "2025/26", dt.date(2025, 4, 1), dt.date(2026, 3, 31)).cycle
        svc.rate(
            svc.rating_for(cycle.id, "1.2").rating.id, Rag.AMBER, WorkStatus.DONE, "Champion named."
        )
    finally:
        db.close()
    listed = vpr("assessment", "list", "--db", str(path))
    assert listed.returncode == 0 and "2025/26" in listed.stdout and "2% rated" in listed.stdout
    out = tmp_path / "plan.xlsx"
    exported = vpr("assessment", "export", "2025/26", "--out", str(out), "--db", str(path))
    assert exported.returncode == 0, exported.stderr
    assert "45 indicators" in exported.stdout

    wb = openpyxl.load_workbook(out)
    ws = wb["Action plan"]
    ws.cell(17, 4).value = "Purple"
    ws.cell(30, 2).value = "9.99"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    con = sqlite3.connect(path)
    before = con.execute("SELECT id, rag, narrative, version FROM rating ORDER BY id").fetchall()
    con.close()
    refused = vpr("assessment", "import", str(bad), "--db", str(path))
    assert refused.returncode == 3
    assert "row 17, RAG: 'Purple'" in refused.stderr
    assert "row 30, Code: '9.99'" in refused.stderr
    con = sqlite3.connect(path)
    after = con.execute("SELECT id, rag, narrative, version FROM rating ORDER BY id").fetchall()
    con.close()
    assert after == before

    good = vpr("assessment", "import", str(out), "--cycle", str(cycle.id), "--db", str(path))
    assert good.returncode == 0, good.stderr
    assert "0 ratings changed, 45 unchanged" in good.stdout


def test_load_names_the_sheet_and_headings_row_of_the_official_workbook(tmp_path: Path) -> None:
    from tests.services.assessment.test_standard_workbook import SHEET
    from tests.services.assessment.test_standard_workbook import official_workbook
    from vpr_desktop.domain.enums import Role
    from vpr_desktop.services.assessment.standards import StandardsService
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import open_database

    db = new_db(tmp_path)
    database = open_database(db)
    try:
        std = StandardsService(database, Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD})))
        rows = [
            [f"{d.code} {d.title}", i.code, i.text, i.guidance]
            for d in std.edition("2024").domains
            for i in d.indicators
        ]
    finally:
        database.close()
    book = official_workbook(tmp_path / "tool.xlsx", rows)
    args = ("--db", str(db), "--edition", "2024", "--library-version", "2")
    wrong = vpr("standard", "load", str(book), *args, "--sheet", "Tool", "--dry-run")
    assert wrong.returncode == 3 and "no sheet called 'Tool'" in wrong.stderr
    done = vpr("standard", "load", str(book), *args, "--sheet", SHEET, "--header-row", "3")
    assert done.returncode == 0, done.stderr
    assert "updated from library version 1 to 2" in done.stdout
