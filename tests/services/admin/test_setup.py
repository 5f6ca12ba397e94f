"""Setting up a new trust (issue 17): each step writes its rows and its progress in one
transaction, the progress says where to resume, and skipping is remembered; SQLite and
PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Course
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.models import TrainingRequirement
from vpr_desktop.services.admin import setup
from vpr_desktop.services.admin.trust_settings import load as load_settings
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import reading

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
CHAIR = Actor("chair", "Chris Chair", frozenset({Role.COMMITTEE_CHAIR}))


def count(db: object, model: object) -> int:
    with reading(db) as s:  # type: ignore[arg-type]
        return int(s.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def test_steps_write_their_rows_and_progress(db: object) -> None:
    state = setup.setup_state(db, LEAD)  # type: ignore[arg-type]
    assert (state.status, state.done, state.empty, state.offered) == ("new", (), True, True)
    assert state.next_step == 0

    state = setup.save_trust(db, LEAD, "Northgate NHS Foundation Trust", "rxx")  # type: ignore[arg-type]
    assert load_settings(db).trust_name == "Northgate NHS Foundation Trust"  # type: ignore[arg-type]
    assert (state.status, state.done, state.trust_code, state.next_step) == (
        "started",
        ("trust",),
        "RXX",
        1,
    )
    with pytest.raises(ValidationError):
        setup.save_trust(db, LEAD, "Northgate", "R X-1")  # type: ignore[arg-type]

    rows = setup.place_rows(
        "Site\tLocation\tSetting type\n"
        "Northgate Hospital\tWard 7\tAcute ward\n"
        "Southfield\tWard 7\tInpatient mental health\n"
        "Northgate Hospital\tEmergency Department\tA&E\tNG-ED\n"
    )
    assert [r.name for r in rows] == ["Ward 7", "Ward 7", "Emergency Department"]
    with pytest.raises(ValidationError) as bad:
        setup.save_places(db, LEAD, [*rows, setup.NewPlace("Southfield", "Ward 8", "")])  # type: ignore[arg-type]
    assert "row 4 has no setting type chosen" in bad.value.message
    assert count(db, Location) == 0  # nothing written when a row has a problem
    state = setup.save_places(db, LEAD, rows)  # type: ignore[arg-type]
    assert state.done == ("trust", "places") and not state.empty
    with reading(db) as s:  # type: ignore[arg-type]
        placed = sorted(
            s.execute(
                select(Site.name, Location.code, Location.name, Location.setting_type).join(
                    Site, Location.site_id == Site.id
                )
            ).all()
        )
    assert [(site, code, name, st.value) for site, code, name, st in placed] == [
        ("Northgate Hospital", "NG-ED", "Emergency Department", "emergency_department"),
        ("Northgate Hospital", "NORTHGATE-HOSPITAL-WARD-7", "Ward 7", "acute_ward"),
        ("Southfield", "SOUTHFIELD-WARD-7", "Ward 7", "inpatient_mental_health"),
    ]

    added, state = setup.add_catalogue(db, LEAD)  # type: ignore[arg-type]
    assert added.staff_groups == 9 and added.courses == count(db, Course) > 0
    assert count(db, StaffGroup) == 9 and count(db, TrainingRequirement) == added.needs > 0
    assert state.next_step == 3

    state = setup.mark_step(db, LEAD, "standard")  # type: ignore[arg-type]
    state = setup.end_setup(db, LEAD, finished=True)  # type: ignore[arg-type]
    assert state.status == "finished" and not state.offered


def test_skipped_is_not_offered_again_and_others_may_not_set_up(db: object) -> None:
    assert not setup.may_set_up(CHAIR) and setup.may_set_up(LEAD)
    with pytest.raises(PermissionDeniedError):
        setup.save_trust(db, CHAIR, "A trust", "")  # type: ignore[arg-type]
    state = setup.end_setup(db, LEAD, finished=False)  # type: ignore[arg-type]
    assert state.status == "skipped" and state.empty and not state.offered


def test_organisations_of_a_staff_export(db: object, tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [
                ["Assignment Number", "Employee Name", "Staff Group", "Organisation"],
                ["1", "Smith, Ann", "NMR", "123 Ward 9 Older Adults"],
                ["2", "Jones, Bo", "NMR", "123 Ward 9 Older Adults"],
                ["3", "Khan, Cy", "ADMIN", "Head Office"],
                ["4", "Lee, Di", "NMR", "456 Ward 7"],
            ]
        )
    setup.save_places(db, LEAD, [setup.NewPlace("NG", "Ward 7", "acute_ward")])  # type: ignore[arg-type]
    assert setup.organisations(db, LEAD, path) == [  # type: ignore[arg-type]
        ("Ward 9 Older Adults", 2),
        ("Head Office", 1),
    ]
