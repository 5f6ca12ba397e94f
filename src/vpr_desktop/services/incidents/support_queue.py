"""The post-incident support queue as a paged list: every open support step, most urgent first.

Kept apart from the other incident reads because the paged list framework
(``services.common.paging``) drives it: what differs is declared here (base query, labels from
the trust's support pathway, sorts and filters), not how paging works.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import Boolean
from sqlalchemy import ColumnElement
from sqlalchemy import case
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy import type_coerce
from sqlalchemy.orm import aliased

from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.support_pathway import OWNER_ROLES
from vpr_desktop.domain.support_pathway import PathwayStep
from vpr_desktop.domain.support_pathway import SupportPathway
from vpr_desktop.domain.support_pathway import shown_label
from vpr_desktop.services.common.filter_values import many
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.paging import AnySelect
from vpr_desktop.services.common.paging import Column
from vpr_desktop.services.common.paging import ListSource
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.paging import SqlColumn
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.queries import person_name

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


#: The ``owner_id`` filter value for steps nobody owns yet.
UNASSIGNED = "unassigned"
UNASSIGNED_LABEL = "Unassigned"
#: The step's named owner, joined beside the affected person (both are ``person`` rows).
OWNER = aliased(Person, name="owner")


def open_step_clauses() -> list[ColumnElement[bool]]:
    """A step still to do: not done and not marked not needed."""
    return [SupportStep.done_at.is_(None), SupportStep.declined.is_(False)]


def overdue_step_clauses(now: dt.datetime) -> list[ColumnElement[bool]]:
    """An open step due before ``now``: the queue's "Overdue only" filter and the Home card
    and sidebar badge counted from it, so the three always agree."""
    return [*open_step_clauses(), SupportStep.due_by < now]


class SupportQueueSource(ListSource):
    """Open support steps (not done, not marked not needed) as a paged list, overdue first.

    Rows: the column values in ``columns`` order, then the step's ``id``, ``version`` and the
    incident's ``id`` (not shown): ``row[STEP_ID_INDEX]``, ``row[STEP_VERSION_INDEX]``,
    ``row[INCIDENT_ID_INDEX]``. ``overdue`` is a bool as of ``now``.

    Filters (``PageRequest.filters``): ``overdue`` (True: only overdue; False: only not yet
    due), ``step_type`` (one or a list), ``owner_role`` (one or a list; the pathway's steps
    with that owner role), ``owner_id`` (a person id, or :data:`UNASSIGNED` for steps nobody
    owns), ``mine`` (True: steps owned by the signed-in user's person, ``mine_person_id``;
    nothing when the account names no person), ``location_id`` (one or a list),
    ``incident_id``, ``person_id``. Search: incident reference, person's name, location name.

    The reporter-feedback step reads "… (feedback to the reporter)" when the trust's label does
    not say so, because completing it records the incident's feedback date.
    """

    columns = (
        Column("due_by", "Due", "datetime", width=140),
        Column("overdue", "Overdue", "bool", width=80),
        Column("step", "Step", width=240),
        Column("owner", "Owner", width=170),
        Column("owner_role", "Owner role", width=170),
        Column("planned_at", "Planned", "datetime", width=140),
        Column("person", "Staff member", width=170),
        Column("reference", "Incident", width=110),
        Column("location", "Location", width=200),
        Column("occurred_at", "Occurred", "datetime", width=140),
    )
    STEP_ID_INDEX = len(columns)
    STEP_VERSION_INDEX = STEP_ID_INDEX + 1
    INCIDENT_ID_INDEX = STEP_ID_INDEX + 2
    default_sort = "due_by"
    default_descending = False

    def __init__(
        self,
        db: Database,
        actor: Actor,
        pathway: SupportPathway,
        now: Callable[[], dt.datetime] | None = None,
        mine_person_id: int | None = None,
    ) -> None:
        actor.require(Permission.READ_INCIDENTS, "see the support queue")
        super().__init__(db)
        self.pathway = pathway
        self.mine_person_id = mine_person_id
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self.search_columns = (Incident.reference, person_name(), Location.name)

    @property
    def now(self) -> dt.datetime:
        """The time the queue is judged at (overdue or not), in UTC; fixed in tests."""
        return self._now().astimezone(dt.UTC)

    def _label(self, attr: Callable[[PathwayStep], str]) -> SqlColumn[str]:
        whens = [(SupportStep.step_type == s.key, literal(attr(s))) for s in self.pathway.steps]
        if not whens:
            return SupportStep.step_type
        return case(*whens, else_=SupportStep.step_type)

    @staticmethod
    def _step_label(step: PathwayStep) -> str:
        return shown_label(step.key, step.label)

    def _owner_name(self) -> SqlColumn[str]:
        return func.coalesce(person_name(OWNER), literal(UNASSIGNED_LABEL))

    def _overdue(self) -> ColumnElement[bool]:
        return type_coerce(case((SupportStep.due_by < self.now, True), else_=False), Boolean)

    def base_query(self) -> AnySelect:
        """Open steps with their incident, person and location; labels come from the pathway so
        renamed steps read right."""
        return (
            select(
                SupportStep.due_by,
                self._overdue().label("overdue"),
                self._label(self._step_label).label("step"),
                self._owner_name().label("owner"),
                self._label(lambda s: s.owner_label).label("owner_role"),
                SupportStep.planned_at,
                person_name().label("person"),
                Incident.reference,
                location_label(),
                Incident.occurred_at,
                SupportStep.id,
                SupportStep.version,
                Incident.id,
            )
            .select_from(SupportStep)
            .join(Incident, Incident.id == SupportStep.incident_id)
            .join(Person, Person.id == SupportStep.person_id)
            .outerjoin(OWNER, OWNER.id == SupportStep.owner_id)
            .outerjoin(Location, Location.id == Incident.location_id)
            .where(*open_step_clauses())
        )

    def sort_expressions(self) -> dict[str, SqlColumn[Any]]:
        """Allow-listed sort keys, so a column header can never put user text into SQL."""
        return {
            "due_by": SupportStep.due_by,
            "overdue": case((SupportStep.due_by < self.now, 0), else_=1),
            "step": self._label(self._step_label),
            "owner": self._owner_name(),
            "owner_role": self._label(lambda s: s.owner_label),
            "planned_at": SupportStep.planned_at,
            "person": person_name(),
            "reference": Incident.reference,
            "location": func.coalesce(Location.name, ""),
            "occurred_at": Incident.occurred_at,
        }

    def id_column(self) -> SqlColumn[int]:
        """The keyset tie-breaker: step ids are unique, so equal due times still page in a stable
        order."""
        return SupportStep.id

    def count(self, request: PageRequest) -> int:
        """Without search text the count needs no person or location join."""
        if request.search.strip():
            return super().count(request)
        stmt = (
            select(func.count())
            .select_from(SupportStep)
            .join(Incident, Incident.id == SupportStep.incident_id)
            .where(*open_step_clauses(), *self.filter_clauses(request))
        )
        with reading(self.db) as session:
            return int(session.scalar(stmt) or 0)

    def filter_clauses(self, request: PageRequest) -> list[ColumnElement[bool]]:
        """The ``PageRequest.filters`` listed in the class docstring, as SQL clauses combined with
        AND."""
        f = request.filters
        out: list[ColumnElement[bool]] = []
        if (overdue := f.get("overdue")) is not None:
            out += overdue_step_clauses(self.now) if overdue else [SupportStep.due_by >= self.now]
        if (kind := f.get("step_type")) is not None:
            out.append(SupportStep.step_type.in_(many(kind)))
        if (role := f.get("owner_role")) is not None:
            roles = set(many(role))
            out.append(
                SupportStep.step_type.in_(
                    [s.key for s in self.pathway.steps if s.owner_role in roles] or [""]
                )
            )
        if (owner := f.get("owner_id")) is not None:
            out.append(
                SupportStep.owner_id.is_(None)
                if owner == UNASSIGNED
                else SupportStep.owner_id == owner
            )
        if f.get("mine"):
            # No linked person: nothing is "mine" (never everyone's, never the unassigned).
            out.append(
                SupportStep.owner_id == self.mine_person_id
                if self.mine_person_id is not None
                else false()
            )
        if (loc := f.get("location_id")) is not None:
            out.append(Incident.location_id.in_(many(loc)))
        if (iid := f.get("incident_id")) is not None:
            out.append(SupportStep.incident_id == iid)
        if (pid := f.get("person_id")) is not None:
            out.append(SupportStep.person_id == pid)
        return out


def owner_role_choices(pathway: SupportPathway) -> list[tuple[str, str]]:
    """The owner roles the pathway uses, with readable labels, for the queue's owner filter (only
    roles that own a step are offered)."""
    roles = dict.fromkeys(s.owner_role for s in pathway.steps)
    return [(r, OWNER_ROLES.get(r, r.replace("_", " ").capitalize())) for r in roles]
