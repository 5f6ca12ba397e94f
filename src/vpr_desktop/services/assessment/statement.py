"""The staff side's statement on a self-assessment cycle: written by a staff-side rep, read by
everyone who reads the assessment, printed unedited in the committee and board packs.

Why only the staff side writes it: the statement is the staff side's own voice on the cycle
(the partnership the VPR standard asks for), not a field management completes or edits. The
service refuses anyone without the staff-side rep role, whatever else they may do (a VPR lead
included); on PostgreSQL only the staff-side group may insert or update the table (revision
0013), so another route to the database is refused too. Every write goes through one unit of
work, so the audit keeps each version of the text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.models import StaffSideStatement
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.assessment.queries import SUMMARY_PERMISSIONS
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

MAX_CHARS = 10_000  # about two pages of a board paper


@dataclass(frozen=True)
class Statement:
    """A cycle's staff-side statement as written, with who wrote it and when."""

    id: int
    version: int
    cycle_id: int
    text: str
    written_by: str  # the login
    written_by_name: str  # the name shown when it was written
    written_at: dt.datetime


def _view(row: StaffSideStatement) -> Statement:
    return from_same_named(Statement, row, written_at=aware(row.written_at))


def read_statement(db: Database, actor: Actor, cycle_id: int) -> Statement | None:
    """The statement on ``cycle_id``, or None when the staff side has written none. Whoever
    may read the assessment or make a pack may read it."""
    if not actor.permissions & SUMMARY_PERMISSIONS:
        actor.require(Permission.READ_ASSESSMENT, "read the staff-side statement")
    with reading(db) as s:
        row = s.scalar(select(StaffSideStatement).where(StaffSideStatement.cycle_id == cycle_id))
        return None if row is None else _view(row)


def write_statement(
    db: Database,
    actor: Actor,
    cycle_id: int,
    text: str,
    expected_version: int | None = None,
) -> Statement:
    """Write (or replace) the staff side's statement on ``cycle_id``, as typed.

    ``expected_version`` is the statement's version when it was opened (None: there was
    none), so two reps cannot overwrite each other unseen."""
    if Role.STAFF_SIDE_REP not in actor.roles:
        raise PermissionDeniedError(
            f"{actor.display_name} is not a staff-side rep, so cannot write the staff-side "
            "statement.",
            "The statement is the staff side's own: a staff-side rep writes it.",
        )
    body = text.strip()
    if not body:
        raise ValidationError(
            "The statement is empty.", "Write the staff side's statement, then save."
        )
    if len(body) > MAX_CHARS:
        raise ValidationError(
            f"The statement is {len(body):,} characters; at most {MAX_CHARS:,} fit a pack.",
            "Shorten it, then save.",
        )
    with UnitOfWork(db, actor) as uow:
        uow.get(AssessmentCycle, cycle_id)  # refuses a cycle that is not there, in words
        s = uow.session
        row = s.scalar(select(StaffSideStatement).where(StaffSideStatement.cycle_id == cycle_id))
        if row is None:
            if expected_version is not None:
                raise ValidationError(
                    "The statement you opened was removed.", "Reload the page, then write it."
                )
            row = StaffSideStatement(cycle_id=cycle_id)
            s.add(row)
        elif row.version != expected_version:
            row = uow.get(StaffSideStatement, row.id, expected_version=expected_version or 0)
        row.text = body
        row.written_by = actor.username
        row.written_by_name = actor.display_name
        row.written_at = utcnow()
        s.flush()
        return _view(row)
