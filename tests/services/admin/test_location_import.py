"""Sites-and-locations import (a new trust's reference data) on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.services.training.training_fixtures import LEAD
from tests.services.training.training_fixtures import STAFF_SIDE
from vpr_desktop.domain.enums import ImportKind
from vpr_desktop.domain.enums import ImportOutcome
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import ImportBatch
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.services.admin.location_import import import_locations
from vpr_desktop.services.admin.location_undo import undo_locations_import
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

HEADER = [
    "Site Code",
    "Site Name",
    "Location Code",
    "Location Name",
    "Directorate",
    "Setting Type",
    "Active",
]
GOOD = [  # file rows 2..7
    [
        "FMH",
        "Fairview Hospital",
        "FMH-W7",
        "Ward 7 Acute Admissions",
        "Adult Mental Health",
        "Inpatient mental health",
        "Yes",
    ],
    ["FMH", "", "FMH-PICU", "Cedar PICU", "Adult Mental Health", "PICU", ""],
    ["FMH", "Fairview Hospital", "FMH-ADM", "Estates Office", "", "non_clinical_support", "n"],
    ["NG", "Northgate General", "NG-ED", "Emergency Department", "Urgent Care", "A&E", "1"],
    ["NG", "", "NG-111", "Call Centre", "", "Ambulance 999/111 call handling", "TRUE"],
    ["NG", "", "NG-CMHT", "North Community Team", "Community", "community", "y"],
]
EXPECTED = {  # code -> (site code, name, directorate, setting, active)
    "FMH-W7": (
        "FMH",
        "Ward 7 Acute Admissions",
        "Adult Mental Health",
        SettingType.INPATIENT_MENTAL_HEALTH,
        True,
    ),
    "FMH-PICU": (
        "FMH",
        "Cedar PICU",
        "Adult Mental Health",
        SettingType.INPATIENT_MENTAL_HEALTH,
        True,
    ),
    "FMH-ADM": ("FMH", "Estates Office", None, SettingType.NON_CLINICAL_SUPPORT, False),
    "NG-ED": ("NG", "Emergency Department", "Urgent Care", SettingType.EMERGENCY_DEPARTMENT, True),
    "NG-111": ("NG", "Call Centre", None, SettingType.AMBULANCE_CALL_HANDLING, True),
    "NG-CMHT": ("NG", "North Community Team", "Community", SettingType.COMMUNITY, True),
}


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def places(db: object) -> dict[str, tuple[object, ...]]:
    """code -> (site code, name, directorate, setting, active), read back from the database."""
    with reading(db) as s:  # type: ignore[arg-type]
        return {
            code: (site, name, directorate, setting, active)
            for code, site, name, directorate, setting, active in s.execute(
                select(
                    Location.code,
                    Site.code,
                    Location.name,
                    Location.directorate,
                    Location.setting_type,
                    Location.active,
                ).join(Site, Site.id == Location.site_id)
            )
        }


def rows(db: object) -> dict[str, list[tuple[object, ...]]]:
    """Every column people see of every site and location (ids included, version not)."""
    with reading(db) as s:  # type: ignore[arg-type]
        return {
            "site": sorted(
                tuple(r) for r in s.execute(select(Site.id, Site.code, Site.name, Site.active))
            ),
            "location": sorted(
                tuple(r)
                for r in s.execute(
                    select(
                        Location.id,
                        Location.site_id,
                        Location.code,
                        Location.name,
                        Location.directorate,
                        Location.setting_type,
                        Location.active,
                    )
                )
            ),
        }


def test_good_file_creates_sites_and_locations(db: object, tmp_path: Path) -> None:
    path = write(tmp_path / "locations.csv", GOOD)
    dry = import_locations(db, LEAD, path, dry_run=True)  # type: ignore[arg-type]
    assert dry.ok and dry.counts["locations"] == 6 and rows(db) == {"site": [], "location": []}

    result = import_locations(db, LEAD, path)  # type: ignore[arg-type]
    assert result.ok, result.problems
    assert result.counts == {
        "locations": 6,
        "locations updated": 0,
        "unchanged": 0,
        "new sites": 2,
        "sites updated": 0,
    }
    assert places(db) == EXPECTED
    with reading(db) as s:  # type: ignore[arg-type]
        assert sorted(s.execute(select(Site.code, Site.name, Site.active))) == [
            ("FMH", "Fairview Hospital", True),
            ("NG", "Northgate General", True),
        ]
        batch = s.get(ImportBatch, result.batch_id)
        assert batch.kind == ImportKind.LOCATIONS and batch.outcome == ImportOutcome.COMMITTED
        assert batch.rows_imported == 6


def test_reimport_changes_nothing(db: object, tmp_path: Path) -> None:
    path = write(tmp_path / "locations.csv", GOOD)
    assert import_locations(db, LEAD, path).ok  # type: ignore[arg-type]
    before = rows(db)
    with reading(db) as s:  # type: ignore[arg-type]
        versions = sorted(s.execute(select(Location.code, Location.version)))
    again = import_locations(db, LEAD, path)  # type: ignore[arg-type]
    assert again.ok
    assert again.counts == {
        "locations": 0,
        "locations updated": 0,
        "unchanged": 6,
        "new sites": 0,
        "sites updated": 0,
    }
    assert rows(db) == before
    with reading(db) as s:  # type: ignore[arg-type]
        assert sorted(s.execute(select(Location.code, Location.version))) == versions


def test_bad_rows_rejected_with_exactly_those_rows_nothing_written(
    db: object, tmp_path: Path
) -> None:
    bad = [list(r) for r in GOOD] + [
        ["NG", "", "NG-AMU", "Acute Medical Unit", "Medicine", "Acute", "Yes"],  # row 8
    ]
    bad[3 - 2][5] = "Intensive care"  # row 3: unknown setting
    bad[5 - 2][3] = ""  # row 5: missing name
    bad[7 - 2][2] = "fmh-w7"  # row 7: the code of row 2 (case ignored)
    path = write(tmp_path / "bad.csv", bad)
    result = import_locations(db, LEAD, path)  # type: ignore[arg-type]
    assert not result.ok and result.outcome == ImportOutcome.REJECTED
    assert sorted(p.row for p in result.problems) == [3, 5, 7]
    by_row = {p.row: p for p in result.problems}
    assert by_row[3].column == "Setting Type" and by_row[3].value == "Intensive care"
    assert "Inpatient mental health" in by_row[3].why
    assert "Emergency department" in by_row[3].why
    assert by_row[5].column == "Location Name" and "required" in by_row[5].why
    assert by_row[7].column == "Location Code" and "row 2" in by_row[7].why
    assert result.rows_rejected == 3
    assert rows(db) == {"site": [], "location": []}
    with reading(db) as s:  # type: ignore[arg-type]
        assert [b.outcome for b in s.scalars(select(ImportBatch))] == [ImportOutcome.REJECTED]


def test_new_site_needs_a_name_and_active_must_be_yes_or_no(db: object, tmp_path: Path) -> None:
    path = write(
        tmp_path / "x.csv",
        [
            ["NEW", "", "N-1", "Ward 1", "", "Acute ward", ""],
            ["NEW", "", "N-2", "Ward 2", "", "Acute ward", "maybe"],
        ],
    )
    result = import_locations(db, LEAD, path)  # type: ignore[arg-type]
    assert {(p.row, p.column) for p in result.problems} == {(2, "Site Name"), (3, "Active")}
    assert rows(db) == {"site": [], "location": []}


def test_update_then_undo_restores_the_previous_values_exactly(db: object, tmp_path: Path) -> None:
    with UnitOfWork(db, LEAD) as uow:  # type: ignore[arg-type]
        site = Site(code="FMH", name="Fairview")
        uow.session.add(site)
        uow.session.flush()
        uow.session.add_all(
            [
                Location(
                    site_id=site.id,
                    code="FMH-W7",
                    name="Ward 7",
                    directorate="MH",
                    setting_type=SettingType.ACUTE_WARD,
                ),
                Location(
                    site_id=site.id,
                    code="FMH-ADM",
                    name="Admin Office",
                    directorate=None,
                    setting_type=SettingType.NON_CLINICAL_SUPPORT,
                    active=False,
                ),
                Location(
                    site_id=site.id,
                    code="FMH-KEEP",
                    name="Not in the file",
                    setting_type=SettingType.COMMUNITY,
                ),
            ]
        )
    original = rows(db)
    path = write(
        tmp_path / "changes.csv",
        [
            [
                "FMH",
                "Fairview Hospital",
                "fmh-w7",
                "Ward 7 Acute Admissions",
                "Adult Mental Health",
                "Inpatient MH",
                "No",
            ],
            ["NG", "Northgate", "FMH-ADM", "Admin Office", "", "Non-clinical", "0"],
            ["NG", "", "NG-ED", "Emergency Department", "", "ED", ""],
        ],
    )
    result = import_locations(db, LEAD, path)  # type: ignore[arg-type]
    assert result.ok, result.problems
    assert result.counts == {
        "locations": 1,
        "locations updated": 2,
        "unchanged": 0,
        "new sites": 1,
        "sites updated": 1,
    }
    assert any(
        "1 location(s) already in VPR Desktop are not in this file" in n for n in result.notes
    )
    assert places(db) == {
        "FMH-W7": (
            "FMH",
            "Ward 7 Acute Admissions",
            "Adult Mental Health",
            SettingType.INPATIENT_MENTAL_HEALTH,
            False,
        ),
        "FMH-ADM": ("NG", "Admin Office", None, SettingType.NON_CLINICAL_SUPPORT, False),
        "FMH-KEEP": ("FMH", "Not in the file", None, SettingType.COMMUNITY, True),
        "NG-ED": ("NG", "Emergency Department", None, SettingType.EMERGENCY_DEPARTMENT, True),
    }
    with reading(db) as s:  # type: ignore[arg-type]
        assert s.scalar(select(Site.name).where(Site.code == "FMH")) == "Fairview Hospital"

    undone = undo_locations_import(db, LEAD, result.batch_id)  # type: ignore[arg-type]
    assert undone == {"locations removed": 1, "sites removed": 1, "records restored": 3}
    assert rows(db) == original
    with reading(db) as s:  # type: ignore[arg-type]
        assert s.get(ImportBatch, result.batch_id).outcome == ImportOutcome.UNDONE


def test_undo_refused_once_an_assignment_uses_a_created_location(
    db: object, tmp_path: Path
) -> None:
    result = import_locations(db, LEAD, write(tmp_path / "l.csv", GOOD))  # type: ignore[arg-type]
    assert result.ok
    with UnitOfWork(db, LEAD) as uow:  # type: ignore[arg-type]
        s = uow.session
        ward = s.scalar(select(Location).where(Location.code == "NG-ED"))
        group = StaffGroup(code="NMR", name="Nursing and Midwifery Registered")
        person = Person(employee_number="1001", first_name="Jane", last_name="Smith")
        s.add_all([group, person])
        s.flush()
        s.add(
            Assignment(
                person_id=person.id,
                assignment_number="1001",
                staff_group_id=group.id,
                location_id=ward.id,
            )
        )
    before = rows(db)
    with pytest.raises(ValidationError) as caught:
        undo_locations_import(db, LEAD, result.batch_id)  # type: ignore[arg-type]
    assert "1 assignment(s)" in caught.value.message
    assert "cannot be undone" in caught.value.message
    assert rows(db) == before
    with reading(db) as s:  # type: ignore[arg-type]
        assert s.get(ImportBatch, result.batch_id).outcome == ImportOutcome.COMMITTED


def test_excel_list_with_true_false_and_numeric_codes(db: object, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Trust locations, run 01/07/2026"])
    ws.append([])
    ws.append(["Site", "Site Name", "Cost Centre", "Ward", "Division", "Service Type", "In Use"])
    ws.append(
        ["FMH", "Fairview Hospital", 10432, "Ward 7", "Adult MH", "Inpatient mental health", True]
    )
    ws.append(["FMH", None, 10433.0, "Ward 8", None, "Learning disability", False])
    path = tmp_path / "locations.xlsx"
    wb.save(path)
    result = import_locations(db, LEAD, path)  # type: ignore[arg-type]
    assert result.ok, result.problems
    assert places(db) == {
        "10432": ("FMH", "Ward 7", "Adult MH", SettingType.INPATIENT_MENTAL_HEALTH, True),
        "10433": ("FMH", "Ward 8", None, SettingType.LEARNING_DISABILITY, False),
    }


def test_needs_the_import_permission(db: object, tmp_path: Path) -> None:
    with pytest.raises(PermissionDeniedError):
        import_locations(db, STAFF_SIDE, write(tmp_path / "l.csv", GOOD))  # type: ignore[arg-type]
