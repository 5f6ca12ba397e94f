"""Undoing a staff import batch: the people and assignments it created are removed, and the
assignments and line managers it changed get their values from before the import back.

Split from ``esr_staff`` (which writes a batch) because undo reads only the batch's audit
events; both agree on the entity names under which a batch records what it changed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import update

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.services.common.dml import rows_affected
from vpr_desktop.services.training.esr_staff import MANAGERS_ENTITY
from vpr_desktop.services.training.esr_training import IN_CHUNK
from vpr_desktop.services.training.esr_training import UPDATES_ENTITY

if TYPE_CHECKING:
    from vpr_desktop.services.common.unit_of_work import UnitOfWork


def undo_staff_rows(uow: UnitOfWork, bid: int) -> dict[str, int]:
    s = uow.session
    fields = ("staff_group_id", "location_id", "job_title", "start_date", "end_date")
    created = [
        n
        for (after,) in s.execute(
            select(AuditEvent.after).where(
                AuditEvent.entity == UPDATES_ENTITY + "_assignments",
                AuditEvent.entity_id == str(bid),
            )
        )
        for n in (after or {}).get("assignment_numbers", [])
    ]
    ids = [
        i
        for start in range(0, len(created), IN_CHUNK)
        for i in s.scalars(
            select(Assignment.id).where(
                Assignment.assignment_number.in_(created[start : start + IN_CHUNK])
            )
        )
    ]
    used = [
        i
        for start in range(0, len(ids), IN_CHUNK)
        for i in s.scalars(
            select(TrainingRecord.assignment_id)
            .where(TrainingRecord.assignment_id.in_(ids[start : start + IN_CHUNK]))
            .distinct()
        )
    ]
    if used:
        raise ValidationError(
            f"{len(used)} assignment(s) from this import have training "
            "records since, so it cannot be undone.",
            "Undo the training imports that use them first.",
        )
    restored = 0
    new_people: list[str] = []
    for (before,) in s.execute(
        select(AuditEvent.before).where(
            AuditEvent.entity == UPDATES_ENTITY, AuditEvent.entity_id == str(bid)
        )
    ):
        before = before or {}
        new_people += before.get("new_people", [])
        for pid, first, last in before.get("person", []):
            s.execute(
                update(Person).where(Person.id == pid).values(first_name=first, last_name=last)
            )
            restored += 1
        for aid, *vals in before.get("assignment", []):
            values = dict(zip(fields, vals, strict=True))
            for k in ("start_date", "end_date"):
                if values[k] is not None:
                    values[k] = dt.date.fromisoformat(values[k])
            s.execute(update(Assignment).where(Assignment.id == aid).values(**values))
            restored += 1
    for (before,) in s.execute(
        select(AuditEvent.before).where(
            AuditEvent.entity == MANAGERS_ENTITY, AuditEvent.entity_id == str(bid)
        )
    ):
        for pid, manager in (before or {}).get("line_manager", []):
            s.execute(update(Person).where(Person.id == pid).values(line_manager_id=manager))
            restored += 1
    removed = 0
    for start in range(0, len(ids), IN_CHUNK):
        removed += rows_affected(
            s.execute(delete(Assignment).where(Assignment.id.in_(ids[start : start + IN_CHUNK])))
        )
    people_removed = 0
    for start in range(0, len(new_people), IN_CHUNK):
        # People who report to someone this import added lose that manager with them.
        leaving = select(Person.id).where(
            Person.employee_number.in_(new_people[start : start + IN_CHUNK])
        )
        s.execute(
            update(Person).where(Person.line_manager_id.in_(leaving)).values(line_manager_id=None)
        )
    for start in range(0, len(new_people), IN_CHUNK):
        people_removed += rows_affected(
            s.execute(
                delete(Person).where(
                    Person.employee_number.in_(new_people[start : start + IN_CHUNK])
                )
            )
        )
    return {
        "assignments removed": removed,
        "people removed": people_removed,
        "records restored": restored,
    }
