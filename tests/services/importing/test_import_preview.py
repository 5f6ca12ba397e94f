"""Preview, column-mapping overrides and saved mapping profiles (issue 6, session 2).

The preview is what the mapping dialog shows: it must show a file's headings even when a
required column is missing, as display text; a mapping then picks a renamed column, and the
import uses it. Files are written here from code, so what is tested is exactly what is read.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func
from sqlalchemy import select

from tests.services.training.training_fixtures import LEAD
from tests.services.training.training_fixtures import STAFF_SIDE
from tests.services.training.training_fixtures import build_ward
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import MappingProfile
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.preview import display_text
from vpr_desktop.services.importing.preview import preview_file
from vpr_desktop.services.training.esr_import import TrainingImports

TRAINING = load_format("training")
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
CR = "NHS|CSTF|Conflict Resolution|3 Years|"
BRK = "457|LOCAL|Breakaway Techniques|"


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def imports(db: object, actor: object = LEAD) -> TrainingImports:
    return TrainingImports(db, actor)  # type: ignore[arg-type]


# ------------------------------------------------------------------------- preview only


def test_header_on_row_3_windows_1252(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "esr.csv",
        [
            ["Compliance & Competency report – run 01/07/2026"],
            [],
            HEADER,
            [
                "1012",
                "Siân O’Connor",
                "Nursing and Midwifery Registered",
                "123 Ward 7",
                CR,
                "29/02/2024",
                "",
                "Y",
            ],
            ["", "", "", "", "", "", "", ""],
            ["0012", "Jane Smith", "NMR", "Ward 7", BRK, "01-Jul-2026", "No Expiry", "N"],
        ],
        encoding="cp1252",
    )
    p = preview_file(path, TRAINING)
    assert p.file_name == "esr.csv"
    assert p.source == "CSV, Windows-1252, ',', header on row 3"
    assert p.header_row == 3
    assert p.headers == tuple(HEADER)
    assert p.rows == (
        (
            "1012",
            "Siân O’Connor",
            "Nursing and Midwifery Registered",
            "123 Ward 7",
            CR,
            "29/02/2024",
            "",
            "Y",
        ),
        ("0012", "Jane Smith", "NMR", "Ward 7", BRK, "01-Jul-2026", "No Expiry", "N"),
    )  # the blank row skipped; text exactly as written
    assert p.matched == {
        "assignment": "Employee Number",
        "name": "Employee Name",
        "staff_group": "Staff Group",
        "organisation": "Organisation",
        "competency": "Competence Name",
        "completed": "Date Achieved",
        "expires": "Expiry Date",
        "required": "Required",
    }
    assert p.missing_required == () and p.unmapped == () and p.ok
    assert [f.key for f in p.fields] == [f.key for f in TRAINING.fields]
    assert next(f for f in p.fields if f.key == "competency").required
    assert len(preview_file(path, TRAINING, rows=1).rows) == 1


def test_missing_required_column_still_shows_the_headers(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "renamed.csv",
        [
            ["Training report"],
            ["Assignment No", "Module", "Completion Date", "Renewal Date", "Notes"],
            ["0012", CR, "01/03/2025", "", "ok"],
        ],
    )
    p = preview_file(path, TRAINING)
    assert p.header_row == 2
    assert p.headers == ("Assignment No", "Module", "Completion Date", "Renewal Date", "Notes")
    assert p.rows == (("0012", CR, "01/03/2025", "", "ok"),)
    assert p.missing_required == ("competency",) and not p.ok
    assert p.matched == {
        "assignment": "Assignment No",
        "completed": "Completion Date",
        "expires": "Renewal Date",
    }
    assert p.unmapped == ("Module", "Notes")
    mapped = preview_file(path, TRAINING, {"competency": "Module"})
    assert mapped.missing_required == () and mapped.matched["competency"] == "Module"
    assert mapped.unmapped == ("Notes",) and mapped.not_found == ()


def test_no_recognisable_header_falls_back_to_first_non_blank_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "odd.csv", [[], ["a", "b"], ["1", "2"], ["3"]])
    p = preview_file(path, TRAINING)
    assert (p.header_row, p.headers) == (2, ("a", "b"))
    assert p.rows == (("1", "2"), ("3", ""))  # padded to the header's width
    assert p.missing_required == ("competency", "completed") and p.unmapped == ("a", "b")


def test_mapping_naming_a_header_not_in_the_file_is_reported(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "esr.csv", [HEADER, ["0012", "J", "", "", CR, "01/03/2025", "", ""]]
    )
    p = preview_file(path, TRAINING, {"competency": "Course", "expires": "Renewal Due"})
    assert p.missing_required == ("competency",)
    assert p.not_found == ("competency", "expires")
    assert "Competence Name" in p.unmapped  # no longer claimed by the competency field
    with pytest.raises(ValidationError, match="'colour' is not a field"):
        preview_file(path, TRAINING, {"colour": "Employee Name"})
    with pytest.raises(ValidationError, match="No column heading"):
        preview_file(path, TRAINING, {"competency": "  "})
    with pytest.raises(ValidationError, match="chosen for both"):
        preview_file(path, TRAINING, {"competency": "Required", "required": "required"})


def test_xlsx_preview_cells_as_display_text(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ESR"
    ws.append(["Competence report"])
    ws.append(["Assignment Number", "Competency Name", "Date Achieved", "Expiry Date", "Hours"])
    ws.append(["0012", CR, dt.datetime(2024, 2, 29), None, 7.0])
    ws.append(["1012-2", BRK, dt.date(2025, 11, 30), dt.datetime(2026, 11, 29, 14, 5), 2.5])
    wb.save(tmp_path / "t.xlsx")
    p = preview_file(tmp_path / "t.xlsx", TRAINING)
    assert p.source == "Excel workbook, sheet 'ESR', header on row 2"
    assert p.rows == (
        ("0012", CR, "29/02/2024", "", "7"),
        ("1012-2", BRK, "30/11/2025", "29/11/2026 14:05", "2.5"),
    )
    assert p.unmapped == ("Hours",) and p.ok
    assert display_text(None) == "" and display_text(True) == "TRUE"


def test_xlsx_partial_header_on_a_later_sheet_beats_a_note_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(["Exported from ESR"])
    ws = wb.create_sheet("Data")
    ws.append(["Title row"])
    ws.append(["Assignment No", "Competency", "When"])
    ws.append(["0012", CR, dt.datetime(2024, 1, 2)])
    wb.save(tmp_path / "two.xlsx")
    p = preview_file(tmp_path / "two.xlsx", TRAINING)
    assert (p.source, p.headers) == (
        "Excel workbook, sheet 'Data', header on row 2",
        ("Assignment No", "Competency", "When"),
    )
    assert p.missing_required == ("completed",) and p.unmapped == ("When",)
    assert p.rows == (("0012", CR, "02/01/2024"),)
    mapped = preview_file(tmp_path / "two.xlsx", TRAINING, {"completed": "When"})
    assert mapped.ok and mapped.matched["completed"] == "When"


def test_unreadable_file_raises(tmp_path: Path) -> None:
    (tmp_path / "old.xls").write_bytes(b"whatever")
    with pytest.raises(ValidationError, match="old-format"):
        preview_file(tmp_path / "old.xls", TRAINING)
    with pytest.raises(ValidationError, match="There is no file"):
        preview_file(tmp_path / "missing.csv", TRAINING)


# ------------------------------------------------------------- through the facade, on DB


def test_mapping_override_then_import_and_profile_recorded(db: object, tmp_path: Path) -> None:
    w = build_ward(db)
    path = write_csv(
        tmp_path / "renamed.csv",
        [
            ["Assignment No", "Module", "Completion Date", "Renewal Date"],
            ["0012", CR, "01/03/2025", ""],
            ["1012-2", BRK, "30/11/2025", "29/11/2026"],
        ],
    )
    ti = imports(db)
    assert ti.preview("training", path).missing_required == ("competency",)
    refused = ti.run("training", path, dry_run=True)
    assert not refused.ok and "Competence Name" in refused.problems[0].column
    mapping = {"competency": "Module"}
    assert ti.preview("training", path, mapping).ok
    result = ti.run("training", path, dry_run=False, mapping=mapping)
    assert result.ok, result.problems
    assert result.counts == {"new records": 2, "updated": 0, "unchanged": 0}
    with reading(db) as s:  # type: ignore[arg-type]
        got = sorted(
            s.execute(
                select(
                    TrainingRecord.assignment_id,
                    TrainingRecord.course_id,
                    TrainingRecord.completed_on,
                    TrainingRecord.expires_on,
                )
            ).all()
        )
        assert got == sorted(
            [
                (
                    w.assignments["0012"],
                    w.courses["CR"],
                    dt.date(2025, 3, 1),
                    dt.date(2028, 2, 29),
                ),  # blank expiry: refresher (3 years) less a day
                (
                    w.assignments["1012-2"],
                    w.courses["BRK"],
                    dt.date(2025, 11, 30),
                    dt.date(2026, 11, 29),
                ),
            ]
        )
        assert s.get(ImportBatch, result.batch_id).mapping_profile == "training v1 + custom mapping"  # type: ignore[union-attr]
    ti.save_profile("training", "  ESR monthly ", mapping)
    again = ti.run("training", path, dry_run=False, profile_name="ESR monthly")
    assert again.ok and again.counts == {"new records": 0, "updated": 0, "unchanged": 2}
    with reading(db) as s:  # type: ignore[arg-type]
        assert (
            s.get(ImportBatch, again.batch_id).mapping_profile
            == "training v1 + profile 'ESR monthly'"
        )  # type: ignore[union-attr]
    with pytest.raises(NotFoundError):
        ti.run("training", path, dry_run=True, profile_name="No such profile")
    with pytest.raises(ValidationError, match="'colour' is not a field"):
        ti.run("training", path, dry_run=True, mapping={"colour": "Module"})
    with pytest.raises(ValidationError, match="not a training-screen import"):
        ti.run("risks", path, dry_run=True)
    history = ti.history()
    assert [b.id for b in history] == [again.batch_id, result.batch_id]
    assert ti.history("staff") == []
    assert ti.undo("training", again.batch_id) == {
        "training records removed": 0,
        "training records restored": 0,
    }
    assert ti.undo("training", result.batch_id)["training records removed"] == 2


def test_profiles_upsert_list_delete(db: object) -> None:
    ti = imports(db)
    first = ti.save_profile("training", " ESR monthly ", {"competency": " Module "})
    assert (first.kind, first.name, first.mapping, first.version) == (
        "training",
        "ESR monthly",
        {"competency": "Module"},
        1,
    )
    same = ti.save_profile(
        "training", "ESR monthly", {"competency": "Module", "completed": "Done on"}
    )
    assert same.id == first.id and same.version == 2
    assert same.mapping == {"competency": "Module", "completed": "Done on"}
    ti.save_profile("training", "another", {"assignment": "Emp No"})
    ti.save_profile("staff", "ESR monthly", {"staff_group": "Group"})
    assert [(p.name, p.mapping) for p in ti.profiles("training")] == [
        ("another", {"assignment": "Emp No"}),
        ("ESR monthly", {"competency": "Module", "completed": "Done on"}),
    ]
    assert [p.name for p in ti.profiles("staff")] == ["ESR monthly"]
    for name, mapping, why in [
        ("", {"competency": "Module"}, "name of 1 to 100"),
        ("x" * 101, {"competency": "Module"}, "name of 1 to 100"),
        ("bad", {"colour": "Module"}, "'colour' is not a field"),
        ("bad", {"competency": ""}, "No column heading"),
        ("bad", {"competency": 7}, "No column heading"),
        ("bad", {}, "chooses no columns"),
    ]:
        with pytest.raises(ValidationError, match=why):
            ti.save_profile("training", name, mapping)  # type: ignore[arg-type]
    # first_name is a staff-list field, not a training one
    with pytest.raises(ValidationError, match="'first_name' is not a field"):
        ti.save_profile("training", "x", {"first_name": "Forename"})
    ti.delete_profile(first.id)
    assert [p.name for p in ti.profiles("training")] == ["another"]
    with pytest.raises(NotFoundError):
        ti.delete_profile(first.id)
    with reading(db) as s:  # type: ignore[arg-type]
        assert s.scalar(select(func.count()).select_from(MappingProfile)) == 2
        actions = [
            a.value
            for a in s.scalars(
                select(AuditEvent.action)
                .where(
                    AuditEvent.entity == "mapping_profile", AuditEvent.entity_id == str(first.id)
                )
                .order_by(AuditEvent.id)
            )
        ]
        assert actions == ["create", "update", "delete"]
    with pytest.raises(PermissionDeniedError):
        imports(db, STAFF_SIDE).profiles("training")
