"""Importing the NHS Staff Survey's violence measures: rows in the database on SQLite and
PostgreSQL, a year imported again replaced (not doubled), a bad file refused whole; the board
pack says each year's figure against the benchmark in words."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.cli.main import run
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.system import StaffSurveyResult
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.system.staff_survey import StaffSurveyService

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "staff_survey_sample.csv"
LEAD = Actor(username="lead", display_name="Lead", roles=frozenset({Role.VPR_LEAD}))


def stored(db: Any) -> list[tuple[int, str, float, float | None]]:
    with db.session() as s:
        return [
            (r.year, r.measure, r.trust_percent, r.benchmark_percent)
            for r in s.scalars(
                select(StaffSurveyResult).order_by(
                    StaffSurveyResult.measure, StaffSurveyResult.year
                )
            )
        ]


def test_import_writes_each_year_once_and_again_replaces(db: Any) -> None:
    service = StaffSurveyService(db, LEAD)
    first = service.import_file(SAMPLE)
    assert (first.rows, first.added, first.replaced, first.years) == (9, 9, 0, (2022, 2023, 2024))
    rows = stored(db)
    assert ("physical_public", 2023) in {(m, y) for y, m, _, _ in rows}
    assert (2024, "harassment_public", 27.5, 28.3) in rows
    again = service.import_file(SAMPLE)
    assert (again.added, again.replaced) == (0, 9)
    assert stored(db) == rows
    words = {(f.year, f.measure.code): f.compared for f in service.figures()}
    assert words[2022, "physical_public"] == "worse than"  # 15.1 against 14.2
    assert words[2023, "physical_public"] == "better than"  # 13.9 against 14.4
    assert words[2024, "physical_public"] == "the same as"  # 14.0 against 14.0
    assert words[2023, "harassment_public"] == "worse than"  # 30.2 against 29.1
    assert words[2023, "physical_reported"] == "worse than"  # 69.8 against 71.0: fewer report


def test_a_bad_file_is_refused_row_by_row_and_nothing_written(db: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "year,question_code,trust_percent,benchmark_percent\n"
        "2024,physical_public,14.0,13.0\n"
        "20x4,physical_public,14.0,13.0\n"
        "2024,q99,101,13\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        StaffSurveyService(db, LEAD).import_file(bad)
    assert [(p[0], p[1]) for p in caught.value.problems] == [
        (3, "year"),
        (4, "question_code"),
        (4, "trust_percent"),
    ]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(StaffSurveyResult)) == 0


def test_board_pack_says_better_or_worse_than_the_benchmark(
    demo_copy: Path, tmp_path: Path
) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["import", "staff-survey", str(SAMPLE), "--db", str(demo_copy)], out, err) == 0, (
        err.getvalue()
    )
    assert "Imported 9 staff-survey figures for 2022, 2023, 2024: 9 new" in out.getvalue()
    packs = tmp_path / "packs"
    packs.mkdir()
    code = run(
        [
            "pack",
            "board",
            "--db",
            str(demo_copy),
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-30",
            "--out",
            str(packs),
            "--format",
            "all",
            "--as-at",
            "2026-06-30",
            "--assurance",
            "reasonable",
        ],
        out,
        err,
    )
    assert code == 0, err.getvalue()
    pdf = next(packs.rglob("*.pdf"))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "NHS Staff Survey: violence and abuse" in flat
    assert "2022: 15.1% (physical violence from patients" in flat
    assert "worse than the benchmark group (14.2%)" in flat
    assert "better than the benchmark group (14.4%)" in flat
    assert "the same as the benchmark group (14.0%)" in flat
    from docx import Document
    from openpyxl import load_workbook

    words = " ".join(p.text for p in Document(str(next(packs.rglob("*.docx")))).paragraphs)
    assert "worse than the benchmark group (14.2%)" in words
    wb = load_workbook(next(packs.rglob("*.xlsx")), read_only=True)
    sheet = wb["Staff survey"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "better than" in cells and "worse than" in cells and "the same as" in cells
    wb.close()
    shutil.rmtree(packs)


def test_dry_run_checks_without_writing_and_a_missing_file_is_refused(demo_copy: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["import", "staff-survey", str(SAMPLE), "--db", str(demo_copy), "--dry-run"], out, err
    )
    assert (code, out.getvalue()) == (
        0,
        "9 staff-survey figures checked; nothing was written (dry run).\n",
    )
    code = run(["import", "staff-survey", "/no/such.csv", "--db", str(demo_copy)], out, err)
    assert code == 3 and "could not be read" in err.getvalue()
