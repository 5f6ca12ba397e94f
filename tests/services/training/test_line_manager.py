"""Line managers (issue 18), on SQLite and PostgreSQL: an ESR staff list's supervisor column
sets each person's line manager (by the manager's assignment or employee number), a new
incident's support steps then default to that manager, undo puts the previous managers back,
and a lead can set or clear a person's manager by hand."""

# ruff: noqa: F811  (the fixtures ref and svc come from the incident service tests)

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.services.incidents.test_incidents import CHAIR
from tests.services.incidents.test_incidents import LEAD
from tests.services.incidents.test_incidents import Ref
from tests.services.incidents.test_incidents import physical
from tests.services.incidents.test_incidents import ref  # noqa: F401
from tests.services.incidents.test_incidents import svc  # noqa: F401
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Person
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.service import IncidentService
from vpr_desktop.services.training.esr_import import import_staff
from vpr_desktop.services.training.esr_import import undo_staff_import
from vpr_desktop.services.training.service import TrainingService

HEADER = [
    "Assignment Number",
    "Employee Name",
    "Staff Group",
    "Organisation",
    "Supervisor Assignment Number",
]


def staff_file(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


def managers(db: object) -> dict[str, str | None]:
    """Employee number -> their line manager's employee number."""
    with reading(db) as s:  # type: ignore[arg-type]
        people = {p.id: p for p in s.scalars(select(Person))}
        return {
            p.employee_number: (
                people[p.line_manager_id].employee_number if p.line_manager_id else None
            )
            for p in people.values()
        }


def test_esr_supervisor_column_sets_line_managers_and_support_steps_follow(
    db, svc: IncidentService, ref: Ref, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    nmr = "Nursing and Midwifery Registered"
    path = staff_file(
        tmp_path / "staff.csv",
        [
            ["1001", "Lee, Alex", nmr, "Rowan Ward", "1003"],
            ["1002", "Shah, Sam", "ACS", "Rowan Ward", "5000-2"],  # a new manager's 2nd post
            ["1003", "Bloggs, Jo", nmr, "Rowan Ward", ""],  # blank: left as it is
            ["5000", "Okoro, Ade", nmr, "Rowan Ward", "9999"],  # not on the staff list
            ["5000-2", "Okoro, Ade", nmr, "Emergency Department", "1003"],
        ],
    )
    result = import_staff(db, LEAD, path)
    assert result.ok, result.problems
    assert result.counts["line managers set"] == 2
    assert any("9999" in note and "not on the staff list" in note for note in result.notes)
    # 5000's primary assignment names an unknown manager: its second post does not speak for it
    assert managers(db) == {"1001": "1003", "1002": "5000", "1003": None, "5000": None}
    with reading(db) as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.entity == "import_updates_managers"))
    assert event is not None and event.before == {
        "line_manager": [[ref.people["1001"], None], [ref.people["1002"], None]]
    }

    incident = svc.create(physical(ref))  # reported by 1001
    assert {s.owner_id for s in incident.steps} == {ref.people["1003"]}
    assert {s.owner_name for s in incident.steps} == {"Jo Bloggs"}

    undo_staff_import(db, LEAD, result.batch_id)
    assert managers(db) == {"1001": None, "1002": None, "1003": None}
    again = svc.create(physical(ref))
    assert {s.owner_id for s in again.steps} == {None}


def test_a_lead_sets_or_clears_a_line_manager_on_the_person(db, ref: Ref) -> None:  # type: ignore[no-untyped-def]
    training = TrainingService(db, LEAD)
    alex = ref.people["1001"]
    before = training.person_summary(alex)
    assert (before.line_manager_id, before.line_manager_name) == (None, "")
    training.set_line_manager(alex, ref.people["1002"], before.version)
    after = training.person_summary(alex)
    assert (after.line_manager_id, after.line_manager_name, after.line_manager_number) == (
        ref.people["1002"],
        "Sam Shah",
        "1002",
    )
    assert managers(db)["1001"] == "1002"
    with pytest.raises(ConflictError):  # someone changed Alex since the first read
        training.set_line_manager(alex, ref.people["1003"], before.version)
    with pytest.raises(ValidationError, match="own line manager"):
        training.set_line_manager(alex, alex, after.version)
    with pytest.raises(ValidationError, match="no longer on the staff list"):
        training.set_line_manager(alex, 999_999, after.version)
    with pytest.raises(PermissionDeniedError):
        TrainingService(db, CHAIR).set_line_manager(alex, None, after.version)
    training.set_line_manager(alex, None, after.version)
    assert managers(db)["1001"] is None
    with reading(db) as s:
        changes = s.scalars(
            select(AuditEvent.after).where(
                AuditEvent.entity == "person",
                AuditEvent.entity_id == str(alex),
                AuditEvent.action == AuditAction.UPDATE,
            )
        ).all()
    assert [c["line_manager_id"] for c in changes] == [ref.people["1002"], None]
