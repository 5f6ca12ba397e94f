"""Building blocks of training compliance, as SQL: who needs which course, and which record counts.

An assignment in post needs a course when a needs-analysis row matches its staff group,
setting and location (a blank field matches any) and the course is active; a record is valid on
a day when it was completed by then and has not expired; targets are per course, overridable
per location. Compliance, expiry lists, per-person status and people search all build on these
same expressions, so every figure counts the same people the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import exists
from sqlalchemy import or_
from sqlalchemy import select

from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import ComplianceTarget
from vpr_desktop.domain.models import Course
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.domain.models import TrainingRequirement

_NEVER = dt.date(9999, 12, 31)  # "no expiry" while taking the latest expiry in SQL


def _today() -> dt.date:
    return dt.date.today()


def _required_pairs(*extra: Any, course_id: int | None = None) -> Any:
    """(assignment, person, course, location, staff group, ``extra``...) for every required
    pairing of an assignment in any period, each once (``course_id``: that course's only).

    Why two steps: the needs analysis matches on "blank or equal" (an OR per field), which no
    index can serve, so joining every assignment to every requirement row cost a nested loop
    of assignments x requirements and a DISTINCT over the result (300 ms at 15k assignments,
    the larger part of each compliance figure). A requirement depends only on an assignment's
    location (and its setting) and staff group, so the OR-join runs once per (location, staff
    group) pair that has assignments (about a thousand, from a covering index) and the
    assignments then join those pairs' courses on equality, on ``ix_assignment_loc_group``.
    Each assignment has one location and one staff group, so each pairing comes out once.
    """
    a, loc, req = Assignment, Location, TrainingRequirement
    combos = select(a.location_id.label("lid"), a.staff_group_id.label("gid")).distinct()
    combos_q = combos.subquery("combos")
    needs = (
        select(combos_q.c.lid, combos_q.c.gid, req.course_id.label("cid"))
        .join(loc, loc.id == combos_q.c.lid, isouter=True)
        .join(
            req,
            and_(
                or_(req.staff_group_id.is_(None), req.staff_group_id == combos_q.c.gid),
                or_(req.setting_type.is_(None), req.setting_type == loc.setting_type),
                or_(req.location_id.is_(None), req.location_id == combos_q.c.lid),
            ),
        )
        .join(Course, and_(Course.id == req.course_id, Course.active.is_(True)))
        .distinct()
    )
    if course_id is not None:
        needs = needs.where(req.course_id == course_id)
    needed = needs.subquery("needs")
    return select(
        a.id.label("aid"),
        a.person_id.label("pid"),
        needed.c.cid,
        a.location_id.label("lid"),
        a.staff_group_id.label("gid"),
        *extra,
    ).join(
        needed,
        # an assignment without a location matches the no-location pair (IS, not =)
        and_(needed.c.lid.is_not_distinct_from(a.location_id), needed.c.gid == a.staff_group_id),
    )


def _required_assignments(as_of: dt.date, course_id: int | None = None) -> Any:
    """:func:`_required_pairs` of the assignments in post on ``as_of``."""
    a = Assignment
    return _required_pairs(course_id=course_id).where(
        a.start_date.is_(None) | (a.start_date <= as_of),
        a.end_date.is_(None) | (a.end_date >= as_of),
    )


def _required_held(as_of: dt.date, *, filtered: bool = False) -> Any:
    """:func:`_required_assignments` on ``as_of`` with ``held``: 1 when the pairing has a
    record valid that day (completed by then, not expired), else 0.

    Why two forms: for a whole trust (tens of thousands of required pairings) reading the
    valid (assignment, course) pairs once from ``ix_training_record_held`` and joining them
    costs half of probing the records once per pairing (70 ms against 140 ms at 40k
    pairings); a figure ``filtered`` to one location, course or staff group has a few
    hundred pairings, for which the probes (an EXISTS each) beat reading every valid pair."""
    t = TrainingRecord
    req = _required_assignments(as_of)
    pairing = req.selected_columns
    valid_on = (t.completed_on <= as_of, t.expires_on.is_(None) | (t.expires_on >= as_of))
    if filtered:
        probe = exists().where(
            t.assignment_id == pairing.aid, t.course_id == pairing.cid, *valid_on
        )
        return req.add_columns(case((probe, 1), else_=0).label("held")).subquery("required")
    valid = (
        select(t.assignment_id.label("aid"), t.course_id.label("cid"))
        .where(*valid_on)
        .distinct()
        .subquery("valid")
    )
    return (
        req.add_columns(case((valid.c.aid.is_not(None), 1), else_=0).label("held"))
        .outerjoin(valid, and_(valid.c.aid == pairing.aid, valid.c.cid == pairing.cid))
        .subquery("required")
    )


def _targets(s: Any) -> dict[tuple[int, int | None], float]:
    out: dict[tuple[int, int | None], float] = {}
    for cid, pct in s.execute(select(Course.id, Course.target_percent)):
        out[(cid, None)] = pct
    for cid, lid, pct in s.execute(
        select(
            ComplianceTarget.course_id,
            ComplianceTarget.location_id,
            ComplianceTarget.target_percent,
        )
    ):
        out[(cid, lid)] = pct
    return out
