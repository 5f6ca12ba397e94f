"""Training: course catalogue, needs analysis, per-person status, compliance against target.

Why it is shaped like this (issue 6; HSE found VPR training generic and not needs-based):

* **Required comes from the needs analysis only.** An assignment needs a course when a
  ``TrainingRequirement`` row matches its staff group and its location's setting (or names
  its location). What ESR's own "Required" flag says is not used. A course held but not
  required is reported apart ("held, not required") and never counted in compliance.
* **Compliance is per assignment; headcount per person** (ESR: one person, several
  assignments). An assignment is compliant for a course on a date when it has a completion on
  or before that date whose ``expires_on`` is blank or on/after it (``expires_on`` is the last
  day in date, ``domain.refresher_dates.expiry_from``).
* **Aggregation is SQL** (performance.md: never fetch 100k rows to count in Python): one
  GROUP BY over course x location x staff group; targets (per course, or per course and
  location) are applied to the few aggregated rows.
* **Names only with READ_TRAINING_NAMES**; aggregates need READ_TRAINING_AGGREGATES; the
  catalogue, needs analysis and targets are changed with EDIT_TRAINING.
* **Screens drill down in SQL too.** The per-course view (:meth:`compliance_by_course`), the
  names behind a figure (:meth:`compliance_people`) and the people search
  (:meth:`search_people`) filter, order and limit in the database, so a screen never pulls a
  whole trust's training records to show fifty names.

Results are plain frozen dataclasses, so screens, packs and tests use them without a session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Integer
from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import column
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy import text

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import Course
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.locations import location_labels
from vpr_desktop.services.common.paging import AnySelect
from vpr_desktop.services.common.unit_of_work import audited_export
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.training.month_ends import MonthEndCounts
from vpr_desktop.services.training.month_ends import month_end_counts
from vpr_desktop.services.training.people_search import TrainingPeopleSearch
from vpr_desktop.services.training.records import ComplianceRow
from vpr_desktop.services.training.records import CourseStatus
from vpr_desktop.services.training.records import ExpiringPerson
from vpr_desktop.services.training.records import PersonCompliance
from vpr_desktop.services.training.requirements import _NEVER
from vpr_desktop.services.training.requirements import _required_assignments
from vpr_desktop.services.training.requirements import _required_held
from vpr_desktop.services.training.requirements import _targets
from vpr_desktop.services.training.requirements import _today

EXPIRY_WINDOWS = (30, 60, 90)
ALL_LOCATIONS = "(all locations)"
ALL_STAFF_GROUPS = "(all staff groups)"
PEOPLE_STATUSES = ("not_compliant", "compliant", "expiring")


def _pg_compliance(day: dt.date, course_id: int | None, location_id: int | None) -> AnySelect:
    """Compliance per course x location x staff group from revision 0006's SECURITY DEFINER
    function: on PostgreSQL a staff-side rep's or board secretary's login may not read
    assignments or training records, only these counts. Same figures as the SQLite query."""
    fn = func.vpr_training_compliance(day).table_valued(
        column("course_id", Integer),
        column("location_id", Integer),
        column("staff_group_id", Integer),
        column("required", Integer),
        column("compliant", Integer),
        column("people", Integer),
    )
    stmt = select(
        fn.c.course_id,
        fn.c.location_id,
        fn.c.staff_group_id,
        fn.c.required,
        fn.c.compliant,
        fn.c.people,
    )
    if course_id is not None:
        stmt = stmt.where(fn.c.course_id == course_id)
    if location_id is not None:
        stmt = stmt.where(fn.c.location_id == location_id)
    return stmt


def _latest_expiry_within(day: dt.date, until: dt.date) -> Any:
    """(assignment, course, latest expiry) of the pairings whose latest expiry among records
    completed by ``day`` falls from ``day`` to ``until`` (a blank expiry counts as never).

    Why it starts from the records that expire in the window: such a pairing must have one,
    and they are a few thousand of a trust's hundred thousand records, so only their
    pairings' records are read for the latest expiry (grouping every record of the trust
    first cost 400 ms of a committee pack)."""
    t = TrainingRecord
    near = (
        select(t.assignment_id.label("aid"), t.course_id.label("cid"))
        .where(t.expires_on >= day, t.expires_on <= until, t.completed_on <= day)
        .distinct()
        .subquery("near")
    )
    latest = func.max(func.coalesce(t.expires_on, literal(_NEVER)))
    return (
        select(near.c.aid, near.c.cid, latest.label("exp"))
        .join(
            t,
            and_(t.assignment_id == near.c.aid, t.course_id == near.c.cid, t.completed_on <= day),
        )
        .group_by(near.c.aid, near.c.cid)
        .having(latest <= until)
        .subquery("best")
    )


class TrainingService(TrainingPeopleSearch):
    """Catalogue, needs analysis, status and compliance (see the module docstring)."""

    # -- per person
    def person_status(self, person_id: int, as_of: dt.date | None = None) -> list[CourseStatus]:
        """Per assignment and course: required and held / expired / missing, and courses
        held but not required kept apart. Names a person, so READ_TRAINING_NAMES."""
        self.actor.require(Permission.READ_TRAINING_NAMES, "see a person's training")
        day = as_of or _today()
        req = _required_assignments(day).subquery()
        t = TrainingRecord
        with reading(self.db) as s:
            names = dict(s.execute(select(Course.id, Course.name)).all())
            numbers = dict(
                s.execute(
                    select(Assignment.id, Assignment.assignment_number).where(
                        Assignment.person_id == person_id
                    )
                ).all()
            )
            required = {
                (a, c)
                for a, c in s.execute(select(req.c.aid, req.c.cid).where(req.c.pid == person_id))
            }
            latest: dict[tuple[int, int], tuple[dt.date, dt.date | None]] = {}
            for aid, cid, done, exp in s.execute(
                select(t.assignment_id, t.course_id, t.completed_on, t.expires_on)
                .where(t.assignment_id.in_(list(numbers)), t.completed_on <= day)
                .order_by(t.completed_on)
            ):
                latest[(aid, cid)] = (done, exp)
        out = []
        for aid, cid in sorted(required | set(latest), key=lambda k: (numbers[k[0]], names[k[1]])):
            held_on, expires = latest.get((aid, cid), (None, None))
            if (aid, cid) not in required:
                status = "held_not_required"
            elif held_on is None:
                status = "missing"
            elif expires is not None and expires < day:
                status = "expired"
            else:
                status = "required_held"
            out.append(
                CourseStatus(
                    numbers[aid],
                    cid,
                    names[cid],
                    (aid, cid) in required,
                    status,
                    held_on,
                    expires,
                )
            )
        return out

    # -- compliance
    def compliance(
        self,
        as_of: dt.date | None = None,
        *,
        course_id: int | None = None,
        location_id: int | None = None,
    ) -> list[ComplianceRow]:
        """Compliance per course x location x staff group against target (SQL GROUP BY)."""
        self._require_aggregates("see training compliance")
        day = as_of or _today()
        stmt: AnySelect
        if self.db.kind == "postgresql":  # counted by 0006's function: see _pg_compliance
            stmt = _pg_compliance(day, course_id, location_id)
        else:
            req = _required_held(day, filtered=course_id is not None or location_id is not None)
            stmt = select(
                req.c.cid,
                req.c.lid,
                req.c.gid,
                func.count(req.c.aid),
                func.sum(req.c.held),
                func.count(func.distinct(req.c.pid)),
            ).group_by(req.c.cid, req.c.lid, req.c.gid)
            if course_id is not None:
                stmt = stmt.where(req.c.cid == course_id)
            if location_id is not None:
                stmt = stmt.where(req.c.lid == location_id)
        with reading(self.db) as s:
            rows = s.execute(stmt).all()
            targets = _targets(s)
            courses = dict(s.execute(select(Course.id, Course.name)).all())
            locs = location_labels(s)
            groups = dict(s.execute(select(StaffGroup.id, StaffGroup.name)).all())
        out = [
            ComplianceRow(
                cid,
                courses[cid],
                lid,
                locs.get(lid, "(no location)"),
                gid,
                groups[gid],
                int(n),
                int(ok or 0),
                int(people),
                targets.get((cid, lid), targets.get((cid, None), 85.0)),
            )
            for cid, lid, gid, n, ok, people in rows
        ]
        out.sort(key=lambda r: (r.course_name, r.location_name, r.staff_group_name))
        return out

    def compliance_by_course(
        self,
        as_of: dt.date | None = None,
        *,
        location_id: int | None = None,
        staff_group_id: int | None = None,
        rows: list[ComplianceRow] | None = None,
    ) -> list[ComplianceRow]:
        """One row per course required somewhere in the filter, sorted by course name.

        Without a filter the row is "(all locations)" / "(all staff groups)" (ids None / 0);
        a location or staff group filter is named in the row instead. The target is the
        course's, or the location's own target for that course when filtering by location.
        ``rows``: this day's :meth:`compliance` if the caller already has it (the headcount is
        then summed over its rows, as in :meth:`compliance_by_course_location`); otherwise
        one SQL GROUP BY course, with an exact headcount.
        """
        self._require_aggregates("see training compliance")
        day = as_of or _today()
        acc: dict[int, list[Any]] = {}
        if rows is not None:
            for r in rows:
                if location_id is not None and r.location_id != location_id:
                    continue
                if staff_group_id is not None and r.staff_group_id != staff_group_id:
                    continue
                a = acc.setdefault(r.course_id, [0, 0, 0])
                a[0] += r.required
                a[1] += r.compliant
                a[2] += r.people
        with reading(self.db) as s:
            if rows is None and self.db.kind == "postgresql":
                by_course = text(
                    "SELECT course_id, required, compliant, people "
                    "FROM vpr_training_compliance_by_course(:day, :loc, :grp)"
                )
                params = {"day": day, "loc": location_id, "grp": staff_group_id}
                for cid, n, ok, people in s.execute(by_course, params):
                    acc[cid] = [int(n), int(ok or 0), int(people)]
            elif rows is None:
                req = _required_held(
                    day, filtered=location_id is not None or staff_group_id is not None
                )
                stmt = select(
                    req.c.cid,
                    func.count(req.c.aid),
                    func.sum(req.c.held),
                    func.count(func.distinct(req.c.pid)),
                ).group_by(req.c.cid)
                if location_id is not None:
                    stmt = stmt.where(req.c.lid == location_id)
                if staff_group_id is not None:
                    stmt = stmt.where(req.c.gid == staff_group_id)
                for cid, n, ok, people in s.execute(stmt):
                    acc[cid] = [int(n), int(ok or 0), int(people)]
            targets = _targets(s)
            courses = dict(s.execute(select(Course.id, Course.name)).all())
            loc_name = (
                ALL_LOCATIONS
                if location_id is None
                else location_labels(s, [location_id]).get(location_id) or "(no location)"
            )
            group_name = (
                ALL_STAFF_GROUPS
                if staff_group_id is None
                else s.scalar(select(StaffGroup.name).where(StaffGroup.id == staff_group_id))
                or "(unknown)"
            )
        out = [
            ComplianceRow(
                cid,
                courses[cid],
                location_id,
                loc_name,
                staff_group_id or 0,
                group_name,
                n,
                ok,
                people,
                targets.get((cid, location_id), targets.get((cid, None), 85.0)),
            )
            for cid, (n, ok, people) in acc.items()
        ]
        out.sort(key=lambda r: (r.course_name, r.course_id))
        return out

    def compliance_at_month_ends(self, days: Sequence[dt.date]) -> MonthEndCounts:
        """(required, compliant) assignments per course id at each month end in ``days``:
        the figures :meth:`compliance_by_course` gives for each day, in one set-based query
        for a whole monthly chart (``month_ends``) rather than one query per month."""
        self._require_aggregates("see training compliance")
        with reading(self.db) as s:
            return month_end_counts(s, self.db.kind, days)

    @contextmanager
    def recording_names_export(self, where: str, count: int) -> Iterator[None]:
        """Audit that the names behind a compliance figure left the app (saved as a file or
        copied), in one transaction around the step that publishes them: personal data, so
        the audit trail says who took which list, and a save that failed is not recorded."""
        self.actor.require(Permission.READ_TRAINING_NAMES, "copy or save who is not trained")
        with audited_export(
            self.db,
            self.actor,
            "training_record",
            f"{where}: {count:,} names behind a compliance figure",
        ):
            yield

    def compliance_people(
        self,
        course_id: int,
        *,
        location_id: int | None = None,
        staff_group_id: int | None = None,
        as_of: dt.date | None = None,
        status: str = "not_compliant",
        within_days: int = 30,
        limit: int = 500,
    ) -> list[PersonCompliance]:
        """The required assignments behind a figure, by name (READ_TRAINING_NAMES).

        ``status``: "not_compliant" (missing or expired), "compliant" (in date) or
        "expiring" (in date, latest expiry within ``within_days``). Filtered, ordered (last,
        first name, assignment) and limited in SQL.
        """
        self.actor.require(Permission.READ_TRAINING_NAMES, "see who is or is not trained")
        if status not in PEOPLE_STATUSES:
            raise ValidationError(
                f"{status!r} is not a compliance status.",
                "Use one of: " + ", ".join(PEOPLE_STATUSES) + ".",
            )
        day = as_of or _today()
        req = _required_assignments(day, course_id).subquery()
        t = TrainingRecord
        best = (
            select(
                t.assignment_id.label("aid"),
                func.max(t.completed_on).label("done"),
                func.max(func.coalesce(t.expires_on, literal(_NEVER))).label("exp"),
            )
            .where(t.course_id == course_id, t.completed_on <= day)
            .group_by(t.assignment_id)
            .subquery()
        )
        stmt = (
            select(
                Person.id,
                Person.first_name,
                Person.last_name,
                Person.employee_number,
                Assignment.assignment_number,
                location_label(),
                StaffGroup.name,
                best.c.done,
                best.c.exp,
            )
            .select_from(req)
            .join(best, best.c.aid == req.c.aid, isouter=True)
            .join(Assignment, Assignment.id == req.c.aid)
            .join(Person, Person.id == req.c.pid)
            .join(StaffGroup, StaffGroup.id == req.c.gid)
            .join(Location, Location.id == req.c.lid, isouter=True)
        )
        if location_id is not None:
            stmt = stmt.where(req.c.lid == location_id)
        if staff_group_id is not None:
            stmt = stmt.where(req.c.gid == staff_group_id)
        if status == "not_compliant":
            stmt = stmt.where(best.c.aid.is_(None) | (best.c.exp < day))
        elif status == "compliant":
            stmt = stmt.where(best.c.exp >= day)
        else:
            stmt = stmt.where(best.c.exp >= day, best.c.exp <= day + dt.timedelta(days=within_days))
        stmt = stmt.order_by(
            func.lower(Person.last_name),
            func.lower(Person.first_name),
            Person.id,
            Assignment.assignment_number,
        ).limit(limit)
        with reading(self.db) as s:
            rows = s.execute(stmt).all()
        out = []
        for pid, first, last, emp, number, loc, group, done, exp in rows:
            state = "missing" if done is None else "expired" if exp < day else "in_date"
            out.append(
                PersonCompliance(
                    pid,
                    f"{first} {last}".strip(),
                    emp,
                    number,
                    loc or "(no location)",
                    group,
                    state,
                    done,
                    None if exp == _NEVER else exp,
                )
            )
        return out

    def expiring(
        self, within_days: int = 30, as_of: dt.date | None = None, *, location_id: int | None = None
    ) -> list[ExpiringPerson]:
        """Required, in date today, and the latest expiry falls within ``within_days``
        (not yet renewed). Names, so READ_TRAINING_NAMES."""
        self.actor.require(Permission.READ_TRAINING_NAMES, "see who is due to expire")
        day = as_of or _today()
        until = day + dt.timedelta(days=within_days)
        with reading(self.db) as s:
            rows = s.execute(self._expiring_stmt(day, until, location_id)).all()
        return sorted(
            (
                ExpiringPerson(
                    pid, f"{first} {last}".strip(), number, course, loc or "(no location)", exp
                )
                for pid, first, last, number, course, loc, exp, _cid in rows
            ),
            key=lambda e: (e.expires_on, e.name, e.course_name),
        )

    def _expiring_stmt(self, day: dt.date, until: dt.date, location_id: int | None) -> Any:
        req = _required_assignments(day).subquery()
        best = _latest_expiry_within(day, until)
        stmt = (
            select(
                Person.id,
                Person.first_name,
                Person.last_name,
                Assignment.assignment_number,
                Course.name,
                location_label(),
                best.c.exp,
                Course.id,
            )
            .select_from(req)
            .join(best, and_(best.c.aid == req.c.aid, best.c.cid == req.c.cid))
            .join(Assignment, Assignment.id == req.c.aid)
            .join(Person, Person.id == req.c.pid)
            .join(Course, Course.id == req.c.cid)
            .join(Location, Location.id == req.c.lid, isouter=True)
            .where(best.c.exp >= day, best.c.exp <= until)
        )
        if location_id is not None:
            stmt = stmt.where(req.c.lid == location_id)
        return stmt

    # -- pack functions (aggregates only)
    def compliance_by_course_location(
        self, as_of: dt.date | None = None, rows: list[ComplianceRow] | None = None
    ) -> list[ComplianceRow]:
        """Per course x location (staff groups summed) against target, for packs.

        ``people`` here is the sum of the finer rows' headcounts: exact per location (an
        assignment has one staff group), while :meth:`staff_groups_below_target` sums over
        locations and so counts someone with posts in two places once in each; packs show
        assignments, never these sums, and :meth:`compliance_by_course` without ``rows``
        counts people exactly.

        ``rows``: this day's :meth:`compliance` if the caller already has it (packs reuse one).
        """
        rows = self.compliance(as_of) if rows is None else rows
        acc: dict[tuple[int, int | None], list[Any]] = {}
        for r in rows:
            a = acc.setdefault((r.course_id, r.location_id), [r, 0, 0, 0])
            a[1] += r.required
            a[2] += r.compliant
            a[3] += r.people
        return [
            ComplianceRow(
                r.course_id,
                r.course_name,
                r.location_id,
                r.location_name,
                0,
                "(all staff groups)",
                n,
                ok,
                people,
                r.target_percent,
            )
            for r, n, ok, people in acc.values()
        ]

    def expiring_counts(self, as_of: dt.date | None = None) -> dict[str, dict[int, int]]:
        """Course name -> {30: n, 60: n, 90: n} required assignments expiring (cumulative)."""
        self._require_aggregates("see expiry counts")
        day = as_of or _today()
        out: dict[str, dict[int, int]] = {}
        if self.db.kind == "postgresql":  # counted by 0007's function: see _pg_compliance
            dates = {f"d{d}": day + dt.timedelta(days=d) for d in EXPIRY_WINDOWS}
            sql = text(
                "SELECT course_name, within_30, within_60, within_90 "
                "FROM vpr_training_expiry_counts(:day, :d30, :d60, :d90)"
            )
            with reading(self.db) as s:
                for name, *ns in s.execute(sql, {"day": day, **dates}):
                    out[name] = {d: int(n or 0) for d, n in zip(EXPIRY_WINDOWS, ns, strict=True)}
            return out
        widest = max(EXPIRY_WINDOWS)
        # One pass over the widest window, counted into each window by CASE (three separate
        # queries cost three scans of the training records); counts only, so no names or
        # location labels are joined for each row.
        req = _required_assignments(day).subquery()
        best = _latest_expiry_within(day, day + dt.timedelta(days=widest))
        counts = [
            func.sum(case((best.c.exp <= day + dt.timedelta(days=d), 1), else_=0))
            for d in EXPIRY_WINDOWS
        ]
        stmt = (
            select(Course.name, *counts)
            .select_from(best)
            .join(req, and_(req.c.aid == best.c.aid, req.c.cid == best.c.cid))
            .join(Course, Course.id == best.c.cid)
            .group_by(Course.name)
        )
        with reading(self.db) as s:
            for name, *ns in s.execute(stmt):
                out[name] = {d: int(n or 0) for d, n in zip(EXPIRY_WINDOWS, ns, strict=True)}
        return out

    def staff_groups_below_target(
        self, as_of: dt.date | None = None, rows: list[ComplianceRow] | None = None
    ) -> list[ComplianceRow]:
        """Per course x staff group (locations summed) below the course's target."""
        rows = self.compliance(as_of) if rows is None else rows
        acc: dict[tuple[int, int], list[Any]] = {}
        with reading(self.db) as s:
            targets = _targets(s)
        for r in rows:
            a = acc.setdefault((r.course_id, r.staff_group_id), [r, 0, 0, 0])
            a[1] += r.required
            a[2] += r.compliant
            a[3] += r.people
        out = [
            ComplianceRow(
                r.course_id,
                r.course_name,
                None,
                "(all locations)",
                r.staff_group_id,
                r.staff_group_name,
                n,
                ok,
                people,
                targets.get((r.course_id, None), 85.0),
            )
            for r, n, ok, people in acc.values()
        ]
        return [r for r in out if r.below_target]
