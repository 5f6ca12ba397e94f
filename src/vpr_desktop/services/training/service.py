"""Training: course catalogue, needs analysis, per-person status, compliance against target.

Why it is shaped like this (issue 6; HSE found VPR training generic and not needs-based):

* **Required comes from the needs analysis only.** An assignment needs a course when a
  ``TrainingRequirement`` row matches its staff group and its location's setting (or names
  its location). What ESR's own "Required" flag says is not used. A course held but not
  required is reported apart ("held, not required") and never counted in compliance.
* **Compliance is per assignment; headcount per person** (ESR: one person, several
  assignments). An assignment is compliant for a course on a date when it has a completion on
  or before that date whose ``expires_on`` is blank or on/after it (``expires_on`` is the last
  day in date, ``domain.esr.expiry_from``).
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
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, and_, case, column, exists, func, literal, or_, select, text

from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import NotFoundError, ValidationError
from vpr_desktop.domain.models import (
    Assignment,
    ComplianceTarget,
    Course,
    Location,
    Person,
    StaffGroup,
    TrainingRecord,
    TrainingRequirement,
)
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.unit_of_work import UnitOfWork, reading

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.services.training.starter import StarterAdded
    from vpr_desktop.store.database import Database

EXPIRY_WINDOWS = (30, 60, 90)
ALL_LOCATIONS = "(all locations)"
ALL_STAFF_GROUPS = "(all staff groups)"
PEOPLE_STATUSES = ("not_compliant", "compliant", "expiring")
_NEVER = dt.date(9999, 12, 31)  # "no expiry" while taking the latest expiry in SQL


@dataclass(frozen=True)
class CourseInfo:
    id: int
    code: str
    name: str
    refresher_months: int | None
    esr_competencies: tuple[str, ...]
    target_percent: float
    rrn_certified: bool
    active: bool
    version: int


@dataclass(frozen=True)
class NeedsCell:
    """One cell of the needs-analysis grid: staff group x setting -> required courses."""

    staff_group_id: int
    setting_type: SettingType
    course_ids: tuple[int, ...]


@dataclass(frozen=True)
class CourseStatus:
    """One course for one assignment. status: required_held | expired | missing |
    held_not_required."""

    assignment_number: str
    course_id: int
    course_name: str
    required: bool
    status: str
    completed_on: dt.date | None
    expires_on: dt.date | None


@dataclass(frozen=True)
class ComplianceRow:
    course_id: int
    course_name: str
    location_id: int | None
    location_name: str
    staff_group_id: int
    staff_group_name: str
    required: int  # assignments
    compliant: int  # assignments
    people: int  # headcount (distinct persons)
    target_percent: float

    @property
    def percent(self) -> float:
        return 100.0 * self.compliant / self.required if self.required else 100.0

    @property
    def below_target(self) -> bool:
        return self.percent < self.target_percent


@dataclass(frozen=True)
class ExpiringPerson:
    person_id: int
    name: str
    assignment_number: str
    course_name: str
    location_name: str
    expires_on: dt.date


@dataclass(frozen=True)
class TrainingReference:
    """The pick lists of the training screens' filters, each in the order shown."""

    staff_groups: tuple[tuple[int, str], ...]  # (id, name), by name
    locations: tuple[tuple[int, str, SettingType | None], ...]  # (id, name, setting), by name
    settings: tuple[tuple[SettingType, str], ...]  # (value, plain-English label), enum order


@dataclass(frozen=True)
class PersonCompliance:
    """One required assignment behind a compliance figure. status: missing | expired |
    in_date; the dates are the latest completion (on or before the day) and its latest expiry
    (None: no expiry, or never done)."""

    person_id: int
    name: str
    employee_number: str
    assignment_number: str
    location_name: str
    staff_group_name: str
    status: str
    completed_on: dt.date | None
    expires_on: dt.date | None


@dataclass(frozen=True)
class PersonHit:
    """A person found by a search. ``location_name`` / ``staff_group_name`` join those of the
    person's assignments in post today (all assignments if none is); ``left``: every
    assignment has ended."""

    person_id: int
    name: str
    employee_number: str
    assignments: tuple[str, ...]
    location_name: str
    staff_group_name: str
    left: bool


# ------------------------------------------------------------------------ building blocks


def _today() -> dt.date:
    return dt.date.today()


def _required_assignments(as_of: dt.date) -> Any:
    """(assignment, person, course, location, staff group) for every required pairing of
    an assignment in post on ``as_of``, distinct (several requirement rows may match)."""
    a, loc, req = Assignment, Location, TrainingRequirement
    return (
        select(
            a.id.label("aid"),
            a.person_id.label("pid"),
            req.course_id.label("cid"),
            a.location_id.label("lid"),
            a.staff_group_id.label("gid"),
        )
        .join(loc, loc.id == a.location_id, isouter=True)
        .join(
            req,
            and_(
                or_(req.staff_group_id.is_(None), req.staff_group_id == a.staff_group_id),
                or_(req.setting_type.is_(None), req.setting_type == loc.setting_type),
                or_(req.location_id.is_(None), req.location_id == a.location_id),
            ),
        )
        .join(Course, and_(Course.id == req.course_id, Course.active.is_(True)))
        .where(
            a.start_date.is_(None) | (a.start_date <= as_of),
            a.end_date.is_(None) | (a.end_date >= as_of),
        )
        .distinct()
    )


def _valid(aid: Any, cid: Any, as_of: dt.date) -> Any:
    t = TrainingRecord
    return exists().where(
        t.assignment_id == aid,
        t.course_id == cid,
        t.completed_on <= as_of,
        t.expires_on.is_(None) | (t.expires_on >= as_of),
    )


def _pg_compliance(day: dt.date, course_id: int | None, location_id: int | None) -> Any:
    """Compliance per course x location x staff group from revision 0006's SECURITY DEFINER
    function: on PostgreSQL a staff-side rep's or board secretary's login may not read
    assignments or training records, only these counts. Same SQL as the query above."""
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


class TrainingService:
    """Catalogue, needs analysis, status and compliance (see the module docstring)."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def _require_aggregates(self, doing: str) -> None:
        """Aggregates (no names) are for anyone who may read them or build a pack with them."""
        if any(
            self.actor.can(p)
            for p in (Permission.GENERATE_BOARD_PACK, Permission.GENERATE_COMMITTEE_PACK)
        ):
            return
        self.actor.require(Permission.READ_TRAINING_AGGREGATES, doing)

    # -- pick lists
    def reference(self) -> TrainingReference:
        """Staff groups, locations and settings for the screens' filters (no names of
        people, so the aggregate permission is enough)."""
        self._require_aggregates("see the training filters")
        with reading(self.db) as s:
            groups = tuple(
                (gid, name)
                for gid, name in s.execute(
                    select(StaffGroup.id, StaffGroup.name).order_by(StaffGroup.name, StaffGroup.id)
                )
            )
            locations = tuple(
                (lid, name, setting)
                for lid, name, setting in s.execute(
                    select(Location.id, Location.name, Location.setting_type).order_by(
                        Location.name, Location.id
                    )
                )
            )
        return TrainingReference(groups, locations, tuple((st, st.label) for st in SettingType))

    # -- catalogue
    def courses(self, *, include_inactive: bool = False) -> list[CourseInfo]:
        self.actor.require(Permission.READ_TRAINING_AGGREGATES, "see the course catalogue")
        stmt = select(Course).order_by(Course.name)
        if not include_inactive:
            stmt = stmt.where(Course.active.is_(True))
        with reading(self.db) as s:
            return [_course_info(c) for c in s.scalars(stmt)]

    def save_course(
        self,
        *,
        code: str,
        name: str,
        refresher_months: int | None,
        esr_competencies: Iterable[str] = (),
        target_percent: float = 85.0,
        rrn_certified: bool = False,
        active: bool = True,
        course_id: int | None = None,
        expected_version: int | None = None,
    ) -> CourseInfo:
        """Create (``course_id`` None) or update a course; audited by the unit of work."""
        self.actor.require(Permission.EDIT_TRAINING, "change the course catalogue")
        code, name = code.strip(), name.strip()
        if not code or not name:
            raise ValidationError("A course needs a code and a name.", "Fill both in.")
        if refresher_months is not None and not 1 <= refresher_months <= 120:
            raise ValidationError(
                "The refresher period must be 1 to 120 months.",
                "Leave it blank for a course that does not expire.",
            )
        if not 0 <= target_percent <= 100:
            raise ValidationError("The target must be between 0 and 100%.", "")
        names = [n.strip() for n in esr_competencies if n and n.strip()]
        with UnitOfWork(self.db, self.actor) as uow:
            if course_id is None:
                course = Course(code=code, name=name)
                uow.session.add(course)
            else:
                course = uow.get(Course, course_id, expected_version=expected_version)
                course.code, course.name = code, name
            course.refresher_months = refresher_months
            course.esr_competencies = names
            course.target_percent = float(target_percent)
            course.rrn_certified = rrn_certified
            course.active = active
            uow.session.flush()
            info = _course_info(course)
        return info

    def add_starter_catalogue(self) -> StarterAdded:
        """Add what is missing of the starter catalogue (``services.training_starter``)."""
        from vpr_desktop.services.training.starter import add_starter_catalogue

        return add_starter_catalogue(self.db, self.actor)

    # -- needs analysis
    def needs_grid(self) -> list[NeedsCell]:
        """Every staff group x setting cell that requires at least one course."""
        self.actor.require(Permission.READ_TRAINING_AGGREGATES, "see the needs analysis")
        r = TrainingRequirement
        cells: dict[tuple[int, SettingType], list[int]] = defaultdict(list)
        with reading(self.db) as s:
            for gid, setting, cid in s.execute(
                select(r.staff_group_id, r.setting_type, r.course_id)
                .where(
                    r.staff_group_id.is_not(None),
                    r.setting_type.is_not(None),
                    r.location_id.is_(None),
                )
                .order_by(r.course_id)
            ):
                cells[(gid, setting)].append(cid)
        return [
            NeedsCell(g, st, tuple(c))
            for (g, st), c in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1].value))
        ]

    def set_needs_cell(
        self,
        staff_group_id: int,
        setting_type: SettingType,
        course_ids: Iterable[int],
        rationale: str | None = None,
    ) -> NeedsCell:
        """Make the cell require exactly ``course_ids`` (adds and removes rows; audited)."""
        self.actor.require(Permission.EDIT_TRAINING, "change the needs analysis")
        wanted = set(course_ids)
        r = TrainingRequirement
        with UnitOfWork(self.db, self.actor) as uow:
            s = uow.session
            uow.get(StaffGroup, staff_group_id)
            rows = list(
                s.scalars(
                    select(r).where(
                        r.staff_group_id == staff_group_id,
                        r.setting_type == setting_type,
                        r.location_id.is_(None),
                    )
                )
            )
            have = {row.course_id for row in rows}
            for row in rows:
                if row.course_id not in wanted:
                    s.delete(row)
            for cid in sorted(wanted - have):
                uow.get(Course, cid)
                s.add(
                    TrainingRequirement(
                        course_id=cid,
                        staff_group_id=staff_group_id,
                        setting_type=setting_type,
                        rationale=rationale,
                    )
                )
        return NeedsCell(staff_group_id, setting_type, tuple(sorted(wanted)))

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
            done, exp = latest.get((aid, cid), (None, None))
            if (aid, cid) not in required:
                status = "held_not_required"
            elif done is None:
                status = "missing"
            elif exp is not None and exp < day:
                status = "expired"
            else:
                status = "required_held"
            out.append(
                CourseStatus(
                    numbers[aid], cid, names[cid], (aid, cid) in required, status, done, exp
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
        if self.db.kind == "postgresql":  # counted by 0006's function: see _pg_compliance
            stmt = _pg_compliance(day, course_id, location_id)
        else:
            req = _required_assignments(day).subquery()
            held = case((_valid(req.c.aid, req.c.cid, day), 1), else_=0)
            stmt = select(
                req.c.cid,
                req.c.lid,
                req.c.gid,
                func.count(req.c.aid),
                func.sum(held),
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
            locs = dict(s.execute(select(Location.id, Location.name)).all())
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
                req = _required_assignments(day).subquery()
                held = case((_valid(req.c.aid, req.c.cid, day), 1), else_=0)
                stmt = select(
                    req.c.cid,
                    func.count(req.c.aid),
                    func.sum(held),
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
                else s.scalar(select(Location.name).where(Location.id == location_id))
                or "(no location)"
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
        req = (
            _required_assignments(day).where(TrainingRequirement.course_id == course_id).subquery()
        )
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
                Location.name,
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

    # -- people
    def search_people(self, text: str = "", *, limit: int = 200) -> list[PersonHit]:
        """People whose first or last name, employee number or an assignment number
        contains every word of ``text`` (case-insensitive LIKE in SQL), by last, first name.
        Empty text lists everyone (up to ``limit``)."""
        self.actor.require(Permission.READ_TRAINING_NAMES, "search for staff")
        a = Assignment
        stmt = select(Person.id, Person.first_name, Person.last_name, Person.employee_number)
        for word in text.split():
            pattern = _like(word)
            stmt = stmt.where(
                or_(
                    func.lower(Person.first_name).like(pattern, escape="\\"),
                    func.lower(Person.last_name).like(pattern, escape="\\"),
                    func.lower(Person.employee_number).like(pattern, escape="\\"),
                    exists().where(
                        a.person_id == Person.id,
                        func.lower(a.assignment_number).like(pattern, escape="\\"),
                    ),
                )
            )
        stmt = stmt.order_by(
            func.lower(Person.last_name), func.lower(Person.first_name), Person.id
        ).limit(limit)
        with reading(self.db) as s:
            people = [tuple(r) for r in s.execute(stmt)]
            return _hits(s, people, _today())  # type: ignore[arg-type]

    def person_summary(self, person_id: int) -> PersonHit:
        """One person in the search's shape (the header of the person panel)."""
        self.actor.require(Permission.READ_TRAINING_NAMES, "see a person's training")
        with reading(self.db) as s:
            row = s.execute(
                select(
                    Person.id, Person.first_name, Person.last_name, Person.employee_number
                ).where(Person.id == person_id)
            ).first()
            if row is None:
                raise NotFoundError(
                    f"Person {person_id} no longer exists.",
                    "Someone may have removed them; search again.",
                )
            return _hits(s, [tuple(row)], _today())[0]  # type: ignore[list-item]

    # -- targets
    def set_target(self, course_id: int, percent: float, *, location_id: int | None = None) -> None:
        """Set a course's own target (``location_id`` None) or its target at one location
        (creates or updates the ComplianceTarget row); audited by the unit of work."""
        self.actor.require(Permission.EDIT_TRAINING, "change training targets")
        try:
            value = float(percent)
        except (TypeError, ValueError):
            value = float("nan")
        if not 0 <= value <= 100:
            raise ValidationError(
                "The target must be between 0 and 100%.", "Type a percentage such as 85."
            )
        with UnitOfWork(self.db, self.actor) as uow:
            course = uow.get(Course, course_id)
            if location_id is None:
                if course.target_percent != value:
                    course.target_percent = value
                return
            uow.get(Location, location_id)
            ct = ComplianceTarget
            target = uow.session.scalar(
                select(ct).where(ct.course_id == course_id, ct.location_id == location_id)
            )
            if target is None:
                uow.session.add(
                    ComplianceTarget(
                        course_id=course_id, location_id=location_id, target_percent=value
                    )
                )
            elif target.target_percent != value:
                target.target_percent = value

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
        t = TrainingRecord
        best = (
            select(
                t.assignment_id.label("aid"),
                t.course_id.label("cid"),
                func.max(func.coalesce(t.expires_on, literal(dt.date(9999, 12, 31)))).label("exp"),
            )
            .where(t.completed_on <= day)
            .group_by(t.assignment_id, t.course_id)
            .subquery()
        )
        stmt = (
            select(
                Person.id,
                Person.first_name,
                Person.last_name,
                Assignment.assignment_number,
                Course.name,
                Location.name,
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
        widest = max(EXPIRY_WINDOWS)
        # One pass over the widest window, counted into each window by CASE (three separate
        # queries cost three scans of the training records).
        sub = self._expiring_stmt(day, day + dt.timedelta(days=widest), None).subquery()
        counts = [
            func.sum(case((sub.c.exp <= day + dt.timedelta(days=d), 1), else_=0))
            for d in EXPIRY_WINDOWS
        ]
        with reading(self.db) as s:
            for name, *ns in s.execute(select(sub.c.name, *counts).group_by(sub.c.name)):
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


def _like(word: str) -> str:
    """A case-folded LIKE pattern matching ``word`` anywhere (``%``, ``_`` taken literally)."""
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _join_names(names: Iterable[str | None]) -> str:
    return "; ".join(dict.fromkeys(n for n in names if n))


def _hits(s: Any, people: list[tuple[int, str, str, str]], today: dt.date) -> list[PersonHit]:
    """PersonHits for ``(id, first, last, employee number)`` rows, in the order given: one
    query for all their assignments."""
    ids = [p[0] for p in people]
    posts: dict[int, list[tuple[str, str | None, str, bool]]] = defaultdict(list)
    if ids:
        a = Assignment
        for pid, number, loc, group, end in s.execute(
            select(a.person_id, a.assignment_number, Location.name, StaffGroup.name, a.end_date)
            .join(StaffGroup, StaffGroup.id == a.staff_group_id)
            .join(Location, Location.id == a.location_id, isouter=True)
            .where(a.person_id.in_(ids))
            .order_by(a.person_id, a.primary.desc(), a.assignment_number)
        ):
            current = end is None or end >= today
            posts[pid].append((number, loc, group, current))
    out = []
    for pid, first, last, emp in people:
        mine = posts.get(pid, [])
        shown = [p for p in mine if p[3]] or mine
        out.append(
            PersonHit(
                pid,
                f"{first} {last}".strip(),
                emp,
                tuple(p[0] for p in mine),
                _join_names(p[1] for p in shown),
                _join_names(p[2] for p in shown),
                bool(mine) and not any(p[3] for p in mine),
            )
        )
    return out


def _course_info(c: Course) -> CourseInfo:
    return CourseInfo(
        c.id,
        c.code,
        c.name,
        c.refresher_months,
        tuple(c.esr_competencies or ()),
        c.target_percent,
        c.rrn_certified,
        c.active,
        c.version,
    )
