"""ESR training import (issue 6, acceptance 2, 3 and 5) on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from sqlalchemy import select

from tests.services.training.training_fixtures import LEAD
from tests.services.training.training_fixtures import build_ward
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.report import write_report_csv
from vpr_desktop.services.training.esr_import import import_staff
from vpr_desktop.services.training.esr_import import import_training
from vpr_desktop.services.training.esr_import import undo_staff_import
from vpr_desktop.services.training.esr_import import undo_training_import

HEADER = [
    "Employee Number",
    "Employee Name",
    "Staff Group",
    "Organisation",
    "Competence Name",
    "Date Achieved",
    "Expiry Date",
    "Required",
]
COMP = {
    "CR": "NHS|CSTF|Conflict Resolution|3 Years|",
    "FIRE": "NHS|CSTF|Fire Safety - 2 Years|",
    "BRK": "457|LOCAL|Breakaway Techniques|",
}
NUMBERS = ["0012", "1012", "1012-2", "2000", "3000"]


def good_rows(n: int = 39) -> list[list[str]]:
    """``n`` distinct completions (file rows 2..n+1), dates in three forms."""
    rows = []
    for i in range(n):
        number = NUMBERS[i % 5]
        code = ("CR", "FIRE", "BRK")[(i // 5) % 3]
        done = dt.date(2023, 1, 1) + dt.timedelta(days=7 * i)
        when = (
            done.strftime("%d/%m/%Y")
            if i % 3 == 0
            else done.strftime("%d-%b-%Y")
            if i % 3 == 1
            else str((done - dt.date(1899, 12, 30)).days)
        )
        rows.append(
            [
                number,
                "Someone",
                "Nursing and Midwifery Registered",
                "123 Ward 7",
                COMP[code],
                when,
                "No Expiry" if i % 4 == 0 else "",
                "Y",
            ]
        )
    return rows


def write(
    path: Path, rows: list[list[str]], encoding: str = "utf-8-sig", preamble: bool = False
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        if preamble:
            w.writerow(["Compliance & Competency report – run 01/07/2026"])
            w.writerow([])
        w.writerows([HEADER, *rows])
        w.writerow([""] * len(HEADER))
    return path


def tables(db: object) -> dict[str, list[tuple[object, ...]]]:
    with reading(db) as s:  # type: ignore[arg-type]
        return {
            "training": sorted(
                tuple(r)
                for r in s.execute(
                    select(
                        TrainingRecord.id,
                        TrainingRecord.assignment_id,
                        TrainingRecord.course_id,
                        TrainingRecord.completed_on,
                        TrainingRecord.expires_on,
                        TrainingRecord.raw_competency,
                        TrainingRecord.import_batch_id,
                    )
                )
            ),
            "person": sorted(
                tuple(r)
                for r in s.execute(
                    select(Person.id, Person.employee_number, Person.first_name, Person.last_name)
                )
            ),
            "assignment": sorted(
                tuple(r)
                for r in s.execute(
                    select(
                        Assignment.id,
                        Assignment.assignment_number,
                        Assignment.staff_group_id,
                        Assignment.location_id,
                        Assignment.job_title,
                    )
                )
            ),
        }


def test_bad_rows_all_reported_nothing_written(db: object, tmp_path: Path) -> None:
    build_ward(db)
    rows = good_rows(39)  # file rows 2..40
    rows[9 - 2][5] = "31/02/2024"  # row 9: bad date
    rows[12 - 2][4] = "NHS|CSTF|Basket Weaving|3 Years|"  # row 12: unknown course
    rows[40 - 2] = list(rows[20 - 2])  # row 40: duplicate of row 20
    before = tables(db)
    bad = write(tmp_path / "bad.csv", rows)
    result = import_training(db, LEAD, bad, strict_courses=True)  # type: ignore[arg-type]
    assert not result.ok
    got = {(p.row, p.column) for p in result.problems}
    assert got == {(9, "Date Achieved"), (12, "Competence Name"), (40, "Competence Name")}
    by_row = {p.row: p for p in result.problems}
    assert by_row[9].value == "31/02/2024" and "not a real date" in by_row[9].why
    assert "row 20" in by_row[40].why
    assert tables(db) == before
    report = write_report_csv(tmp_path / "report.csv", result.problems)
    assert "31/02/2024" in report.read_text(encoding="utf-8-sig")


def test_dry_run_writes_nothing(db: object, tmp_path: Path) -> None:
    build_ward(db)
    before = tables(db)
    result = import_training(
        db,
        LEAD,
        write(tmp_path / "good.csv", good_rows()),  # type: ignore[arg-type]
        dry_run=True,
    )
    assert result.ok and result.dry_run and result.counts["new records"] == 39
    assert "would import" in result.summary()
    assert tables(db) == before
    with reading(db) as s:  # type: ignore[arg-type]
        assert s.scalars(select(ImportBatch)).all() == []


def test_reimport_updates_never_duplicates_and_undo_restores(db: object, tmp_path: Path) -> None:
    ward = build_ward(db)
    before = tables(db)
    path = write(tmp_path / "good.csv", good_rows(), preamble=True)
    first = import_training(db, LEAD, path)  # type: ignore[arg-type]
    assert first.ok, first.problems
    assert first.counts == {"new records": 39, "updated": 0, "unchanged": 0}
    after_first = tables(db)
    assert len(after_first["training"]) == 39
    # Blank/No Expiry -> the day before the refresher is due.
    cr = [r for r in after_first["training"] if r[2] == ward.courses["CR"]]
    assert all(r[4] is not None for r in cr)
    again = import_training(db, LEAD, path)  # type: ignore[arg-type]
    assert again.ok and again.counts == {"new records": 0, "updated": 0, "unchanged": 39}
    rows = good_rows()
    rows[0][6] = "01/01/2030"  # a changed expiry -> update, not a new row
    rows.append(["2000", "Ben", "NMR", "", COMP["CR"], "01-Jul-2026", "", ""])
    third = import_training(db, LEAD, write(tmp_path / "next.csv", rows))  # type: ignore[arg-type]
    assert third.ok and third.counts == {"new records": 1, "updated": 1, "unchanged": 38}
    assert len(tables(db)["training"]) == 40
    undo_training_import(db, LEAD, third.batch_id)  # type: ignore[arg-type]
    after_undo = tables(db)
    # versions/updated_at differ by design; the data compared is exactly as before
    assert after_undo == after_first
    undo_training_import(db, LEAD, again.batch_id)  # type: ignore[arg-type]
    undo_training_import(db, LEAD, first.batch_id)  # type: ignore[arg-type]
    assert tables(db) == before
    with reading(db) as s:  # type: ignore[arg-type]
        assert (
            s.scalar(
                select(AuditEvent)
                .where(
                    AuditEvent.entity == "import_batch", AuditEvent.entity_id == str(first.batch_id)
                )
                .limit(1)
            )
            is not None
        )


def test_windows_1252_name_kept_in_staff_import(db: object, tmp_path: Path) -> None:
    build_ward(db)
    path = tmp_path / "staff.csv"
    with path.open("w", encoding="cp1252", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ESR staff list – exported"])
        w.writerow(
            ["Assignment Number", "Employee Name", "Staff Group", "Organisation", "Position"]
        )
        w.writerow(
            [
                "0099",
                "Siân O’Connor",
                "Nursing and Midwifery Registered",
                "123 Ward 7 Acute Admissions",
                "Staff Nurse",
            ]
        )
        w.writerow(["0099-2", "Siân O’Connor", "NMR", "FMH-ADM", "Bank Nurse"])
        w.writerow(["4000", "Kemi Brooks", "Add Prof Scientific and Technic", "Elsewhere", ""])
    before = tables(db)
    result = import_staff(db, LEAD, path)  # type: ignore[arg-type]
    assert not result.ok  # no such staff group yet in the hand-built ward (ESR label)
    assert {p.row for p in result.problems} == {5}
    assert tables(db) == before
    rows = path.read_text(encoding="cp1252").splitlines()
    path.write_text("\r\n".join(rows[:-1]) + "\r\n", encoding="cp1252")
    result = import_staff(db, LEAD, path)  # type: ignore[arg-type]
    assert result.ok, result.problems
    assert "cp1252" in result.source
    with reading(db) as s:  # type: ignore[arg-type]
        p = s.scalar(select(Person).where(Person.employee_number == "0099"))
        assert p is not None and (p.first_name, p.last_name) == ("Siân", "O’Connor")
        numbers = set(
            s.scalars(select(Assignment.assignment_number).where(Assignment.person_id == p.id))
        )
        assert numbers == {"0099", "0099-2"}
    undo_staff_import(db, LEAD, result.batch_id)  # type: ignore[arg-type]
    assert tables(db) == before


def test_training_cp1252_file_and_person_cell(db: object, tmp_path: Path) -> None:
    build_ward(db)
    path = tmp_path / "t.csv"
    with path.open("w", encoding="cp1252", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Person", "Competency Name", "Date Last Awarded", "Next Review Date"])
        w.writerow(["1012|O’Connor, Siân", COMP["CR"], "29/02/2024", ""])
        w.writerow(["1012-2|O’Connor, Siân", COMP["BRK"], "30-Nov-2025", "No Expiry"])
    result = import_training(db, LEAD, path)  # type: ignore[arg-type]
    assert result.ok, result.problems
    with reading(db) as s:  # type: ignore[arg-type]
        exp = s.scalar(
            select(TrainingRecord.expires_on).where(
                TrainingRecord.completed_on == dt.date(2024, 2, 29)
            )
        )
        assert exp == dt.date(2027, 2, 27)  # due 28 Feb 2027; last day in date the 27th


def test_staff_from_a_competence_export_reads_each_assignment_once(
    db: object, tmp_path: Path
) -> None:
    """ESR competence exports list a person once per competence: identical repeats are the
    same assignment; a repeat with other details is a clash, named by field."""
    build_ward(db)
    path = tmp_path / "competences.csv"
    staff = [
        ["5001", "Ben Fraser", "Nursing and Midwifery Registered", "123 Ward 7"],
        ["5002", "Kemi Brooks", "Nursing and Midwifery Registered", "123 Ward 7"],
    ]
    rows = [[*staff[i % 2], COMP["CR"], "01/02/2025", "", "Y"] for i in range(6)]
    write(path, rows)
    result = import_staff(db, LEAD, path)  # type: ignore[arg-type]
    assert result.ok, result.problems
    assert result.counts["new assignments"] == 2 and result.counts["new people"] == 2
    assert any("4 row(s) repeated an assignment" in n for n in result.notes)
    undo_staff_import(db, LEAD, result.batch_id)  # type: ignore[arg-type]
    rows[4][1] = "Benjamin Fraser"  # row 6: same number, another name
    write(path, rows)
    before = tables(db)
    result = import_staff(db, LEAD, path)  # type: ignore[arg-type]
    assert [(p.row, p.value) for p in result.problems] == [(6, "5001")]
    assert "as row 2 with a different first name" in result.problems[0].why
    assert tables(db) == before


def test_competences_no_course_lists_left_out_by_default_or_rejected(
    db: object, tmp_path: Path
) -> None:
    """A real ESR export holds fire safety, IG, ...: those rows are left out and named with
    their counts; ``strict_courses`` rejects the file instead."""
    build_ward(db)
    rows = good_rows(12)
    for k in (2, 5, 9):
        rows[k][4] = "NHS|CSTF|Information Governance|1 Year|"
    rows[7][4] = "NHS|CSTF|Moving and Handling - Level 1|2 Years|"
    path = write(tmp_path / "mixed.csv", rows)
    before = tables(db)
    refused = import_training(db, LEAD, path, strict_courses=True)  # type: ignore[arg-type]
    assert sorted(p.row for p in refused.problems) == [4, 7, 9, 11]
    assert "is not a course in the catalogue" in refused.problems[0].why
    assert tables(db) == before
    result = import_training(db, LEAD, path)  # type: ignore[arg-type]
    assert result.ok, result.problems
    assert result.counts["new records"] == 8
    assert result.counts["left out (not in the catalogue)"] == 4
    assert (
        "Left out 2 competences no course lists: "
        "'NHS|CSTF|Information Governance|1 Year|' (3 rows), "
        "'NHS|CSTF|Moving and Handling - Level 1|2 Years|' (1 row). To count one, add its "
        "name to a course's "
        "ESR names in Training > Catalogue."
    ) in result.notes
    with reading(db) as s:  # type: ignore[arg-type]
        raws = set(s.scalars(select(TrainingRecord.raw_competency)))
    assert "NHS|CSTF|Information Governance|1 Year|" not in raws
    # The history says how many rows were left out, and names who imported, not the login.
    from vpr_desktop.domain.models import User
    from vpr_desktop.services.common.unit_of_work import UnitOfWork
    from vpr_desktop.services.importing.batch import list_batches

    batch = list_batches(db, LEAD)[0]  # type: ignore[arg-type]
    assert (batch.rows_total, batch.rows_imported, batch.rows_left_out) == (12, 8, 4)
    assert batch.imported_by_words == LEAD.username  # no account of that login: the login
    with UnitOfWork(db, LEAD) as uow:  # type: ignore[arg-type]
        uow.session.add(User(username=LEAD.username, display_name="Pat Lead"))
    batch = list_batches(db, LEAD)[0]  # type: ignore[arg-type]
    assert (batch.imported_by_name, batch.imported_by_words) == ("Pat Lead", "Pat Lead")
    rejected = [b for b in list_batches(db, LEAD) if b.outcome == "rejected"]  # type: ignore[arg-type]
    assert all(b.rows_left_out == 0 for b in rejected)  # a rejected file leaves nothing out


def test_left_out_note_names_the_most_rows_first_and_counts_the_rest() -> None:
    from vpr_desktop.services.training.esr_training import left_out_note

    skipped = {f"Course {i:02d}": i for i in range(1, 13)}
    note = left_out_note(skipped, shown=2)
    assert note.startswith(
        "Left out 12 competences no course lists: 'Course 12' (12 rows), 'Course 11' (11 rows), "
        "and 10 more."
    )
    assert left_out_note({"Fire Safety": 120}).startswith(
        "Left out 1 competence no course lists: 'Fire Safety' (120 rows)."
    )
