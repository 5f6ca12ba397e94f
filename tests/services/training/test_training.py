"""Training compliance for a hand-built ward (issue 6, acceptance 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.services.training.training_fixtures import AS_OF
from tests.services.training.training_fixtures import LEAD
from tests.services.training.training_fixtures import STAFF_SIDE
from tests.services.training.training_fixtures import add_records
from tests.services.training.training_fixtures import build_ward
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.services.training.service import TrainingService

D = dt.date


def test_ward_compliance_exact_and_expiring(db: object) -> None:
    w = build_ward(db)
    add_records(
        db,
        w,
        [
            ("0012", "CR", D(2024, 2, 29), D(2027, 2, 27)),  # in date
            ("1012", "CR", D(2023, 7, 20), D(2026, 7, 19)),  # in date, expires in 19 days
            ("1012-2", "CR", D(2022, 1, 1), D(2024, 12, 31)),  # expired
            ("2000", "CR", D(2023, 7, 1), D(2026, 7, 30)),  # expires in 30 days (edge, in)
            ("2000", "BRK", D(2025, 8, 5), D(2026, 8, 4)),  # BRK: expires in 35 days
            ("3000", "FIRE", D(2025, 1, 1), D(2027, 1, 1)),  # held, not required
        ],
    )
    svc = TrainingService(db, LEAD)  # type: ignore[arg-type]
    rows = svc.compliance(AS_OF, location_id=w.ward)
    cr = next(r for r in rows if r.course_name.startswith("Conflict"))
    # 4 nurse assignments (3 people) need CR; 3 in date -> 75.0% against 85%.
    assert (cr.required, cr.compliant, cr.people) == (4, 3, 3)
    assert cr.percent == pytest.approx(75.0) and cr.below_target
    brk = next(r for r in rows if r.course_name.startswith("Breakaway"))
    assert (brk.required, brk.compliant) == (4, 1) and brk.percent == 25.0
    soon = svc.expiring(30, AS_OF)
    assert [(e.assignment_number, e.course_name, e.expires_on) for e in soon] == [
        ("1012", "Conflict Resolution (CSTF)", D(2026, 7, 19)),
        ("2000", "Conflict Resolution (CSTF)", D(2026, 7, 30)),
    ]
    assert svc.expiring_counts(AS_OF)["Breakaway Techniques"] == {30: 0, 60: 1, 90: 1}
    status = {
        (s.assignment_number, s.course_name): s.status
        for s in svc.person_status(w.people["1012"], AS_OF)
    }
    assert status[("1012-2", "Conflict Resolution (CSTF)")] == "expired"
    assert status[("1012", "Breakaway Techniques")] == "missing"
    office = {s.course_name: s.status for s in svc.person_status(w.people["3000"], AS_OF)}
    assert office == {"Conflict Resolution (CSTF)": "missing", "Fire Safety": "held_not_required"}
    below = {(r.course_name, r.staff_group_name) for r in svc.staff_groups_below_target(AS_OF)}
    assert ("Conflict Resolution (CSTF)", "Administrative and Clerical") in below
    by_loc = svc.compliance_by_course_location(AS_OF)
    assert any(r.location_id == w.office and r.required == 1 and r.compliant == 0 for r in by_loc)


def test_names_need_permission_and_grid_edits(db: object) -> None:
    w = build_ward(db)
    rep = TrainingService(db, STAFF_SIDE)  # type: ignore[arg-type]
    assert rep.compliance(AS_OF)  # aggregates allowed
    with pytest.raises(PermissionDeniedError):
        rep.expiring(30, AS_OF)
    with pytest.raises(PermissionDeniedError):
        rep.person_status(w.people["0012"], AS_OF)
    svc = TrainingService(db, LEAD)  # type: ignore[arg-type]
    svc.set_needs_cell(
        w.admin, SettingType.NON_CLINICAL_SUPPORT, [w.courses["CR"], w.courses["FIRE"]]
    )
    cell = next(
        c
        for c in svc.needs_grid()
        if c.staff_group_id == w.admin and c.setting_type is SettingType.NON_CLINICAL_SUPPORT
    )
    assert set(cell.course_ids) == {w.courses["CR"], w.courses["FIRE"]}
    c = svc.save_course(
        code="LONE",
        name="Lone Working",
        refresher_months=36,
        esr_competencies=["457|LOCAL|Lone Working - 3 Years|"],
        target_percent=90,
    )
    assert c.target_percent == 90 and c.esr_competencies == ("457|LOCAL|Lone Working - 3 Years|",)
