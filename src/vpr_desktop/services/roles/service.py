"""Roles and responsibilities register: who leads VPR, with time, competence and deputies.

Names are personal data: the register screen and the committee pack show them; the board pack
asks for ``who_does_what(include_names=False)`` and gets "Filled" / "Vacant" instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING

from sqlalchemy import Date
from sqlalchemy import Integer
from sqlalchemy import column
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import table

from vpr_desktop.domain.enums import ScopeLevel
from vpr_desktop.domain.enums import VprRoleType
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import RoleAssignment
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.vpr_roles_rules import LEVEL_ORDER
from vpr_desktop.domain.vpr_roles_rules import ROLE_LABEL
from vpr_desktop.domain.vpr_roles_rules import ROLE_LEVEL
from vpr_desktop.domain.vpr_roles_rules import GapKind
from vpr_desktop.domain.vpr_roles_rules import RoleFacts
from vpr_desktop.domain.vpr_roles_rules import RoleLevel
from vpr_desktop.domain.vpr_roles_rules import gaps
from vpr_desktop.services.common.dated import DatedService
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.named_people import NAMED_PERSON
from vpr_desktop.services.common.same_named import from_same_named
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


_PACK_PERMISSIONS = (Permission.GENERATE_BOARD_PACK, Permission.GENERATE_COMMITTEE_PACK)


@dataclass(frozen=True)
class RoleInput:
    """What ``create`` and ``update`` take: one role's scope, holder, deputy, dates and
    competence.
    """

    role_type: VprRoleType
    required: bool = True
    scope_level: ScopeLevel = ScopeLevel.TRUST
    site_id: int | None = None
    location_id: int | None = None
    directorate: str | None = None
    holder_id: int | None = None
    deputy_id: int | None = None
    hours_per_week: float | None = None
    start_date: dt.date | None = None
    review_date: dt.date | None = None
    competence_required: str | None = None
    competence_held: str | None = None
    competence_expires: dt.date | None = None
    notes: str | None = None


@dataclass(frozen=True)
class RoleGap:
    """One reason a role needs attention, in words, for the register and the packs."""

    role_id: int
    kind: GapKind
    message: str


@dataclass(frozen=True)
class RoleEntry:
    """One role of the register as screens show it, with its gaps worked out as of today."""

    id: int
    version: int
    role_type: VprRoleType
    role_label: str
    level: RoleLevel
    required: bool
    scope: str
    holder_id: int | None
    holder_name: str | None
    deputy_id: int | None
    deputy_name: str | None
    hours_per_week: float | None
    start_date: dt.date | None
    review_date: dt.date | None
    competence_required: str | None
    competence_held: str | None
    competence_expires: dt.date | None
    notes: str | None
    gaps: tuple[RoleGap, ...] = field(default_factory=tuple)
    #: The scope as stored, so a form can show it and an update can keep it.
    scope_level: ScopeLevel = ScopeLevel.TRUST
    site_id: int | None = None
    location_id: int | None = None
    directorate: str | None = None

    @property
    def filled(self) -> bool:
        """Whether someone holds the role."""
        return self.holder_id is not None


@dataclass(frozen=True)
class RolesSummary:
    """Counts for the home page and packs: roles, filled, and each kind of gap."""

    roles: int
    filled: int
    vacant: int  # required roles with no holder
    no_deputy: int
    competence_gaps: int  # missing or expired
    reviews_overdue: int
    holders_left: int


@dataclass(frozen=True)
class WhoRow:
    """One line of the who-does-what list; board lists say "Filled" instead of names."""

    level: str
    role: str
    scope: str
    holder: str  # a name (committee) or "Filled" / "Vacant" (board)
    deputy: str
    hours_per_week: float | None
    review_date: dt.date | None


class RolesRegisterService(DatedService):
    """The roles register: who holds each VPR role, with time, competence, deputies, gaps
    (worked out against ``today``)."""

    # ------------------------------------------------------------------ reading
    def _require_read(self, names: bool) -> None:
        if self.actor.can(Permission.READ_ROLES_REGISTER):
            return
        if not names and any(self.actor.can(p) for p in _PACK_PERMISSIONS):
            return
        self.actor.require(Permission.READ_ROLES_REGISTER, "see the roles register")

    def entries(self, *, include_names: bool = True) -> list[RoleEntry]:
        """Every entry, board roles first, then strategic, operational, partnership."""
        self._require_read(include_names)
        today = self.today
        with reading(self.db) as session:
            people = _holders_left(session, today)
            if include_names:
                # Names through ``vpr_named_person`` (0007): a staff-side login on PostgreSQL
                # may read the register's names but no other person row.
                named = NAMED_PERSON.c
                people = {
                    pid: (f"{first} {last}", people.get(pid, ("", False))[1])
                    for pid, first, last in session.execute(
                        select(named.id, named.first_name, named.last_name).where(
                            named.id.in_(
                                select(RoleAssignment.holder_id).union(
                                    select(RoleAssignment.deputy_id)
                                )
                            )
                        )
                    )
                }
            sites = dict(session.execute(select(Site.id, Site.name)).all())
            locations = dict(
                session.execute(
                    select(Location.id, location_label()).where(
                        Location.id.in_(select(RoleAssignment.location_id))
                    )
                ).all()
            )
            rows = session.scalars(select(RoleAssignment)).all()
        # The view lists holders with assignments only; one without any has not left.
        unlisted = None if include_names else ("", False)
        out = []
        for r in rows:
            holder = people.get(r.holder_id, unlisted) if r.holder_id else None
            deputy = people.get(r.deputy_id, unlisted) if r.deputy_id else None
            facts = from_same_named(
                RoleFacts,
                r,
                has_holder=holder is not None,
                has_deputy=deputy is not None,
                holder_left=bool(holder and holder[1]),
            )
            out.append(
                from_same_named(
                    RoleEntry,
                    r,
                    role_label=ROLE_LABEL[r.role_type],
                    level=ROLE_LEVEL[r.role_type],
                    scope=_scope_text(r, sites, locations),
                    holder_name=holder[0] if holder and include_names else None,
                    deputy_name=deputy[0] if deputy and include_names else None,
                    notes=r.notes if include_names else None,
                    gaps=tuple(RoleGap(r.id, kind, msg) for kind, msg in gaps(facts, today)),
                )
            )
        rank = {level: i for i, level in enumerate(LEVEL_ORDER)}
        order = {t: i for i, t in enumerate(VprRoleType)}
        out.sort(key=lambda e: (rank[e.level], order[e.role_type], e.scope, e.id))
        return out

    def get(self, role_id: int) -> RoleEntry:
        """The role ``role_id``; NotFoundError if it is gone."""
        for entry in self.entries():
            if entry.id == role_id:
                return entry
        from vpr_desktop.domain.errors import NotFoundError

        raise NotFoundError(f"Role entry {role_id} no longer exists.", "Refresh the list (F5).")

    def gap_list(self) -> list[RoleGap]:
        """Every gap of every role, without names."""
        return [g for e in self.entries(include_names=False) for g in e.gaps]

    def summary(self) -> RolesSummary:
        """The register's counts, read without names (so pack makers may see them too)."""
        entries = self.entries(include_names=False)
        kinds = [g.kind for e in entries for g in e.gaps]
        return RolesSummary(
            roles=len(entries),
            filled=sum(e.filled for e in entries),
            vacant=kinds.count(GapKind.VACANT),
            no_deputy=kinds.count(GapKind.NO_DEPUTY),
            competence_gaps=kinds.count(GapKind.COMPETENCE_MISSING)
            + kinds.count(GapKind.COMPETENCE_EXPIRED),
            reviews_overdue=kinds.count(GapKind.REVIEW_OVERDUE),
            holders_left=kinds.count(GapKind.HOLDER_LEFT),
        )

    def who_does_what(self, *, include_names: bool) -> list[WhoRow]:
        """The one-page table; without names for the board ("Filled" / "Vacant")."""
        rows = []
        for e in self.entries(include_names=include_names):
            if include_names:
                holder = e.holder_name or "Vacant"
                deputy = e.deputy_name or "None named"
            else:
                holder = "Filled" if e.filled else "Vacant"
                deputy = "Named" if e.deputy_id else "None named"
            rows.append(
                WhoRow(
                    level=e.level.label,
                    role=e.role_label,
                    scope=e.scope,
                    holder=holder,
                    deputy=deputy,
                    hours_per_week=e.hours_per_week,
                    review_date=e.review_date,
                )
            )
        return rows

    def find_people(self, term: str, limit: int = 20) -> list[tuple[int, str, str]]:
        """(id, name, employee number) of current staff matching ``term`` — holder pickers."""
        self.actor.require(Permission.EDIT_ROLES_REGISTER, "choose role holders")
        like = f"%{term.strip()}%"
        with reading(self.db) as session:
            rows = session.execute(
                select(Person.id, Person.first_name, Person.last_name, Person.employee_number)
                .where(
                    or_(
                        Person.last_name.ilike(like),
                        Person.first_name.ilike(like),
                        Person.employee_number.ilike(like),
                    )
                )
                .order_by(Person.last_name, Person.first_name, Person.id)
                .limit(limit)
            ).all()
        return [(pid, f"{first} {last}", number) for pid, first, last, number in rows]

    def scope_choices(self) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """(sites, active locations) as (id, name), by name — the form's scope pickers."""
        self._require_read(True)
        with reading(self.db) as session:
            sites = [
                (i, n) for i, n in session.execute(select(Site.id, Site.name).order_by(Site.name))
            ]
            locations = [
                (i, n)
                for i, n in session.execute(
                    select(Location.id, location_label())
                    .where(Location.active.is_(True))
                    .order_by(Location.name, location_label())
                )
            ]
        return sites, locations

    # ------------------------------------------------------------------ writing
    def _validate(self, data: RoleInput) -> None:
        problems: list[tuple[int | None, str, str, str]] = []
        if data.holder_id is not None and data.holder_id == data.deputy_id:
            problems.append(
                (
                    None,
                    "deputy",
                    str(data.deputy_id),
                    "the deputy must be someone other than the holder",
                )
            )
        if data.hours_per_week is not None and not 0 <= data.hours_per_week <= 80:
            problems.append(
                (
                    None,
                    "hours_per_week",
                    str(data.hours_per_week),
                    "hours a week must be between 0 and 80",
                )
            )
        if data.scope_level == ScopeLevel.SITE and data.site_id is None:
            problems.append((None, "site", "", "a site-level role needs its site"))
        if data.scope_level == ScopeLevel.LOCATION and data.location_id is None:
            problems.append((None, "location", "", "a location-level role needs its location"))
        if data.scope_level == ScopeLevel.DIRECTORATE and not (data.directorate or "").strip():
            problems.append(
                (None, "directorate", "", "a directorate-level role needs its directorate")
            )
        if problems:
            raise ValidationError(
                "The role entry was not saved: " + "; ".join(p[3] for p in problems) + ".",
                "Correct the highlighted fields and save again.",
                problems,
            )

    def create(self, data: RoleInput) -> RoleEntry:
        """Add a role (needs the roles-register permission); the new entry."""
        self.actor.require(Permission.EDIT_ROLES_REGISTER, "change the roles register")
        self._validate(data)
        with UnitOfWork(self.db, self.actor) as uow:
            row = RoleAssignment(**_fields(data))
            uow.session.add(row)
            uow.session.flush()
            new_id = row.id
        return self.get(new_id)

    def update(self, role_id: int, data: RoleInput, expected_version: int) -> RoleEntry:
        """Change a role, refused if someone saved it since ``expected_version``."""
        self.actor.require(Permission.EDIT_ROLES_REGISTER, "change the roles register")
        self._validate(data)
        with UnitOfWork(self.db, self.actor) as uow:
            row = uow.get(RoleAssignment, role_id, expected_version=expected_version)
            for key, value in _fields(data).items():
                setattr(row, key, value)
        return self.get(role_id)

    def delete(self, role_id: int, expected_version: int) -> None:
        """Remove a role, refused if someone saved it since ``expected_version``."""
        self.actor.require(Permission.EDIT_ROLES_REGISTER, "change the roles register")
        with UnitOfWork(self.db, self.actor) as uow:
            uow.session.delete(uow.get(RoleAssignment, role_id, expected_version=expected_version))


def _fields(data: RoleInput) -> dict[str, object]:
    return {k: getattr(data, k) for k in RoleInput.__dataclass_fields__}


def _scope_text(r: RoleAssignment, sites: dict[int, str], locations: dict[int, str]) -> str:
    if r.scope_level == ScopeLevel.SITE:
        return sites.get(r.site_id or -1, "Site")
    if r.scope_level == ScopeLevel.LOCATION:
        return locations.get(r.location_id or -1, "Location")
    if r.scope_level == ScopeLevel.DIRECTORATE:
        return r.directorate or "Directorate"
    return "Trust-wide"


__all__ = ["RoleEntry", "RoleGap", "RoleInput", "RolesRegisterService", "RolesSummary", "WhoRow"]


ROLE_HOLDER = table(
    "vpr_role_holder",
    column("person_id", Integer),
    column("assignments", Integer),
    column("open_ended", Integer),
    column("last_end_date", Date),
)


def _holders_left(session: Session, today: dt.date) -> dict[int, tuple[str, bool]]:
    """Whether each role holder or deputy has left (assignments, none current), from the view
    ``vpr_role_holder`` (revision 0006): no person row is read, so the board pack's roles
    figures work for a login that may not read names. Holders without assignments are not in
    the view and have not left, as in :meth:`RolesRegisterService.entries`."""
    out: dict[int, tuple[str, bool]] = {}
    for pid, n, open_ended, last_end in session.execute(
        select(
            ROLE_HOLDER.c.person_id,
            ROLE_HOLDER.c.assignments,
            ROLE_HOLDER.c.open_ended,
            ROLE_HOLDER.c.last_end_date,
        )
    ):
        active = bool(open_ended) or (last_end is not None and last_end >= today)
        out[int(pid)] = ("", bool(n) and not active)
    return out
