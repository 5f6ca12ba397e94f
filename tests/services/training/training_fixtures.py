"""A hand-built ward for the training tests: one site, two locations, courses, people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import Course
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.domain.models import TrainingRequirement
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
STAFF_SIDE = Actor("rep", "Robin Rep", frozenset({Role.STAFF_SIDE_REP}))
AS_OF = dt.date(2026, 6, 30)


@dataclass
class Ward:
    ward: int
    office: int
    nurses: int
    admin: int
    courses: dict[str, int]
    assignments: dict[str, int]
    people: dict[str, int]


def build_ward(db: object) -> Ward:
    """Ward 7 (inpatient MH): 4 nurse assignments (3 people; one holds 2 posts there) and an
    admin office (non-clinical). CR for everyone, BRK for nurses on the ward."""
    with UnitOfWork(db, LEAD) as uow:  # type: ignore[arg-type]
        s = uow.session
        site = Site(code="FMH", name="Fairview")
        s.add(site)
        s.flush()
        ward = Location(
            site_id=site.id,
            code="FMH-W7",
            name="Ward 7 Acute Admissions",
            setting_type=SettingType.INPATIENT_MENTAL_HEALTH,
        )
        office = Location(
            site_id=site.id,
            code="FMH-ADM",
            name="111 Call Centre",
            setting_type=SettingType.NON_CLINICAL_SUPPORT,
        )
        nmr = StaffGroup(
            code="NMR",
            name="Nursing and Midwifery Registered",
            esr_label="Nursing and Midwifery Registered",
        )
        adm = StaffGroup(code="ADMIN", name="Administrative and Clerical", clinical=False)
        s.add_all([ward, office, nmr, adm])
        s.flush()
        courses = {
            "CR": Course(
                code="CR",
                name="Conflict Resolution (CSTF)",
                refresher_months=36,
                esr_competencies=["NHS|CSTF|Conflict Resolution|3 Years|"],
            ),
            "FIRE": Course(
                code="FIRE",
                name="Fire Safety",
                refresher_months=24,
                esr_competencies=["NHS|CSTF|Fire Safety - 2 Years|"],
            ),
            "BRK": Course(
                code="BRK",
                name="Breakaway Techniques",
                refresher_months=12,
                esr_competencies=["457|LOCAL|Breakaway Techniques|"],
            ),
        }
        s.add_all(courses.values())
        s.flush()
        for setting in (SettingType.INPATIENT_MENTAL_HEALTH, SettingType.NON_CLINICAL_SUPPORT):
            for g in (nmr, adm):
                s.add(
                    TrainingRequirement(
                        course_id=courses["CR"].id, staff_group_id=g.id, setting_type=setting
                    )
                )
        s.add(
            TrainingRequirement(
                course_id=courses["BRK"].id,
                staff_group_id=nmr.id,
                setting_type=SettingType.INPATIENT_MENTAL_HEALTH,
            )
        )
        people = {
            "0012": Person(employee_number="0012", first_name="Jane", last_name="Smith"),
            "1012": Person(employee_number="1012", first_name="Siân", last_name="O’Connor"),
            "2000": Person(employee_number="2000", first_name="Ben", last_name="Fraser"),
            "3000": Person(employee_number="3000", first_name="Kemi", last_name="Brooks"),
        }
        s.add_all(people.values())
        s.flush()
        spec = [
            ("0012", "0012", nmr, ward),
            ("1012", "1012", nmr, ward),
            ("1012-2", "1012", nmr, ward),
            ("2000", "2000", nmr, ward),
            ("3000", "3000", adm, office),
        ]
        assignments = {}
        for number, emp, g, loc in spec:
            a = Assignment(
                person_id=people[emp].id,
                assignment_number=number,
                staff_group_id=g.id,
                location_id=loc.id,
                primary="-" not in number,
                start_date=dt.date(2020, 1, 1),
            )
            s.add(a)
            assignments[number] = a
        s.flush()
        return Ward(
            ward.id,
            office.id,
            nmr.id,
            adm.id,
            {k: c.id for k, c in courses.items()},
            {k: a.id for k, a in assignments.items()},
            {k: p.id for k, p in people.items()},
        )


def add_records(
    db: object, ward: Ward, rows: list[tuple[str, str, dt.date, dt.date | None]]
) -> None:
    with UnitOfWork(db, LEAD) as uow:  # type: ignore[arg-type]
        for number, course, done, exp in rows:
            uow.session.add(
                TrainingRecord(
                    assignment_id=ward.assignments[number],
                    course_id=ward.courses[course],
                    completed_on=done,
                    expires_on=exp,
                )
            )
