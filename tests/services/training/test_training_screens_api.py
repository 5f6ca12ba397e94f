"""The training screens' service calls (issue 6, session 2) on a hand-built ward, both backends.

The ward (tests/services/training_fixtures.py): Ward 7 (inpatient MH) has four nurse
assignments -- 0012 Jane Smith, 1012 and 1012-2 Siân O’Connor, 2000 Ben Fraser -- needing CR and
BRK; the 111 Call Centre (non-clinical) has 3000 Kemi Brooks (admin) needing CR.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from tests.services.training.training_fixtures import AS_OF
from tests.services.training.training_fixtures import LEAD
from tests.services.training.training_fixtures import STAFF_SIDE
from tests.services.training.training_fixtures import Ward
from tests.services.training.training_fixtures import add_records
from tests.services.training.training_fixtures import build_ward
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import ComplianceTarget
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.container import Services
from vpr_desktop.services.training.esr_import import TrainingImports
from vpr_desktop.services.training.service import TrainingService

D = dt.date
CR, BRK = "Conflict Resolution (CSTF)", "Breakaway Techniques"


def ward_with_records(db: object) -> Ward:
    w = build_ward(db)
    add_records(
        db,
        w,
        [
            ("0012", "CR", D(2024, 2, 29), D(2027, 2, 27)),  # in date
            ("1012", "CR", D(2023, 7, 20), D(2026, 7, 19)),  # in date, expires in 19 days
            ("1012-2", "CR", D(2022, 1, 1), D(2024, 12, 31)),  # expired
            ("2000", "CR", D(2023, 7, 1), D(2026, 7, 30)),  # expires in 30 days
            ("2000", "BRK", D(2025, 8, 5), D(2026, 8, 4)),  # in date, 35 days
            ("3000", "FIRE", D(2025, 1, 1), D(2027, 1, 1)),  # held, not required
        ],
    )
    return w


def svc(db: object, actor: object = LEAD) -> TrainingService:
    return TrainingService(db, actor)  # type: ignore[arg-type]


def test_reference_lists_sorted_with_settings_in_enum_order(db: object) -> None:
    w = build_ward(db)
    ref = svc(db, STAFF_SIDE).reference()  # aggregates permission is enough
    assert ref.staff_groups == (
        (w.admin, "Administrative and Clerical"),
        (w.nurses, "Nursing and Midwifery Registered"),
    )
    assert ref.locations == (
        (w.office, "111 Call Centre", SettingType.NON_CLINICAL_SUPPORT),
        (w.ward, "Ward 7 Acute Admissions", SettingType.INPATIENT_MENTAL_HEALTH),
    )
    assert [s for s, _ in ref.settings] == list(SettingType)
    assert ref.settings[0] == (SettingType.INPATIENT_MENTAL_HEALTH, "Inpatient mental health")
    assert (
        dict(ref.settings)[SettingType.AMBULANCE_CALL_HANDLING] == "Ambulance / 111 call handling"
    )


def test_compliance_by_course_sql_and_from_rows(db: object) -> None:
    w = ward_with_records(db)
    s = svc(db)
    rows = s.compliance_by_course(AS_OF)
    assert [(r.course_name, r.required, r.compliant, r.people) for r in rows] == [
        (BRK, 4, 1, 3),  # 4 nurse assignments (3 people), only 2000 holds it
        (CR, 5, 3, 4),  # + the office admin (missing); 1012-2 expired
    ]
    assert all(
        (r.location_id, r.location_name, r.staff_group_id, r.staff_group_name)
        == (None, "(all locations)", 0, "(all staff groups)")
        for r in rows
    )
    assert rows[1].percent == pytest.approx(60.0) and rows[1].target_percent == 85.0
    # The same figures from rows the caller already has (packs reuse one compliance()).
    again = s.compliance_by_course(AS_OF, rows=s.compliance(AS_OF))
    assert [(r.course_name, r.required, r.compliant, r.people) for r in again] == [
        (BRK, 4, 1, 3),
        (CR, 5, 3, 4),
    ]
    office = s.compliance_by_course(AS_OF, location_id=w.office)
    assert [
        (r.course_name, r.required, r.compliant, r.location_id, r.location_name) for r in office
    ] == [(CR, 1, 0, w.office, "111 Call Centre")]
    nurses = s.compliance_by_course(AS_OF, staff_group_id=w.nurses, location_id=w.ward)
    assert [(r.course_name, r.required, r.compliant, r.staff_group_name) for r in nurses] == [
        (BRK, 4, 1, "Nursing and Midwifery Registered"),
        (CR, 4, 3, "Nursing and Midwifery Registered"),
    ]
    from_rows = s.compliance_by_course(AS_OF, staff_group_id=w.admin, rows=s.compliance(AS_OF))
    assert [(r.course_name, r.required, r.compliant) for r in from_rows] == [(CR, 1, 0)]


def test_compliance_people_exact_names_per_status(db: object) -> None:
    w = ward_with_records(db)
    s = svc(db)
    cr = w.courses["CR"]
    gaps = s.compliance_people(cr, as_of=AS_OF)
    assert [
        (p.name, p.assignment_number, p.status, p.completed_on, p.expires_on) for p in gaps
    ] == [
        ("Kemi Brooks", "3000", "missing", None, None),
        ("Siân O’Connor", "1012-2", "expired", D(2022, 1, 1), D(2024, 12, 31)),
    ]
    assert (gaps[0].employee_number, gaps[0].location_name, gaps[0].staff_group_name) == (
        "3000",
        "111 Call Centre",
        "Administrative and Clerical",
    )
    ok = s.compliance_people(cr, as_of=AS_OF, status="compliant", location_id=w.ward)
    assert [(p.name, p.assignment_number, p.status) for p in ok] == [
        ("Ben Fraser", "2000", "in_date"),
        ("Siân O’Connor", "1012", "in_date"),
        ("Jane Smith", "0012", "in_date"),
    ]
    soon = s.compliance_people(cr, as_of=AS_OF, status="expiring", within_days=30)
    assert [(p.name, p.expires_on) for p in soon] == [
        ("Ben Fraser", D(2026, 7, 30)),
        ("Siân O’Connor", D(2026, 7, 19)),
    ]
    assert [
        p.name for p in s.compliance_people(cr, as_of=AS_OF, status="expiring", within_days=20)
    ] == ["Siân O’Connor"]
    brk = s.compliance_people(w.courses["BRK"], as_of=AS_OF, staff_group_id=w.nurses)
    assert [(p.name, p.assignment_number, p.status) for p in brk] == [
        ("Siân O’Connor", "1012", "missing"),
        ("Siân O’Connor", "1012-2", "missing"),
        ("Jane Smith", "0012", "missing"),
    ]
    assert len(s.compliance_people(w.courses["BRK"], as_of=AS_OF, limit=2)) == 2
    # FIRE is held by 3000 but required of nobody: no one is behind its figure.
    assert s.compliance_people(w.courses["FIRE"], as_of=AS_OF, status="compliant") == []
    with pytest.raises(ValidationError, match="not a compliance status"):
        s.compliance_people(cr, as_of=AS_OF, status="overdue")
    with pytest.raises(PermissionDeniedError):
        svc(db, STAFF_SIDE).compliance_people(cr, as_of=AS_OF)


def test_search_people_by_number_name_and_left(db: object) -> None:
    w = build_ward(db)
    s = svc(db)
    hits = s.search_people("0012")  # leading zeros kept: text, not a number
    assert [(h.name, h.employee_number, h.assignments) for h in hits] == [
        ("Jane Smith", "0012", ("0012",))
    ]
    assert (hits[0].location_name, hits[0].staff_group_name, hits[0].left) == (
        "Ward 7 Acute Admissions",
        "Nursing and Midwifery Registered",
        False,
    )
    assert [h.assignments for h in s.search_people("1012-2")] == [("1012", "1012-2")]
    assert [h.name for h in s.search_people("SMITH")] == ["Jane Smith"]
    assert [h.name for h in s.search_people("jane smi")] == ["Jane Smith"]
    assert [h.name for h in s.search_people("")] == [
        "Kemi Brooks",
        "Ben Fraser",
        "Siân O’Connor",
        "Jane Smith",
    ]
    assert [h.name for h in s.search_people("", limit=2)] == ["Kemi Brooks", "Ben Fraser"]
    assert s.search_people("%") == [] and s.search_people("_") == []  # taken literally
    with UnitOfWork(db, LEAD) as uow:  # type: ignore[arg-type]
        uow.session.execute(
            update(Assignment)
            .where(Assignment.id == w.assignments["3000"])
            .values(end_date=D(2024, 3, 31))
        )
    gone = s.person_summary(w.people["3000"])
    assert (gone.name, gone.left, gone.location_name) == ("Kemi Brooks", True, "111 Call Centre")
    assert s.person_summary(w.people["1012"]).assignments == ("1012", "1012-2")
    with pytest.raises(NotFoundError):
        s.person_summary(999_999)
    with pytest.raises(PermissionDeniedError):
        svc(db, STAFF_SIDE).search_people("smith")


def test_set_target_per_course_and_per_location(db: object) -> None:
    w = ward_with_records(db)
    s = svc(db)
    cr = w.courses["CR"]

    def targets() -> dict[int | None, float]:
        return {r.location_id: r.target_percent for r in s.compliance(AS_OF, course_id=cr)}

    assert targets() == {w.ward: 85.0, w.office: 85.0}
    s.set_target(cr, 70, location_id=w.ward)
    assert targets() == {w.ward: 70.0, w.office: 85.0}
    ward_row = next(r for r in s.compliance(AS_OF, course_id=cr) if r.location_id == w.ward)
    assert ward_row.percent == pytest.approx(75.0) and not ward_row.below_target
    s.set_target(cr, 90)  # the course's own target: every location without its own
    assert targets() == {w.ward: 70.0, w.office: 90.0}
    s.set_target(cr, 72.5, location_id=w.ward)  # upsert, not a second row
    assert targets() == {w.ward: 72.5, w.office: 90.0}
    assert s.compliance_by_course(AS_OF, location_id=w.ward)[1].target_percent == 72.5
    assert s.compliance_by_course(AS_OF)[1].target_percent == 90.0
    assert next(c for c in s.courses() if c.id == cr).target_percent == 90.0
    with reading(db) as ses:  # type: ignore[arg-type]
        assert ses.scalar(select(func.count()).select_from(ComplianceTarget)) == 1
        assert (
            ses.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.entity == "compliance_target")
            )
            == 2
        )  # created, then updated
    for bad in (101, -1, float("nan")):
        with pytest.raises(ValidationError):
            s.set_target(cr, bad)
    with pytest.raises(NotFoundError):
        s.set_target(cr, 50, location_id=999_999)
    with pytest.raises(PermissionDeniedError):
        svc(db, STAFF_SIDE).set_target(cr, 50)


def test_container_hands_out_the_training_services(db: object) -> None:
    services = Services(db=db, actor=LEAD, summary=None, backups=None)  # type: ignore[arg-type]
    assert isinstance(services.training(), TrainingService)
    imports = services.training_imports()
    assert isinstance(imports, TrainingImports)
    assert set(imports.formats()) == {"staff", "training"}
