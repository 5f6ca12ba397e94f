"""Issue 17: in an ESR competence export, "this competence is course X" -- a competence no
course lists, left out by default and named with its rows, is mapped to a course (or its rows
left out by choice) through a value map, saved and applied by name; SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from tests.services.training.test_training_import import good_rows
from tests.services.training.test_training_import import write
from tests.services.training.training_fixtures import LEAD
from tests.services.training.training_fixtures import build_ward
from vpr_desktop.services.importing.value_map import ValueChoice
from vpr_desktop.services.importing.value_map import ValueMap
from vpr_desktop.services.training.esr_import import TrainingImports

LOCAL_CR = "Conflict Resolution (trust e-learning)"
FIRE = "NHS|CSTF|Information Governance|1 Year|"


def test_competence_mapped_to_a_course_or_left_out_by_choice(db: object, tmp_path: Path) -> None:
    build_ward(db)
    imports = TrainingImports(db, LEAD)  # type: ignore[arg-type]
    rows = good_rows(12)
    for k in (1, 4):
        rows[k][4] = LOCAL_CR
    rows[8][4] = FIRE
    path = write(tmp_path / "esr.csv", rows)

    first = imports.run("training", path, dry_run=True)
    assert first.ok and first.counts["left out (not in the catalogue)"] == 3
    assert first.defaulted == {"competence": {LOCAL_CR: 2, FIRE: 1}}
    assert first.defaulted_as == {"competence": "left out (no course lists it)"}

    mapping = imports.value_mapping("training")
    kinds = {k.what: k for k in mapping.kinds()}
    assert "CR" in {t.key for t in kinds["competence"].targets}

    values = ValueMap()
    values.set("competence", LOCAL_CR, ValueChoice("map", "CR"))
    values.set("competence", FIRE, ValueChoice("leave_out"))
    check = imports.run("training", path, dry_run=True, values=values)
    assert check.ok and check.counts["new records"] == 11
    assert check.counts["left out as chosen"] == 1
    assert check.mapped == {"competence": {LOCAL_CR: 2, FIRE: 1}}
    assert check.defaulted == {}

    mapping.save_profile("ESR monthly", values, check.headers)
    done = imports.run("training", path, dry_run=False, value_profile="ESR monthly")
    assert done.ok and done.counts["new records"] == 11
    assert any(f"left out as chosen: competence '{FIRE}' (1 row)" in n for n in done.notes)


def test_staff_groups_and_organisations_mapped_created_or_left_out(
    db: object, tmp_path: Path
) -> None:
    """A staff list naming a group its own way and organisations no location matches: the
    group is mapped, one organisation becomes a new location, another's rows are left out."""
    from sqlalchemy import select

    from vpr_desktop.domain.models import Assignment
    from vpr_desktop.domain.models import Location
    from vpr_desktop.services.common.unit_of_work import reading

    build_ward(db)
    imports = TrainingImports(db, LEAD)  # type: ignore[arg-type]
    staff = [
        ["7001", "Ada Stone", "Nursing & Midwifery Reg", "123 Ward 9 Older Adults"],
        ["7002", "Bo Tran", "Nursing and Midwifery Registered", "123 Ward 9 Older Adults"],
        ["7003", "Cy Park", "Nursing and Midwifery Registered", "Head Office"],
        ["7004", "Di Lowe", "Nursing and Midwifery Registered", "123 Ward 7 Acute Admissions"],
    ]
    path = write(tmp_path / "staff.csv", [[*p, "", "", "", ""] for p in staff])
    first = imports.run("staff", path, dry_run=True)
    assert not first.ok
    assert first.unknown == {"staff group": {"Nursing & Midwifery Reg": 1}}
    assert first.defaulted == {"organisation": {"123 Ward 9 Older Adults": 2, "Head Office": 1}}
    kinds = {k.what: k for k in imports.value_mapping("staff").kinds()}
    assert "NMR" in {t.key for t in kinds["staff group"].targets}
    assert kinds["organisation"].create == "location"

    values = ValueMap()
    values.set("staff group", "Nursing & Midwifery Reg", ValueChoice("map", "NMR"))
    values.set(
        "organisation",
        "123 Ward 9 Older Adults",
        ValueChoice(
            "create",
            new={"name": "Ward 9", "site": "FMH", "setting_type": "inpatient_mental_health"},
        ),
    )
    values.set("organisation", "Head Office", ValueChoice("leave_out"))
    done = imports.run("staff", path, dry_run=False, values=values)
    assert done.ok, done.problems
    assert done.counts["new assignments"] == 3 and done.counts["left out as chosen"] == 1
    assert done.counts["new locations"] == 1
    with reading(db) as s:  # type: ignore[arg-type]
        ward9 = s.scalar(select(Location).where(Location.name == "Ward 9"))
        assert ward9 is not None and ward9.site.code == "FMH"
        placed = dict(s.execute(select(Assignment.assignment_number, Assignment.location_id)).all())
    assert placed["7001"] == placed["7002"] == ward9.id
    assert "7003" not in placed


def test_a_competence_becomes_a_new_course_with_its_needs_rule(db: object, tmp_path: Path) -> None:
    """Issue 17 (create from the value step): a trust's own course in the export becomes a new
    course -- renewal months, the same needs as a course already in the needs analysis, the
    file's wording as its ESR name -- only when the import commits; saved choices applied
    again find the course instead of adding a second one."""
    from sqlalchemy import func
    from sqlalchemy import select

    from vpr_desktop.domain.models import Course
    from vpr_desktop.domain.models import TrainingRecord
    from vpr_desktop.domain.models import TrainingRequirement
    from vpr_desktop.services.common.unit_of_work import reading

    cr = build_ward(db).courses["CR"]
    imports = TrainingImports(db, LEAD)  # type: ignore[arg-type]
    pmva = "PMVA Full Team Teach"
    rows = good_rows(12)
    for k in (2, 5, 7):
        rows[k][4] = pmva
    path = write(tmp_path / "esr.csv", rows)
    kinds = {k.what: k for k in imports.value_mapping("training").kinds()}
    course = kinds["competence"]
    assert course.create == "course" and "refresher_months" in course.fields
    needs = {t.key: t.label for t in course.create_options["needs"]}
    assert needs["like:CR"] == "The same staff as Conflict Resolution (CSTF)"
    assert {"needs", "refresher_months"} <= set(course.optional)

    def course_counts() -> tuple[int, int, int]:
        with reading(db) as s:  # type: ignore[arg-type]
            pm = s.scalar(select(Course.id).where(Course.name == "PMVA Team Teach"))
            return (
                s.scalar(select(func.count()).select_from(Course)) or 0,
                s.scalar(select(func.count()).where(TrainingRequirement.course_id == pm)) or 0,
                s.scalar(select(func.count()).where(TrainingRecord.course_id == pm)) or 0,
            )

    before = course_counts()
    values = ValueMap()
    values.set(
        "competence",
        pmva,
        ValueChoice(
            "create",
            new={"name": "PMVA Team Teach", "refresher_months": "12", "needs": "like:CR"},
        ),
    )
    check = imports.run("training", path, dry_run=True, values=values)
    assert check.ok and check.counts["new courses"] == 1
    assert course_counts() == before  # a check adds no course
    imports.value_mapping("training").save_profile("ESR monthly", values, check.headers)
    done = imports.run("training", path, dry_run=False, value_profile="ESR monthly")
    assert done.ok, done.problems
    assert "New courses added as chosen: PMVA Team Teach." in done.notes
    with reading(db) as s:  # type: ignore[arg-type]
        new = s.scalar(select(Course).where(Course.name == "PMVA Team Teach"))
        assert new is not None
        assert (new.code, new.refresher_months, new.esr_competencies) == (
            "PMVA-TEAM-TEACH",
            12,
            [pmva],
        )
        like = s.scalar(select(func.count()).where(TrainingRequirement.course_id == cr))
    assert course_counts() == (before[0] + 1, like, 3)
    again = imports.run("training", path, dry_run=True, value_profile="ESR monthly")
    assert again.ok and "new courses" not in again.counts  # found by its code
    assert course_counts()[0] == before[0] + 1


def test_an_unknown_staff_group_becomes_a_new_group(db: object, tmp_path: Path) -> None:
    """A staff group the catalogue lacks is created (its ESR label the file's wording) when
    the staff list is imported, and its people are placed in it."""
    from sqlalchemy import select

    from vpr_desktop.domain.models import Assignment
    from vpr_desktop.domain.models import StaffGroup
    from vpr_desktop.services.common.unit_of_work import reading

    build_ward(db)
    imports = TrainingImports(db, LEAD)  # type: ignore[arg-type]
    label = "Volunteers and Peer Support"
    staff = [["7101", "Ed Moss", label, ""], ["7102", "Fi Hale", label, ""]]
    path = write(tmp_path / "staff.csv", [[*p, "", "", "", ""] for p in staff])
    kinds = {k.what: k for k in imports.value_mapping("staff").kinds()}
    assert kinds["staff group"].create == "staff group"
    values = ValueMap()
    values.set(
        "staff group", label, ValueChoice("create", new={"name": "Volunteers", "clinical": "no"})
    )
    check = imports.run("staff", path, dry_run=True, values=values)
    assert check.ok, check.problems
    with reading(db) as s:  # type: ignore[arg-type]
        assert s.scalar(select(StaffGroup).where(StaffGroup.name == "Volunteers")) is None
    done = imports.run("staff", path, dry_run=False, values=values)
    assert done.ok, done.problems
    assert done.counts["new staff groups"] == 1
    assert "New staff groups added as chosen: Volunteers." in done.notes
    with reading(db) as s:  # type: ignore[arg-type]
        group = s.scalar(select(StaffGroup).where(StaffGroup.name == "Volunteers"))
        assert group is not None
        assert (group.code, group.esr_label, group.clinical) == ("VOLUNTEERS", label, False)
        placed = set(
            s.scalars(
                select(Assignment.assignment_number).where(Assignment.staff_group_id == group.id)
            )
        )
    assert placed == {"7101", "7102"}
